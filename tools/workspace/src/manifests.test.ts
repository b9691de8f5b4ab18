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
    const { browser, ...root } = manifest.exports?.['.'] as Record<string, unknown>;
    expect(Object.keys(root)).toEqual(['@org/source', 'import', 'require']);
    // An optional `browser` condition first (issue 16: @org/auth-signing without its Node-only signers), of the same shape.
    if (browser !== undefined) {
      expect(Object.keys(manifest.exports?.['.'] as object)[0]).toBe('browser');
      expect(browser).toEqual({
        '@org/source': './src/browser.ts',
        import: { types: './dist/browser.d.mts', default: './dist/browser.mjs' },
        require: { types: './dist/browser.d.ts', default: './dist/browser.js' },
      });
    }
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
