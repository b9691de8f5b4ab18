import { FineryClient } from '@org/finery';
import type { BookView, Deal, FeedId, FineryClientOptions, Order, OrderBook, OrdersMessage } from '@org/finery';
import { map } from 'rxjs';
import { venueStream } from '../source';
import type { SourceContext, VenueSource, VenueStream, Writable } from '../source';
import { normalizeSymbol } from '../symbols';
import type { BookEvent, Level, OrderEvent, TradeEvent, VenueEvent } from '../types';

/** What `connectVenues` streams from Finery Markets. */
export interface FineryVenueOptions {
  readonly client: FineryClientOptions;
  /** Instruments whose order books to stream, by name (finery.md §7.1). Default `BTC-USD`, `ETH-USD`. */
  readonly instruments?: readonly string[];
  /** Book feed: `F` (default, firm book for takers), `B` or `MD` (finery.md §7.1). */
  readonly feed?: 'B' | 'F' | 'MD';
  /** Levels per side of each `book` event, at most 25 (finery.md §7.1). Default 25. */
  readonly depth?: number;
  /** Also stream the account's own orders and deals (feed `O`, finery.md §7.3) as `order` and `trade` events. Default `false`. */
  readonly orders?: boolean;
  /**
   * Zero-copy books: `true` emits one reused {@link FineryBookEvent} per instrument, rewritten
   * in place for every message and valid only until the next `book` event of its symbol (read
   * it synchronously; `copy()` keeps one). Default `false`: every `book` event is a new plain
   * object, safe to keep, buffer or hand to async code (one copy per message).
   */
  readonly reuseBookEvents?: boolean;
}

const DEFAULT_INSTRUMENTS = ['BTC-USD', 'ETH-USD'] as const;

/** Integer 1e-8 units (finery.md §9) as a decimal number; the division is correctly rounded. */
const decimal = (units: number): number => units / 1e8;

/** New `[price, size]` decimal levels: the client's integer levels stay as they are (they are `raw`, and shared by every subscriber of the book). */
const levels = (side: OrderBook['bids']): Level[] => side.map((level) => [decimal(level[0]), decimal(level[1])] as const);

/** `venueSymbol` of a feed id: an instrument name, a numeric id as a string, or a master object as JSON. */
const venueSymbolOf = (instrument: FeedId): string => (typeof instrument === 'object' ? JSON.stringify(instrument) : String(instrument));

/**
 * The `book` event of one Finery book stream, reused for every message (finery.md §7.1):
 * each message of the live `BookView` rewrites `receivedAt` and the decimal levels in place
 * (the pairs of `bids` and `asks` are reused too), so nothing is copied twice and nothing is
 * allocated per message once the book is as deep as `depth`. Valid until the next `book`
 * event of the same instrument (see `BookEvent`); `copy()` copies. Fields as
 * {@link fineryBookEvent}; `raw` (on request) is a copy of the client's book
 * (`BookView.snapshot`, integer 1e-8 units), made per message.
 */
export class FineryBookEvent implements BookEvent {
  readonly venue = 'finery';
  readonly kind = 'book';
  readonly symbol: string;
  readonly venueSymbol: string;
  receivedAt = 0;
  readonly bids: [price: number, size: number][] = [];
  readonly asks: [price: number, size: number][] = [];
  /** The view's provenance: `seq` 0 (a fresh snapshot) is `snapshot: true`. */
  snapshot = true;
  seq = 0;
  raw?: OrderBook;
  // A private field: the event reads (compares, serialises) as plain data.
  readonly #withRaw: boolean;

  /** @param depth levels per side, at most; @param withRaw set `raw` on every message */
  constructor(
    instrument: FeedId,
    readonly depth: number,
    withRaw: boolean,
  ) {
    this.venueSymbol = venueSymbolOf(instrument);
    this.symbol = normalizeSymbol(this.venueSymbol);
    this.#withRaw = withRaw;
  }

  /** Rewrites the event from the view's current book (synchronously, at its emission); returns it. */
  update(view: BookView): this {
    this.receivedAt = view.receivedAt;
    this.seq = view.seq;
    this.snapshot = view.seq === 0;
    writeLevels(view, 'bids', this.depth, this.bids);
    writeLevels(view, 'asks', this.depth, this.asks);
    if (this.#withRaw) this.raw = view.snapshot(this.depth);
    return this;
  }

  /**
   * A plain `BookEvent` of the view's current book with new level arrays, made in one pass:
   * what `update(view).copy()` gives, without writing this event first (the copying path of
   * `finerySource`). Leaves this event as it was.
   */
  copyOf(view: BookView): BookEvent {
    // Arrays made at their final length: no growth while writing them.
    const bids = writeLevels(view, 'bids', this.depth, new Array(Math.min(this.depth, view.side('bids').count)));
    const asks = writeLevels(view, 'asks', this.depth, new Array(Math.min(this.depth, view.side('asks').count)));
    return this.#plain(view.receivedAt, bids, asks, view.seq, this.#withRaw ? view.snapshot(this.depth) : undefined);
  }

  /** A copy safe to keep: a plain `BookEvent` with new level arrays (and the same `raw` copy). */
  copy(): BookEvent {
    const copy = (side: readonly Level[]): Level[] => side.map((level) => [level[0], level[1]] as const);
    return this.#plain(this.receivedAt, copy(this.bids), copy(this.asks), this.seq, this.raw);
  }

  /** A plain `BookEvent` of this instrument with these fields (`snapshot` from `seq`, as `update` sets it). */
  #plain(receivedAt: number, bids: Level[], asks: Level[], seq: number, raw: OrderBook | undefined): BookEvent {
    const event: Writable<BookEvent> = {
      venue: 'finery',
      kind: 'book',
      symbol: this.symbol,
      venueSymbol: this.venueSymbol,
      receivedAt,
      bids,
      asks,
      snapshot: seq === 0,
      seq,
      depth: this.depth,
    };
    if (raw !== undefined) event.raw = raw;
    return event;
  }
}

/** The best `depth` levels of one side of `view` into `into` as decimal pairs, reusing the pairs there (new ones where `into` has none, or a hole); returns `into`. */
function writeLevels(view: BookView, side: 'bids' | 'asks', depth: number, into: [number, number][]): [number, number][] {
  const levels = view.side(side);
  const n = Math.min(depth, levels.count);
  for (let i = 0; i < n; i++) {
    const price = decimal(levels.price(i));
    const size = decimal(levels.size(i));
    const pair = into[i];
    if (pair === undefined) into[i] = [price, size];
    else {
      pair[0] = price;
      pair[1] = size;
    }
  }
  if (into.length !== n) into.length = n;
  return into;
}

/**
 * An order book of `FineryClient.book` (a copy) as a new `book` event, field by field (finery.md §7.1):
 * - `symbol`: the instrument name normalized (`BTC-USD`); `venueSymbol`: the feed id as
 *   bound (an instrument name, or a numeric id as a string).
 * - `bids`, `asks`: the levels `[price, size]` divided out of integer 1e-8 units (§9),
 *   bids best (highest) first, asks best (lowest) first, at most `depth` per side.
 * - `exchangeTime`: absent, book frames carry no venue timestamp; `receivedAt`: when the
 *   frame that produced the book arrived (`OrderBook.receivedAt`).
 * - `snapshot`, `seq`: the `OrderBook`'s own provenance (a fresh `S` after a bind, reconnect
 *   or re-bind is `snapshot: true`); no `venueSequence` (Finery has none); `depth`: `depth`.
 * - `raw` (on request): the client's `OrderBook` itself, untouched (its levels stay in
 *   integer 1e-8 units; the event's levels are new arrays).
 */
export function fineryBookEvent(book: OrderBook, raw: boolean, depth = 25): BookEvent {
  const venueSymbol = typeof book.instrument === 'object' ? JSON.stringify(book.instrument) : String(book.instrument);
  const event: Writable<BookEvent> = {
    venue: 'finery',
    kind: 'book',
    symbol: normalizeSymbol(venueSymbol),
    venueSymbol,
    receivedAt: book.receivedAt,
    bids: levels(book.bids),
    asks: levels(book.asks),
    snapshot: book.snapshot,
    seq: book.seq,
    depth,
  };
  if (raw) event.raw = book;
  return event;
}

const sideOf = (side: number): 'bid' | 'ask' => (side === 0 ? 'bid' : 'ask');

/**
 * One message of the account's orders feed `O` (finery.md §7.3) as events, field by field:
 * - `S` (the open orders) and `+` (a new order): one `order` event `created` per order;
 *   `-` (an order left the book): `completed` when nothing is left (`sizeLeft` 0) and it
 *   was not cancelled (`cancelReason` 0), otherwise `canceled`.
 *   `orderId`: `orderId`; `side`: 0 → `bid`, 1 → `ask`; `price`: `price`; `size`:
 *   `sizeLeft` (a volume for orders by volume), both divided out of 1e-8 units;
 *   `exchangeTime`: `createdAt` (ms).
 * - `D` (a deal): a `trade` event: `price`: `dealPrice`, `size`: `dealSize`, `tradeId`:
 *   `dealId`, `side`: `aggressorSide` 0 → `buy`, 1 → `sell`, `exchangeTime`: `dealMoment`;
 *   then an `order` event `updated` with the order's `sizeLeft`.
 * - `symbol`/`venueSymbol`: the order's `instrument`.
 */
export function fineryOrderEvents(message: OrdersMessage, receivedAt: number, raw: boolean): VenueEvent[] {
  const orderEvent = (order: Order, action: OrderEvent['action']): OrderEvent => {
    const event: Writable<OrderEvent> = {
      venue: 'finery',
      kind: 'order',
      symbol: normalizeSymbol(order.instrument),
      venueSymbol: order.instrument,
      exchangeTime: order.createdAt,
      receivedAt,
      action,
      orderId: String(order.orderId),
      side: sideOf(order.side),
      price: decimal(order.price),
      size: decimal(order.sizeLeft),
    };
    if (raw) event.raw = order;
    return event;
  };
  switch (message.action) {
    case 'S':
      return message.data.map((order) => orderEvent(order, 'created'));
    case '+':
      return [orderEvent(message.data, 'created')];
    case '-':
      return [orderEvent(message.data, message.data.sizeLeft === 0 && message.data.cancelReason === 0 ? 'completed' : 'canceled')];
    case 'D': {
      const deal: Deal = message.data;
      const trade: Writable<TradeEvent> = {
        venue: 'finery',
        kind: 'trade',
        symbol: normalizeSymbol(deal.instrument),
        venueSymbol: deal.instrument,
        exchangeTime: deal.dealMoment,
        receivedAt,
        price: decimal(deal.dealPrice),
        size: decimal(deal.dealSize),
        side: deal.aggressorSide === 0 ? 'buy' : 'sell',
        tradeId: String(deal.dealId),
      };
      if (raw) trade.raw = deal;
      return [trade, orderEvent(deal, 'updated')];
    }
  }
}

/**
 * Builds the Finery client and maps its books (and, if asked, own orders and deals) to
 * events. Each book is the client's zero-copy `bookView` (one `book` event per applied
 * message, synchronously, no conflation) written into one {@link FineryBookEvent}: emitted
 * as it is with `reuseBookEvents`, else as a plain copy per message. With `conflate`, each
 * book is instead the client's conflating `book()` copy as a new event ({@link fineryBookEvent}).
 */
export function finerySource(options: FineryVenueOptions, { raw, now, conflate }: SourceContext): VenueSource {
  const client = new FineryClient(options.client);
  const feed = options.feed ?? 'F';
  const depth = options.depth ?? 25;
  const books = (options.instruments ?? DEFAULT_INSTRUMENTS).map((instrument) => {
    // Latest value: the client's conflated copies (one per delivery, not per message).
    if (conflate) return venueStream(client.book(instrument, { feed, depth, conflate }), (book) => fineryBookEvent(book, raw, depth));
    const event = new FineryBookEvent(instrument, depth, raw);
    const reuse = options.reuseBookEvents === true;
    return venueStream(client.bookView(instrument, { feed }), (view) => (reuse ? event.update(view) : event.copyOf(view)));
  });
  const orders: VenueStream[] = options.orders ? [venueStream(client.feed('O'), (message) => fineryOrderEvents(message, now(), raw))] : [];
  return {
    venue: 'finery',
    status$: client.status$,
    errors$: client.events$.pipe(map((event) => event.error)),
    streams: [...books, ...orders],
    close: () => client.close(),
  };
}
