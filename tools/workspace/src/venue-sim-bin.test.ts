/**
 * `npx venue-sim start finery`, as the READMEs say, works in a fresh clone after `npm ci`:
 * npm links a bin only when its file exists at install time, and `dist/` does not exist
 * then, so the bin is a committed stub (packages/venue-sim/bin/venue-sim.cjs) that runs the
 * build when there is one and otherwise the TypeScript source, bundled on the fly. The
 * source path is run here in a copy of the repository layout without `dist/`.
 */
import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { readManifest, ROOT } from './packages';
import { run } from './run';

const PACKAGE = join(ROOT, 'packages', 'venue-sim');

test('the venue-sim bin is a committed, executable file (npm links it at npm ci, before any build)', () => {
  const { bin } = readManifest(join(PACKAGE, 'package.json')) as { bin?: Record<string, string> };
  expect(bin).toEqual({ 'venue-sim': './bin/venue-sim.cjs' });
  // `npm ci` links the bins the lockfile records, not those of package.json.
  const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, { bin?: Record<string, string> }> };
  expect(lock.packages['packages/venue-sim']?.bin).toEqual({ 'venue-sim': 'bin/venue-sim.cjs' });
  const stub = join(PACKAGE, 'bin', 'venue-sim.cjs');
  expect(readFileSync(stub, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
  expect(statSync(stub).mode & 0o111).not.toBe(0);
  expect(run('git', ['ls-files', '--error-unmatch', 'packages/venue-sim/bin/venue-sim.cjs'], ROOT).trim()).toBe('packages/venue-sim/bin/venue-sim.cjs');
  expect(run('git', ['ls-files', '-s', 'packages/venue-sim/bin/venue-sim.cjs'], ROOT)).toMatch(/^100755 /);
});

test('without dist/, the bin runs the CLI from the TypeScript source: start finery prints its URL and stops on SIGTERM', async () => {
  // The repository layout the stub looks at, without dist/: inside node_modules so that the bundle's requires resolve.
  const clone = join(ROOT, 'node_modules', '.cache', 'venue-sim-bin-test');
  rmSync(clone, { recursive: true, force: true });
  mkdirSync(join(clone, 'packages', 'venue-sim', 'bin'), { recursive: true });
  mkdirSync(join(clone, 'tools', 'scripts'), { recursive: true });
  copyFileSync(join(PACKAGE, 'bin', 'venue-sim.cjs'), join(clone, 'packages', 'venue-sim', 'bin', 'venue-sim.cjs'));
  copyFileSync(join(PACKAGE, 'package.json'), join(clone, 'packages', 'venue-sim', 'package.json'));
  symlinkSync(join(PACKAGE, 'src'), join(clone, 'packages', 'venue-sim', 'src'));
  copyFileSync(join(ROOT, 'tools', 'scripts', 'bundle-source.cjs'), join(clone, 'tools', 'scripts', 'bundle-source.cjs'));
  try {
    const child = spawn(process.execPath, [join(clone, 'packages', 'venue-sim', 'bin', 'venue-sim.cjs'), 'start', 'finery'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exit = new Promise<number | null>((resolve) => child.on('close', resolve));
    const first = await new Promise<string>((resolve, reject) => {
      createInterface({ input: child.stdout }).once('line', resolve);
      void exit.then((code) => reject(new Error(`venue-sim exited ${code}: ${stderr}`)));
    });
    expect(first).toMatch(/^finery {2}ws:\/\/127\.0\.0\.1:\d+\/ws$/);
    child.kill('SIGTERM');
    expect(await exit).toBe(0);
  } finally {
    rmSync(clone, { recursive: true, force: true });
  }
}, 60_000);
