/**
 * A service that installs `@org/venues` with `@org/finery` alone, from the packed
 * tarballs (what `npm publish` would ship) into a directory outside the repository: npm
 * installs none of the optional venue peers, Finery books stream through `connectVenues`
 * as CommonJS and as an ES module, and configuring another venue fails with the typed
 * error naming its package. Breaks if `@org/venues` loads a venue package eagerly.
 */
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fineryDemoCredentials, startFinerySimulator } from '@org/venue-sim';
import type { FinerySimulator } from '@org/venue-sim';
import { ROOT } from './packages';
import { run } from './run';

/** What the consumer installs: the umbrella, Finery, and what they depend on. */
const PACKED = ['venues', 'finery', 'reconnect', 'auth-signing'];

// Prints the first book of BTC-USD, then what configuring Hercle says.
const consumer = (load: string) => `${load}
const [url] = process.argv.slice(2);
const venues = connectVenues({ finery: { client: { url, key: ${JSON.stringify(fineryDemoCredentials.key)}, secret: ${JSON.stringify(fineryDemoCredentials.secret)} }, instruments: ['BTC-USD'] } });
const subscription = venues.events$.subscribe({
  next: (event) => {
    if (event.kind !== 'book') return;
    console.log(JSON.stringify({ kind: event.kind, symbol: event.symbol, bids: event.bids.length }));
    subscription.unsubscribe();
    venues.close();
    try {
      connectVenues({ hercle: { client: { apiKey: 'k' } } });
    } catch (error) {
      console.log(JSON.stringify({ name: error.name, code: error.code, venue: error.venue, packageName: error.packageName, message: error.message }));
    }
  },
  error: (error) => { console.error(error); process.exit(1); },
});
`;

let dir: string;
let sim: FinerySimulator;

beforeAll(async () => {
  // Under `npm test` Nx has built these first (tools/workspace/package.json `dependsOn`); run alone, build them here.
  if (!process.env.NX_TASK_TARGET_PROJECT) run(process.execPath, [require.resolve('nx/bin/nx.js'), 'run-many', '-t', 'build', '-p', '@org/venues,@org/finery', '--outputStyle=static'], ROOT);
  dir = mkdtempSync(join(tmpdir(), 'venues-consumer-'));
  const tarballs = join(dir, 'tarballs');
  mkdirSync(tarballs);
  for (const name of PACKED) {
    const path = join(ROOT, 'packages', name);
    if (!existsSync(join(path, 'dist', 'index.js'))) throw new Error(`packages/${name} is not built: npx nx run-many -t build`);
    run('npm', ['pack', '--silent', '--pack-destination', tarballs], path);
  }
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'consumer', private: true }));
  run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error', ...readdirSync(tarballs).map((file) => join(tarballs, file)), 'rxjs@^7.8'], dir);
  writeFileSync(join(dir, 'consumer.cjs'), consumer("const { connectVenues } = require('@org/venues');"));
  writeFileSync(join(dir, 'consumer.mjs'), consumer("import { connectVenues } from '@org/venues';"));
  sim = await startFinerySimulator({ updatesPerSecond: 20 });
}, 180_000);

afterAll(async () => {
  await sim?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('npm installs none of the optional venue peers', () => {
  const installed = readdirSync(join(dir, 'node_modules', '@org')).sort();
  expect(installed).toEqual(['auth-signing', 'finery', 'reconnect', 'venues']);
  expect(readdirSync(join(dir, 'node_modules'))).not.toEqual(expect.arrayContaining(['@microsoft', 'socket.io-client', 'commander']));
});

test.each(['consumer.cjs', 'consumer.mjs'])('%s streams Finery books; an uninstalled venue is a typed error naming its package', async (file) => {
  const output = await new Promise<string>((resolve, reject) =>
    // Asynchronous: the simulator in this process must answer while the consumer runs.
    execFile(process.execPath, [file, sim.url], { cwd: dir, timeout: 30_000 }, (error, stdout, stderr) =>
      error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(stdout),
    ),
  );
  const [book, missing] = output.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
  expect(book).toEqual({ kind: 'book', symbol: 'BTC-USD', bids: expect.any(Number) });
  expect(missing).toEqual({
    name: 'VenuePackageMissingError',
    code: 'VENUE_PACKAGE_MISSING',
    venue: 'hercle',
    packageName: '@org/hercle',
    message: expect.stringContaining('npm install @org/hercle'),
  });
}, 40_000);

test('the consumer sees no venue package it did not install', () => {
  // The test above would pass vacuously if Hercle could be found from the temporary directory.
  expect(() => execFileSync(process.execPath, ['-e', "require.resolve('@org/hercle')"], { cwd: dir, stdio: 'pipe' })).toThrow();
});
