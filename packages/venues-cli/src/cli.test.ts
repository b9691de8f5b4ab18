/**
 * End to end: the `venues` CLI as a child process (bundled from source by
 * scripts/bundle-cli.cjs, as `npm start` runs it) against the simulators it starts itself.
 */
import { execFileSync, spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const bundle = join(__dirname, '..', '..', '..', 'node_modules', '.cache', '@org', 'venues-cli', `cli-test-${process.pid}.cjs`);
const LIVE_VARIABLES = ['FINERY_KEY', 'FINERY_SECRET', 'ETOROX_HOST', 'ETOROX_API_KEY', 'ETOROX_PRIVATE_KEY_FILE', 'HERCLE_API_KEY', 'MARKETPROPHIT_SECRET_KEY'];
const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !LIVE_VARIABLES.includes(name)));

beforeAll(() => {
  execFileSync(process.execPath, [join(__dirname, '..', 'scripts', 'bundle-cli.cjs'), bundle]);
}, 60_000);

afterAll(() => rmSync(bundle, { force: true }));

interface Run {
  readonly child: ChildProcessWithoutNullStreams;
  readonly lines: string[];
  /** Resolves once `match` holds for the lines seen so far. */
  until(match: (lines: readonly string[]) => boolean): Promise<void>;
  readonly exit: Promise<{ code: number | null; stderr: string }>;
}

function run(args: readonly string[]): Run {
  const child = spawn(process.execPath, [bundle, ...args], { env });
  const lines: string[] = [];
  const waiters = new Set<() => void>();
  createInterface({ input: child.stdout }).on('line', (line) => {
    lines.push(line);
    waiters.forEach((check) => check());
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exit = new Promise<{ code: number | null; stderr: string }>((resolve) => child.on('close', (code) => resolve({ code, stderr })));
  const until = (match: (lines: readonly string[]) => boolean) =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        if (!match(lines)) return;
        waiters.delete(check);
        resolve();
      };
      waiters.add(check);
      void exit.then(({ code, stderr: text }) => reject(new Error(`exited ${code} first: ${text}\n${lines.slice(-20).join('\n')}`)));
      check();
    });
  return { child, lines, until, exit };
}

/** Kills a run that a failed assertion left behind. */
const cleanup = (r: Run) => {
  if (r.child.exitCode === null) r.child.kill('SIGKILL');
};

const has = (lines: readonly string[], venue: string, kind: string, text = '') =>
  lines.some((line) => line.includes(` ${venue} `) && line.includes(` ${kind} `) && line.includes(text));

test('tail streams all four venues with status lines and exits 0 on SIGINT after closing them', async () => {
  const r = run(['tail', '--rate', '0']);
  try {
    await r.until(
      (lines) =>
        has(lines, 'finery', 'book') &&
        has(lines, 'etorox', 'trade') &&
        has(lines, 'etorox', 'book') &&
        has(lines, 'hercle', 'quote') &&
        has(lines, 'marketprophit', 'sentiment'),
    );
    for (const venue of ['finery', 'etorox', 'hercle', 'marketprophit']) {
      const statuses = r.lines.filter((line) => has([line], venue, 'status')).map((line) => line.trim().split(/\s+/).pop());
      expect(statuses.slice(0, 2)).toEqual(['connecting', 'connected']);
    }
    r.child.kill('SIGINT');
    const { code, stderr } = await r.exit;
    expect(code).toBe(0);
    expect(stderr).toContain('local simulators with demo credentials');
    for (const venue of ['finery', 'etorox', 'hercle', 'marketprophit']) expect(has(r.lines, venue, 'status', 'closed')).toBe(true);
  } finally {
    cleanup(r);
  }
}, 60_000);

test('--json prints one parseable event per line, from every venue, and SIGTERM exits 0', async () => {
  const r = run(['tail', '--json', '--raw']);
  try {
    const venuesSeen = (lines: readonly string[]) => new Set(lines.map((line) => (JSON.parse(line) as { venue: string }).venue));
    // Market Prophit's first sentiment record may come after 50 lines of the others.
    await r.until((lines) => venuesSeen(lines).size === 4 && lines.length > 50 && lines.some((line) => line.includes('"kind":"sentiment"')));
    r.child.kill('SIGTERM');
    expect((await r.exit).code).toBe(0);
    const events = r.lines.map((line) => JSON.parse(line) as { venue: string; kind: string; receivedAt: number; raw?: unknown });
    expect(events.every((e) => typeof e.receivedAt === 'number' && typeof e.kind === 'string')).toBe(true);
    const quote = events.find((e) => e.kind === 'quote');
    expect(quote?.raw).toMatchObject({ buyPrice: expect.any(Number), pair: expect.any(String) });
    expect([...new Set(events.map((e) => e.kind))]).toEqual(expect.arrayContaining(['status', 'book', 'trade', 'quote', 'sentiment']));
    // The Market Prophit simulator runs in real time: a record describes a second already begun.
    const sentiment = events.filter((e): e is typeof e & { exchangeTime: number } => e.kind === 'sentiment' && 'exchangeTime' in e);
    expect(sentiment.length).toBeGreaterThan(0);
    for (const e of sentiment) expect(e.exchangeTime).toBeLessThanOrEqual(e.receivedAt);
  } finally {
    cleanup(r);
  }
}, 60_000);

test('--duration ends the run by itself with exit code 0', async () => {
  const r = run(['tail', '--venue', 'hercle', '--duration', '300ms']);
  try {
    expect((await r.exit).code).toBe(0);
  } finally {
    cleanup(r);
  }
}, 30_000);

test('--live without credentials names every missing variable and exits 2', async () => {
  const all = await run(['tail', '--live']).exit;
  expect(all.code).toBe(2);
  for (const name of LIVE_VARIABLES) expect(all.stderr).toContain(name);
  const hercle = await run(['tail', '--live', '--sandbox', '--venue', 'hercle']).exit;
  expect(hercle.code).toBe(2);
  expect(hercle.stderr).toContain('HERCLE_API_KEY');
  expect(hercle.stderr).not.toContain('FINERY_KEY');
}, 30_000);

test('bad usage exits 2 with a message; --help documents the environment variables', async () => {
  const bad = await run(['tail', '--venue', 'nasdaq']).exit;
  expect(bad.code).toBe(2);
  expect(bad.stderr).toContain('unknown venue "nasdaq"');
  const help = run(['tail', '--help']);
  expect((await help.exit).code).toBe(0);
  for (const name of [...LIVE_VARIABLES, 'ETOROX_PASSPHRASE', '--symbols', '--duration', '--sandbox']) expect(help.lines.join('\n')).toContain(name);
}, 30_000);

test('sim prints each simulator with its URL and demo credentials, serves it, and exits 0 on SIGINT', async () => {
  const r = run(['sim', '--venue', 'hercle,marketprophit']);
  try {
    await r.until((lines) => lines.length === 2);
    expect(r.lines[0]).toMatch(/^hercle\s+SignalR hub http:\/\/127\.0\.0\.1:\d+\/ExecutionLiveServer\/v1\s+API key \(bearer token\) "hercle-sim-demo-key"/);
    expect(r.lines[1]).toMatch(/^marketprophit\s+socket\.io http:\/\/127\.0\.0\.1:\d+\s+secret key "sk_/);
    const url = /socket\.io (\S+)/.exec(r.lines[1] ?? '')?.[1];
    const secretKey = /secret key "([^"]+)"/.exec(r.lines[1] ?? '')?.[1];
    const reply = await fetch(`${url}/jwt`, { method: 'POST', headers: { authorization: `Basic ${Buffer.from(`${secretKey}:`).toString('base64')}` } });
    expect(reply.status).toBe(200);
    r.child.kill('SIGINT');
    expect((await r.exit).code).toBe(0);
  } finally {
    cleanup(r);
  }
}, 30_000);

test('stray arguments, --sandbox without --live, and what --from cannot honour are usage errors', async () => {
  const stray = await run(['tail', 'finery']).exit;
  expect(stray.code).toBe(2);
  expect(stray.stderr).toContain('too many arguments');
  const sandbox = await run(['tail', '--sandbox']).exit;
  expect(sandbox.code).toBe(2);
  expect(sandbox.stderr).toContain('--sandbox selects the venues’ test environments and needs --live');
  const from = await run(['tail', '--from', 'nats://127.0.0.1:1', '--symbols', 'BTC-USD', '--sim-speed', '2']).exit;
  expect(from.code).toBe(2);
  expect(from.stderr).toContain('--from reads the events a --publish run published, so --symbols, --sim-speed cannot apply');
}, 30_000);

test('--symbols in a venue’s own form streams that venue; a chosen venue given nothing is named, not listed', async () => {
  const r = run(['tail', '--symbols', 'btcusd', '--venue', 'etorox,marketprophit', '--rate', '0']);
  try {
    await r.until((lines) => has(lines, 'etorox', 'trade', 'BTC-USD') || has(lines, 'etorox', 'order', 'BTC-USD'));
    r.child.kill('SIGINT');
    const { code, stderr } = await r.exit;
    expect(code).toBe(0);
    expect(stderr).toContain('marketprophit: left out, --symbols names nothing it streams (it takes a ticker such as AAPL, or marketprophit:ID)');
    expect(stderr).toContain('venues tail: etorox from local simulators');
    expect(r.lines.some((line) => line.includes(' marketprophit '))).toBe(false);
  } finally {
    cleanup(r);
  }
}, 30_000);

test('--symbols BTC-USD says what each venue is sent and what its events carry: Hercle BTCUSDT, events BTC-USDT', async () => {
  const r = run(['tail', '--symbols', 'BTC-USD', '--venue', 'finery,hercle', '--rate', '0']);
  try {
    await r.until((lines) => has(lines, 'hercle', 'quote', 'BTC-USDT') && has(lines, 'finery', 'book', 'BTC-USD'));
    r.child.kill('SIGINT');
    const { code, stderr } = await r.exit;
    expect(code).toBe(0);
    expect(stderr).toContain('venues tail: --symbols: finery BTC-USD; hercle BTCUSDT (events say BTC-USDT: Hercle quotes USD as USDT)\n');
    expect(r.lines.some((line) => line.includes(' hercle ') && line.includes('BTC-USD '))).toBe(false);
  } finally {
    cleanup(r);
  }
}, 30_000);

test('a symbol no chosen venue lists: each venue says so, and the run ends with exit 1 and the reason', async () => {
  const { code, stderr } = await run(['tail', '--symbols', 'etorox:nosuchusd', '--venue', 'etorox']).exit;
  expect(code).toBe(1);
  expect(stderr).toMatch(/venues tail: every venue stopped for good: etorox: EtoroxSubscribeError: .*Unknown or inactive topic 'nosuchusd\/marketData'/);
}, 30_000);

test('a --symbols selection that leaves no venue is a usage error saying so', async () => {
  const { code, stderr } = await run(['tail', '--symbols', 'AAPL', '--venue', 'finery']).exit;
  expect(code).toBe(2);
  expect(stderr).toContain('finery: left out');
  expect(stderr).toContain('nothing to stream');
}, 30_000);

test('--json into a pipe nobody reads holds a bounded buffer, drops with a warning, and counts the drops once read again', async () => {
  const child = spawn(process.execPath, [bundle, 'tail', '--json', '--raw', '--buffer', '20'], { env });
  let stderr = '';
  const seen = (text: string) =>
    new Promise<void>((resolve, reject) => {
      const check = () => stderr.includes(text) && resolve();
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        check();
      });
      child.on('close', (code) => reject(new Error(`exited ${code} before "${text}": ${stderr}`)));
      check();
    });
  const exit = new Promise<number | null>((resolve) => child.on('close', resolve));
  try {
    // Nobody reads stdout: the pipe and stdout's own buffer fill up, then 20 lines are held.
    await seen('stdout is not keeping up; 20 lines held, dropping events until it catches up.');
    child.stdout.on('data', () => undefined);
    await seen('dropped while stdout was blocked (stdout was not read; --buffer 20).');
    const dropped = Number(/(\d+) event lines? dropped while stdout was blocked/.exec(stderr)?.[1]);
    expect(dropped).toBeGreaterThan(0);
    child.kill('SIGTERM');
    expect(await exit).toBe(0);
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
  }
}, 60_000);
