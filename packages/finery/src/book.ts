/**
 * The order book engine for feeds `B`, `F` and `MD` (finery.md §7.1): snapshots and
 * `+ M - ~` level updates on integer prices and sizes (1e-8 units, finery.md §9).
 *
 * Hot path. Each side keeps its levels in two parallel fixed-size `Float64Array`s sorted by
 * an ascending key (asks: `price`, bids: `-price`, so one binary search serves both
 * sides), shifts levels in place on insert and remove (`copyWithin` for long shifts), and
 * allocates nothing per update: errors come back as a reason string, never as a thrown
 * exception. The work per update is bounded by the kept depth, whatever a frame holds.
 */
import type { BookLevel, BookUpdate } from './types';

/** One side of a book: `count` levels with keys ascending (bids store `-price`). */
interface BookSide {
  readonly keys: Float64Array;
  readonly sizes: Float64Array;
  count: number;
  /** -1 for bids, 1 for asks: `key = sign * price`. */
  readonly sign: number;
  /**
   * Levels beyond the kept depth were dropped since the last snapshot, so an `M` or `-` on a
   * missing level worse than every kept one refers to a dropped level: it is ignored.
   */
  truncated: boolean;
}

/** Mutable book state maintained by `applyBookSnapshot` and `applyBookUpdates`. */
export interface BookState {
  readonly bids: BookSide;
  readonly asks: BookSide;
  /** Levels kept per side after each message; the venue publishes the top 25 (finery.md §7.1). */
  readonly maxDepth: number;
}

function createSide(sign: number, capacity: number): BookSide {
  return { keys: new Float64Array(capacity), sizes: new Float64Array(capacity), count: 0, sign, truncated: false };
}

/**
 * Creates an empty book keeping at most `maxDepth` levels per side (default 25, finery.md §7.1).
 * Within one message a side holds at most `2 × maxDepth` (at least `maxDepth + 32`) levels, so
 * that levels pushed out and removed again in the same message stay exact; a level inserted
 * beyond that is dropped after one binary search, so the work of one update is bounded by the
 * depth whatever a frame holds.
 *
 * @throws RangeError when `maxDepth` is not a positive safe integer
 */
export function createBookState(maxDepth = 25): BookState {
  if (!Number.isSafeInteger(maxDepth) || maxDepth < 1) throw new RangeError(`maxDepth ${maxDepth} is not a positive integer`);
  const capacity = maxDepth + Math.max(32, maxDepth);
  return { bids: createSide(-1, capacity), asks: createSide(1, capacity), maxDepth };
}

/** First index whose key is >= `key`. */
function lowerBound(keys: Float64Array, count: number, key: number): number {
  let low = 0;
  let high = count;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if ((keys[mid] as number) < key) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** Shifts of at most this many levels use a plain loop; longer ones `copyWithin` (a native memmove). */
const LOOP_SHIFT_MAX = 24;

/** Moves `keys`/`sizes[from, from + n)` to `to` (overlapping ranges allowed). */
function shift(side: BookSide, to: number, from: number, n: number): void {
  const { keys, sizes } = side;
  if (n > LOOP_SHIFT_MAX) {
    keys.copyWithin(to, from, from + n);
    sizes.copyWithin(to, from, from + n);
  } else if (to > from) {
    for (let i = n - 1; i >= 0; i--) {
      keys[to + i] = keys[from + i] as number;
      sizes[to + i] = sizes[from + i] as number;
    }
  } else {
    for (let i = 0; i < n; i++) {
      keys[to + i] = keys[from + i] as number;
      sizes[to + i] = sizes[from + i] as number;
    }
  }
}

/** Inserts at `index`; at capacity the worst level (or the new one, if it is the worst) is dropped. */
function insertAt(side: BookSide, index: number, key: number, size: number): void {
  const capacity = side.keys.length;
  if (index >= capacity) {
    side.truncated = true;
    return;
  }
  if (side.count === capacity) {
    side.count--;
    side.truncated = true;
  }
  shift(side, index + 1, index, side.count - index);
  side.keys[index] = key;
  side.sizes[index] = size;
  side.count++;
}

function removeFront(side: BookSide, index: number, n: number): void {
  shift(side, index, index + n, side.count - index - n);
  side.count -= n;
}

/**
 * Applies one level update to a side (finery.md §7.1). Returns `undefined` on success, or
 * why the update does not fit the book: `+` on an existing level, `M`/`-` on a missing
 * one, a non-positive price or size.
 */
function applyUpdate(side: BookSide, action: string, price: number, size: number): string | undefined {
  if (action === '~') {
    if (price === 0) {
      side.count = 0;
      return undefined;
    }
    if (!(price > 0 && size > 0)) return `'~' with price ${price} and size ${size}`;
    const key = side.sign * price;
    const drop = lowerBound(side.keys, side.count, key);
    if (drop > 0) removeFront(side, 0, drop);
    if (side.count > 0 && side.keys[0] === key) side.sizes[0] = size;
    else insertAt(side, 0, key, size);
    return undefined;
  }
  if (!(price > 0)) return `'${action}' with price ${price}`;
  const key = side.sign * price;
  const index = lowerBound(side.keys, side.count, key);
  const exists = index < side.count && side.keys[index] === key;
  switch (action) {
    case '+':
      if (exists) return `'+' on existing level ${price}`;
      if (!(size > 0)) return `'+' with size ${size}`;
      insertAt(side, index, key, size);
      return undefined;
    case 'M':
      if (!exists) return index === side.count && side.truncated ? undefined : `'M' on missing level ${price}`;
      if (!(size > 0)) return `'M' with size ${size}`;
      side.sizes[index] = size;
      return undefined;
    case '-':
      if (!exists) return index === side.count && side.truncated ? undefined : `'-' on missing level ${price}`;
      removeFront(side, index, 1);
      return undefined;
    default:
      return `unknown update action '${action}'`;
  }
}

function applySideUpdates(side: BookSide, updates: readonly BookUpdate[]): string | undefined {
  for (let i = 0; i < updates.length; i++) {
    const update = updates[i] as BookUpdate;
    const reason = applyUpdate(side, update[0], update[1], update[2]);
    if (reason !== undefined) return `${side.sign < 0 ? 'bid' : 'ask'} ${reason}`;
  }
  return undefined;
}

function loadSide(side: BookSide, levels: readonly BookLevel[], maxDepth: number): string | undefined {
  side.count = 0;
  side.truncated = levels.length > maxDepth;
  const n = Math.min(levels.length, maxDepth);
  for (let i = 0; i < n; i++) {
    const level = levels[i] as BookLevel;
    const price = level[0];
    const size = level[1];
    if (!(price > 0 && size > 0)) return `snapshot level [${price}, ${size}] is not positive`;
    const key = side.sign * price;
    if (side.count > 0 && !((side.keys[side.count - 1] as number) < key)) {
      return `snapshot ${side.sign < 0 ? 'bids' : 'asks'} out of order at ${price}`;
    }
    side.keys[side.count] = key;
    side.sizes[side.count] = size;
    side.count++;
  }
  return undefined;
}

function trim(side: BookSide, maxDepth: number): void {
  if (side.count <= maxDepth) return;
  side.count = maxDepth;
  side.truncated = true;
}

function finish(state: BookState): string | undefined {
  trim(state.bids, state.maxDepth);
  trim(state.asks, state.maxDepth);
  if (state.bids.count > 0 && state.asks.count > 0) {
    const bestBid = -(state.bids.keys[0] as number);
    const bestAsk = state.asks.keys[0] as number;
    if (bestBid >= bestAsk) return `crossed book: best bid ${bestBid} >= best ask ${bestAsk}`;
  }
  return undefined;
}

/**
 * Replaces the book with a snapshot (finery.md §7.1: bids descending, asks ascending); levels
 * beyond `maxDepth` are ignored. Returns `undefined`, or the reason the snapshot is inconsistent (unsorted, non-positive,
 * crossed); the state is then unusable until the next snapshot.
 */
export function applyBookSnapshot(state: BookState, bids: readonly BookLevel[], asks: readonly BookLevel[]): string | undefined {
  return loadSide(state.bids, bids, state.maxDepth) ?? loadSide(state.asks, asks, state.maxDepth) ?? finish(state);
}

/**
 * Applies one incremental message: the bid updates in order, then the ask updates
 * (finery.md §7.1), then trims each side to `maxDepth`. Returns `undefined`, or the reason
 * the book became inconsistent (see `applyUpdate`) or crossed; the state is then unusable
 * until the next snapshot.
 */
export function applyBookUpdates(state: BookState, bids: readonly BookUpdate[], asks: readonly BookUpdate[]): string | undefined {
  return applySideUpdates(state.bids, bids) ?? applySideUpdates(state.asks, asks) ?? finish(state);
}

/** Copies the best `depth` levels (default all) of one side out as `[price, size]` pairs: bids descending, asks ascending. */
export function bookLevels(state: BookState, side: 'bids' | 'asks', depth = Infinity): BookLevel[] {
  const s = state[side];
  const count = Math.min(s.count, depth);
  const levels = new Array<BookLevel>(count);
  for (let i = 0; i < count; i++) levels[i] = [s.sign * (s.keys[i] as number), s.sizes[i] as number];
  return levels;
}
