import { build } from 'esbuild';
import * as browser from './browser';
import * as root from './index';

describe('the browser entry (`browser` export condition)', () => {
  it('bundles for the browser: no node: import, no Node global', async () => {
    const result = await build({
      entryPoints: [require.resolve('./browser')],
      bundle: true,
      platform: 'browser',
      format: 'esm',
      write: false,
      logLevel: 'silent',
      external: ['rxjs'],
    });
    expect(result.errors).toEqual([]);
    const code = result.outputFiles.map((file) => file.text).join('\n');
    expect(code).not.toMatch(/\bBuffer\b|\brequire\(/);
  });

  it('is the root entry without the Node-only signers', () => {
    const nodeOnly = ['etoroxSetupRequest', 'fineryAuthHeaders', 'hmacSha384Base64', 'rsaSha256Base64'];
    expect(Object.keys(root).filter((name) => !(name in browser)).sort()).toEqual(nodeOnly);
  });
});
