import type { SeededRandom } from '../random';

/**
 * One instrument channel of the simulated market (etorox.md §6). Prices and sizes are
 * integer 1e-8 units; on the wire they become JSON numbers (etorox.md §6.1).
 */
export interface EtoroxInstrument {
  /** Channel id: lowercase concatenated pair, e.g. `btcusd` (etorox.md §6). */
  channel: string;
  /** Reference mid price, 1e-8 units. */
  midPrice: number;
  /** Price step, 1e-8 units. */
  tickSize: number;
  /** Size step, 1e-8 units. */
  lotSize: number;
}

const UNITS = 100_000_000;

/** Simulator default channels (etorox.md §6.2: `btcusd`, `btceth`, `btcusdt`, `ethusdc`; the issue adds `btceur`, `ethusd`), priced near the Finery and Hercle simulators (BTC about 60 000 USD) so that the merged demo shows one market. */
export const ETOROX_DEFAULT_INSTRUMENTS: readonly EtoroxInstrument[] = [
  { channel: 'btcusd', midPrice: 60_000 * UNITS, tickSize: UNITS / 2, lotSize: UNITS / 10_000 },
  { channel: 'btceur', midPrice: 55_000 * UNITS, tickSize: UNITS / 2, lotSize: UNITS / 10_000 },
  { channel: 'ethusd', midPrice: 3_000 * UNITS, tickSize: UNITS / 100, lotSize: UNITS / 1_000 },
  { channel: 'btceth', midPrice: 20 * UNITS, tickSize: UNITS / 10_000, lotSize: UNITS / 10_000 },
  { channel: 'btcusdt', midPrice: 60_005 * UNITS, tickSize: UNITS / 2, lotSize: UNITS / 10_000 },
  { channel: 'ethusdc', midPrice: 3_001 * UNITS, tickSize: UNITS / 100, lotSize: UNITS / 1_000 },
];

/** A resting order of the simulated market. */
interface RestingOrder {
  id: string;
  side: 'bid' | 'ask';
  /** 1e-8 units. */
  price: number;
  /** Remaining size, 1e-8 units. */
  volume: number;
  /** Size when created, 1e-8 units. */
  originVolume: number;
}

/** The order-level state of one channel. */
export interface EtoroxChannelMarket {
  readonly instrument: EtoroxInstrument;
  readonly orders: Map<string, RestingOrder>;
  /** Last `snapshot_id` given out; every public item takes the next one. */
  snapshotId: number;
}

/** A public stream item exactly as the simulator puts it on the wire (etorox.md §6.1). */
export type EtoroxWireItem = Record<string, unknown>;

/** Aggregated order book levels: `[price, volume]` as plain numbers, bids descending, asks ascending. */
export interface EtoroxSimBook {
  bids: [number, number][];
  asks: [number, number][];
}

/** A fresh, empty channel; `snapshot_id` starts at a seeded value near the documented example. */
export function createChannelMarket(instrument: EtoroxInstrument, random: SeededRandom): EtoroxChannelMarket {
  return { instrument, orders: new Map(), snapshotId: 234_989_823_423 + random.int(0, 1_000_000) };
}

const toNumber = (units: number): number => units / UNITS;

/** Units as a plain decimal string with up to `places` decimals, e.g. `-150000000` → `"-1.5"`. */
function toDecimal(units: number, places: number): string {
  const sign = units < 0 ? '-' : '';
  const abs = Math.abs(units);
  const whole = Math.floor(abs / UNITS);
  const fraction = String(abs % UNITS).padStart(8, '0').padEnd(places, '0');
  const trimmed = places > 8 ? fraction : fraction.replace(/0+$/, '');
  return trimmed ? `${sign}${whole}.${trimmed}` : `${sign}${whole}`;
}

function best(market: EtoroxChannelMarket, side: 'bid' | 'ask'): RestingOrder | undefined {
  let top: RestingOrder | undefined;
  for (const order of market.orders.values()) {
    if (order.side !== side) continue;
    if (!top || (side === 'bid' ? order.price > top.price : order.price < top.price)) top = order;
  }
  return top;
}

function orderItem(market: EtoroxChannelMarket, order: RestingOrder, name: string, time: string, extra: object): EtoroxWireItem {
  market.snapshotId += 1;
  return {
    id: order.id,
    market: market.instrument.channel,
    side: order.side,
    name,
    volume: toNumber(order.volume),
    price: toNumber(order.price),
    ...extra,
    updated_at: time,
    snapshot_id: String(market.snapshotId),
  };
}

function createOrder(market: EtoroxChannelMarket, random: SeededRandom, time: string): EtoroxWireItem[] {
  const { midPrice, tickSize, lotSize } = market.instrument;
  const side = random.next() < 0.5 ? 'bid' : 'ask';
  const away = random.int(1, 20) * tickSize;
  const bestBid = best(market, 'bid')?.price;
  const bestAsk = best(market, 'ask')?.price;
  const price =
    side === 'bid'
      ? Math.min(midPrice - away, bestAsk === undefined ? Infinity : bestAsk - tickSize)
      : Math.max(midPrice + away, bestBid === undefined ? -Infinity : bestBid + tickSize);
  const volume = random.int(1, 50_000) * lotSize;
  const order: RestingOrder = { id: random.uuid(), side, price, volume, originVolume: volume };
  market.orders.set(order.id, order);
  return [orderItem(market, order, 'order_created', time, { state: 'wait' })];
}

function cancelOrder(market: EtoroxChannelMarket, random: SeededRandom, time: string): EtoroxWireItem[] {
  const ids = [...market.orders.keys()];
  const order = market.orders.get(ids[random.int(0, ids.length - 1)] ?? '');
  if (!order) return [];
  market.orders.delete(order.id);
  const item = orderItem(market, order, 'order_canceled', time, {
    origin_volume: toNumber(order.originVolume),
    delta: -toNumber(order.volume),
    state: 'cancelled',
  });
  // etorox.md §6.2: the public order_canceled carries `update_at` (sic), as documented.
  const { updated_at, ...rest } = item;
  return [{ ...rest, update_at: updated_at }];
}

function trade(market: EtoroxChannelMarket, random: SeededRandom, time: string): EtoroxWireItem[] {
  const maker = best(market, random.next() < 0.5 ? 'bid' : 'ask');
  if (!maker) return [];
  const amount = Math.min(maker.volume, random.int(1, 30_000) * market.instrument.lotSize);
  market.snapshotId += 1;
  const tradeItem: EtoroxWireItem = {
    tid: random.uuid(),
    market: market.instrument.channel,
    name: 'trade_completed',
    price: toNumber(maker.price),
    amount: toDecimal(amount, 18),
    created_at: time,
    snapshot_id: String(market.snapshotId),
  };
  if (amount === maker.volume) {
    market.orders.delete(maker.id);
    return [tradeItem, orderItem(market, maker, 'order_completed', time, { delta: -toNumber(amount), state: 'completed' })];
  }
  maker.volume -= amount;
  return [tradeItem, orderItem(market, maker, 'order_updated', time, { delta: toDecimal(-amount, 8), state: 'open' })];
}

/** The book size the simulation keeps to: a thin book gets orders, a deep one loses them. */
const MIN_ORDERS = 10;
const MAX_ORDERS = 60;

/**
 * Advances one channel by one market change and returns the public items it produced
 * (etorox.md §6.1): a new order, a cancel, or a trade against the best bid or ask that
 * updates or completes the maker order. The book stays between 10 and 60 resting orders.
 * `time` is the ISO-8601 time of the change.
 */
export function stepChannelMarket(market: EtoroxChannelMarket, random: SeededRandom, time: string): EtoroxWireItem[] {
  const roll = random.next();
  const size = market.orders.size;
  if (size < MIN_ORDERS || (size < MAX_ORDERS && roll < 0.45)) return createOrder(market, random, time);
  if (roll < 0.65) return cancelOrder(market, random, time);
  return trade(market, random, time);
}

/**
 * The other documented form of an item (etorox.md §6.2) where the venue's pages disagree:
 * `updated_at` instead of `update_at` on `order_canceled`, `delta` and `amount` as JSON
 * numbers instead of decimal strings, `snapshot_id` as a number (as over REST).
 */
export function alternateWireItem(item: EtoroxWireItem): EtoroxWireItem {
  const { update_at, ...rest } = item;
  const alternate: EtoroxWireItem = update_at === undefined ? rest : { ...rest, updated_at: update_at };
  for (const key of ['delta', 'amount', 'snapshot_id']) {
    if (typeof alternate[key] === 'string') alternate[key] = Number(alternate[key]);
  }
  return alternate;
}

/** The channel's resting orders aggregated by price and side (etorox.md §6.3). */
export function channelMarketBook(market: EtoroxChannelMarket): EtoroxSimBook {
  const bids = new Map<number, number>();
  const asks = new Map<number, number>();
  for (const order of market.orders.values()) {
    const levels = order.side === 'bid' ? bids : asks;
    levels.set(order.price, (levels.get(order.price) ?? 0) + order.volume);
  }
  const sorted = (levels: Map<number, number>, descending: boolean): [number, number][] =>
    [...levels.entries()]
      .sort(([a], [b]) => (descending ? b - a : a - b))
      .map(([price, volume]) => [toNumber(price), toNumber(volume)]);
  return { bids: sorted(bids, true), asks: sorted(asks, false) };
}
