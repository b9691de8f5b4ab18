import fc from 'fast-check';
import { applyBookSnapshot, applyBookUpdates, bookLevels, bookSide, createBookState, readLevels } from './book';
import type { BookLevel, BookUpdate } from './types';

const book = (bids: BookLevel[], asks: BookLevel[]) => {
  const state = createBookState();
  expect(applyBookSnapshot(state, bids, asks)).toBeUndefined();
  return state;
};
const levels = (state: ReturnType<typeof createBookState>) => [bookLevels(state, 'bids'), bookLevels(state, 'asks')];

describe('order book engine (finery.md §7.1)', () => {
  it('applies + M - in order, bids then asks', () => {
    const state = book([[100, 1], [90, 2]], [[110, 3]]);
    expect(applyBookUpdates(state, [['+', 95, 4], ['M', 100, 5], ['-', 90, 0]], [['+', 120, 6], ['+', 105, 7]])).toBeUndefined();
    expect(levels(state)).toEqual([[[100, 5], [95, 4]], [[105, 7], [110, 3], [120, 6]]]);
  });

  it('~ drops levels above the new top and sets it; ["~",0,0] empties the side (documented example)', () => {
    const state = book([[12_500_000_000, 1], [12_400_000_000, 1], [12_300_000_000, 9], [12_000_000_000, 2]], [[13_000_000_000, 1]]);
    expect(applyBookUpdates(state, [['~', 12_300_000_000, 100_000_000]], [['~', 0, 0]])).toBeUndefined();
    expect(levels(state)).toEqual([[[12_300_000_000, 100_000_000], [12_000_000_000, 2]], []]);
    expect(applyBookUpdates(state, [['~', 12_100_000_000, 5]], [['~', 12_900_000_000, 1]])).toBeUndefined();
    expect(levels(state)).toEqual([[[12_100_000_000, 5], [12_000_000_000, 2]], [[12_900_000_000, 1]]]);
  });

  it.each<[string, BookUpdate[], BookUpdate[], RegExp]>([
    ['+ on an existing level', [['+', 100, 1]], [], /existing level 100/],
    ['M on a missing level', [['M', 99, 1]], [], /missing level 99/],
    ['- on a missing level', [], [['-', 111, 0]], /ask '-' on missing level 111/],
    ['a zero size', [['M', 100, 0]], [], /size 0/],
    ['a crossed result', [['+', 115, 1]], [], /crossed book: best bid 115 >= best ask 110/],
  ])('reports %s', (_name, bids, asks, reason) => {
    expect(applyBookUpdates(book([[100, 1]], [[110, 1]]), bids, asks)).toMatch(reason);
  });

  it('rejects unsorted or crossed snapshots and trims to 25 levels per side', () => {
    expect(applyBookSnapshot(createBookState(), [[90, 1], [100, 1]], [])).toMatch(/out of order/);
    expect(applyBookSnapshot(createBookState(), [[100, 1]], [[100, 1]])).toMatch(/crossed/);
    const deep = Array.from({ length: 40 }, (_, i): BookLevel => [1000 - i, 1]);
    const state = book(deep, []);
    expect(bookLevels(state, 'bids')).toHaveLength(25);
    expect(applyBookUpdates(state, [['+', 2000, 1]], [])).toBeUndefined();
    expect(bookLevels(state, 'bids')[24]).toEqual([977, 1]);
  });

  it('keeps a level pushed out and back within one message, and drops levels far beyond the depth', () => {
    const full = Array.from({ length: 25 }, (_, i): BookLevel => [1000 - i, 1]);
    const state = book(full, []);
    // The venue's own pattern: a new top pushes the 25th level out, then `-` removes it.
    expect(applyBookUpdates(state, [['+', 2000, 1], ['-', 976, 0]], [])).toBeUndefined();
    expect(bookLevels(state, 'bids')).toEqual([[2000, 1], ...full.slice(0, 24)]);
    // A level pushed below the kept depth and pulled back up by a removal in the same message.
    expect(applyBookUpdates(state, [['+', 10, 3], ['-', 2000, 0]], [])).toBeUndefined();
    expect(bookLevels(state, 'bids')).toEqual([...full.slice(0, 24), [10, 3]]);
    // 40 000 insertions in one message: each costs one binary search once the side is full.
    const flood = Array.from({ length: 40_000 }, (_, i): BookUpdate => ['+', 500 - i / 100, 1]);
    expect(applyBookUpdates(state, flood, [])).toBeUndefined();
    expect(bookLevels(state, 'bids')).toEqual([...full.slice(0, 24), [500, 1]]);
    // `M`/`-` on levels that were dropped beyond the depth are not inconsistencies.
    expect(applyBookUpdates(state, [['-', 1, 0], ['M', 2, 5]], [])).toBeUndefined();
    expect(applyBookUpdates(state, [['-', 999.5, 0]], [])).toMatch(/missing level 999.5/);
  });

  it('keeps deep books (1 000 and 5 000 levels) equal to a sorted model', () => {
    for (const depth of [1_000, 5_000]) {
      const state = createBookState(depth);
      const asks = Array.from({ length: depth }, (_, i): BookLevel => [2 * (i + 1), 1]);
      expect(applyBookSnapshot(state, [], asks)).toBeUndefined();
      expect(applyBookUpdates(state, [], [['+', 3, 7], ['-', 2, 0], ['+', 2 * depth + 1, 1]])).toBeUndefined();
      const expected = [[3, 7], ...asks.slice(1)].slice(0, depth);
      expect(bookLevels(state, 'asks')).toEqual(expected);
    }
    expect(() => createBookState(0)).toThrow(RangeError);
  });

  it('matches a plain sorted-map model on random update sequences', () => {
    const price = fc.integer({ min: 1, max: 60 });
    const update = fc.tuple(fc.constantFrom('+', 'M', '-', '~'), price, fc.integer({ min: 1, max: 9 }));
    fc.assert(
      fc.property(fc.array(update, { maxLength: 200 }), (updates) => {
        const state = createBookState(100);
        const model = new Map<number, number>();
        for (const [action, p, size] of updates) {
          const reason = applyBookUpdates(state, [], [[action, p, size] as BookUpdate]);
          const exists = model.has(p);
          if ((action === '+' && exists) || ((action === 'M' || action === '-') && !exists)) {
            expect(reason).toBeDefined();
            return;
          }
          expect(reason).toBeUndefined();
          if (action === '-') model.delete(p);
          else if (action === '~') {
            for (const k of [...model.keys()]) if (k < p) model.delete(k);
            model.set(p, size);
          } else model.set(p, size);
          expect(bookLevels(state, 'asks')).toEqual([...model].sort((a, b) => a[0] - b[0]));
        }
      }),
    );
  });
});

describe('bookSide: the levels read in place', () => {
  // At most 25 levels per side (ticks 1-24 and the snapshot's), so nothing is trimmed.
  it('holds the same levels as bookLevels, best first, after inserts, shifts and removals on both sides', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 1, max: 24 }), fc.integer({ min: 1, max: 9 })), { maxLength: 200 }), (steps) => {
        const state = book([[1000, 1]], [[2000, 1]]);
        const held = [new Map<number, number>([[1000, 1]]), new Map<number, number>([[2000, 1]])];
        for (const [bid, tick, size] of steps) {
          const price = bid ? 1000 - tick : 2000 + tick;
          const side = held[bid ? 0 : 1] as Map<number, number>;
          const update: BookUpdate = side.has(price) ? (size > 6 ? ['-', price, 0] : ['M', price, size]) : ['+', price, size];
          if (update[0] === '-') side.delete(price);
          else side.set(price, size);
          expect(applyBookUpdates(state, bid ? [update] : [], bid ? [] : [update])).toBeUndefined();
        }
        for (const name of ['bids', 'asks'] as const) {
          const view = bookSide(state, name);
          const read = Array.from({ length: view.count }, (_, i): BookLevel => [view.price(i), view.size(i)]);
          expect(read).toEqual(bookLevels(state, name));
        }
        expect(bookSide(state, 'bids')).toBe(bookSide(state, 'bids'));
      }),
    );
  });

  // The levels sit in the middle of buffers twice the side's capacity; a market drifting one
  // way moves them towards an end, where they are centred again. Thousands of steps each way
  // cross both ends many times; the book must stay exact throughout.
  it.each([
    ['up', 1],
    ['down', -1],
  ])('stays exact while the market drifts %s far past both ends of its buffers (re-centring)', (_, direction) => {
    const depth = 5;
    const state = createBookState(depth);
    const model = new Map(Array.from({ length: depth }, (_, i): BookLevel => [1_000_000 - i, 1 + i]));
    expect(applyBookSnapshot(state, [...model], [])).toBeUndefined();
    for (let step = 0; step < 2_000; step++) {
      const prices = [...model.keys()].sort((x, y) => y - x);
      const best = prices[0] as number;
      const worst = prices[prices.length - 1] as number;
      // Up: a new best bid, the worst removed (prefix shifts move `start` towards 0). Down:
      // the best removed, a new worst added (`start` moves towards the end).
      const updates: BookUpdate[] = direction > 0 ? [['+', best + 1, step + 1], ['-', worst, 0]] : [['-', best, 0], ['+', worst - 1, step + 1]];
      for (const [action, price, size] of updates) {
        if (action === '-') model.delete(price);
        else model.set(price, size);
      }
      expect(applyBookUpdates(state, updates, [])).toBeUndefined();
      expect(bookLevels(state, 'bids')).toEqual([...model].sort((x, y) => y[0] - x[0]));
    }
    const view = bookSide(state, 'bids');
    expect(view.price(0)).toBe(1_000_000 + 2_000 * direction);
    expect([view.price(depth), view.size(-1)]).toEqual([NaN, NaN]);
  });

  it('readLevels reuses the pairs of `into` and trims it to the levels there are', () => {
    const state = book([[100, 1], [90, 2], [80, 3]], [[110, 4]]);
    const into: [number, number][] = [];
    const first = readLevels(state, 'bids', 2, into);
    const pair = first[0];
    expect(readLevels(state, 'bids', 2, into)).toEqual([[100, 1], [90, 2]]);
    expect(into[0]).toBe(pair);
    expect(readLevels(state, 'asks', 5, into)).toEqual([[110, 4]]);
  });
});
