import { MAX_CLIENT_DEPTH, nestedDeeperThan } from './bounded';

const nest = (depth: number): unknown => JSON.parse('['.repeat(depth) + ']'.repeat(depth));

describe('nestedDeeperThan', () => {
  it('measures scalars as 0 and each array/object level as 1', () => {
    expect(nestedDeeperThan(1, 0)).toBe(false);
    expect(nestedDeeperThan({}, 0)).toBe(true);
    expect(nestedDeeperThan({ a: [1, { b: 2 }] }, 3)).toBe(false);
    expect(nestedDeeperThan({ a: [1, { b: {} }] }, 3)).toBe(true);
  });

  it('accepts MAX_CLIENT_DEPTH levels and refuses one more', () => {
    expect(nestedDeeperThan(nest(MAX_CLIENT_DEPTH))).toBe(false);
    expect(nestedDeeperThan(nest(MAX_CLIENT_DEPTH + 1))).toBe(true);
  });

  it('measures a value nested 200 000 deep without growing the stack', () => {
    expect(nestedDeeperThan(nest(200_000))).toBe(true);
  });
});
