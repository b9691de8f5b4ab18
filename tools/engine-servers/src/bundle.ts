import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { build } from 'esbuild';

/**
 * Bundles a TypeScript script (a test's child process) into one CommonJS file in a temporary
 * folder and returns its path: workspace packages from their sources (`@org/source`),
 * third-party packages left to `require` from node_modules, as `npm run bench` does.
 */
export async function bundleScript(entry: string): Promise<string> {
  const outfile = join(mkdtempSync(join(tmpdir(), 'engine-child-')), basename(entry).replace(/\.ts$/, '.js'));
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    conditions: ['@org/source'],
    logLevel: 'warning',
    plugins: [
      {
        name: 'externals',
        setup(builder) {
          builder.onResolve({ filter: /^[^./]/ }, (args) => (args.path.startsWith('@org/') ? undefined : { path: args.path, external: true }));
        },
      },
    ],
  });
  return outfile;
}
