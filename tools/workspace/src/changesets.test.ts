import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { publishablePackages, readManifest, ROOT } from './packages';

/** Runs `changeset version` in a copy of the manifests and `.changeset/config.json` (plus `changesets`, name → text); returns the copy's root. */
const versionInCopy = (changesets: Record<string, string>): string => {
  const dir = mkdtempSync(join(tmpdir(), 'changesets-'));
  cpSync(join(ROOT, 'package.json'), join(dir, 'package.json'));
  mkdirSync(join(dir, '.changeset'));
  cpSync(join(ROOT, '.changeset', 'config.json'), join(dir, '.changeset', 'config.json'));
  for (const [name, text] of Object.entries(changesets)) writeFileSync(join(dir, '.changeset', name), text);
  for (const pkg of publishablePackages()) {
    cpSync(join(pkg.path, 'package.json'), join(dir, 'packages', pkg.dir, 'package.json'));
  }
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  execFileSync(process.execPath, [require.resolve('@changesets/cli/bin.js'), 'version'], { cwd: dir, stdio: 'pipe' });
  return dir;
};

const versionOf = (root: string, dir: string): string => readManifest(join(root, 'packages', dir, 'package.json')).version ?? '';

// A sample changeset alone (the repository's pending ones left out): the named package
// versions on its own (independent mode) and the others keep theirs.
test('changeset version applies a sample changeset per package', () => {
  const dir = versionInCopy({ 'sample.md': '---\n"@org/reconnect": patch\n---\n\nA sample fix.\n' });
  try {
    const [major, minor, patch] = versionOf(ROOT, 'reconnect').split('.').map(Number);
    expect(versionOf(dir, 'reconnect')).toBe(`${major}.${minor}.${(patch ?? 0) + 1}`);
    expect(readFileSync(join(dir, 'packages', 'reconnect', 'CHANGELOG.md'), 'utf8')).toContain('A sample fix.');
    expect(versionOf(dir, 'auth-signing')).toBe(versionOf(ROOT, 'auth-signing'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

// The pending changesets as a release would apply them: every package they name gets a new version.
test('the pending changesets version cleanly', () => {
  const pending = Object.fromEntries(
    readdirSync(join(ROOT, '.changeset'))
      .filter((name) => name.endsWith('.md') && name !== 'README.md')
      .map((name) => [name, readFileSync(join(ROOT, '.changeset', name), 'utf8')]),
  );
  const named = new Set(Object.values(pending).flatMap((text) => [...text.matchAll(/^['"]@org\/([\w-]+)['"]:/gm)].map((m) => m[1] as string)));
  const dir = versionInCopy(pending);
  try {
    for (const pkg of publishablePackages().filter((p) => named.has(p.dir))) {
      expect(`${pkg.dir} ${versionOf(dir, pkg.dir)}`).not.toBe(`${pkg.dir} ${versionOf(ROOT, pkg.dir)}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
