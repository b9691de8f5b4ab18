import type { MachineInfo } from './machine';
import type { Row } from './types';

/** `bench/results.json`. */
export interface Results {
  /** ISO-8601. */
  generatedAt: string;
  quick: boolean;
  machine: MachineInfo;
  settings: { runs: number; durationMs: number };
  rows: Row[];
  /** Each figure run: how long it took (s) and, if it failed, why. */
  figures: { name: string; number: number; title: string; seconds: number; error?: string }[];
}

/** A number for the table: `2.35M`, `512.3k`, `87.1`, `0.42`. */
export function formatNumber(value: number | null): string {
  if (value === null || Number.isNaN(value)) return '—';
  const abs = Math.abs(value);
  if (abs >= 1e6) return `${(value / 1e6).toFixed(2)}M`;
  if (abs >= 1e4) return `${(value / 1e3).toFixed(1)}k`;
  if (abs >= 100) return value.toFixed(0);
  if (abs >= 1) return value.toFixed(2);
  return value.toPrecision(2);
}

const verdict = (pass: boolean | null): string => (pass === null ? '—' : pass ? 'pass' : 'MISS');

/** The results table in Markdown (readable in a terminal, pasted as is into bench/README.md). */
export function formatTable(rows: readonly Row[]): string {
  const header = ['figure', 'metric', 'ours', 'baseline', 'ratio', 'target', 'result'];
  const lines = rows.map((row) => [
    row.figure,
    row.metric,
    formatNumber(row.ours),
    formatNumber(row.baseline),
    row.ratio === null ? '—' : `${row.ratio.toFixed(2)}×`,
    row.target,
    verdict(row.pass),
  ]);
  const widths = header.map((title, i) => Math.max(title.length, ...lines.map((line) => (line[i] as string).length)));
  const render = (cells: readonly string[]): string => `| ${cells.map((cell, i) => cell.padEnd(widths[i] as number)).join(' | ')} |`;
  return [render(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...lines.map(render)].join('\n');
}
