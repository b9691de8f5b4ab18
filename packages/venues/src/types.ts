import type { ConnectionState } from '@org/reconnect';

/** The venues of this suite, as they appear in `VenueEvent.venue`. */
export type VenueName = 'finery' | 'etorox' | 'hercle' | 'marketprophit';

/** Every venue, in display order. */
export const VENUE_NAMES: readonly VenueName[] = ['finery', 'etorox', 'hercle', 'marketprophit'];

/**
 * Fields every event carries.
 * - `symbol`: the normalized instrument (`BTC-USD`, see `normalizeSymbol`); `venueSymbol`:
 *   the venue's own id (`btcusd`, `BTCUSDT`, `BTC-USD`, `AAPL`). Absent on venue-wide
 *   events (status, errors, balances).
 * - `exchangeTime`: the venue's own timestamp in ms since the Unix epoch, when the venue
 *   sends one. `receivedAt`: local ms since the Unix epoch when the client received it.
 * - `raw`: the venue-native message, only when `connectVenues({ raw: true })`.
 * Prices and sizes are decimal numbers (Finery's integer 1e-8 units are divided out).
 */
export interface VenueEventBase {
  readonly venue: VenueName;
  readonly symbol?: string;
  readonly venueSymbol?: string;
  readonly exchangeTime?: number;
  readonly receivedAt: number;
  readonly raw?: unknown;
}

/** A price level: `[price, size]`, decimals. */
export type Level = readonly [price: number, size: number];

/**
 * An order book: bids best (highest) first, asks best (lowest) first, with its provenance:
 * - `snapshot`: `true` for the first book of a stream and for the first book after every
 *   reset (a reconnect, a re-bind after an inconsistent book or a malformed frame, the
 *   venue ending a stream): it replaces the book, it is never merged into a stale one.
 *   A reset the client detects is therefore always visible as a `snapshot` event.
 * - `seq`: this stream's own count of books since its last `snapshot` (0 on that one),
 *   increasing by exactly one per book.
 * - `venueSequence`: the venue's own sequence of the book's last change, where it sends
 *   one (eToroX `snapshot_id`, etorox.md §6.2); Finery books carry none (finery.md §7.1).
 * - `depth`: the most levels per side this stream carries (Finery: the `depth` asked
 *   for, at most 25; eToroX books are full: the longer side of this book).
 *
 * **Lifetime:** by default every `book` event is a new object, safe to keep. With the Finery
 * option `reuseBookEvents: true` (zero-copy, finery.md §7.1) a Finery `book` event is reused:
 * the same object, with the same `bids`/`asks` arrays and pairs, is rewritten in place for
 * every message of its instrument, so it is valid until the next `book` event of the same
 * venue and symbol: read it synchronously in the subscriber. To keep one (buffer it, hand it
 * to async code), call `copy()`, which returns a plain copy; events without `copy` are
 * already safe to keep.
 */
export interface BookEvent extends VenueEventBase {
  readonly kind: 'book';
  readonly bids: readonly Level[];
  readonly asks: readonly Level[];
  readonly snapshot: boolean;
  readonly seq: number;
  readonly venueSequence?: number;
  readonly depth: number;
  /** On reused events only (see Lifetime): a copy of the book as it is now, safe to keep (new level arrays). */
  copy?(): BookEvent;
}

/** A trade. `side` is the aggressor's side when the venue says it. */
export interface TradeEvent extends VenueEventBase {
  readonly kind: 'trade';
  readonly price: number;
  readonly size: number;
  readonly side?: 'buy' | 'sell';
  readonly tradeId?: string;
}

/** An order's life-cycle step, on the venue's public order-level feed or the user's own orders. */
export interface OrderEvent extends VenueEventBase {
  readonly kind: 'order';
  readonly action: 'created' | 'updated' | 'canceled' | 'completed';
  readonly orderId: string;
  readonly side?: 'bid' | 'ask';
  readonly price?: number;
  readonly size?: number;
}

/** A tradable quote (a two-way price for a size). */
export interface QuoteEvent extends VenueEventBase {
  readonly kind: 'quote';
  readonly bid?: number;
  readonly ask?: number;
  readonly size?: number;
  readonly quoteId?: string;
}

/** One asset's balance. */
export interface BalanceEvent extends VenueEventBase {
  readonly kind: 'balance';
  readonly asset: string;
  readonly available: number;
  readonly allocated?: number;
  readonly sequence?: number;
}

/** A sentiment reading (Market Prophit): `metric` names the record's value field. */
export interface SentimentEvent extends VenueEventBase {
  readonly kind: 'sentiment';
  readonly metric: string;
  readonly value: number;
  readonly fields: Readonly<Record<string, number | string>>;
}

/** A venue's connection state changed. */
export interface StatusEvent extends VenueEventBase {
  readonly kind: 'status';
  readonly state: ConnectionState;
}

/** A venue reported an error. `fatal`: the venue stopped for good; the other venues go on. */
export interface ErrorEvent extends VenueEventBase {
  readonly kind: 'error';
  readonly error: Error;
  readonly fatal: boolean;
}

/** The merged stream's events: a discriminated union by `kind`. */
export type VenueEvent =
  | BookEvent
  | TradeEvent
  | OrderEvent
  | QuoteEvent
  | BalanceEvent
  | SentimentEvent
  | StatusEvent
  | ErrorEvent;

/** The `kind`s of `VenueEvent`. */
export type VenueEventKind = VenueEvent['kind'];
