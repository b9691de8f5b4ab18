import type { EtoroxGapError, EtoroxItemError } from './errors';

/** Order side (etorox.md §6.1). */
export type EtoroxSide = 'bid' | 'ask';

/**
 * Fields every order event carries (etorox.md §6.1). Prices and sizes are JSON numbers on
 * the wire and stay plain numbers here; `delta` is normalised to a number whether the
 * venue sent a number or a decimal string (etorox.md §6.2). Times are ISO-8601 UTC strings.
 */
interface EtoroxOrderFields {
  /** Order id (UUID). */
  id: string;
  /** Channel (instrument id), e.g. `btcusd`; filled from the topic when not requested in `fields`. */
  market: string;
  side: EtoroxSide;
  price: number;
  /** Remaining size after this change. */
  volume: number;
  /** Size change of this event, negative for a reduction. */
  delta?: number;
  /** `wait`, `open`, `cancelled`, `completed`. */
  state?: string;
  /** ISO-8601; the public `order_canceled` sends it as `update_at` (sic), accepted too (etorox.md §6.2). */
  updated_at?: string;
  /** Increasing change id, always a string here (etorox.md §6.2). */
  snapshot_id?: string;
  /** Private messages only: `limit`, ... */
  strategy?: string;
  /** Private messages only: `gtc`, `gtd`. */
  tif?: string;
  /** Private `order_updated` only. */
  expiration_date?: string;
}

/** A new resting order (etorox.md §6.1). */
export interface EtoroxOrderCreated extends EtoroxOrderFields {
  name: 'order_created';
}
/** An order's remaining size changed, e.g. a partial fill (etorox.md §6.1). */
export interface EtoroxOrderUpdated extends EtoroxOrderFields {
  name: 'order_updated';
}
/** An order was cancelled; it leaves the book (etorox.md §6.1). */
export interface EtoroxOrderCanceled extends EtoroxOrderFields {
  name: 'order_canceled';
  /** Public messages only: the size the order was created with. */
  origin_volume?: number;
}
/** An order was filled completely; it leaves the book (etorox.md §6.1). */
export interface EtoroxOrderCompleted extends EtoroxOrderFields {
  name: 'order_completed';
}

/**
 * A public trade (etorox.md §6.1). The private variant's `id`/`volume` are accepted as
 * `tid`/`amount`; `amount` is normalised to a number from the 18-place decimal string
 * (etorox.md §6.2).
 */
export interface EtoroxTradeCompleted {
  name: 'trade_completed';
  /** Trade id (UUID). */
  tid: string;
  market: string;
  price: number;
  amount: number;
  /** ISO-8601. */
  created_at?: string;
  snapshot_id?: string;
  /** Private messages only. */
  side?: EtoroxSide;
  /** Private messages only. */
  order_id?: string;
  /** Private messages only: `taker` or `maker`. */
  execution_type?: string;
}

/**
 * A stream item that could not be read (wrong shape, missing or mistyped field, array
 * length not matching `fields`). The stream goes on; `item` is the raw item as received.
 */
export interface EtoroxErrorEvent {
  name: 'error';
  market: string;
  error: EtoroxItemError;
  item: unknown;
}

/** Order events, keyed into the order-level book (etorox.md §6.3). */
export type EtoroxOrderEvent = EtoroxOrderCreated | EtoroxOrderUpdated | EtoroxOrderCanceled | EtoroxOrderCompleted;

/** Everything `EtoroxClient.subscribe` emits, discriminated by `name` (etorox.md §6.1). */
export type EtoroxEvent = EtoroxOrderEvent | EtoroxTradeCompleted | EtoroxErrorEvent;

/** Names of the market data items (etorox.md §6.1). */
export type EtoroxEventName = Exclude<EtoroxEvent['name'], 'error'>;

/**
 * An event of a subscription with `fields`: only the requested fields are set (plus
 * `name`, `market` and the identity fields the client always adds), so every other field
 * is optional.
 */
export type EtoroxPartialEvent<E extends EtoroxEvent = EtoroxEvent> = E extends EtoroxErrorEvent
  ? E
  : Pick<E, 'name' | 'market'> & Partial<Omit<E, 'name' | 'market'>>;

/**
 * Aggregated order book of one channel, rebuilt from the order events (etorox.md §6.3).
 * Levels are `[price, volume]` plain numbers (summed in integer 1e-8 units, so without
 * float drift), bids descending, asks ascending.
 */
export interface EtoroxBook {
  channel: string;
  bids: [number, number][];
  asks: [number, number][];
  /** Resting orders known to the book. */
  orders: number;
  /**
   * When the stream item last applied to this book arrived, ms epoch: stamped as the client
   * received it, before any conflation, so a late-delivered book shows its age
   * (`Date.now() - receivedAt`). 0 for a book no item has changed yet.
   */
  receivedAt: number;
  /** `snapshot_id` of the last event applied, when the venue sent one. */
  snapshotId?: string;
  /**
   * Provenance: `true` for the first book of a subscription and for the first book after
   * every reset (a reconnect after a drop, or the hub ending the stream: the book starts
   * over empty, etorox.md §6.3), never merged into what came before. A proactive recycle
   * loses nothing (etorox.md §7.1) and is no reset.
   */
  snapshot: boolean;
  /** Books delivered to this subscription since its last `snapshot` book (0 on that one), increasing by one per delivered book (a conflated book counts once). */
  seq: number;
}

/** A non-fatal incident of `EtoroxClient.events$`: a gap the client detected in a topic's stream. */
export interface EtoroxClientEvent {
  readonly type: 'gap';
  readonly error: EtoroxGapError;
}
