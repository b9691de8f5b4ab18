/**
 * The order books of figure 2, fed one identical update sequence: `@org/finery`'s book engine,
 * a plain sorted array with `splice`, ccxt's `OrderBook` and tardis-dev's `OrderBook`. Each
 * library gets the sequence in its own input shape (prepared before timing) and reads the
 * top 10 levels of both sides after every update; `replay` returns the final book so that
 * the figure and its test can check that every library ends on the identical book.
 */
import { applyBookSnapshot, applyBookUpdates, bookLevels, bookSide, createBookState } from '@org/finery';
import type { BookUpdate } from '@org/finery';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { OrderBook as TardisOrderBook } from 'tardis-dev';
import type { BookChange } from 'tardis-dev';

/** `[price, size]`, integer 1e-8 units (finery.md §9). */
export type Pair = [price: number, size: number];

/** One level update of a generated sequence: `+` new level, `M` new size, `-` removal (finery.md §7.1). */
export interface SequenceUpdate {
  readonly bid: boolean;
  readonly action: '+' | 'M' | '-';
  readonly price: number;
  /** 0 for `-`. */
  readonly size: number;
}

/** A book of about `depth` levels per side and incremental update messages on it. */
export interface BookSequence {
  readonly depth: number;
  /** Best first: bids descending, asks ascending. */
  readonly snapshot: { readonly bids: Pair[]; readonly asks: Pair[] };
  /** Incremental update messages: 1 to 5 level updates each, bids before asks (finery.md §7.1). */
  readonly messages: readonly (readonly SequenceUpdate[])[];
  /** Level updates in all messages. */
  readonly levelUpdates: number;
}

/** Both sides, best first. */
export interface FinalBook {
  bids: Pair[];
  asks: Pair[];
}

const MID = 30_000 * 1e8;
const TICK = 1e6;

/** A seeded xorshift32 in [0, 1). */
function random(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 4294967296;
  };
}

/**
 * A seeded random book of at most `depth` levels per side (prices on `2 × depth` ticks each
 * side of a fixed mid, so never crossed) and `count` incremental update messages of 1 to 5
 * level updates on it (bids first, then asks), activity concentrated near the top as on a
 * venue (tick distance `2 × depth × u²`): `M` or `-` on an existing level (35 % removals),
 * `+` on a missing one while the side has room; a level is touched at most once per message.
 */
export function generateBookSequence(depth: number, count: number, seed = 7): BookSequence {
  const next = random(seed);
  const sides = [new Map<number, number>(), new Map<number, number>()];
  const size = () => (1 + Math.floor(next() * 1000)) * TICK;
  const priceOf = (bid: boolean, ticks: number) => (bid ? MID - ticks * TICK : MID + ticks * TICK);
  for (const [s, side] of sides.entries()) {
    for (let ticks = 1; ticks <= 2 * depth && side.size < depth; ticks++) if (next() < 0.45) side.set(priceOf(s === 0, ticks), size());
  }
  const best = (bid: boolean): Pair[] => [...(sides[bid ? 0 : 1] as Map<number, number>).entries()].sort((a, b) => (bid ? b[0] - a[0] : a[0] - b[0]));
  const snapshot = { bids: best(true), asks: best(false) };
  const messages: SequenceUpdate[][] = [];
  let levelUpdates = 0;
  while (messages.length < count) {
    const length = 1 + Math.floor(next() * 5);
    const updates: SequenceUpdate[] = [];
    for (let attempt = 0; updates.length < length && attempt < 20; attempt++) {
      const bid = next() < 0.5;
      const side = sides[bid ? 0 : 1] as Map<number, number>;
      const u = next();
      const price = priceOf(bid, 1 + Math.floor(2 * depth * u * u));
      if (updates.some((update) => update.price === price)) continue;
      if (side.has(price)) {
        if (next() < 0.35) {
          side.delete(price);
          updates.push({ bid, action: '-', price, size: 0 });
        } else {
          const s = size();
          side.set(price, s);
          updates.push({ bid, action: 'M', price, size: s });
        }
      } else if (side.size < depth) {
        const s = size();
        side.set(price, s);
        updates.push({ bid, action: '+', price, size: s });
      }
    }
    if (updates.length === 0) continue;
    updates.sort((a, b) => Number(b.bid) - Number(a.bid));
    messages.push(updates);
    levelUpdates += updates.length;
  }
  return { depth, snapshot, messages, levelUpdates };
}

/** One library under test: `prepare` shapes the sequence (untimed), `replay` applies it. */
export interface BookPeer<P = unknown> {
  readonly name: string;
  prepare(sequence: BookSequence): P;
  /**
   * Loads the snapshot (untimed), then applies every message and reads the top 10 levels of
   * both sides after each; returns the ms spent on messages and reads, a checksum of what
   * was read, and the final book.
   */
  replay(prepared: P): { ms: number; checksum: number; book: () => FinalBook };
}

const TOP = 10;

/** `@org/finery`'s engine: one `applyBookUpdates` per message, the top 10 read in place with `bookSide` (as `BookView.side`). */
export const ours: BookPeer<{
  sequence: BookSequence;
  messages: [BookUpdate[], BookUpdate[]][];
}> = {
  name: '@org/finery',
  prepare(sequence) {
    const level = (u: SequenceUpdate): BookUpdate => [u.action, u.price, u.size];
    const messages = sequence.messages.map((m): [BookUpdate[], BookUpdate[]] => [m.filter((u) => u.bid).map(level), m.filter((u) => !u.bid).map(level)]);
    return { sequence, messages };
  },
  replay({ sequence, messages }) {
    const state = createBookState(sequence.depth);
    const failure = applyBookSnapshot(state, sequence.snapshot.bids, sequence.snapshot.asks);
    if (failure !== undefined) throw new Error(`snapshot rejected: ${failure}`);
    const bids = bookSide(state, 'bids');
    const asks = bookSide(state, 'asks');
    let checksum = 0;
    const t0 = performance.now();
    for (let m = 0; m < messages.length; m++) {
      const message = messages[m] as [BookUpdate[], BookUpdate[]];
      const reason = applyBookUpdates(state, message[0], message[1]);
      if (reason !== undefined) throw new Error(`message ${m} rejected: ${reason}`);
      const nb = Math.min(TOP, bids.count);
      for (let i = 0; i < nb; i++) checksum += bids.size(i);
      const na = Math.min(TOP, asks.count);
      for (let i = 0; i < na; i++) checksum += asks.size(i);
    }
    const ms = performance.now() - t0;
    return {
      ms,
      checksum,
      book: () => ({
        bids: bookLevels(state, 'bids') as Pair[],
        asks: bookLevels(state, 'asks') as Pair[],
      }),
    };
  },
};

/** One side of the plain book: parallel number arrays, best first. */
interface PlainSide {
  prices: number[];
  sizes: number[];
  /** -1 for bids (highest first), 1 for asks. */
  readonly sign: number;
}

/** Index of the first level not better than `price`. */
function plainFind(side: PlainSide, price: number): number {
  const { prices, sign } = side;
  const key = sign * price;
  let low = 0;
  let high = prices.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (sign * (prices[mid] as number) < key) low = mid + 1;
    else high = mid;
  }
  return low;
}

/**
 * The straightforward order book a user writes: per side sorted number arrays (prices,
 * sizes) best first, binary search, `splice`; `+ M - ~` as finery.md §7.1 (an `M` or `-` on
 * a missing level is ignored), trimmed to `maxDepth` on `trim()`. The baseline of figure 2
 * and the book of the raw client of the end-to-end book figure.
 */
export class PlainBook {
  readonly bids: PlainSide = { prices: [], sizes: [], sign: -1 };
  readonly asks: PlainSide = { prices: [], sizes: [], sign: 1 };

  constructor(readonly maxDepth = Number.POSITIVE_INFINITY) {}

  /** Replaces both sides (`[price, size]`, best first). */
  load(bids: readonly (readonly [number, number])[], asks: readonly (readonly [number, number])[]): void {
    for (const [side, levels] of [[this.bids, bids], [this.asks, asks]] as const) {
      side.prices = levels.map((level) => level[0]);
      side.sizes = levels.map((level) => level[1]);
    }
  }

  /** Applies one level update. */
  apply(bid: boolean, action: string, price: number, size: number): void {
    const side = bid ? this.bids : this.asks;
    if (action === '~') {
      if (price === 0) {
        side.prices.length = 0;
        side.sizes.length = 0;
        return;
      }
      const drop = plainFind(side, price);
      side.prices.splice(0, drop);
      side.sizes.splice(0, drop);
      if (side.prices[0] === price) side.sizes[0] = size;
      else {
        side.prices.unshift(price);
        side.sizes.unshift(size);
      }
      return;
    }
    const index = plainFind(side, price);
    const exists = side.prices[index] === price;
    if (action === '+') {
      if (exists) return;
      side.prices.splice(index, 0, price);
      side.sizes.splice(index, 0, size);
    } else if (!exists) return;
    else if (action === 'M') side.sizes[index] = size;
    else if (action === '-') {
      side.prices.splice(index, 1);
      side.sizes.splice(index, 1);
    }
  }

  /** Drops the levels beyond `maxDepth`. */
  trim(): void {
    for (const side of [this.bids, this.asks]) {
      if (side.prices.length > this.maxDepth) {
        side.prices.length = this.maxDepth;
        side.sizes.length = this.maxDepth;
      }
    }
  }

  /** The read of every figure: the sum of the sizes of the best `n` levels of both sides. */
  top(n: number): number {
    let sum = 0;
    const nb = Math.min(n, this.bids.sizes.length);
    for (let i = 0; i < nb; i++) sum += this.bids.sizes[i] as number;
    const na = Math.min(n, this.asks.sizes.length);
    for (let i = 0; i < na; i++) sum += this.asks.sizes[i] as number;
    return sum;
  }

  /** Both sides as `[price, size]` pairs, best first. */
  levels(): FinalBook {
    const pairs = (side: PlainSide): Pair[] => side.prices.map((price, i) => [price, side.sizes[i] as number]);
    return { bids: pairs(this.bids), asks: pairs(this.asks) };
  }
}

/** The plain sorted-array book ({@link PlainBook}): `apply` per level update, the top 10 read by index. */
export const sortedArray: BookPeer<BookSequence> = {
  name: 'sorted array + splice',
  prepare: (sequence) => sequence,
  replay(sequence) {
    const book = new PlainBook();
    book.load(sequence.snapshot.bids, sequence.snapshot.asks);
    const messages = sequence.messages;
    let checksum = 0;
    const t0 = performance.now();
    for (let m = 0; m < messages.length; m++) {
      const message = messages[m] as readonly SequenceUpdate[];
      for (let k = 0; k < message.length; k++) {
        const u = message[k] as SequenceUpdate;
        book.apply(u.bid, u.action, u.price, u.size);
      }
      checksum += book.top(TOP);
    }
    const ms = performance.now() - t0;
    return { ms, checksum, book: () => book.levels() };
  },
};

/** ccxt's book as `Exchange.orderBook()` builds it, i.e. ccxt's `OrderBook`. */
interface CcxtOrderBook {
  bids: Pair[] & { store(price: number, size: number): void };
  asks: Pair[] & { store(price: number, size: number): void };
  limit(): unknown;
}

/**
 * ccxt's `OrderBook` class (the one `Exchange.orderBook(snapshot, depth)` returns), loaded from
 * its own module: the package entry also loads ESM-only signing dependencies, which Jest
 * cannot `require`, and the class is not exported at the top level.
 */
const load = createRequire(__filename);
const CcxtBook = (
  load(join(dirname(load.resolve('ccxt')), 'cjs/src/base/ws/OrderBook.js')) as {
    OrderBook: new (snapshot: object, depth: number) => CcxtOrderBook;
  }
).OrderBook;

/** ccxt's `OrderBook` (as `Exchange.orderBook(snapshot, depth)` builds it): `store(price, size)` per level update (size 0 removes), `limit()` per message, the top 10 read by index. */
export const ccxt: BookPeer<{
  sequence: BookSequence;
  messages: [boolean, number, number][][];
}> = {
  name: 'ccxt OrderBook',
  prepare: (sequence) => ({
    sequence,
    messages: sequence.messages.map((m) => m.map((u): [boolean, number, number] => [u.bid, u.price, u.size])),
  }),
  replay({ sequence, messages }) {
    const book = new CcxtBook({ bids: sequence.snapshot.bids, asks: sequence.snapshot.asks }, sequence.depth);
    const { bids, asks } = book;
    let checksum = 0;
    const t0 = performance.now();
    for (let m = 0; m < messages.length; m++) {
      const message = messages[m] as [boolean, number, number][];
      for (let k = 0; k < message.length; k++) {
        const d = message[k] as [boolean, number, number];
        (d[0] ? bids : asks).store(d[1], d[2]);
      }
      book.limit();
      const nb = Math.min(TOP, bids.length);
      for (let i = 0; i < nb; i++) checksum += (bids[i] as Pair)[1];
      const na = Math.min(TOP, asks.length);
      for (let i = 0; i < na; i++) checksum += (asks[i] as Pair)[1];
    }
    const ms = performance.now() - t0;
    const pairs = (side: Pair[]): Pair[] => Array.from(side, (level) => [level[0], level[1]]);
    return {
      ms,
      checksum,
      book: () => ({ bids: pairs(bids), asks: pairs(asks) }),
    };
  },
};

/** tardis-dev's `OrderBook` (a red-black tree per side): one `update(bookChange)` per message (amount 0 removes), the top 10 read from `bids()`/`asks()`. */
export const tardis: BookPeer<{ snapshot: BookChange; changes: BookChange[] }> = {
  name: 'tardis-dev OrderBook',
  prepare(sequence) {
    const time = new Date(0);
    const change = (isSnapshot: boolean, bids: Pair[], asks: Pair[]): BookChange => ({
      type: 'book_change',
      symbol: 'BTC-USD',
      exchange: 'bitmex',
      isSnapshot,
      bids: bids.map(([price, amount]) => ({ price, amount })),
      asks: asks.map(([price, amount]) => ({ price, amount })),
      timestamp: time,
      localTimestamp: time,
    });
    const pairs = (updates: readonly SequenceUpdate[]): Pair[] => updates.map((u) => [u.price, u.size]);
    return {
      snapshot: change(true, sequence.snapshot.bids, sequence.snapshot.asks),
      changes: sequence.messages.map((m) => change(false, pairs(m.filter((u) => u.bid)), pairs(m.filter((u) => !u.bid)))),
    };
  },
  replay({ snapshot, changes }) {
    const book = new TardisOrderBook();
    book.update(snapshot);
    let checksum = 0;
    const t0 = performance.now();
    for (let m = 0; m < changes.length; m++) {
      book.update(changes[m] as BookChange);
      let n = 0;
      for (const level of book.bids()) {
        checksum += level.amount;
        if (++n === TOP) break;
      }
      n = 0;
      for (const level of book.asks()) {
        checksum += level.amount;
        if (++n === TOP) break;
      }
    }
    const ms = performance.now() - t0;
    const pairs = (levels: Iterable<{ price: number; amount: number }>): Pair[] => Array.from(levels, (level) => [level.price, level.amount]);
    return {
      ms,
      checksum,
      book: () => ({ bids: pairs(book.bids()), asks: pairs(book.asks()) }),
    };
  },
};

/** Every library of figure 2; `ours` first. */
export const BOOK_PEERS: readonly BookPeer[] = [ours, sortedArray, ccxt, tardis] as BookPeer[];
