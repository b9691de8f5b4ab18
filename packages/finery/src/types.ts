/**
 * Wire-level types of the Finery Markets WebSocket API (finery.md §5–§9).
 *
 * Every price, size and volume is an integer count of 1e-8 units (finery.md §9): a
 * `number` that is always a safe integer, never a float. Timestamps are milliseconds
 * since the Unix epoch (UTC).
 */

/** A feed's name as bound (finery.md §7): one letter, or `MD`. */
export type FeedName = 'I' | 'B' | 'F' | 'MD' | 'K' | 'O' | 'S' | 'L' | 'R' | 'N' | 'G' | 'M' | 'P';

/**
 * A feed id as sent in `bind` and echoed in every message (finery.md §5): an instrument
 * or currency name (`"BTC-USD"`), a numeric instrument or currency id, an object for
 * masters (`{ instrument, clientId }`, `{ instrument, makers }`), or `0` for none.
 */
export type FeedId = string | number | Readonly<Record<string, unknown>>;

/** Feed message actions (finery.md §6). */
export type FeedAction = 'S' | '+' | 'M' | '-' | 'D' | 'Z' | 'U';

/** A book level `[price, size]` in integer 1e-8 units (finery.md §7.1). */
export type BookLevel = readonly [price: number, size: number];

/** A level update `[action, price, size]` (finery.md §7.1): `+` new, `M` modified, `-` removed, `~` new top. */
export type BookUpdate = readonly [action: '+' | 'M' | '-' | '~', price: number, size: number];

/** Currency from feed `I` or the `instruments` request (finery.md §7.6). */
export interface Currency {
  name: string;
  id: number;
  /** Price precision of this currency, in 1e-8 units (finery.md §9). */
  balanceStep: number;
  /** USD valuation as a price in 1e-8 units. */
  usdValuation: number;
  type: unknown;
}

/** Instrument from feed `I` or the `instruments` request (finery.md §7.6). */
export interface Instrument {
  name: string;
  id: number;
  assetCurrency: string;
  balanceCurrency: string;
}

/** Position from feed `K` (finery.md §7.2); older layouts lack the last two fields. */
export interface Position {
  currency: string;
  /** Signed size in 1e-8 units. */
  value: number;
  counterpartyId: number;
  maxReachablePosition?: number;
  minReachablePosition?: number;
}

/** Order from feed `O` (finery.md §7.3), parsed by index. */
export interface Order {
  instrument: string;
  /** 0 limit, 1 postOnly, 2 limitIOC, 3 limitFOK, 4 marketIOC, 5 marketFOK, … (finery.md §9). */
  orderType: number;
  /** 0 bid, 1 ask. */
  side: number;
  /** 0 in place/filled, 1 by client, 2 non-book, 3 self-trade prevention, 4 cancel-on-disconnect. */
  cancelReason: number;
  orderId: number;
  clientOrderId: number;
  price: number;
  initialSize: number;
  /** Size (or volume, for orders by volume) left, in 1e-8 units. */
  sizeLeft: number;
  /** ms epoch. */
  createdAt: number;
  byVolume: boolean;
}

/** Deal from feed `O` (finery.md §7.3): the order fields plus the execution; trailing fields may be absent in older layouts. */
export interface Deal extends Order {
  dealMoment: number;
  dealId: number;
  aggressorSide: number;
  dealPrice: number;
  dealSize: number;
  dealVolume: number;
  dealDelta: number;
  counterpartyId: number;
  isOrderByVolume?: boolean;
  takerOrderOwnerId?: number;
  linkedTo?: number;
  dealType?: number;
  makerOrderOwnerId?: number;
  liquiditySource?: number;
}

interface Envelope<F extends string, A extends FeedAction, D> {
  readonly feed: F;
  /** The feed id as the server echoed it. */
  readonly feedId: FeedId;
  readonly action: A;
  readonly data: D;
}

/** Book feeds `B`, `F`, `MD` (finery.md §7.1): a snapshot, or incremental level updates per side. */
export type BookMessage =
  | Envelope<'B' | 'F' | 'MD', 'S', readonly [bids: readonly BookLevel[], asks: readonly BookLevel[]]>
  | Envelope<'B' | 'F' | 'MD', 'M', readonly [bids: readonly BookUpdate[], asks: readonly BookUpdate[]]>;

/** Feed `I` (finery.md §7.6): the snapshot, then instrument or currency (`C`-tagged) updates. */
export type InstrumentsMessage =
  | Envelope<'I', 'S', { readonly currencies: readonly Currency[]; readonly instruments: readonly Instrument[] }>
  | (Envelope<'I', '+' | 'M' | '-', Instrument> & { readonly item: 'instrument' })
  | (Envelope<'I', '+' | 'M' | '-', Currency> & { readonly item: 'currency' });

/** Feed `K` (finery.md §7.2); `nextId` is absent in the plain-array snapshot variant. */
export type PositionsMessage =
  | Envelope<'K', 'S', { readonly nextId?: number; readonly positions: readonly Position[] }>
  | Envelope<'K', '+' | 'M' | '-', Position>;

/** Feed `O` (finery.md §7.3). */
export type OrdersMessage =
  | Envelope<'O', 'S', readonly Order[]>
  | Envelope<'O', '+' | '-', Order>
  | Envelope<'O', 'D', Deal>;

/** Feeds without a typed layout here (`S`, `L`, `R`, `N`, `G`, `M`, `P`): the raw `data` (finery.md §7.4–§7.6). */
export type OtherFeedMessage = Envelope<'S' | 'L' | 'R' | 'N' | 'G' | 'M' | 'P', 'S' | '+' | 'M' | '-' | 'D', unknown>;

/** Any value a feed Observable emits, discriminated by `feed` and `action`. `Z` and `U` are not values (see `FineryClient.feed`). */
export type FeedMessage = BookMessage | InstrumentsMessage | PositionsMessage | OrdersMessage | OtherFeedMessage;

/** The value type of `feed(name)` for a given feed name, e.g. `FeedMessageOf<'O'>` is `OrdersMessage`. */
export type FeedMessageOf<F extends FeedName> = FeedMessage extends infer M ? (M extends { readonly feed: infer G } ? (F extends G ? M : never) : never) : never;

/**
 * An order book as `FineryClient.book` emits it (finery.md §7.1): at most 25 levels per
 * side, bids by descending price, asks by ascending price, `[price, size]` in integer 1e-8
 * units. Each value is a fresh, immutable copy.
 */
export interface OrderBook {
  readonly feed: 'B' | 'F' | 'MD';
  /** The feed id the book is bound with: instrument name, numeric id, or master object. */
  readonly instrument: FeedId;
  readonly bids: readonly BookLevel[];
  readonly asks: readonly BookLevel[];
  /** When the message that produced this book arrived, ms epoch. */
  readonly receivedAt: number;
  /**
   * Provenance: `true` for the first book of a stream and for the first book after every
   * reset (a fresh `S` snapshot after a bind, a reconnect, or a re-bind after an
   * inconsistent book or a malformed frame, finery.md §7.1): the book replaces whatever
   * came before, it is never merged into it.
   */
  readonly snapshot: boolean;
  /** Books of this stream since its last `snapshot` book (0 on that one), increasing by one per book. */
  readonly seq: number;
}

/** `add` content (finery.md §8): prices, sizes and volumes in integer 1e-8 units. */
export interface AddOrderContent {
  instrument: string | number;
  /** 1 … 2^63−1, chosen by the caller (finery.md §9). */
  clientOrderId?: number;
  /** Required for limit types. */
  price?: number;
  /** Either `size` or `volume` (takers only). */
  size?: number;
  volume?: number;
  side: 'bid' | 'ask';
  type: 'limit' | 'postOnly' | 'limitIOC' | 'limitFOK' | 'marketIOC' | 'marketFOK';
  /** Cancel-on-Disconnect for this order (finery.md §11). */
  cod?: boolean;
}

/** `add` and `mod` reply (finery.md §8). */
export interface AddOrderReply {
  id: number;
  clientOrderId?: number;
  remainingSize?: number;
  remainingVolume?: number;
  cancelReason?: number;
  deals: { id: number; price: number; size: number; volume: number; delta?: number; counterpartyId?: number }[];
}

/**
 * Typed requests (finery.md §8): `content` and `reply` by method. Replies are the REST
 * bodies as the venue sends them (tuples where the venue uses tuples, finery.md §7.2,
 * §7.3, §7.6); other methods go through the untyped `request` overload.
 */
export interface FineryRequests {
  add: { content: AddOrderContent; reply: AddOrderReply };
  mod: { content: { orderId: number; price: number; size: number; clientOrderId?: number }; reply: AddOrderReply };
  del: { content: { orderId: number } | { clientOrderId: number }; reply: { error: 0 } | Record<string, unknown> };
  delAll: { content: { instrument?: string | number }; reply: { removed: unknown } };
  book: { content: { instrument: string | number; tradable?: boolean }; reply: [bids: BookLevel[], asks: BookLevel[]] };
  /** `[currencies, instruments, networks]`: currency `[name, id, balanceStep, usdValuation, type]`, instrument `[name, id, asset, balance]`. */
  instruments: { content: Record<string, never>; reply: unknown[][] };
  /** `[nextId, positions[], orders[], settlementOrders[]]` as tuples (finery.md §7.2, §7.3). */
  positions: { content: Record<string, never>; reply: [nextId: number, positions: unknown[][], orders: unknown[][], settlementOrders: unknown[]] };
}
