// Bundles the `venues` CLI from TypeScript source into one CommonJS file in about a second,
// without the package build (tools/scripts/bundle-source.cjs: @org/* from source, every other
// package a require() of node_modules). Used by `npm start` (tools/scripts/start.mjs) and
// the CLI's end-to-end test. The published bin is the tsup build in dist/; this is the same
// source, bundled the same way.
//
// The bundle requires its node_modules packages by name, so `outfile` must lie inside the
// repository (default: node_modules/.cache/@org/venues-cli/cli.cjs of the repository root).
// As a module: `require('./bundle-cli.cjs').bundleCli(outfile?)`; as a command:
// `node packages/venues-cli/scripts/bundle-cli.cjs [OUTFILE]`. Both resolve to the file written.
const path = require('node:path');
const { bundleSource } = require('../../../tools/scripts/bundle-source.cjs');

const DEFAULT_OUTFILE = path.join(__dirname, '..', '..', '..', 'node_modules', '.cache', '@org', 'venues-cli', 'cli.cjs');

/** Bundles src/cli.ts into `outfile` (CommonJS, Node 20); resolves to its path when written. */
function bundleCli(outfile = DEFAULT_OUTFILE) {
  return bundleSource({ entry: path.join(__dirname, '..', 'src', 'cli.ts'), outfile });
}

module.exports = { bundleCli };

if (require.main === module) {
  const outfile = process.argv[2];
  bundleCli(outfile && path.resolve(outfile)).then((written) => console.log(written), (error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
