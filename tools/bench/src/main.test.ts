import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Results } from './report';

const ROOT = resolve(__dirname, '..', '..', '..');

// The harness end to end (esbuild bundle, simulator, child processes, table, JSON) on the
// smallest budget: asserts the shape of what it writes, never the timings.
test('npm run bench -- --quick --only marketprophit prints the table and writes results.json', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'bench-smoke-'));
  const out = join(dir, 'results.json');
  try {
    const stdout = await new Promise<string>((done, fail) =>
      execFile(process.execPath, [join(ROOT, 'tools/scripts/bench.mjs'), '--quick', '--only', 'marketprophit', '--out', out], { cwd: ROOT }, (error, text, stderr) =>
        error ? fail(new Error(`${error.message}\n${stderr}`)) : done(text),
      ),
    );
    expect(stdout).toMatch(/\| figure +\| metric +\| ours +\| baseline +\| ratio +\| target +\| result +\|/);
    expect(stdout).toMatch(/\| 4 marketprophit +\| events\/s per CPU-s, busy \d+\/\d+ % +\|/);

    const results = JSON.parse(readFileSync(out, 'utf8')) as Results;
    expect(results.quick).toBe(true);
    expect(results.machine).toEqual({ node: process.version, cpu: expect.any(String), cores: expect.any(Number), memoryGb: expect.any(Number), platform: expect.any(String) });
    expect(results.figures).toEqual([{ name: 'marketprophit', number: 4, title: expect.any(String), seconds: expect.any(Number) }]);
    expect(results.rows).toEqual([
      expect.objectContaining({ figure: '4 marketprophit', target: '≥ 0.9×', pass: expect.any(Boolean), ours: expect.any(Number), baseline: expect.any(Number), ratio: expect.any(Number) }),
    ]);
    const [row] = results.rows;
    expect(row!.ours).toBeGreaterThan(0);
    expect(row!.baseline).toBeGreaterThan(0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
