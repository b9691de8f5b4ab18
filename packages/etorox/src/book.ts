import type { EtoroxBook, EtoroxEvent, EtoroxSide } from './types';

const UNITS = 100_000_000;

/** Integer 1e-8 units of a venue number (sums stay exact). */
const toUnits = (value: number): number => Math.round(value * UNITS);

/** A resting order as the book keeps it: price and remaining volume in integer 1e-8 units. */
export interface EtoroxBookOrder {
  side: EtoroxSide;
  price: number;
  volume: number;
}

/**
 * Order-level book of one channel, keyed by order id (etorox.md §6.3), with the volume of
 * every price summed per side as orders come and go, so levels cost no walk over orders.
 */
export interface EtoroxOrderBook {
  readonly channel: string;
  readonly orders: Map<string, EtoroxBookOrder>;
  /** Price → summed remaining volume, both in 1e-8 units, per side. */
  readonly levels: Record<EtoroxSide, Map<number, number>>;
  snapshotId?: string;
  /** When the last event applied to the book arrived, ms epoch (0: none yet); set by whoever applies them (the client stamps it on receipt). */
  receivedAt: number;
}

/** An empty order-level book. */
export function createEtoroxOrderBook(channel: string): EtoroxOrderBook {
  return { channel, orders: new Map(), levels: { bid: new Map(), ask: new Map() }, receivedAt: 0 };
}

/** Forgets every order, e.g. after a gap in the stream. */
export function clearEtoroxOrderBook(book: EtoroxOrderBook): void {
  book.orders.clear();
  book.levels.bid.clear();
  book.levels.ask.clear();
}

function addToLevel(book: EtoroxOrderBook, order: EtoroxBookOrder, sign: 1 | -1): void {
  const levels = book.levels[order.side];
  const volume = (levels.get(order.price) ?? 0) + sign * order.volume;
  if (volume === 0) levels.delete(order.price);
  else levels.set(order.price, volume);
}

function removeOrder(book: EtoroxOrderBook, id: string): boolean {
  const order = book.orders.get(id);
  if (!order) return false;
  addToLevel(book, order, -1);
  return book.orders.delete(id);
}

/**
 * Applies one event (etorox.md §6.3): `order_created` and `order_updated` set the order
 * with its remaining `volume` (an update for an unknown order adds it, so the book heals
 * after a gap); `order_canceled` and `order_completed` remove it; a zero volume removes it.
 * Trades and error events leave the book as it is. Returns whether the book changed.
 */
export function applyEtoroxEvent(book: EtoroxOrderBook, event: EtoroxEvent): boolean {
  if (event.name === 'error' || event.name === 'trade_completed' || event.market !== book.channel) return false;
  if (event.snapshot_id !== undefined) book.snapshotId = event.snapshot_id;
  if (event.name === 'order_canceled' || event.name === 'order_completed') return removeOrder(book, event.id);
  const volume = toUnits(event.volume);
  const removed = removeOrder(book, event.id);
  if (volume <= 0) return removed;
  const order: EtoroxBookOrder = { side: event.side, price: toUnits(event.price), volume };
  book.orders.set(event.id, order);
  addToLevel(book, order, 1);
  return true;
}

/** The book aggregated by price and side (etorox.md §6.3); `seq`: books since the last reset (0: a `snapshot` book). */
export function etoroxBookLevels(book: EtoroxOrderBook, seq = 0): EtoroxBook {
  const sorted = (levels: Map<number, number>, descending: boolean): [number, number][] =>
    [...levels.entries()]
      .sort(([a], [b]) => (descending ? b - a : a - b))
      .map(([price, volume]) => [price / UNITS, volume / UNITS]);
  const result: EtoroxBook = { channel: book.channel, bids: sorted(book.levels.bid, true), asks: sorted(book.levels.ask, false), orders: book.orders.size, receivedAt: book.receivedAt, snapshot: seq === 0, seq };
  if (book.snapshotId !== undefined) result.snapshotId = book.snapshotId;
  return result;
}

/**
 * Best bid and ask of an `EtoroxBook` with their sizes, mid and spread: the fields of
 * `@org/finery`'s and `@org/venues`' `BookQuote`. As `'decimal'` (the default, the units of
 * `EtoroxBook` levels: price in the quote currency, volume in the base currency) or as
 * integer 1e-8 units (`'units'`, as the book sums them, etorox.md §6.3). `mid` and `spread`
 * are computed in 1e-8 units, so a decimal spread carries no float drift (`100.3`/`100.2`
 * give `0.1`, not `0.0999…`).
 */
export interface BookQuote {
  readonly bid: number;
  readonly bidSize: number;
  readonly ask: number;
  readonly askSize: number;
  /** `(bid + ask) / 2`; in `'units'` it may end in `.5`. */
  readonly mid: number;
  /** `ask - bid`; negative only if the venue's resting orders cross. */
  readonly spread: number;
}

/** Units of `bookQuote`: integer 1e-8 units (`'units'`) or decimal numbers (`'decimal'`), as `@org/finery`'s `QuoteUnit`. */
export type QuoteUnit = 'units' | 'decimal';

/**
 * Best bid, best ask, mid and spread of an `EtoroxBook` (etorox.md §6.3), or `undefined`
 * while either side is empty (the book starts empty and fills as orders change). Reads
 * `bids[0]` and `asks[0]` only; never throws.
 *
 * @param unit `'decimal'` (default: as the book's levels) or `'units'` (integer 1e-8 units)
 */
export function bookQuote(book: Pick<EtoroxBook, 'bids' | 'asks'>, unit: QuoteUnit = 'decimal'): BookQuote | undefined {
  const bid = book.bids[0];
  const ask = book.asks[0];
  if (bid === undefined || ask === undefined) return undefined;
  const [bidPrice, bidSize, askPrice, askSize] = [...bid, ...ask].map(toUnits) as [number, number, number, number];
  const scale = unit === 'decimal' ? UNITS : 1;
  return {
    bid: bidPrice / scale,
    bidSize: bidSize / scale,
    ask: askPrice / scale,
    askSize: askSize / scale,
    mid: (bidPrice + askPrice) / 2 / scale,
    spread: (askPrice - bidPrice) / scale,
  };
}
