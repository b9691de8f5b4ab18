// `npm start`: the main job. Bundles the `venues` CLI from source (about a second, no build
// of the packages needed) and runs `venues tail` against the local venue simulators until
// Ctrl+C. Arguments after `--` go to `venues tail`, e.g. `npm start -- --duration 10s`,
// `npm start -- --json`, `npm start -- --venue finery,hercle`, `npm start -- --help`.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { bundleCli } = require('../../packages/venues/scripts/bundle-cli.cjs');

let cli;
try {
  cli = await bundleCli();
} catch (error) {
  console.error(`npm start: could not bundle the venues CLI: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
}

const child = spawn(process.execPath, [cli, 'tail', ...process.argv.slice(2)], { stdio: 'inherit' });
// Ctrl+C reaches the CLI too (same process group); it closes every socket and exits 0.
// SIGTERM sent to this script alone is passed on.
process.on('SIGINT', () => {});
process.on('SIGTERM', () => child.kill('SIGTERM'));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
