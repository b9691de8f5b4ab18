#!/usr/bin/env node
// The `venue-sim` command. Installed from the registry it runs the build (dist/cli.js). In a
// clone of the repository before any build (`npm ci` leaves no dist/), it bundles the
// TypeScript source (src/cli.ts) with the repository's tools/scripts/bundle-source.cjs
// (esbuild, a dev dependency) into node_modules/.cache/@org/venue-sim/cli.cjs, in about a
// second, and runs that: `npx venue-sim start finery` works in a fresh clone.
'use strict';
const { existsSync } = require('node:fs');
const path = require('node:path');

const PACKAGE = path.join(__dirname, '..');
const BUILT = path.join(PACKAGE, 'dist', 'cli.js');
const REPOSITORY = path.join(PACKAGE, '..', '..');
const BUNDLER = path.join(REPOSITORY, 'tools', 'scripts', 'bundle-source.cjs');

if (existsSync(BUILT) || !existsSync(BUNDLER)) {
  require(BUILT).runVenueSimCli(process.argv);
} else {
  require(BUNDLER)
    .bundleSource({ entry: path.join(PACKAGE, 'src', 'cli.ts'), outfile: path.join(REPOSITORY, 'node_modules', '.cache', '@org', 'venue-sim', 'cli.cjs') })
    .then(
      (cli) => require(cli).runVenueSimCli(process.argv),
      (error) => {
        console.error(`venue-sim: no build (dist/cli.js), and running the source failed: ${error instanceof Error ? error.message : String(error)}`);
        console.error('Build it instead: npx nx run @org/venue-sim:build');
        process.exit(1);
      },
    );
}
