/** Options of {@link bundleSource}. */
export interface BundleSourceOptions {
  /** The TypeScript (or JavaScript) entry point. */
  entry: string;
  /** Where the bundle goes: inside the repository, so that its node_modules resolve. */
  outfile: string;
  /** Default `'cjs'`. */
  format?: 'cjs' | 'esm';
}

/** Bundles `entry` from source into `outfile` (atomically); resolves to `outfile`, rejects with esbuild's errors. */
export declare function bundleSource(options: BundleSourceOptions): Promise<string>;
