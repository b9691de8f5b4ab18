import type { Clock } from '../clock';
import { createSeededRandom } from '../random';
import type { HerclePairInfo, HerclePriceUpdateData } from './wire';

/** A pair the simulator quotes: the `execution.pairs` fields plus its starting mid price. */
export interface HercleSimPair extends HerclePairInfo {
  /** Starting mid price in the quote currency. */
  mid: number;
  /** Decimals of quoted prices. */
  priceDecimals: number;
}

/** The default pairs (names without separator, hercle.md §4.1); prices are illustrative. */
export const HERCLE_DEFAULT_PAIRS: readonly HercleSimPair[] = [
  { name: 'BTCUSDT', asset: 'BTC', currency: 'USDT', minSize: 0.0001, minQuoteSize: 10, maxSize: 50, maxQuoteSize: 3_000_000, mid: 65_000, priceDecimals: 2 },
  { name: 'ETHUSDT', asset: 'ETH', currency: 'USDT', minSize: 0.001, minQuoteSize: 10, maxSize: 500, maxQuoteSize: 1_500_000, mid: 3_200, priceDecimals: 2 },
  { name: 'BTCEUR', asset: 'BTC', currency: 'EUR', minSize: 0.0001, minQuoteSize: 10, maxSize: 50, maxQuoteSize: 3_000_000, mid: 60_000, priceDecimals: 2 },
  { name: 'ETHEUR', asset: 'ETH', currency: 'EUR', minSize: 0.001, minQuoteSize: 10, maxSize: 500, maxQuoteSize: 1_500_000, mid: 2_950, priceDecimals: 2 },
  { name: 'USDTEUR', asset: 'USDT', currency: 'EUR', minSize: 10, minQuoteSize: 10, maxSize: 1_000_000, maxQuoteSize: 1_000_000, mid: 0.92, priceDecimals: 5 },
];

/** A price the simulator issued (stream update or `GetPairSizeByAmount`), kept for `PlaceOtcOrder`. */
export interface HercleIssuedPrice {
  id: string;
  pair: HercleSimPair;
  size: number;
  buyPrice: number;
  sellPrice: number;
  issuedAt: number;
  /** Issued by a price channel (then `PlaceOtcOrder` needs that channel still active). */
  streamed: boolean;
}

/** Prices of the simulated venue: a seeded random walk per pair, ids valid `priceIdTtlMs`. */
export interface HercleMarket {
  pairs(): HerclePairInfo[];
  pair(name: string): HercleSimPair | undefined;
  /** Advances the pair's walk one step and issues a new price id for `size` (base units); `streamed` for price channel updates. */
  quote(pair: HercleSimPair, size: number, streamed?: boolean): HerclePriceUpdateData;
  /** The executable buy/sell price for `size` now, without advancing the walk. */
  current(pair: HercleSimPair, size: number): { buyPrice: number; sellPrice: number; markPrice: number };
  /** An issued price by id, or undefined when unknown (never issued, or pruned long ago). */
  issued(id: string): HercleIssuedPrice | undefined;
  /** Sets a pair's mid price (test control, e.g. to trip the slippage check). */
  setMid(pair: string, mid: number): void;
  /** A new deterministic id in GUID form. */
  newId(): string;
}

export interface HercleMarketOptions {
  clock: Clock;
  seed: number;
  pairs: readonly HercleSimPair[];
  /** Half-spread around the mid for the smallest size, basis points. Default 5. */
  halfSpreadBps?: number;
  /** Largest step of the walk per quote, basis points. Default 3. */
  stepBps?: number;
  /** How long a price id stays valid for `PlaceOtcOrder`, ms. Default 10 000 (hercle.md §4.1 simulator default). */
  priceIdTtlMs: number;
}

function round(value: number, decimals: number): number {
  const f = 10 ** decimals;
  return Math.round(value * f) / f;
}

/** Creates the price model (hercle.md §4.1). */
export function createHercleMarket(options: HercleMarketOptions): HercleMarket {
  const random = createSeededRandom(options.seed);
  const halfSpread = (options.halfSpreadBps ?? 5) / 10_000;
  const step = (options.stepBps ?? 3) / 10_000;
  const byName = new Map(options.pairs.map((p) => [p.name, { ...p }]));
  const mids = new Map(options.pairs.map((p) => [p.name, p.mid]));
  const issued = new Map<string, HercleIssuedPrice>();
  const keepMs = Math.max(options.priceIdTtlMs * 6, 60_000);

  const newId = (): string => random.uuid();

  const current = (pair: HercleSimPair, size: number) => {
    const mid = mids.get(pair.name) ?? pair.mid;
    const spread = halfSpread * (1 + Math.min(size / pair.maxSize, 1));
    return {
      buyPrice: round(mid * (1 + spread), pair.priceDecimals),
      sellPrice: round(mid * (1 - spread), pair.priceDecimals),
      markPrice: round(mid, pair.priceDecimals),
    };
  };

  const prune = (now: number) => {
    for (const [id, price] of issued) {
      if (now - price.issuedAt <= keepMs) break;
      issued.delete(id);
    }
  };

  return {
    pairs: () => options.pairs.map(({ name, asset, currency, minSize, minQuoteSize, maxSize, maxQuoteSize }) => ({ name, asset, currency, minSize, minQuoteSize, maxSize, maxQuoteSize })),
    pair: (name) => byName.get(name),
    current,
    quote(pair, size, streamed = false) {
      const mid = mids.get(pair.name) ?? pair.mid;
      mids.set(pair.name, mid * (1 + (random.next() * 2 - 1) * step));
      const now = options.clock.now();
      prune(now);
      const price = current(pair, size);
      const id = newId();
      issued.set(id, { id, pair, size, buyPrice: price.buyPrice, sellPrice: price.sellPrice, issuedAt: now, streamed });
      return { id, ...price, size, pair: pair.name, timestamp: new Date(now).toISOString() };
    },
    issued: (id) => issued.get(id),
    setMid(pair, mid) {
      if (!byName.has(pair)) throw new Error(`Unknown pair ${pair}`);
      mids.set(pair, mid);
    },
    newId,
  };
}
