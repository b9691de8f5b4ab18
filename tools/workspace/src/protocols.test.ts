/**
 * The protocol references the docs cite (`finery.md §7.1`, …) ship with the packages that
 * cite them, in `protocols/` (tools/scripts/protocols.cjs copies them from the reference
 * directory): every cited file is there, identical to the reference (or, without it, to the
 * other copies), nothing uncited is, and `files` publishes the folder.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { citedProtocols, syncProtocols } from '../../scripts/protocols.cjs';
import { publishablePackages } from './packages';

test('every package carries the protocol references it cites, in sync (node tools/scripts/protocols.cjs fixes it)', () => {
  expect(syncProtocols({ check: true })).toEqual([]);
});

test.each(publishablePackages().map((pkg) => [pkg.dir, pkg] as const))('%s publishes protocols/ when it cites a protocol', (_dir, { path, manifest }) => {
  const cited = citedProtocols(path);
  expect(manifest.files?.includes('protocols') ?? false).toBe(cited.length > 0);
  for (const name of cited) expect(existsSync(join(path, 'protocols', name))).toBe(true);
});
