import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { round } from '../stats';
import type { Figure, Row } from '../types';

/** The browser-capable packages (issue 16) and the transport each is built on, the baseline. */
const PACKAGES = [
  { name: '@org/hercle', transport: '@microsoft/signalr' },
  { name: '@org/marketprophit', transport: 'socket.io-client' },
] as const;

/** Minified and min+gzip bytes of `export * from '<specifier>'` bundled for the browser; `external` left out. */
async function browserBundle(specifier: string, external: readonly string[]): Promise<{ minified: number; gzipped: number }> {
  const result = await build({
    stdin: { contents: `export * from '${specifier}';`, resolveDir: __dirname, loader: 'js' },
    bundle: true,
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
    minify: true,
    conditions: ['@org/source'],
    external: [...external],
    write: false,
    logLevel: 'silent',
  });
  const code = result.outputFiles[0]?.contents ?? new Uint8Array();
  return { minified: code.byteLength, gzipped: gzipSync(code, { level: 9 }).byteLength };
}

/**
 * Figure 9: what a browser downloads for each browser-capable package (min+gzip, KiB, esbuild
 * `--platform=browser --minify`, RxJS external as the application's peer dependency), against
 * its transport library alone. Deterministic: one build each, no alternation.
 */
export const bundleSizeFigure: Figure = {
  name: 'bundle-size',
  number: 9,
  title: 'browser bundle min+gzip KiB: package (RxJS external) vs its transport alone',
  async run(context) {
    const rows: Row[] = [];
    for (const { name, transport } of PACKAGES) {
      const ours = await browserBundle(name, ['rxjs']);
      const baseline = await browserBundle(transport, ['rxjs']);
      const withRxjs = await browserBundle(name, []);
      const kib = (bytes: number) => round(bytes / 1024, 3);
      context.log(`  ${name}: ${kib(ours.gzipped)} KiB min+gzip (${kib(withRxjs.gzipped)} with RxJS), ${transport} alone ${kib(baseline.gzipped)} KiB`);
      rows.push({
        figure: `9 bundle-size ${name.replace('@org/', '')}`,
        metric: 'min+gzip KiB, RxJS external',
        ours: kib(ours.gzipped),
        baseline: kib(baseline.gzipped),
        ratio: round(ours.gzipped / baseline.gzipped, 3),
        target: 'report',
        pass: null,
        detail: { transport, minifiedBytes: ours.minified, gzippedBytes: ours.gzipped, gzippedWithRxjsBytes: withRxjs.gzipped, transportGzippedBytes: baseline.gzipped },
      });
    }
    return rows;
  },
};
