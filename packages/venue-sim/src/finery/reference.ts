/**
 * Reference data of the Finery simulator: currencies and instruments as feed `I` and the
 * `instruments` request publish them (finery.md §7.6), with the market parameters of each
 * instrument. Prices and sizes are integer 1e-8 units (finery.md §9). Values are
 * simulator choices [inferred], not facts about the venue.
 */

/** `[name, id, balanceStep, usdValuation, type]` (finery.md §7.6). */
export type FineryCurrencyTuple = [name: string, id: number, balanceStep: number, usdValuation: number, type: string];

/** A tradable instrument with the parameters of its simulated market. */
export interface FineryInstrumentSpec {
  name: string;
  /** uint64 id, bindable as a feed id (finery.md §5). */
  id: number;
  assetCurrency: string;
  balanceCurrency: string;
  /** Starting mid price, 1e-8 units of the balance currency. */
  mid: number;
  /** Price grid step, 1e-8 units. */
  tick: number;
  /** Size granularity, 1e-8 units of the asset. */
  lot: number;
}

/** The simulator's currencies: BTC, ETH, USD, EUR (ids 1–4; USD/EUR `balanceStep` 0.01 = 1000000 units). */
export const FINERY_CURRENCIES: readonly FineryCurrencyTuple[] = [
  ['BTC', 1, 1, 6_000_000_000_000, 'crypto'],
  ['ETH', 2, 1, 300_000_000_000, 'crypto'],
  ['USD', 3, 1_000_000, 100_000_000, 'fiat'],
  ['EUR', 4, 1_000_000, 108_000_000, 'fiat'],
];

/** The simulator's instruments and markets: BTC-USD, ETH-USD, BTC-EUR, ETH-BTC (ids 4955410050–4955410053). */
export const FINERY_INSTRUMENTS: readonly FineryInstrumentSpec[] = [
  { name: 'BTC-USD', id: 4955410050, assetCurrency: 'BTC', balanceCurrency: 'USD', mid: 6_000_000_000_000, tick: 100_000_000, lot: 10_000 },
  { name: 'ETH-USD', id: 4955410051, assetCurrency: 'ETH', balanceCurrency: 'USD', mid: 300_000_000_000, tick: 10_000_000, lot: 100_000 },
  { name: 'BTC-EUR', id: 4955410052, assetCurrency: 'BTC', balanceCurrency: 'EUR', mid: 5_500_000_000_000, tick: 100_000_000, lot: 10_000 },
  { name: 'ETH-BTC', id: 4955410053, assetCurrency: 'ETH', balanceCurrency: 'BTC', mid: 5_000_000, tick: 1_000, lot: 100_000 },
];

/** Instrument tuple `[name, id, assetCurrency, balanceCurrency]` (finery.md §7.6). */
export function instrumentTuple(spec: FineryInstrumentSpec): [string, number, string, string] {
  return [spec.name, spec.id, spec.assetCurrency, spec.balanceCurrency];
}

/** Finds an instrument by name or numeric id, the two documented feed id forms (finery.md §5). */
export function findInstrument(specs: readonly FineryInstrumentSpec[], id: unknown): FineryInstrumentSpec | undefined {
  return specs.find((s) => s.name === id || s.id === id);
}

/** Finds a currency by name or id (finery.md §5: feeds K and S). */
export function findCurrency(id: unknown): FineryCurrencyTuple | undefined {
  return FINERY_CURRENCIES.find(([name, cid]) => name === id || cid === id);
}
