import { pairRatios, quantile } from './stats';

describe('stats', () => {
  it('pairRatios divides run i of ours by run i of the baseline, leaving out missing and zero baselines', () => {
    expect(pairRatios([2, 3, 4, 5], [1, 0, 2])).toEqual([2, 2]);
    // A slow phase of the machine that hits both runs of a pair leaves its ratio as it is.
    expect(pairRatios([90, 45], [100, 50])).toEqual([0.9, 0.9]);
  });

  it('quantile interpolates linearly and is NaN without samples', () => {
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantile([], 0.5)).toBeNaN();
  });
});
