import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The repository root. */
export const ROOT = join(__dirname, '..', '..', '..');

/** The fields of a package manifest these checks read. */
export interface Manifest {
  name: string;
  version?: string;
  private?: boolean;
  type?: string;
  sideEffects?: boolean;
  files?: string[];
  exports?: Record<string, unknown>;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
}

/** Reads a JSON manifest. */
export const readManifest = (path: string): Manifest => JSON.parse(readFileSync(path, 'utf8')) as Manifest;

/** Every publishable package: its folder name, folder path and manifest. */
export function publishablePackages(): { dir: string; path: string; manifest: Manifest }[] {
  const base = join(ROOT, 'packages');
  return readdirSync(base).map((dir) => ({
    dir,
    path: join(base, dir),
    manifest: readManifest(join(base, dir, 'package.json')),
  }));
}

/**
 * The names of every package that installing `name` pulls in (production dependencies,
 * transitively), read from the installed `node_modules`.
 */
export function installClosure(name: string): Set<string> {
  const seen = new Set<string>();
  const visit = (pkg: string): void => {
    if (seen.has(pkg)) return;
    seen.add(pkg);
    const manifest = readManifest(join(ROOT, 'node_modules', pkg, 'package.json'));
    for (const dep of Object.keys(manifest.dependencies ?? {})) visit(dep);
  };
  visit(name);
  seen.delete(name);
  return seen;
}
