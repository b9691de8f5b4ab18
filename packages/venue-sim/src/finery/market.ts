/**
 * The simulated market of one Finery instrument: a full-depth order book driven by a
 * seeded random walk, resting orders inside its levels, and the published top-25 view
 * whose changes become feed `B`/`F` level updates `+ M - ~` (finery.md §7.1). All prices
 * and sizes are integer 1e-8 units (finery.md §9).
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
}

/** A level update `[action, price, size]` (finery.md §7.1). */
export type MarketUpdate = [action: '+' | 'M' | '-' | '~', price: number, size: number];

/** Called when the walk sweeps a level that holds resting orders: the orders there are filled. */
export type SweepHandler = (side: MarketSide, level: MarketLevel) => void;

const lots = (spec: FineryInstrumentSpec, rng: SeededRandom): number => spec.lot * rng.int(1, 500);

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
    side.levels.push({ price, size: lots(spec, rng), resting: 0 });
    price += sign * spec.tick * rng.int(1, 3);
  }
  side.view = topLevels(side);
  return side;
}

/** A market around `spec.mid` with 35 levels per side, 25 of them published. */
export function createMarketBook(spec: FineryInstrumentSpec, rng: SeededRandom): MarketBook {
  return { spec, bids: createSide(-1, spec, rng), asks: createSide(1, spec, rng) };
}

/** The published top of a side as fresh `[price, size]` pairs. */
export function topLevels(side: MarketSide): [number, number][] {
  return side.levels.slice(0, FINERY_BOOK_DEPTH).map((l) => [l.price, l.size]);
}

/** Replaces both sides with synthetic levels (best first), keeping nothing resting. For tests and demos. */
export function replaceLevels(book: MarketBook, bids: readonly (readonly [number, number])[], asks: readonly (readonly [number, number])[]): void {
  book.bids.levels = bids.map(([price, size]) => ({ price, size, resting: 0 }));
  book.asks.levels = asks.map(([price, size]) => ({ price, size, resting: 0 }));
}

function refill(side: MarketSide, spec: FineryInstrumentSpec, rng: SeededRandom): void {
  while (side.levels.length < 30) {
    const worst = side.levels[side.levels.length - 1];
    const price = worst ? worst.price + side.sign * spec.tick * rng.int(1, 3) : spec.mid + side.sign * spec.tick;
    if (price <= 0) break;
    side.levels.push({ price, size: lots(spec, rng), resting: 0 });
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

/**
 * One random market event [inferred]: a size change (most often near the top), a new
 * level, a removed level, or a price move that sweeps 1–3 top levels of one side
 * (filling resting orders there through `onSweep`) and improves the other side.
 */
export function randomStep(book: MarketBook, rng: SeededRandom, onSweep: SweepHandler): void {
  const { spec } = book;
  const bid = rng.next() < 0.5;
  const side = bid ? book.bids : book.asks;
  const other = bid ? book.asks : book.bids;
  const r = rng.next();
  if (r < 0.55 && side.levels.length > 0) {
    const depth = Math.min(side.levels.length, FINERY_BOOK_DEPTH);
    const level = side.levels[Math.floor(rng.next() * rng.next() * depth)] as MarketLevel;
    level.size = level.resting + lots(spec, rng);
  } else if (r < 0.7) {
    const best = bestPrice(side) ?? spec.mid;
    const price = freePrice(side, other, best + side.sign * spec.tick * rng.int(-1, 30));
    if (price !== undefined) side.levels.splice(levelIndex(side, price), 0, { price, size: lots(spec, rng), resting: 0 });
  } else if (r < 0.85) {
    const i = rng.int(0, Math.min(side.levels.length, FINERY_BOOK_DEPTH) - 1);
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
  refill(book.bids, spec, rng);
  refill(book.asks, spec, rng);
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
