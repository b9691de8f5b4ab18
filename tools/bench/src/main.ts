/**
 * The benchmark harness (`npm run bench` → tools/scripts/bench.mjs → this module, bundled by
 * esbuild): runs each figure of issue 9, prints the table and writes `bench/results.json`.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseArgs } from './args';
import { FIGURES } from './figures';
import { machineInfo } from './machine';
import { formatTable, withResults } from './report';
import type { Results } from './report';
import type { FigureContext, Row } from './types';

/** Runs the harness; resolves with the process exit code (1 when a figure failed to run). */
export async function main(argv: readonly string[], root: string): Promise<number> {
  const options = parseArgs(argv, root, FIGURES.map((figure) => figure.name));
  if (options.list) {
    for (const figure of FIGURES) console.log(`${figure.name.padEnd(16)} ${figure.number}. ${figure.title}`);
    return 0;
  }
  if (options.profileDir) mkdirSync(options.profileDir, { recursive: true });
  const context: FigureContext = {
    quick: options.quick,
    runs: options.quick ? 2 : 8,
    durationMs: options.quick ? 400 : 1500,
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
  if (options.readme) {
    const readme = join(root, 'bench', 'README.md');
    writeFileSync(readme, withResults(readFileSync(readme, 'utf8'), results));
    console.log(`table: ${readme}`);
  }
  return results.figures.some((figure) => figure.error) ? 1 : 0;
}
