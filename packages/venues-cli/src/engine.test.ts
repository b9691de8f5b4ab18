/**
 * `venues tail --publish` and `--from` end to end: two CLI processes (bundled from source as
 * `npm start` runs it) and a private engine server per engine.
 */
import { execFileSync, spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { startNatsServer, startRedisServer } from '@org/engine-servers';
import { parseEngineUrl } from './engine';

const bundle = join(__dirname, '..', '..', '..', 'node_modules', '.cache', '@org', 'venues-cli', `cli-engine-test-${process.pid}.cjs`);

beforeAll(() => {
  execFileSync(process.execPath, [join(__dirname, '..', 'scripts', 'bundle-cli.cjs'), bundle]);
}, 60_000);
afterAll(() => rmSync(bundle, { force: true }));

/** Runs the CLI until it exits; resolves its stdout lines and stderr. */
function run(args: readonly string[], onLine?: (line: string) => void): { exit: Promise<{ code: number | null; lines: string[]; stderr: string }>; kill(): void } {
  const child = spawn(process.execPath, [bundle, ...args]);
  const lines: string[] = [];
  createInterface({ input: child.stdout }).on('line', (line) => {
    lines.push(line);
    onLine?.(line);
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return { exit: new Promise((resolve) => child.on('close', (code) => resolve({ code, lines, stderr }))), kill: () => child.kill('SIGINT') };
}

test('engine URLs: nats:// and redis:// are read, anything else is a usage error', () => {
  expect(parseEngineUrl('nats://127.0.0.1:4222')).toEqual({ engine: 'nats', url: 'nats://127.0.0.1:4222' });
  expect(parseEngineUrl('rediss://cache:6380')).toEqual({ engine: 'redis', url: 'rediss://cache:6380' });
  expect(() => parseEngineUrl('http://x')).toThrow(RangeError);
  expect(() => parseEngineUrl('nonsense')).toThrow(RangeError);
});

test.each([
  ['nats', startNatsServer],
  ['redis', startRedisServer],
] as const)('tail --publish %s prints and publishes; tail --from prints the same events', async (_engine, start) => {
  const server = await start();
  try {
    let seen = 0;
    let enough: () => void = () => undefined;
    const received = new Promise<void>((resolve) => (enough = resolve));
    const reader = run(['tail', '--json', '--venue', 'etorox', '--from', server.url], () => {
      if (++seen >= 5) enough();
    });
    const publisher = run(['tail', '--json', '--venue', 'etorox', '--publish', server.url, '--duration', '4s']);
    const published = await publisher.exit;
    expect(published.code).toBe(0);
    expect(published.stderr).toMatch(/publishing to .* at /);
    expect(published.stderr).toMatch(/\d+ events published/);
    await received;
    reader.kill();
    const read = await reader.exit;
    expect(read.code).toBe(0);
    expect(read.lines.length).toBeGreaterThanOrEqual(5);
    // Every line read from the engine is a line the publishing run printed.
    const printed = new Set(published.lines);
    expect(read.lines.filter((line) => !printed.has(line))).toEqual([]);
  } finally {
    await server.close();
  }
}, 60_000);
