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

/** The markers around the generated part of bench/README.md. */
export const README_MARKERS = ['<!-- results:start -->', '<!-- results:end -->'] as const;

/**
 * `readme` with the text between {@link README_MARKERS} replaced by the table and the
 * machine of `results`; throws when the markers are missing.
 */
export function withResults(readme: string, results: Results): string {
  const [start, end] = README_MARKERS;
  const from = readme.indexOf(start);
  const to = readme.indexOf(end);
  if (from < 0 || to < from) throw new Error(`bench/README.md has no ${start} … ${end} section`);
  const { machine } = results;
  const body = [
    `Measured ${results.generatedAt.slice(0, 16).replace('T', ' ')} UTC on ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGb} GB, Node.js ${machine.node} (${machine.platform})${results.quick ? ', --quick' : ''}; ${results.settings.runs} runs of each side per figure.`,
    '',
    formatTable(results.rows),
  ].join('\n');
  return `${readme.slice(0, from + start.length)}\n${body}\n${readme.slice(to)}`;
}
