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
}

/** An empty order-level book. */
export function createEtoroxOrderBook(channel: string): EtoroxOrderBook {
  return { channel, orders: new Map(), levels: { bid: new Map(), ask: new Map() } };
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
  const result: EtoroxBook = { channel: book.channel, bids: sorted(book.levels.bid, true), asks: sorted(book.levels.ask, false), orders: book.orders.size, snapshot: seq === 0, seq };
  if (book.snapshotId !== undefined) result.snapshotId = book.snapshotId;
  return result;
}
