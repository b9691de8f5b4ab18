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

/** Order-level book of one channel, keyed by order id (etorox.md §6.3). */
export interface EtoroxOrderBook {
  readonly channel: string;
  readonly orders: Map<string, EtoroxBookOrder>;
  snapshotId?: string;
}

/** An empty order-level book. */
export function createEtoroxOrderBook(channel: string): EtoroxOrderBook {
  return { channel, orders: new Map() };
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
  if (event.name === 'order_canceled' || event.name === 'order_completed') return book.orders.delete(event.id);
  const volume = toUnits(event.volume);
  if (volume <= 0) return book.orders.delete(event.id);
  book.orders.set(event.id, { side: event.side, price: toUnits(event.price), volume });
  return true;
}

/** The book aggregated by price and side (etorox.md §6.3). */
export function etoroxBookLevels(book: EtoroxOrderBook): EtoroxBook {
  const bids = new Map<number, number>();
  const asks = new Map<number, number>();
  for (const order of book.orders.values()) {
    const levels = order.side === 'bid' ? bids : asks;
    levels.set(order.price, (levels.get(order.price) ?? 0) + order.volume);
  }
  const sorted = (levels: Map<number, number>, descending: boolean): [number, number][] =>
    [...levels.entries()]
      .sort(([a], [b]) => (descending ? b - a : a - b))
      .map(([price, volume]) => [price / UNITS, volume / UNITS]);
  const result: EtoroxBook = { channel: book.channel, bids: sorted(bids, true), asks: sorted(asks, false), orders: book.orders.size };
  if (book.snapshotId !== undefined) result.snapshotId = book.snapshotId;
  return result;
}
