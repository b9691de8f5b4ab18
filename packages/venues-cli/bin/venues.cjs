#!/usr/bin/env node
// The `venues` command. Installed from the registry it runs the build (dist/cli.js). In a
// clone of the repository before any build (`npm ci` leaves no dist/), it bundles the
// TypeScript source with scripts/bundle-cli.cjs (esbuild, a dev dependency of the
// repository) into node_modules/.cache/@org/venues-cli/cli.cjs, in about a second, and runs
// that: `npx venues tail` works in a fresh clone.
'use strict';
const { existsSync } = require('node:fs');
const path = require('node:path');

const PACKAGE = path.join(__dirname, '..');
const BUILT = path.join(PACKAGE, 'dist', 'cli.js');
const BUNDLER = path.join(PACKAGE, 'scripts', 'bundle-cli.cjs');

if (existsSync(BUILT) || !existsSync(BUNDLER)) {
  require(BUILT);
} else {
  require(BUNDLER)
    .bundleCli()
    .then(
      (cli) => require(cli),
      (error) => {
        console.error(`venues: no build (dist/cli.js), and running the source failed: ${error instanceof Error ? error.message : String(error)}`);
        console.error('Build it instead: npx nx run @org/venues-cli:build');
        process.exit(1);
      },
    );
}
