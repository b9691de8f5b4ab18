/**
 * `npm start` as a user runs it, in its own process group like a terminal's foreground job:
 * `--silent -- --json` gives pure NDJSON on stdout, and Ctrl+C (SIGINT to the whole group:
 * npm, the shell, tools/scripts/start.mjs and the CLI) exits 0, as the README promises.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { ROOT } from './packages';

test('npm start --silent -- --json prints only NDJSON, and Ctrl+C exits 0', async () => {
  const child = spawn('npm', ['start', '--silent', '--', '--venue', 'hercle', '--json'], { cwd: ROOT, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exit = new Promise<number | null>((resolve) => child.on('close', resolve));
  try {
    await new Promise<void>((resolve, reject) => {
      createInterface({ input: child.stdout }).on('line', (line) => {
        lines.push(line);
        if (line.includes('"kind":"quote"')) resolve();
      });
      void exit.then((code) => reject(new Error(`npm start exited ${code} first: ${stderr}`)));
    });
    process.kill(-child.pid!, 'SIGINT');
    expect(await exit).toBe(0);
    expect(lines.filter((line) => !line.startsWith('{'))).toEqual([]);
    for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
  } finally {
    if (child.exitCode === null) process.kill(-child.pid!, 'SIGKILL');
  }
}, 60_000);
