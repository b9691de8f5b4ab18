/**
 * The benchmark harness (`npm run bench` → tools/scripts/bench.mjs → this module, bundled by
 * esbuild): runs each figure of issue 9, prints the table and writes `bench/results.json`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { FIGURES } from './figures';
import { machineInfo } from './machine';
import { formatTable } from './report';
import type { Results } from './report';
import type { FigureContext, Row } from './types';

/** Parsed command line. */
export interface BenchOptions {
  /** `--only NAME` (repeatable, or comma-separated): run just these figures. */
  only: string[];
  /** `--quick`: short runs for a smoke check (well under a minute in all). */
  quick: boolean;
  /** `--out PATH`: where the JSON goes. Default `bench/results.json`. */
  out: string;
  /** `--profile [DIR]`: child processes run under `node --cpu-prof`. Default dir `bench/profiles`. */
  profileDir?: string;
  /** `--list`: print the figure names and exit. */
  list: boolean;
}

const USAGE = 'usage: npm run bench -- [--only NAME[,NAME]] [--quick] [--out PATH] [--profile [DIR]] [--list]';

/** Parses the harness's command line; throws with the usage on anything unknown. */
export function parseArgs(argv: readonly string[], root: string): BenchOptions {
  const options: BenchOptions = { only: [], quick: false, out: resolve(root, 'bench/results.json'), list: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string => {
      const next = inline ?? argv[++i];
      if (next === undefined) throw new Error(`${flag} needs a value\n${USAGE}`);
      return next;
    };
    if (flag === '--only') options.only.push(...value().split(',').filter(Boolean));
    else if (flag === '--quick') options.quick = true;
    else if (flag === '--list') options.list = true;
    else if (flag === '--out') options.out = resolve(value());
    else if (flag === '--profile') {
      const next = inline ?? argv[i + 1];
      options.profileDir = resolve(root, next !== undefined && !next.startsWith('--') ? (inline ?? argv[++i] as string) : 'bench/profiles');
    } else throw new Error(`unknown option ${arg}\n${USAGE}`);
  }
  const unknown = options.only.filter((name) => !FIGURES.some((figure) => figure.name === name));
  if (unknown.length > 0) throw new Error(`unknown figure ${unknown.join(', ')}; figures: ${FIGURES.map((f) => f.name).join(', ')}`);
  return options;
}

/** Runs the harness; resolves with the process exit code (1 when a figure failed to run). */
export async function main(argv: readonly string[], root: string): Promise<number> {
  const options = parseArgs(argv, root);
  if (options.list) {
    for (const figure of FIGURES) console.log(`${figure.name.padEnd(16)} ${figure.number}. ${figure.title}`);
    return 0;
  }
  if (options.profileDir) mkdirSync(options.profileDir, { recursive: true });
  const context: FigureContext = {
    quick: options.quick,
    runs: options.quick ? 2 : 4,
    durationMs: options.quick ? 600 : 2000,
    profileDir: options.profileDir,
    log: (message) => process.stderr.write(`${message}\n`),
  };
  const selected = FIGURES.filter((figure) => options.only.length === 0 || options.only.includes(figure.name));
  const results: Results = {
    generatedAt: new Date().toISOString(),
    quick: options.quick,
    machine: machineInfo(),
    settings: { runs: context.runs, durationMs: context.durationMs },
    rows: [],
    figures: [],
  };
  for (const figure of selected) {
    context.log(`${figure.number}. ${figure.title}`);
    const started = performance.now();
    let rows: Row[] = [];
    let error: string | undefined;
    try {
      rows = await figure.run(context);
    } catch (caught) {
      error = caught instanceof Error ? caught.message : String(caught);
      context.log(`  failed: ${error}`);
    }
    results.rows.push(...rows);
    results.figures.push({ name: figure.name, number: figure.number, title: figure.title, seconds: Math.round((performance.now() - started) / 100) / 10, ...(error ? { error } : {}) });
  }
  const { machine } = results;
  console.log(formatTable(results.rows));
  console.log(`\n${machine.cpu}, ${machine.cores} cores, Node.js ${machine.node}${options.quick ? ' (--quick)' : ''}`);
  mkdirSync(dirname(options.out), { recursive: true });
  writeFileSync(options.out, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`results: ${options.out}`);
  return results.figures.some((figure) => figure.error) ? 1 : 0;
}
