// Bundles a TypeScript entry point of this repository from source, without any package build,
// in about a second: workspace packages (@org/*) are read through their `@org/source` export
// condition and bundled in; every other package stays an import/require of node_modules, so
// the output file must lie inside the repository (e.g. under node_modules/.cache) for those
// to resolve. Used by `venue-sim` in a clone without a build (packages/venue-sim/bin) and
// the `venues` CLI's `npm start` (packages/venues-cli/scripts/bundle-cli.cjs). esbuild is a
// dev dependency of the repository.
'use strict';
const { mkdirSync, renameSync, writeFileSync } = require('node:fs');
const path = require('node:path');

/** Leaves every bare import but `@org/*` to Node. */
const nodeModulesExternal = {
  name: 'node-modules-external',
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, (args) => (args.path.startsWith('@org/') ? undefined : { path: args.path, external: true }));
  },
};

/**
 * Bundles `entry` into `outfile` (written atomically, so concurrent runs never read half a
 * file) as CommonJS (`format: 'cjs'`, the default) or an ES module (`'esm'`), for Node 20.
 * Resolves to `outfile`; rejects with esbuild's errors (e.g. a top-level await in CommonJS).
 */
async function bundleSource({ entry, outfile, format = 'cjs' }) {
  const { build } = require('esbuild');
  const result = await build({
    entryPoints: [entry],
    outfile,
    write: false,
    bundle: true,
    platform: 'node',
    format,
    target: 'node20',
    conditions: ['@org/source'],
    logLevel: 'silent',
    plugins: [nodeModulesExternal],
  });
  mkdirSync(path.dirname(outfile), { recursive: true });
  const temporary = `${outfile}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  writeFileSync(temporary, result.outputFiles[0].contents);
  renameSync(temporary, outfile);
  return outfile;
}

module.exports = { bundleSource };
