/**
 * `venues record` and `venues replay`, in process (`runCli` with a test `CliIo`) against
 * the simulators the CLI starts itself.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { CliIo } from './io';
import { runCli } from './program';

const dir = mkdtempSync(join(tmpdir(), 'venues-record-'));

/** Runs the CLI with `args`; resolves its exit code with what it wrote to stdout and stderr. */
async function cli(args: readonly string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { out: (line) => out.push(line) > 0, info: (line) => err.push(line), env: {}, stopped: new Promise(() => undefined) };
  const code = await runCli(['node', 'venues', ...args], io, false);
  return { code, out, err };
}

/** The data events of `lines` (NDJSON), by venue: what a replay must reproduce. */
const dataByVenue = (lines: readonly string[]) => {
  const venues: Record<string, string[]> = {};
  for (const line of lines) {
    const event = JSON.parse(line) as { venue: string; kind: string };
    if (event.kind !== 'status' && event.kind !== 'error') (venues[event.venue] ??= []).push(line);
  }
  return venues;
};

const file = join(dir, 'run.ndjson.gz');
let live: string[] = [];

beforeAll(async () => {
  const recorded = await cli(['record', '--out', file, '--duration', '10s', '--json']);
  expect(recorded.code).toBe(0);
  expect(recorded.err.join('\n')).toContain(`wrote ${file}`);
  live = recorded.out;
}, 30_000);

test('record 10 s of the simulators while printing --json, replay, compare line by line', async () => {
  const replayed = await cli(['replay', file, '--json']);
  expect(replayed.code).toBe(0);
  expect(replayed.err).toEqual([]);
  const before = dataByVenue(live);
  const after = dataByVenue(replayed.out);
  expect(Object.keys(before).sort()).toEqual(['etorox', 'finery']);
  for (const venue of ['finery', 'etorox']) {
    const printed = before[venue] ?? [];
    expect(printed.length).toBeGreaterThan(10);
    // A latest-value book still pending when the run stopped (one per Finery book at most) is replayed, not printed.
    expect((after[venue]?.length ?? 0) - printed.length).toBeLessThanOrEqual(venue === 'finery' ? 2 : 0);
    expect(after[venue]?.slice(0, printed.length)).toEqual(printed);
  }
});

test('replay prints lines for people without --json, at --speed 10 too', async () => {
  const replayed = await cli(['replay', file, '--speed', '10']);
  expect(replayed.code).toBe(0);
  expect(replayed.out.some((line) => / finery +book +BTC-USD /.test(line))).toBe(true);
}, 30_000);

test('bad files: each problem named with its line on stderr, the rest replayed, exit 1', async () => {
  const lines = gunzipSync(readFileSync(file)).toString('utf8').split('\n');
  const garbage = join(dir, 'garbage.ndjson.gz');
  writeFileSync(garbage, gzipSync([...lines.slice(0, 5), 'not json {', ...lines.slice(5)].join('\n')));
  const bad = await cli(['replay', garbage, '--json']);
  expect(bad.code).toBe(1);
  expect(bad.err).toEqual([expect.stringMatching(new RegExp(`garbage\\.ndjson\\.gz:6: not JSON`))]);
  expect(dataByVenue(bad.out).finery?.length).toBeGreaterThan(10);

  const truncated = join(dir, 'truncated.ndjson.gz');
  const bytes = readFileSync(file);
  writeFileSync(truncated, bytes.subarray(0, Math.floor(bytes.length * 0.7)));
  const cut = await cli(['replay', truncated, '--json']);
  expect(cut.code).toBe(1);
  expect(cut.err.join('\n')).toMatch(/truncated\.ndjson\.gz:\d+: the file ends in the middle/);

  const future = join(dir, 'future.ndjson.gz');
  writeFileSync(future, gzipSync([lines[0]?.replace('"version":1', '"version":2'), ...lines.slice(1)].join('\n')));
  const unknown = await cli(['replay', future, garbage, '--json']);
  expect(unknown.code).toBe(1);
  expect(unknown.err[0]).toMatch(/future\.ndjson\.gz:1: format version 2, this reader knows 1/);
  // The other file is replayed all the same.
  expect(dataByVenue(unknown.out).etorox?.length).toBeGreaterThan(10);
}, 30_000);

test('record refuses venues whose raw frames it does not capture (exit 2)', async () => {
  const refused = await cli(['record', '--out', join(dir, 'x.gz'), '--venue', 'hercle']);
  expect(refused.code).toBe(2);
});
