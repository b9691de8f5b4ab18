/**
 * `venues tail --metrics`: the CLI as a child process (bundled from source by
 * scripts/bundle-cli.cjs) on the simulators, its /metrics and /health scraped over HTTP.
 */
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { parseListenAddress } from './metrics';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- the bundler script is CommonJS
const { bundleCli } = require('../scripts/bundle-cli.cjs') as { bundleCli: (outfile: string) => Promise<string> };

const bundle = join(__dirname, '..', '..', '..', 'node_modules', '.cache', '@org', 'venues-cli', `metrics-test-${process.pid}.cjs`);

beforeAll(() => bundleCli(bundle), 60_000);
afterAll(() => rmSync(bundle, { force: true }));

describe('parseListenAddress', () => {
  it.each([
    ['127.0.0.1:9464', { host: '127.0.0.1', port: 9464 }],
    ['[::1]:0', { host: '::1', port: 0 }],
    ['localhost:80', { host: 'localhost', port: 80 }],
    ['9464', { host: '127.0.0.1', port: 9464 }],
  ])('%s', (text, address) => expect(parseListenAddress(text)).toEqual(address));

  it.each(['127.0.0.1', '127.0.0.1:70000', 'host:port', ':9464', ''])('refuses "%s"', (text) => {
    expect(() => parseListenAddress(text)).toThrow(RangeError);
  });
});

/** Value of one sample line `name{labels} value` of the Prometheus text format, labels in any order. */
const sample = (text: string, name: string, labels: Record<string, string>): number | undefined => {
  for (const line of text.split('\n')) {
    const found = /^([a-z_]+)\{([^}]*)\} (\S+)$/.exec(line);
    if (!found || found[1] !== name) continue;
    const seen = Object.fromEntries([...(found[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
    if (Object.entries(labels).every(([key, value]) => seen[key] === value)) return Number(found[3]);
  }
  return undefined;
};

test('tail --metrics on a free port serves /metrics and /health while the venues stream, and stops with the run', async () => {
  const child = spawn(process.execPath, [bundle, 'tail', '--venue', 'hercle,marketprophit', '--json', '--metrics', '127.0.0.1:0'], {
    env: { ...process.env, HERCLE_API_KEY: '', MARKETPROPHIT_SECRET_KEY: '' },
  });
  try {
    const exit = new Promise<number | null>((resolve) => child.on('close', resolve));
    const exited = (what: string) => exit.then((code) => Promise.reject(new Error(`exited ${code} before ${what}`)));
    const base = Promise.race([
      new Promise<string>((resolve) =>
        createInterface({ input: child.stderr }).on('line', (line) => {
          const found = /metrics at (http:\/\/[^/\s]+)\/metrics/.exec(line);
          if (found?.[1]) resolve(found[1]);
        }),
      ),
      exited('serving metrics'),
    ]);
    // The metrics subscribe before the output does, so once both venues printed an event the scrape counts it.
    const wanted = new Set(['hercle quote', 'marketprophit sentiment']);
    const statuses: string[] = [];
    const streamed = Promise.race([
      new Promise<void>((resolve) =>
        createInterface({ input: child.stdout }).on('line', (line) => {
          const { venue, kind, state } = JSON.parse(line) as { venue: string; kind: string; state?: { status: string } };
          if (state) statuses.push(`${venue} ${state.status}`);
          wanted.delete(`${venue} ${kind}`);
          if (wanted.size === 0) resolve();
        }),
      ),
      exited('streaming both venues'),
    ]);
    await streamed;
    // The output still sees every event from the first: the metrics subscribe in the same run.
    expect(statuses.filter((status) => status.startsWith('hercle')).slice(0, 3)).toEqual(['hercle idle', 'hercle connecting', 'hercle connected']);
    const text = await (await fetch(`${await base}/metrics`)).text();
    expect(sample(text, 'venues_connection_state', { venue: 'hercle', status: 'connected' })).toBe(1);
    expect(sample(text, 'venues_connection_state', { venue: 'marketprophit', status: 'connected' })).toBe(1);
    expect(sample(text, 'venues_events_total', { venue: 'hercle', kind: 'quote' })).toBeGreaterThan(0);
    const health = await fetch(`${await base}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ ok: true, reasons: [] });
    child.kill('SIGINT');
    expect(await exit).toBe(0);
    await expect(fetch(`${await base}/health`)).rejects.toThrow();
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
  }
});

test('tail --metrics on a taken port is a usage error naming the address', async () => {
  const taken = createServer();
  await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
  const { port } = taken.address() as AddressInfo;
  try {
    const child = spawn(process.execPath, [bundle, 'tail', '--venue', 'hercle', '--metrics', `127.0.0.1:${port}`]);
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.resume();
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(2);
    expect(stderr).toContain(`--metrics cannot listen on 127.0.0.1:${port}`);
    expect(stderr).toContain('EADDRINUSE');
  } finally {
    await new Promise((resolve) => taken.close(resolve));
  }
});
