import { execFile } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { transform } from 'esbuild';
import { ROOT } from './packages';

/** One ```ts block of a package README. */
export interface ReadmeExample {
  /** `finery-1`: the package folder and the block's number in its README. */
  readonly name: string;
  /** `packages/finery/README.md:7`: where the block starts. */
  readonly source: string;
  readonly code: string;
}

/**
 * Every ```ts fenced block of every `packages/<name>/README.md`, in order. A block fenced
 * ```ts fragment (a piece of a larger program, e.g. how to register a simulator) is not an
 * example and is left out; every other ```ts block must run as written.
 */
export function readmeExamples(): ReadmeExample[] {
  const examples: ReadmeExample[] = [];
  for (const dir of readdirSync(join(ROOT, 'packages')).sort()) {
    const text = readFileSync(join(ROOT, 'packages', dir, 'README.md'), 'utf8');
    const fence = /^```ts\n([\s\S]*?)^```$/gm;
    let count = 0;
    for (let match = fence.exec(text); match; match = fence.exec(text)) {
      count += 1;
      const line = text.slice(0, match.index).split('\n').length;
      examples.push({ name: `${dir}-${count}`, source: `packages/${dir}/README.md:${line}`, code: match[1] ?? '' });
    }
  }
  return examples;
}

/** Where the examples are written: inside the repository, so that `@org/*` and `rxjs` resolve from its `node_modules`. */
export const EXAMPLES_DIR = join(ROOT, 'node_modules', '.cache', 'readme-examples');

/** Writes `files` (name → text) into a fresh {@link EXAMPLES_DIR}. */
export function writeExampleFiles(files: Record<string, string>): void {
  rmSync(EXAMPLES_DIR, { recursive: true, force: true });
  mkdirSync(EXAMPLES_DIR, { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(join(EXAMPLES_DIR, name), text);
}

/** The strict compiler options of a user's project, with `moduleResolution` node16 or bundler, against the packages' published declarations. */
export function exampleTsconfig(resolution: 'node16' | 'bundler', files: readonly string[]): string {
  return JSON.stringify({
    compilerOptions: {
      strict: true,
      target: 'ES2022',
      lib: ['ES2023'],
      types: ['node'],
      module: resolution === 'node16' ? 'node16' : 'esnext',
      moduleResolution: resolution,
      esModuleInterop: true,
      skipLibCheck: true,
      noEmit: true,
    },
    files,
  });
}

/** Resolves `tsc -p <project>` in {@link EXAMPLES_DIR}'s output: '' when it passes, else its diagnostics. */
export function typecheck(project: string): Promise<string> {
  return new Promise((resolve) =>
    execFile(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', project], { cwd: EXAMPLES_DIR, timeout: 240_000 }, (error, stdout, stderr) =>
      resolve(error ? `${stdout}${stderr}${error.message}` : ''),
    ),
  );
}

/**
 * Compiles `<name>.ts` of {@link EXAMPLES_DIR} into `<name>.mjs` (ES module) or `<name>.cjs`
 * (CommonJS), the example alone (esbuild, types stripped): run with Node, it loads the
 * packages as a user's code does, from their builds in `node_modules`. Resolves '' or
 * esbuild's errors, e.g. a top-level `await` in the CommonJS form.
 */
export async function compileExample(name: string, format: 'mjs' | 'cjs'): Promise<string> {
  try {
    const source = readFileSync(join(EXAMPLES_DIR, `${name}.ts`), 'utf8');
    const { code } = await transform(source, { loader: 'ts', format: format === 'mjs' ? 'esm' : 'cjs', target: 'node20', sourcefile: `${name}.ts` });
    writeFileSync(join(EXAMPLES_DIR, `${name}.${format}`), code);
    return '';
  } catch (error) {
    return (error as Error).message;
  }
}

/** What one run of an example did. */
export interface ExampleRun {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  /** How long it ran, ms. */
  readonly ms: number;
}

/** Runs `file` of {@link EXAMPLES_DIR} with Node and `env`, killed after `timeoutMs`. */
export function runExample(file: string, env: Record<string, string>, timeoutMs: number): Promise<ExampleRun> {
  const start = Date.now();
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [file], { cwd: EXAMPLES_DIR, env: { ...process.env, ...env }, timeout: timeoutMs, killSignal: 'SIGKILL' }, (_error, stdout, stderr) =>
      resolve({ code: child.exitCode, signal: child.signalCode, stdout, stderr, ms: Date.now() - start }),
    );
  });
}

/** A gate that runs the tasks given to it with at most `limit` at a time, in the order given; each call resolves as its task does. */
export function limiter(limit: number): <T>(task: () => Promise<T>) => Promise<T> {
  let active = 0;
  const waiting: (() => void)[] = [];
  return async <T>(task: () => Promise<T>): Promise<T> => {
    if (active >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
    active += 1;
    try {
      return await task();
    } finally {
      active -= 1;
      waiting.shift()?.();
    }
  };
}
