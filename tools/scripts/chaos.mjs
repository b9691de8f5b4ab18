// `npm run test:chaos [-- --faults N] [--seed S]`: the fault-injection suite of tools/chaos
// (src/chaos.test.ts) with N faults (default 200, or CHAOS_FAULTS), as Jest runs it, seeded by S
// (or CHAOS_SEED, else the clock). The seed is printed first: `--seed S --faults N` replays a run.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const index = args.indexOf(`--${name}`);
  const inline = args.find((arg) => arg.startsWith(`--${name}=`));
  const value = inline ? inline.slice(name.length + 3) : index >= 0 ? args[index + 1] : undefined;
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value)) {
    console.error(`error: --${name} takes a whole number, got '${value}'`);
    process.exit(2);
  }
  return value;
};

const faults = option('faults', process.env.CHAOS_FAULTS || '200');
const seed = option('seed', process.env.CHAOS_SEED || String(Date.now() % 2 ** 31));
const jestPackage = createRequire(join(root, 'package.json')).resolve('jest/package.json');
const jest = join(dirname(jestPackage), 'bin', 'jest.js');
const result = spawnSync(process.execPath, [jest, '--config', 'jest.config.cjs', '--verbose', 'src/chaos.test.ts'], {
  cwd: join(root, 'tools', 'chaos'),
  stdio: 'inherit',
  env: { ...process.env, CHAOS_FAULTS: faults, CHAOS_SEED: seed },
});
process.exitCode = result.status ?? 1;
