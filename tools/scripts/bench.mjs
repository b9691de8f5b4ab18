// `npm run bench`: bundles the harness (tools/bench) from the TypeScript sources with esbuild
// (workspace packages through their `@org/source` condition, so no `nx build` is needed;
// third-party packages stay external) and runs it. See bench/README.md.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(join(root, 'tools', 'bench', 'package.json'));
const { build } = require('esbuild');
const outdir = join(root, 'tools', 'bench', 'dist');

/** Bare imports other than `@org/*` stay `require()` calls resolved from node_modules. */
const externals = {
  name: 'externals',
  setup(builder) {
    builder.onResolve({ filter: /^[^./]/ }, (args) => (args.path.startsWith('@org/') ? undefined : { path: args.path, external: true }));
  },
};

await build({
  entryPoints: { main: join(root, 'tools/bench/src/main.ts'), child: join(root, 'tools/bench/src/child.ts') },
  outdir,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  conditions: ['@org/source'],
  sourcemap: true,
  plugins: [externals],
  logLevel: 'warning',
});

const { main } = require(join(outdir, 'main.js'));
try {
  process.exitCode = await main(process.argv.slice(2), root);
} catch (error) {
  // Usage errors (unknown option or figure) read best without a stack.
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 2;
}
