import { FineryClient } from '@org/finery';
import type { Deal, FineryClientOptions, Order, OrderBook, OrdersMessage } from '@org/finery';
import { map } from 'rxjs';
import { venueStream } from '../source';
import type { Now, VenueSource, VenueStream, Writable } from '../source';
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
}

const DEFAULT_INSTRUMENTS = ['BTC-USD', 'ETH-USD'] as const;

/** Integer 1e-8 units (finery.md §9) as a decimal number; the division is correctly rounded. */
const decimal = (units: number): number => units / 1e8;

/** New `[price, size]` decimal levels: the client's integer levels stay as they are (they are `raw`, and shared by every subscriber of the book). */
const levels = (side: OrderBook['bids']): Level[] => side.map((level) => [decimal(level[0]), decimal(level[1])] as const);

/**
 * An order book of `FineryClient.book` as a `book` event, field by field (finery.md §7.1):
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

/** Builds the Finery client and maps its books (and, if asked, own orders and deals) to events. */
export function finerySource(options: FineryVenueOptions, raw: boolean, now: Now): VenueSource {
  const client = new FineryClient(options.client);
  const bookOptions = { feed: options.feed ?? 'F', depth: options.depth ?? 25 };
  const books = (options.instruments ?? DEFAULT_INSTRUMENTS).map((instrument) =>
    venueStream(client.book(instrument, bookOptions), (book) => fineryBookEvent(book, raw, bookOptions.depth)),
  );
  const orders: VenueStream[] = options.orders ? [venueStream(client.feed('O'), (message) => fineryOrderEvents(message, now(), raw))] : [];
  return {
    venue: 'finery',
    status$: client.status$,
    errors$: client.events$.pipe(map((event) => event.error)),
    streams: [...books, ...orders],
    close: () => client.close(),
  };
}
