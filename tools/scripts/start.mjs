// `npm start` (`exec node tools/scripts/start.mjs`: no shell in between, so Ctrl+C exits 0): the main job. Bundles the `venues` CLI from source (about a second, no build
// of the packages needed; packages/venues-cli/scripts/bundle-cli.cjs) and runs `venues tail`
// against the local venue simulators until Ctrl+C. Arguments after `--` go to
// `venues tail`: `npm start -- --duration 10s`, `-- --json`, `-- --venue finery,hercle`,
// `-- --help`. Should the bundler be unavailable, it builds the package with Nx instead
// (slow the first time, cached afterwards) and runs its dist/cli.js.
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

async function cliPath() {
  try {
    const { bundleCli } = require(join(root, 'packages', 'venues-cli', 'scripts', 'bundle-cli.cjs'));
    return await bundleCli();
  } catch (error) {
    console.error(`npm start: bundling from source failed (${String(error instanceof Error ? error.message : error).split("\n")[0]}); building @org/venues-cli with Nx instead…`);
    const build = spawnSync(process.execPath, [require.resolve('nx/bin/nx.js'), 'run', '@org/venues-cli:build', '--outputStyle=static'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
    if (build.status !== 0) {
      console.error('npm start: the build failed; run `npx nx run @org/venues-cli:build` to see why.');
      process.exit(1);
    }
    return join(root, 'packages', 'venues-cli', 'dist', 'cli.js');
  }
}

const child = spawn(process.execPath, [await cliPath(), 'tail', ...process.argv.slice(2)], { stdio: 'inherit' });
// Ctrl+C reaches the CLI too (same process group); it closes every socket and exits 0.
// SIGTERM sent to this script alone is passed on.
process.on('SIGINT', () => {});
process.on('SIGTERM', () => child.kill('SIGTERM'));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
