import type { Row } from './types';

/** Small statistics over samples. */

/** The `q`-quantile (0..1) of `samples` by linear interpolation; NaN for no samples. */
export function quantile(samples: readonly number[], q: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const position = (sorted.length - 1) * q;
  const low = Math.floor(position);
  const high = Math.ceil(position);
  const lowValue = sorted[low] as number;
  return lowValue + ((sorted[high] as number) - lowValue) * (position - low);
}

/** The median of `samples`. */
export const median = (samples: readonly number[]): number => quantile(samples, 0.5);

/** `ours / baseline`, or null when the baseline is zero or missing. */
export const ratio = (ours: number, baseline: number | null): number | null =>
  baseline === null || !(baseline > 0) || !Number.isFinite(ours) ? null : ours / baseline;

/**
 * The ratios of the runs made back to back (`ours[i] / baseline[i]`), missing or zero
 * baselines left out: their median cancels drift in the machine's speed better than the
 * ratio of the medians does.
 */
export const pairRatios = (ours: readonly number[], baseline: readonly number[]): number[] =>
  ours.map((o, i) => ratio(o, baseline[i] ?? null)).filter((r): r is number => r !== null);

/** Rounds to `digits` significant digits, for readable JSON. */
export function round(value: number, digits = 4): number {
  if (!Number.isFinite(value) || value === 0) return value;
  return Number(value.toPrecision(digits));
}

/**
 * The p50 and p99 rows of a time figure (lower is better, no target in issue 9): ours and
 * baseline samples in ms, `metric` naming the quantity after the percentile.
 */
export function percentileRows(figure: string, metric: string, ours: readonly number[], baseline: readonly number[], detail: Record<string, unknown>): Row[] {
  return ([0.5, 0.99] as const).map((q) => {
    const o = quantile(ours, q);
    const b = quantile(baseline, q);
    const r = ratio(o, b);
    return {
      figure,
      metric: `p${q * 100} ${metric}`,
      ours: round(o, 3),
      baseline: round(b, 3),
      ratio: r === null ? null : round(r, 3),
      target: 'report (lower is better)',
      pass: null,
      detail: { ...detail, samples: { ours: ours.length, baseline: baseline.length } },
    };
  });
}
