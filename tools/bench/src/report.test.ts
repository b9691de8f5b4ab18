import { formatNumber, formatTable, withResults } from './report';
import type { Results } from './report';
import { median, quantile, ratio } from './stats';

test('formatNumber abbreviates rates and keeps small values readable', () => {
  expect([formatNumber(2_345_678), formatNumber(51_234), formatNumber(871.4), formatNumber(3.14159), formatNumber(0.0421), formatNumber(null)]).toEqual([
    '2.35M',
    '51.2k',
    '871',
    '3.14',
    '0.042',
    '—',
  ]);
});

test('formatTable renders aligned Markdown rows with the verdict', () => {
  const table = formatTable([
    { figure: '2 finery book', metric: 'level updates/s', ours: 3_100_000, baseline: 2_000_000, ratio: 1.55, target: '≥ 1×', pass: true },
    { figure: '6 latency', metric: 'p99 ms', ours: 1.5, baseline: null, ratio: null, target: 'report', pass: null },
    { figure: '8 memory', metric: 'heap growth MB', ours: 3, baseline: null, ratio: null, target: '< 2 MB', pass: false },
  ]);
  const lines = table.split('\n');
  expect(lines).toHaveLength(5);
  expect(new Set(lines.map((line) => line.length)).size).toBe(1);
  expect(lines[2]).toMatch(/^\| 2 finery book +\| level updates\/s +\| 3\.10M +\| 2\.00M +\| 1\.55× +\| ≥ 1× +\| pass +\|$/);
  expect(lines[3]).toMatch(/\| — +\| — +\| report +\| — +\|$/);
  expect(lines[4]).toMatch(/\| MISS +\|$/);
});

test('quantile interpolates; ratio refuses a zero baseline', () => {
  expect(quantile([4, 1, 3, 2], 0)).toBe(1);
  expect(quantile([4, 1, 3, 2], 1)).toBe(4);
  expect(median([4, 1, 3, 2])).toBe(2.5);
  expect(quantile([], 0.5)).toBeNaN();
  expect(ratio(3, 2)).toBe(1.5);
  expect(ratio(3, 0)).toBeNull();
  expect(ratio(3, null)).toBeNull();
});

test('withResults replaces only the marked section of the README', () => {
  const results: Results = {
    generatedAt: '2026-11-21T06:41:10.000Z',
    quick: false,
    machine: { node: 'v20.20.2', cpu: 'AMD EPYC', cores: 2, memoryGb: 25.3, platform: 'linux x64' },
    settings: { runs: 4, durationMs: 1500 },
    rows: [{ figure: '8 memory', metric: 'heap growth MB', ours: 1.1, baseline: null, ratio: null, target: '< 2 MB', pass: true }],
    figures: [],
  };
  const readme = 'intro\n<!-- results:start -->\nold table\n<!-- results:end -->\noutro\n';
  const updated = withResults(readme, results);
  expect(updated).toMatch(/^intro\n<!-- results:start -->\nMeasured 2026-11-21 06:41 UTC on AMD EPYC, 2 cores, 25.3 GB, Node.js v20.20.2 \(linux x64\); 4 runs/);
  expect(updated).toContain('| 8 memory | heap growth MB | 1.10 | — ');
  expect(updated).not.toContain('old table');
  expect(updated).toMatch(/<!-- results:end -->\noutro\n$/);
  expect(withResults(updated, results)).toBe(updated);
  expect(() => withResults('no markers', results)).toThrow('bench/README.md has no <!-- results:start -->');
});
