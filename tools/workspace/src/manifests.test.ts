import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { publishablePackages } from './packages';

describe.each(publishablePackages())('packages/$dir', ({ dir, path, manifest }) => {
  test('is named @org/<folder>, versioned and publishable', () => {
    expect(manifest.name).toBe(`@org/${dir}`);
    expect(manifest.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(manifest.private).toBeUndefined();
    expect(manifest.sideEffects).toBe(false);
    expect(manifest.files).toEqual(expect.arrayContaining(['dist', 'README.md']));
    expect(existsSync(join(path, 'README.md'))).toBe(true);
  });

  test('exports types/import/require, the source condition, and blocks deep imports', () => {
    const root = manifest.exports?.['.'] as Record<string, unknown>;
    expect(Object.keys(root)).toEqual(['@org/source', 'import', 'require']);
    expect(root['@org/source']).toBe('./src/index.ts');
    expect(root.import).toEqual({ types: './dist/index.d.mts', default: './dist/index.mjs' });
    expect(root.require).toEqual({ types: './dist/index.d.ts', default: './dist/index.js' });
    expect(manifest.exports?.['./internal/*']).toBeNull();
  });

  test('takes RxJS as a peer dependency, never as a dependency', () => {
    expect(manifest.peerDependencies?.rxjs).toBe('^7.8');
    expect(manifest.dependencies?.rxjs).toBeUndefined();
  });
});
