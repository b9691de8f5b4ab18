// The build of @org/venues: the library (src/index.ts) and, as files of their own, the
// mapping module of each venue (src/map/<venue>.ts), which import their venue package.
// src/load.ts `require`s a mapping module only when its venue is configured: this build
// keeps those `require`s and points them at the built file of the same format
// (./map/<venue>.js from CommonJS, ./map/<venue>.mjs from the ES module, which gets a
// `require` from `createRequire`).
import { defineConfig } from 'tsup';

const VENUES = ['finery', 'etorox', 'hercle', 'marketprophit'];

export default defineConfig({
  entry: { index: 'src/index.ts', ...Object.fromEntries(VENUES.map((venue) => [`map/${venue}`, `src/map/${venue}.ts`])) },
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  splitting: true,
  tsconfig: 'tsconfig.build.json',
  // Only the ES module build lacks a `require`.
  banner: ({ format }) => (format === 'esm' ? { js: "import { createRequire as __createRequire } from 'node:module';\nconst require = __createRequire(import.meta.url);" } : {}),
  esbuildPlugins: [
    {
      name: 'lazy-venue-maps',
      setup(build) {
        // tsup builds both formats as ES modules (CommonJS is converted afterwards): the output extension tells them apart.
        const extension = build.initialOptions.outExtension?.['.js'] ?? '.js';
        build.onResolve({ filter: /^\.\/map\/[a-z]+$/ }, (args) => (args.kind === 'require-call' ? { path: `${args.path}${extension}`, external: true } : undefined));
      },
    },
  ],
});
