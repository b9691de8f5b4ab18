import { EtoroxClient, EtoroxSubscribeError } from '@org/etorox';
import type { EtoroxBook, EtoroxClientOptions, EtoroxEvent } from '@org/etorox';
import { catchError, EMPTY, map, throwError } from 'rxjs';
import { errorEvent, isFatal, venueStream } from '../source';
import type { SourceContext, VenueSource, Writable } from '../source';
import { normalizeSymbol } from '../symbols';
import { isoTime } from '../time';
import type { BookEvent, ErrorEvent, OrderEvent, TradeEvent, VenueEvent } from '../types';

/** What `connectVenues` streams from eToroX. */
export interface EtoroxVenueOptions {
  readonly client: EtoroxClientOptions;
  /** Channels (instrument ids, etorox.md §6) whose `marketData` to stream. Default `btcusd`, `ethusd`. */
  readonly channels?: readonly string[];
  /** Also stream each channel's order book rebuilt from its orders (etorox.md §6.3) as `book` events. Default `true`. */
  readonly books?: boolean;
}

const DEFAULT_CHANNELS = ['btcusd', 'ethusd'] as const;

const ORDER_ACTIONS = {
  order_created: 'created',
  order_updated: 'updated',
  order_canceled: 'canceled',
  order_completed: 'completed',
} as const satisfies Record<string, OrderEvent['action']>;

/**
 * A `marketData` item of `EtoroxClient.subscribe` (etorox.md §6.1) as an event, field by field:
 * - `symbol`: the `market` (the channel, `btcusd`) normalized (`BTC-USD`); `venueSymbol`: `market`.
 * - `order_created` / `order_updated` / `order_canceled` / `order_completed` → `order`
 *   with `action` `created` / `updated` / `canceled` / `completed`; `orderId`: `id`;
 *   `side`: `side` (`bid`/`ask`); `price`: `price`; `size`: `volume`, the remaining size
 *   after the change; `exchangeTime`: `updated_at` (or the public cancel's `update_at`,
 *   etorox.md §6.2), ms.
 * - `trade_completed` → `trade`: `price`: `price`; `size`: `amount` (the private variant's
 *   `volume`); `tradeId`: `tid`; `exchangeTime`: `created_at`, ms; `side` (the aggressor's)
 *   only on private items, where it is derived from the user's `side` and
 *   `execution_type`: a taker's own side, the opposite side of a maker (`bid` → `buy`).
 * - `error` (an unreadable item, `EtoroxItemError`) → a non-fatal `error` event.
 * Prices and sizes are the venue's JSON numbers (decimal strings already parsed by the client).
 */
export function etoroxEvent(item: EtoroxEvent, receivedAt: number, raw: boolean): VenueEvent {
  if (item.name === 'error') {
    const error: Writable<ErrorEvent> = errorEvent('etorox', item.error, false, receivedAt);
    if (raw) error.raw = item.item;
    return error;
  }
  const symbol = normalizeSymbol(item.market);
  if (item.name === 'trade_completed') {
    const trade: Writable<TradeEvent> = {
      venue: 'etorox',
      kind: 'trade',
      symbol,
      venueSymbol: item.market,
      receivedAt,
      price: item.price,
      size: item.amount,
      tradeId: item.tid,
    };
    setExchangeTime(trade, item.created_at);
    if (item.side !== undefined && item.execution_type !== undefined) {
      trade.side = (item.side === 'bid') === (item.execution_type === 'taker') ? 'buy' : 'sell';
    }
    if (raw) trade.raw = item;
    return trade;
  }
  const order: Writable<OrderEvent> = {
    venue: 'etorox',
    kind: 'order',
    symbol,
    venueSymbol: item.market,
    receivedAt,
    action: ORDER_ACTIONS[item.name],
    orderId: item.id,
    side: item.side,
    price: item.price,
    size: item.volume,
  };
  setExchangeTime(order, item.updated_at);
  if (raw) order.raw = item;
  return order;
}

/** `exchangeTime` of an ISO-8601 time, left absent when the time is absent or unreadable. */
function setExchangeTime(event: { exchangeTime?: number }, iso: string | undefined): void {
  const ms = isoTime(iso);
  if (!Number.isNaN(ms)) event.exchangeTime = ms;
}

/**
 * An order book of `EtoroxClient.book` (etorox.md §6.3) as a `book` event, field by field
 * (`connectVenues` asks for one book per order change unless `conflate`):
 * - `symbol`: the `channel` normalized; `venueSymbol`: `channel`.
 * - `bids`, `asks`: the levels `[price, volume]` aggregated from the resting orders the
 *   client has seen (the book starts empty: the stream carries changes only), bids best first.
 *   They are the client's own arrays, not copies: it builds new ones for every book and
 *   never changes them afterwards (read-only, like every event).
 * - `exchangeTime`: absent (the book is rebuilt locally); `receivedAt`: the book's, when the
 *   last change applied to it arrived.
 * - `snapshot`, `seq`: the `EtoroxBook`'s provenance (the first book after a reset is
 *   `snapshot: true`); `venueSequence`: `snapshotId` as a number, when it is an integer;
 *   `depth`: the longer side's level count (the book is full-depth).
 */
export function etoroxBookEvent(book: EtoroxBook, raw: boolean): BookEvent {
  const event: Writable<BookEvent> = {
    venue: 'etorox',
    kind: 'book',
    symbol: normalizeSymbol(book.channel),
    venueSymbol: book.channel,
    receivedAt: book.receivedAt,
    bids: book.bids,
    asks: book.asks,
    snapshot: book.snapshot,
    seq: book.seq,
    depth: Math.max(book.bids.length, book.asks.length),
  };
  const venueSequence = Number(book.snapshotId);
  if (book.snapshotId !== undefined && Number.isSafeInteger(venueSequence)) event.venueSequence = venueSequence;
  if (raw) event.raw = book;
  return event;
}

/**
 * An `EtoroxSubscribeError` is fatal for its topic only (an unknown channel): it ends that
 * channel, not the venue.
 */
const venueFatal = (error: unknown): boolean => isFatal(error) && !(error instanceof EtoroxSubscribeError);

/** Builds the eToroX client and maps each channel's items (and books) to events. */
export function etoroxSource(options: EtoroxVenueOptions, { raw, now, conflate }: SourceContext): VenueSource {
  const client = new EtoroxClient(options.client);
  const channels = options.channels ?? DEFAULT_CHANNELS;
  const items = channels.map((channel) => venueStream(client.subscribe({ channels: [channel] }), (item) => etoroxEvent(item, now(), raw)));
  // A refused channel fails its items and its book alike: the items stream reports it, once.
  // Without `conflate`: one book event per order change, as Finery's one per message.
  const book$ = (channel: string) => client.book(channel, { conflate }).pipe(catchError((error: unknown) => (error instanceof EtoroxSubscribeError ? EMPTY : throwError(() => error))));
  const books = (options.books ?? true) ? channels.map((channel) => venueStream(book$(channel), (book) => etoroxBookEvent(book, raw))) : [];
  return {
    venue: 'etorox',
    status$: client.status$,
    // Gaps the client detected (`EtoroxGapError`: a stream the hub ended, a decreasing `snapshot_id`).
    errors$: client.events$.pipe(map((event) => event.error)),
    streams: [...items, ...books],
    venueFatal,
    close: () => client.close(),
  };
}
