/**
 * The plain reference order book of figure 2: each side a pair of ordinary arrays (prices,
 * sizes) kept sorted best first, found by binary search, changed with `splice`. Same
 * semantics as finery.md §7.1 (`+ M - ~`, bids then asks, top 25 kept) without the error
 * reporting, so it is the fastest straightforward implementation to compare against.
 */

/** `[action, price, size]` (finery.md §7.1), integer 1e-8 units. */
export type LevelUpdate = readonly [action: '+' | 'M' | '-' | '~', price: number, size: number];

interface Side {
  prices: number[];
  sizes: number[];
  /** Bids: best is the highest price. */
  readonly descending: boolean;
}

/** A book: `bids` best (highest) first, `asks` best (lowest) first. */
export interface ReferenceBook {
  readonly bids: Side;
  readonly asks: Side;
  readonly maxDepth: number;
}

/** An empty reference book keeping `maxDepth` levels per side (default 25). */
export function createReferenceBook(maxDepth = 25): ReferenceBook {
  return { bids: { prices: [], sizes: [], descending: true }, asks: { prices: [], sizes: [], descending: false }, maxDepth };
}

/** Index of the first level at `price` or worse. */
function find(side: Side, price: number): number {
  const { prices, descending } = side;
  let low = 0;
  let high = prices.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    const level = prices[mid] as number;
    if (descending ? level > price : level < price) low = mid + 1;
    else high = mid;
  }
  return low;
}

function apply(side: Side, action: string, price: number, size: number): void {
  if (action === '~') {
    if (price === 0) {
      side.prices.length = 0;
      side.sizes.length = 0;
      return;
    }
    const drop = find(side, price);
    side.prices.splice(0, drop);
    side.sizes.splice(0, drop);
    if (side.prices[0] === price) side.sizes[0] = size;
    else {
      side.prices.unshift(price);
      side.sizes.unshift(size);
    }
    return;
  }
  const index = find(side, price);
  const exists = side.prices[index] === price;
  if (action === '+' && !exists) {
    side.prices.splice(index, 0, price);
    side.sizes.splice(index, 0, size);
  } else if (action === 'M' && exists) side.sizes[index] = size;
  else if (action === '-' && exists) {
    side.prices.splice(index, 1);
    side.sizes.splice(index, 1);
  }
}

/** Replaces the book with a snapshot (`[price, size]` best first). */
export function loadReferenceBook(book: ReferenceBook, bids: readonly (readonly [number, number])[], asks: readonly (readonly [number, number])[]): void {
  book.bids.prices = bids.map((level) => level[0]);
  book.bids.sizes = bids.map((level) => level[1]);
  book.asks.prices = asks.map((level) => level[0]);
  book.asks.sizes = asks.map((level) => level[1]);
}

/** Applies one incremental message: bid updates in order, then ask updates, then trims to `maxDepth`. */
export function applyReferenceUpdates(book: ReferenceBook, bids: readonly LevelUpdate[], asks: readonly LevelUpdate[]): void {
  for (const [action, price, size] of bids) apply(book.bids, action, price, size);
  for (const [action, price, size] of asks) apply(book.asks, action, price, size);
  for (const side of [book.bids, book.asks]) {
    if (side.prices.length > book.maxDepth) {
      side.prices.length = book.maxDepth;
      side.sizes.length = book.maxDepth;
    }
  }
}

/** One side as `[price, size]` pairs, best first. */
export const referenceLevels = (book: ReferenceBook, side: 'bids' | 'asks'): [number, number][] =>
  book[side].prices.map((price, i) => [price, book[side].sizes[i] as number]);
