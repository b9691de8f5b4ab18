import { createSeededRandom } from '../random';
import { createMarketBook, FINERY_BOOK_DEPTH, MAX_SPREAD_TICKS, randomStep, replaceLevels } from './market';
import type { MarketBook } from './market';
import { FINERY_INSTRUMENTS } from './reference';

/** Market events per run: at the simulator's default 5 per second, about 1 hour 40 minutes of one instrument. */
const STEPS = 30_000;

/** Spread and mid of the book, and the distance from each side's best to its 25th level, in ticks. */
const measure = (book: MarketBook) => {
  const { bids, asks } = book;
  const bid = bids.levels[0]!.price;
  const ask = asks.levels[0]!.price;
  const last = FINERY_BOOK_DEPTH - 1;
  return {
    spreadTicks: (ask - bid) / book.spec.tick,
    mid: (bid + ask) / 2,
    spanTicks: Math.min(bid - bids.levels[last]!.price, asks.levels[last]!.price - ask) / book.spec.tick,
    maxSpanTicks: Math.max(bid - bids.levels[last]!.price, asks.levels[last]!.price - ask) / book.spec.tick,
  };
};

test.each(FINERY_INSTRUMENTS.flatMap((spec) => [1, 42].map((seed) => [spec.name, seed, spec] as const)))(
  '%s, seed %i: over many steps the spread stays within bounds, the mid reverts, the levels are spread out',
  (_name, seed, spec) => {
    const rng = createSeededRandom(seed);
    const book = createMarketBook(spec, rng);
    let maxSpread = 0;
    let maxDeviation = 0;
    let minSpan = Infinity;
    let maxSpan = 0;
    let thinSteps = 0;
    for (let step = 0; step < STEPS; step++) {
      randomStep(book, rng, () => undefined);
      if (book.bids.levels.length < FINERY_BOOK_DEPTH || book.asks.levels.length < FINERY_BOOK_DEPTH) {
        thinSteps++;
        continue;
      }
      const { spreadTicks, mid, spanTicks, maxSpanTicks } = measure(book);
      if (spreadTicks > maxSpread) maxSpread = spreadTicks;
      maxDeviation = Math.max(maxDeviation, Math.abs(mid - spec.mid) / spec.mid);
      if (spanTicks < minSpan) minSpan = spanTicks;
      if (maxSpanTicks > maxSpan) maxSpan = maxSpanTicks;
    }
    expect(thinSteps).toBe(0);
    // Never crossed or locked (a positive spread), never wider than the bound.
    expect(book.asks.levels[0]!.price).toBeGreaterThan(book.bids.levels[0]!.price);
    expect(maxSpread).toBeLessThanOrEqual(MAX_SPREAD_TICKS);
    // The mid wanders but comes back: within 1 % of the reference mid all along.
    expect(maxDeviation).toBeLessThan(0.01);
    // The published 25 levels of a side span tens to a few hundred ticks: neither crammed nor scattered.
    expect(minSpan).toBeGreaterThanOrEqual(24);
    expect(maxSpan).toBeLessThan(1_000);
    for (const level of [...book.bids.levels, ...book.asks.levels]) {
      expect(level.price % spec.tick).toBe(0);
      expect(level.size).toBeGreaterThan(0);
    }
  },
);

test('a book set by hand becomes the fair price: a wide spread is narrowed around its mid on the next step', () => {
  const spec = FINERY_INSTRUMENTS[0]!;
  const rng = createSeededRandom(7);
  const book = createMarketBook(spec, rng);
  const tick = spec.tick;
  replaceLevels(book, [[spec.mid - 1_000 * tick, spec.lot]], [[spec.mid + 1_000 * tick, spec.lot]]);
  randomStep(book, rng, () => undefined);
  const { spreadTicks, mid } = measure(book);
  expect(spreadTicks).toBeLessThanOrEqual(MAX_SPREAD_TICKS);
  expect(Math.abs(mid - spec.mid)).toBeLessThanOrEqual(10 * tick);
});
