import fc from 'fast-check';

/** `[price, size]` pairs, integers in 1e-8 units. */
export type Level = [number, number];

/**
 * An uncrossed book with at most `depth` levels per side: bid prices below `mid`, ask prices
 * above, bids descending, asks ascending (finery.md §7.1).
 */
export function bookArbitrary(mid = 1_000, depth = 25): fc.Arbitrary<{ bids: Level[]; asks: Level[] }> {
  const side = (min: number, max: number, descending: boolean) =>
    fc
      .uniqueArray(fc.tuple(fc.integer({ min, max }), fc.integer({ min: 1, max: 1e9 })), { selector: ([price]) => price, maxLength: depth })
      .map((levels) => levels.map(([price, size]): Level => [price * 1e5, size]).sort(([a], [b]) => (descending ? b - a : a - b)));
  return fc.record({ bids: side(1, mid - 1, true), asks: side(mid + 1, 2 * mid, false) });
}

/** One side of a book as a map, for a reference model. */
export type SideModel = Map<number, number>;

/** The model's side sorted best first. */
export function sideLevels(side: SideModel, descending: boolean): Level[] {
  return [...side].sort(([a], [b]) => (descending ? b - a : a - b));
}

/**
 * Problems of a book as a client shows it: prices and sizes positive safe integers, bids
 * strictly descending, asks strictly ascending, best bid below best ask, at most `depth`
 * levels. Empty when the book is sound.
 */
export function bookDefects(bids: readonly (readonly number[])[], asks: readonly (readonly number[])[], depth = Infinity, integers = true): string[] {
  const defects: string[] = [];
  const check = (levels: readonly (readonly number[])[], name: string, descending: boolean) => {
    if (levels.length > depth) defects.push(`${name}: ${levels.length} levels > ${depth}`);
    levels.forEach((level, i) => {
      const [price, size] = level as [number, number];
      const ok = (v: number) => (integers ? Number.isSafeInteger(v) : Number.isFinite(v)) && v > 0;
      if (!ok(price) || !ok(size)) defects.push(`${name}[${i}] = [${price}, ${size}] is not positive and finite`);
      const prev = levels[i - 1]?.[0];
      if (prev !== undefined && (descending ? !(prev > price) : !(prev < price))) defects.push(`${name} out of order at ${i}`);
    });
  };
  check(bids, 'bids', true);
  check(asks, 'asks', false);
  const bestBid = bids[0]?.[0];
  const bestAsk = asks[0]?.[0];
  if (bestBid !== undefined && bestAsk !== undefined && !(bestBid < bestAsk)) defects.push(`crossed: ${bestBid} >= ${bestAsk}`);
  return defects;
}
