/**
 * The order book engine for feeds `B`, `F` and `MD` (finery.md §7.1): snapshots and
 * `+ M - ~` level updates on integer prices and sizes (1e-8 units, finery.md §9).
 *
 * Hot path. Each side keeps its levels in two parallel fixed-size `Float64Array`s (prices,
 * sizes) best first (bids descending, asks ascending), with room before the best level and
 * after the worst, so that a reader reads them in place (`bookSide`); it finds levels by
 * binary search and on insert and remove shifts the shorter part of the side (the levels
 * better than the one touched, or those worse; `copyWithin` for long shifts), so an update
 * near the top moves a few levels whatever the depth. It allocates nothing per update:
 * errors come back as a reason string, never as a thrown exception. The work per update is
 * bounded by the kept depth, whatever a frame holds.
 */
import type { BookUpdateBatch } from './book-frame';
import type { BookLevel, BookUpdate } from './types';

/**
 * One side of a book as `bookSide` and `BookView.side` expose it, read in place: `count`
 * levels, `price(i)` and `size(i)` of level `i` (0 = best: bids highest first, asks lowest
 * first), integer 1e-8 units (finery.md §9), `NaN` outside `[0, count)`. Nothing is
 * copied; the same object for the book's lifetime, valid until the book's next message:
 * read it synchronously.
 */
export interface BookSideView {
  /** Levels held (at most the book's `maxDepth` between messages). */
  readonly count: number;
  /** Price of level `index` (0 = best), integer 1e-8 units; `NaN` outside `[0, count)`. */
  price(index: number): number;
  /** Size of level `index` (0 = best), integer 1e-8 units; `NaN` outside `[0, count)`. */
  size(index: number): number;
}

/**
 * What `price(i)` and `size(i)` return outside `[0, count)`. A module constant, not the
 * global `NaN`: in the bundled benchmark, V8 (Node 20) compiled a caller's top-10 read of
 * both sides to about 65 ns per message with the global against 25 ns with this constant.
 */
const OUTSIDE = Number.NaN;

/**
 * One side of a book: `count` levels, best first, at `prices[start …]` and `sizes[start …]`
 * of two parallel buffers twice the side's capacity, with room on both ends. An insert or
 * removal shifts whichever part of the side is shorter — the levels better than it (moving
 * `start`) or those worse — so the updates near the top that a venue mostly sends move a
 * few levels, however deep the book. When an end is reached the levels are centred again.
 */
class BookSide implements BookSideView {
  readonly prices: Float64Array;
  readonly sizes: Float64Array;
  /** Index in `prices`/`sizes` of the best level. */
  start: number;
  count = 0;
  /**
   * Levels beyond the kept depth were dropped since the last snapshot, so an `M` or `-` on a
   * missing level worse than every kept one refers to a dropped level: it is ignored.
   */
  truncated = false;

  constructor(
    /** -1 for bids (prices descending), 1 for asks (ascending). */
    readonly sign: number,
    /** Levels the side can hold within one message. */
    readonly capacity: number,
  ) {
    this.prices = new Float64Array(2 * capacity);
    this.sizes = new Float64Array(2 * capacity);
    this.start = capacity >> 1;
  }

  price(index: number): number {
    return index >= 0 && index < this.count ? (this.prices[this.start + index] as number) : OUTSIDE;
  }

  size(index: number): number {
    return index >= 0 && index < this.count ? (this.sizes[this.start + index] as number) : OUTSIDE;
  }
}

/** Mutable book state maintained by `applyBookSnapshot` and `applyBookUpdates`. */
export interface BookState {
  readonly bids: BookSide;
  readonly asks: BookSide;
  /** Levels kept per side after each message; the venue publishes the top 25 (finery.md §7.1). */
  readonly maxDepth: number;
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
  return { bids: new BookSide(-1, capacity), asks: new BookSide(1, capacity), maxDepth };
}

/** Offset from `start` of the first level not better than `price` (asks: first price >= `price`, bids: first <= `price`). */
function lowerBound(side: BookSide, price: number): number {
  const prices = side.prices;
  const start = side.start;
  let low = start;
  let high = start + side.count;
  if (side.sign > 0) {
    while (low < high) {
      const mid = (low + high) >>> 1;
      if ((prices[mid] as number) < price) low = mid + 1;
      else high = mid;
    }
  } else {
    while (low < high) {
      const mid = (low + high) >>> 1;
      if ((prices[mid] as number) > price) low = mid + 1;
      else high = mid;
    }
  }
  return low - start;
}

/** Shifts of at most this many levels use a plain loop; longer ones `copyWithin` (a native memmove, faster beyond). */
const LOOP_SHIFT_MAX = 24;

/** Moves buffer entries `[from, to)` by `by` (negative: towards 0). */
function move(side: BookSide, from: number, to: number, by: number): void {
  const { prices, sizes } = side;
  if (to - from > LOOP_SHIFT_MAX) {
    prices.copyWithin(from + by, from, to);
    sizes.copyWithin(from + by, from, to);
  } else if (by < 0) {
    for (let i = from; i < to; i++) {
      prices[i + by] = prices[i] as number;
      sizes[i + by] = sizes[i] as number;
    }
  } else {
    for (let i = to - 1; i >= from; i--) {
      prices[i + by] = prices[i] as number;
      sizes[i + by] = sizes[i] as number;
    }
  }
}

/** Moves the levels to the middle of the buffers: room on both ends again. */
function centre(side: BookSide): void {
  const start = (side.prices.length - side.count) >> 1;
  move(side, side.start, side.start + side.count, start - side.start);
  side.start = start;
}

/** Inserts at `index` (offset from the best); at capacity the worst level (or the new one, if it is the worst) is dropped. */
function insertAt(side: BookSide, index: number, price: number, size: number): void {
  if (index >= side.capacity) {
    side.truncated = true;
    return;
  }
  if (side.count === side.capacity) {
    side.count--;
    side.truncated = true;
  }
  const count = side.count;
  if (index < count - index) {
    if (side.start === 0) centre(side);
    move(side, side.start, side.start + index, -1);
    side.start--;
  } else {
    if (side.start + count === side.prices.length) centre(side);
    move(side, side.start + index, side.start + count, 1);
  }
  side.prices[side.start + index] = price;
  side.sizes[side.start + index] = size;
  side.count = count + 1;
}

/** Removes the `n` levels from `index` (offset from the best) on. */
function removeAt(side: BookSide, index: number, n: number): void {
  const start = side.start;
  const count = side.count;
  if (index < count - index - n) {
    move(side, start, start + index, n);
    side.start = start + n;
  } else move(side, start + index + n, start + count, -n);
  side.count = count - n;
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
    const drop = lowerBound(side, price);
    if (drop > 0) removeAt(side, 0, drop);
    if (side.count > 0 && side.prices[side.start] === price) side.sizes[side.start] = size;
    else insertAt(side, 0, price, size);
    return undefined;
  }
  if (!(price > 0)) return `'${action}' with price ${price}`;
  const index = lowerBound(side, price);
  const exists = index < side.count && side.prices[side.start + index] === price;
  switch (action) {
    case '+':
      if (exists) return `'+' on existing level ${price}`;
      if (!(size > 0)) return `'+' with size ${size}`;
      insertAt(side, index, price, size);
      return undefined;
    case 'M':
      if (!exists) return index === side.count && side.truncated ? undefined : `'M' on missing level ${price}`;
      if (!(size > 0)) return `'M' with size ${size}`;
      side.sizes[side.start + index] = size;
      return undefined;
    case '-':
      if (!exists) return index === side.count && side.truncated ? undefined : `'-' on missing level ${price}`;
      removeAt(side, index, 1);
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

function applyBatchSide(side: BookSide, batch: BookUpdateBatch, from: number, to: number): string | undefined {
  const { actions, prices, sizes } = batch;
  for (let i = from; i < to; i++) {
    const reason = applyUpdate(side, actions[i] as string, prices[i] as number, sizes[i] as number);
    if (reason !== undefined) return `${side.sign < 0 ? 'bid' : 'ask'} ${reason}`;
  }
  return undefined;
}

function loadSide(side: BookSide, levels: readonly BookLevel[], maxDepth: number): string | undefined {
  side.count = 0;
  side.truncated = levels.length > maxDepth;
  const n = Math.min(levels.length, maxDepth);
  const start = (side.prices.length - n) >> 1;
  side.start = start;
  for (let i = 0; i < n; i++) {
    const level = levels[i] as BookLevel;
    const price = level[0];
    const size = level[1];
    if (!(price > 0 && size > 0)) return `snapshot level [${price}, ${size}] is not positive`;
    if (i > 0 && !(side.sign * (side.prices[start + i - 1] as number) < side.sign * price)) {
      return `snapshot ${side.sign < 0 ? 'bids' : 'asks'} out of order at ${price}`;
    }
    side.prices[start + i] = price;
    side.sizes[start + i] = size;
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
    const bestBid = state.bids.prices[state.bids.start] as number;
    const bestAsk = state.asks.prices[state.asks.start] as number;
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

/**
 * `applyBookUpdates` for a message scanned by `scanBookUpdates` (the client's fast path):
 * the same updates in the same order, the same result.
 */
export function applyBookBatch(state: BookState, batch: BookUpdateBatch): string | undefined {
  const end = batch.bids + batch.asks;
  return applyBatchSide(state.bids, batch, 0, batch.bids) ?? applyBatchSide(state.asks, batch, batch.bids, end) ?? finish(state);
}

/** Copies the best `depth` levels (default all) of one side out as new `[price, size]` pairs: bids descending, asks ascending. */
export function bookLevels(state: BookState, side: 'bids' | 'asks', depth = Infinity): BookLevel[] {
  // Made at its final length: no growth while filling it.
  return readLevels(state, side, depth, new Array(Math.max(0, Math.min(state[side].count, depth))));
}

/**
 * One side of the live book, read in place without copying (the fastest read): `count`,
 * `price(i)`, `size(i)`, best first. The same object on every call; valid until the next
 * message applied to `state`.
 */
export function bookSide(state: BookState, side: 'bids' | 'asks'): BookSideView {
  return state[side];
}

/** Levels held on one side (at most `maxDepth` between messages). */
export function bookDepth(state: BookState, side: 'bids' | 'asks'): number {
  return state[side].count;
}

/** Price of the level at `index` (0 = best) of one side, integer 1e-8 units; `undefined` beyond the side. */
export function levelPrice(state: BookState, side: 'bids' | 'asks', index: number): number | undefined {
  const s = state[side];
  return index >= 0 && index < s.count ? (s.prices[s.start + index] as number) : undefined;
}

/** Size of the level at `index` (0 = best) of one side, integer 1e-8 units; `undefined` beyond the side. */
export function levelSize(state: BookState, side: 'bids' | 'asks', index: number): number | undefined {
  const s = state[side];
  return index >= 0 && index < s.count ? (s.sizes[s.start + index] as number) : undefined;
}

/**
 * Writes the best `n` levels of one side into `into` as `[price, size]` pairs, reusing the
 * pairs already there, and sets `into.length` to the levels written. Allocates only the pairs
 * `into` lacks.
 */
export function readLevels(state: BookState, side: 'bids' | 'asks', n: number, into: [number, number][]): [number, number][] {
  const s = state[side];
  const count = Math.max(0, Math.min(s.count, n));
  for (let i = 0; i < count; i++) {
    const price = s.prices[s.start + i] as number;
    const size = s.sizes[s.start + i] as number;
    const pair = into[i];
    if (pair) {
      pair[0] = price;
      pair[1] = size;
    } else into[i] = [price, size];
  }
  // The length setter is a runtime call even when nothing changes: skip it on a steady reader.
  if (into.length !== count) into.length = count;
  return into;
}
