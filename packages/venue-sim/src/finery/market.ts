/**
 * The simulated market of one Finery instrument: a full-depth order book driven by seeded
 * random events, resting orders inside its levels, and the published top-25 view whose
 * changes become feed `B`/`F` level updates `+ M - ~` (finery.md §7.1). All prices and
 * sizes are integer 1e-8 units (finery.md §9).
 *
 * The market is mean-reverting [inferred]: a fair price wanders around the instrument's
 * reference mid (an Ornstein–Uhlenbeck walk, about 0.13 % standard deviation), sweeps lean towards
 * it, and a spread wider than {@link MAX_SPREAD_TICKS} is narrowed at once by quotes placed
 * around it. Levels thin out with depth (the gap to the next level grows by a tick every
 * level or so, sizes grow too), so the top 25 span a few hundred ticks, not a crammed few dozen.
 */
import type { SeededRandom } from '../random';
import type { FineryInstrumentSpec } from './reference';

/** Levels published per side (finery.md §7.1: top 25). */
export const FINERY_BOOK_DEPTH = 25;

/** A level of the full book; `resting` is the part of `size` that belongs to orders placed with `add`. */
export interface MarketLevel {
  price: number;
  size: number;
  resting: number;
}

/** One side, best first; `sign` makes `sign * price` ascending (bids -1, asks 1). */
export interface MarketSide {
  readonly sign: -1 | 1;
  levels: MarketLevel[];
  /** The published top levels as `[price, size]`. */
  view: [number, number][];
}

export interface MarketBook {
  readonly spec: FineryInstrumentSpec;
  readonly bids: MarketSide;
  readonly asks: MarketSide;
  /** Where the market is drawn to, on the tick grid: wanders around `spec.mid` and reverts to it. */
  fair: number;
  /** `fair` before rounding to the tick grid (moves of less than a tick add up). */
  fairExact: number;
}

/** The widest spread a step leaves, in ticks: a wider one is narrowed by new quotes around the fair price. */
export const MAX_SPREAD_TICKS = 8;

/** What a spread wider than {@link MAX_SPREAD_TICKS} is narrowed to, in ticks. */
const NARROWED_SPREAD_TICKS = 4;

/** How far the mid may stray from the fair price before it is swept back: a share of the reference mid (at least 10 ticks). */
const MAX_MID_OFFSET = 0.001;

/** Pull of the fair price back to the reference mid per market event, and its noise (a share of the reference mid, uniform ±): about 0.13 % standard deviation. */
const FAIR_REVERSION = 0.001;
const FAIR_NOISE = 0.0001;

/** A level update `[action, price, size]` (finery.md §7.1). */
export type MarketUpdate = [action: '+' | 'M' | '-' | '~', price: number, size: number];

/** Called when the walk sweeps a level that holds resting orders: the orders there are filled. */
export type SweepHandler = (side: MarketSide, level: MarketLevel) => void;

/** A random size for a level `depth` levels from the best: larger deeper in the book. */
const lots = (spec: FineryInstrumentSpec, rng: SeededRandom, depth = 0): number => spec.lot * rng.int(1, 200 + 40 * Math.min(depth, 40));

/**
 * The gap in ticks from the level `depth` levels from the best to the next one: 1–2 ticks at
 * the top, growing with depth; slower for an instrument whose tick is coarse for its price
 * (fewer than 30 000 ticks to the mid, e.g. ETH-BTC), so that its top 25 stay near the mid.
 */
const gapTicks = (spec: FineryInstrumentSpec, rng: SeededRandom, depth: number): number =>
  rng.int(1, 2 + Math.floor(depth * Math.min(1, spec.mid / spec.tick / 30_000)));

/** Index where a level at `price` is or would go. */
export function levelIndex(side: MarketSide, price: number): number {
  const key = side.sign * price;
  let i = 0;
  while (i < side.levels.length && side.sign * (side.levels[i] as MarketLevel).price < key) i++;
  return i;
}

/** Adds `size` to the level at `price` (created when missing); `resting` marks order liquidity. */
export function addLiquidity(side: MarketSide, price: number, size: number, resting: number): void {
  const i = levelIndex(side, price);
  const level = side.levels[i];
  if (level && level.price === price) {
    level.size += size;
    level.resting += resting;
  } else {
    side.levels.splice(i, 0, { price, size, resting });
  }
}

/** Removes `size` (and `resting`) from the level at `price`, dropping the level when empty. */
export function removeLiquidity(side: MarketSide, price: number, size: number, resting: number): void {
  const i = levelIndex(side, price);
  const level = side.levels[i];
  if (!level || level.price !== price) return;
  level.size -= size;
  level.resting -= resting;
  if (level.size <= 0) side.levels.splice(i, 1);
}

function createSide(sign: -1 | 1, spec: FineryInstrumentSpec, rng: SeededRandom): MarketSide {
  const side: MarketSide = { sign, levels: [], view: [] };
  let price = spec.mid + sign * spec.tick;
  for (let i = 0; i < 35; i++) {
    side.levels.push({ price, size: lots(spec, rng, i), resting: 0 });
    price += sign * spec.tick * gapTicks(spec, rng, i);
  }
  side.view = topLevels(side);
  return side;
}

/** A market around `spec.mid` with 35 levels per side, 25 of them published. */
export function createMarketBook(spec: FineryInstrumentSpec, rng: SeededRandom): MarketBook {
  return { spec, bids: createSide(-1, spec, rng), asks: createSide(1, spec, rng), fair: spec.mid, fairExact: spec.mid };
}

/** The published top of a side as fresh `[price, size]` pairs. */
export function topLevels(side: MarketSide): [number, number][] {
  return side.levels.slice(0, FINERY_BOOK_DEPTH).map((l) => [l.price, l.size]);
}

/** Replaces both sides with synthetic levels (best first), keeping nothing resting; the fair price becomes their mid. For tests and demos. */
export function replaceLevels(book: MarketBook, bids: readonly (readonly [number, number])[], asks: readonly (readonly [number, number])[]): void {
  book.bids.levels = bids.map(([price, size]) => ({ price, size, resting: 0 }));
  book.asks.levels = asks.map(([price, size]) => ({ price, size, resting: 0 }));
  const [bid, ask] = [bids[0]?.[0], asks[0]?.[0]];
  if (bid !== undefined && ask !== undefined) {
    book.fair = Math.round((bid + ask) / 2 / book.spec.tick) * book.spec.tick;
    book.fairExact = book.fair;
  }
}

function refill(side: MarketSide, spec: FineryInstrumentSpec, rng: SeededRandom, fair: number): void {
  while (side.levels.length < 30) {
    const depth = side.levels.length;
    const worst = side.levels[depth - 1];
    const price = worst ? worst.price + side.sign * spec.tick * gapTicks(spec, rng, depth) : fair + side.sign * spec.tick;
    if (price <= 0) break;
    side.levels.push({ price, size: lots(spec, rng, depth), resting: 0 });
  }
  while (side.levels.length > 40 && (side.levels[side.levels.length - 1] as MarketLevel).resting === 0) side.levels.pop();
}

function bestPrice(side: MarketSide): number | undefined {
  return side.levels[0]?.price;
}

/** A price on the tick grid strictly inside the spread and not yet a level of `side`, or undefined. */
function freePrice(side: MarketSide, other: MarketSide, candidate: number): number | undefined {
  const otherBest = bestPrice(other);
  if (candidate <= 0 || (otherBest !== undefined && side.sign * candidate <= side.sign * otherBest)) return undefined;
  const i = levelIndex(side, candidate);
  return side.levels[i]?.price === candidate ? undefined : candidate;
}

/** Moves the fair price one step: back towards `spec.mid` by {@link FAIR_REVERSION} of the distance, plus uniform noise. */
function stepFair(book: MarketBook, rng: SeededRandom): void {
  const { spec } = book;
  book.fairExact += FAIR_REVERSION * (spec.mid - book.fairExact) + (rng.next() * 2 - 1) * FAIR_NOISE * spec.mid;
  book.fair = Math.max(spec.tick, Math.round(book.fairExact / spec.tick) * spec.tick);
}

/**
 * Narrows a spread wider than {@link MAX_SPREAD_TICKS} to at most 4 ticks: on the side whose best is farther
 * from the fair price, a new best level 1–3 ticks from it (or from the mid, when the fair
 * price lies outside the spread) and levels behind it back to the old best, spaced as in a
 * fresh book (no hole for a sweep to fall through).
 */
function narrowSpread(book: MarketBook, rng: SeededRandom): void {
  const { spec } = book;
  for (let limit = MAX_SPREAD_TICKS; ; limit = NARROWED_SPREAD_TICKS) {
    const bid = bestPrice(book.bids);
    const ask = bestPrice(book.asks);
    if (bid === undefined || ask === undefined || ask - bid <= limit * spec.tick) return;
    const centre = book.fair > bid && book.fair < ask ? book.fair : Math.round((bid + ask) / 2 / spec.tick) * spec.tick;
    const side = centre - bid > ask - centre ? book.bids : book.asks;
    const other = side === book.bids ? book.asks : book.bids;
    const oldBest = side === book.bids ? bid : ask;
    const price = freePrice(side, other, centre + side.sign * spec.tick * rng.int(1, 3)) ?? freePrice(side, other, oldBest - side.sign * spec.tick);
    if (price === undefined) return;
    let depth = 0;
    for (let level = price; side.sign * level < side.sign * oldBest; level += side.sign * spec.tick * gapTicks(spec, rng, depth++)) {
      side.levels.splice(levelIndex(side, level), 0, { price: level, size: lots(spec, rng, depth), resting: 0 });
    }
  }
}

/**
 * One random market event [inferred]: a size change (most often near the top), a new
 * level within the published depth, a removed level, or a price move that sweeps 1–3 top
 * levels of one side (filling resting orders there through `onSweep`) and improves the
 * other side. Sweeps lean towards the fair price (the further the mid is from it, the more
 * likely the sweep moves it back), which itself reverts to the reference mid; a spread wider
 * than {@link MAX_SPREAD_TICKS} ticks is narrowed before the step ends.
 */
export function randomStep(book: MarketBook, rng: SeededRandom, onSweep: SweepHandler): void {
  const { spec } = book;
  stepFair(book, rng);
  const bidBest = bestPrice(book.bids);
  const askBest = bestPrice(book.asks);
  const off = bidBest !== undefined && askBest !== undefined ? (bidBest + askBest) / 2 - book.fair : 0;
  // Further than MAX_MID_OFFSET from the fair price, the mid is swept back towards it.
  const away = Math.abs(off) > Math.max(10 * spec.tick, spec.mid * MAX_MID_OFFSET);
  const r = away ? 1 - rng.next() * 0.15 : rng.next();
  const sweep = r >= 0.85;
  // A sweep of the bids moves the mid down: likelier while the mid is above the fair price
  // (certain 9 times in 10 at 0.03 % of the price or 20 ticks away, whichever is nearer, but at least 2 ticks).
  const leanScale = Math.max(2 * spec.tick, Math.min(20 * spec.tick, spec.mid * 0.0003));
  const lean = away ? Math.sign(off) : sweep ? off / leanScale : 0;
  const bid = rng.next() < Math.min(away ? 1 : 0.9, Math.max(away ? 0 : 0.1, 0.5 + lean));
  const side = bid ? book.bids : book.asks;
  const other = bid ? book.asks : book.bids;
  const published = Math.min(side.levels.length, FINERY_BOOK_DEPTH);
  if (r < 0.55 && side.levels.length > 0) {
    const depth = Math.floor(rng.next() * rng.next() * published);
    const level = side.levels[depth] as MarketLevel;
    level.size = level.resting + lots(spec, rng, depth);
  } else if (r < 0.7) {
    const best = bestPrice(side) ?? book.fair;
    const worst = side.levels[published - 1]?.price ?? best;
    const span = Math.max(1, Math.round(Math.abs(worst - best) / spec.tick));
    const price = freePrice(side, other, best + side.sign * spec.tick * rng.int(-1, span));
    if (price !== undefined) {
      const at = levelIndex(side, price);
      side.levels.splice(at, 0, { price, size: lots(spec, rng, at), resting: 0 });
    }
  } else if (!sweep) {
    const i = rng.int(0, published - 1);
    if (side.levels.length > 10 && side.levels[i]?.resting === 0) side.levels.splice(i, 1);
  } else {
    const swept = side.levels.splice(0, rng.int(1, 3));
    for (const level of swept) if (level.resting > 0) onSweep(side, level);
    const sideBest = bestPrice(side);
    const otherBest = bestPrice(other);
    if (sideBest !== undefined && otherBest !== undefined) {
      const improved = freePrice(other, side, otherBest - other.sign * spec.tick * rng.int(1, 2));
      if (improved !== undefined) other.levels.unshift({ price: improved, size: lots(spec, rng), resting: 0 });
      const between = freePrice(side, other, sideBest - side.sign * spec.tick);
      if (between !== undefined && rng.next() < 0.5) side.levels.unshift({ price: between, size: lots(spec, rng), resting: 0 });
    }
  }
  refill(book.bids, spec, rng, book.fair);
  refill(book.asks, spec, rng, book.fair);
  narrowSpread(book, rng);
}

/**
 * The updates that turn the published view of `side` into its current top 25, and makes
 * that the new view. Removals from the top become one `~` to the new best level; an
 * emptied side becomes `["~",0,0]` (finery.md §7.1).
 */
export function diffSide(side: MarketSide): MarketUpdate[] {
  const old = side.view;
  const next = topLevels(side);
  side.view = next;
  const out: MarketUpdate[] = [];
  const top = next[0];
  if (!top) {
    if (old.length > 0) out.push(['~', 0, 0]);
    return out;
  }
  const key = (price: number) => side.sign * price;
  let i = 0;
  let j = 0;
  while (i < old.length && key((old[i] as [number, number])[0]) < key(top[0])) i++;
  if (i > 0) {
    out.push(['~', top[0], top[1]]);
    if (old[i]?.[0] === top[0]) i++;
    j = 1;
  }
  while (i < old.length || j < next.length) {
    const o = old[i];
    const n = next[j];
    if (o && (!n || key(o[0]) < key(n[0]))) {
      out.push(['-', o[0], 0]);
      i++;
    } else if (n && (!o || key(n[0]) < key(o[0]))) {
      out.push(['+', n[0], n[1]]);
      j++;
    } else if (o && n) {
      if (o[1] !== n[1]) out.push(['M', n[0], n[1]]);
      i++;
      j++;
    }
  }
  return out;
}
