import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { publishablePackages, readManifest, ROOT } from './packages';

// `changeset version` on a sample changeset, in a copy of the manifests: the named package
// versions on its own (independent mode) and its dependents get a patch bump of the range.
test('changeset version applies a sample changeset per package', () => {
  const dir = mkdtempSync(join(tmpdir(), 'changesets-'));
  try {
    cpSync(join(ROOT, 'package.json'), join(dir, 'package.json'));
    cpSync(join(ROOT, '.changeset'), join(dir, '.changeset'), { recursive: true });
    for (const pkg of publishablePackages()) {
      cpSync(join(pkg.path, 'package.json'), join(dir, 'packages', pkg.dir, 'package.json'));
    }
    symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
    writeFileSync(join(dir, '.changeset', 'sample.md'), '---\n"@org/reconnect": patch\n---\n\nA sample fix.\n');
    execFileSync(process.execPath, [require.resolve('@changesets/cli/bin.js'), 'version'], { cwd: dir, stdio: 'pipe' });

    const before = readManifest(join(ROOT, 'packages', 'reconnect', 'package.json')).version ?? '';
    const after = readManifest(join(dir, 'packages', 'reconnect', 'package.json'));
    const [major, minor, patch] = before.split('.').map(Number);
    expect(after.version).toBe(`${major}.${minor}.${(patch ?? 0) + 1}`);
    expect(readFileSync(join(dir, 'packages', 'reconnect', 'CHANGELOG.md'), 'utf8')).toContain('A sample fix.');
    const untouched = readManifest(join(dir, 'packages', 'auth-signing', 'package.json'));
    expect(untouched.version).toBe(readManifest(join(ROOT, 'packages', 'auth-signing', 'package.json')).version);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
