/**
 * Every ```ts example of every package README runs as written, against the simulators, as
 * an ES module and as CommonJS, prints something and ends by itself; and it type-checks
 * under `--strict` with `moduleResolution` node16 (as `.mts` and `.cts`) and bundler.
 *
 * The examples learn where to connect from the documented environment variables
 * (`FINERY_URL`, `FINERY_KEY`, …, `ETOROX_PRIVATE_KEY_FILE`, …: `Simulators.env` of
 * `@org/venue-sim`); their defaults are the simulators of `npx venue-sim start … --port 7001`.
 * Here the simulators listen on free ports and the variables point the examples at them.
 * Each example is compiled alone (esbuild strips the types) and run in its own Node process,
 * a few at a time, loading the packages' builds from `node_modules` as a user's code does;
 * the type-check reads their published declarations.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startNatsServer, startRedisServer } from '@org/engine-servers';
import type { EngineServer } from '@org/engine-servers';
import { etoroxDemoCredentials, startAllSimulators } from '@org/venue-sim';
import type { Simulators } from '@org/venue-sim';
import { ROOT } from './packages';
import type { ExampleRun } from './readme-examples';
import { run } from './run';
import { compileExample, EXAMPLES_DIR, exampleTsconfig, limiter, readmeExamples, runExample, typecheck, writeExampleFiles } from './readme-examples';

const examples = readmeExamples();

/** A wrong value of every credential the examples read (a well-formed eToroX key that the simulator does not know). */
const WRONG_CREDENTIALS: Record<string, string> = {
  FINERY_SECRET: 'wrong-finery-secret',
  ETOROX_API_KEY: '00000000-0000-4000-8000-000000000000',
  HERCLE_API_KEY: 'wrong-hercle-key',
  MARKETPROPHIT_SECRET_KEY: 'sk_test_wrongMarketProphitKey',
};
const usesCredentials = (code: string) => Object.keys(WRONG_CREDENTIALS).some((name) => code.includes(`process.env.${name}`));

/** The ES module form of each example, once (the run with wrong credentials reuses it). */
const mjsBuilds = new Map<string, Promise<string>>();
const compiled = (name: string): Promise<string> => {
  if (!mjsBuilds.has(name)) mjsBuilds.set(name, compileExample(name, 'mjs'));
  return mjsBuilds.get(name)!;
};

/** Every package an example imports; under `npm test` Nx has built them first (tools/workspace/package.json `dependsOn`). */
const BUILT = ['@org/auth-signing', '@org/reconnect', '@org/finery', '@org/etorox', '@org/hercle', '@org/marketprophit', '@org/venues', '@org/metrics', '@org/venue-sim', '@org/recorder', '@org/bus', '@org/nats', '@org/redis'];

/** How long one example may run: generous, as CPUs are shared; the examples take 1–5 s alone. */
const RUN_TIMEOUT_MS = 90_000;
const FORMATS = ['mjs', 'cjs'] as const;

let sims: Simulators | undefined;
let engines: EngineServer[] = [];
let typechecks: Promise<Record<'node16' | 'bundler', string>>;
const runs = new Map<string, Promise<ExampleRun>>();

beforeAll(async () => {
  if (!process.env.NX_TASK_TARGET_PROJECT) run(process.execPath, [require.resolve('nx/bin/nx.js'), 'run-many', '-t', 'build', '-p', BUILT.join(','), '--outputStyle=static'], ROOT);
  const files: Record<string, string> = {};
  for (const { name, code } of examples) {
    files[`${name}.ts`] = code;
    files[`${name}.mts`] = code;
    files[`${name}.cts`] = code;
  }
  files['tsconfig.node16.json'] = exampleTsconfig('node16', examples.flatMap(({ name }) => [`${name}.mts`, `${name}.cts`]));
  files['tsconfig.bundler.json'] = exampleTsconfig('bundler', examples.map(({ name }) => `${name}.ts`));
  writeExampleFiles(files);
  const node16 = typecheck('tsconfig.node16.json');
  const bundler = typecheck('tsconfig.bundler.json');
  typechecks = Promise.all([node16, bundler]).then(([n, b]) => ({ node16: n, bundler: b }));

  // The examples run in parallel processes with the same Finery key: nonces from several
  // clocks interleave, so the simulator applies finery.md's 2-minute uniqueness variant
  // instead of the strictly increasing one (which one process at a time always satisfies).
  sims = await startAllSimulators({ finery: { nonceRule: 'unique-2min' } });
  // The @org/nats and @org/redis examples publish to and consume from private servers.
  engines = await Promise.all([startNatsServer(), startRedisServer()]);
  const [nats, redis] = engines as [EngineServer, EngineServer];
  const keyFile = join(EXAMPLES_DIR, 'etorox-demo-key.pem');
  writeFileSync(keyFile, etoroxDemoCredentials.privateKey);
  const env = { ...sims.env, ETOROX_PRIVATE_KEY_FILE: keyFile, NATS_URL: nats.url, REDIS_URL: redis.url };

  const notBuilt = (failed: string): ExampleRun => ({ code: null, signal: null, stdout: '', stderr: `esbuild: ${failed}`, ms: 0 });
  const tasks: [string, () => Promise<ExampleRun>][] = examples.flatMap(({ name }) =>
    FORMATS.map((format): [string, () => Promise<ExampleRun>] => [
      `${name}.${format}`,
      async () => {
        const failed = await (format === 'mjs' ? compiled(name) : compileExample(name, format));
        return failed === '' ? runExample(`${name}.${format}`, env, RUN_TIMEOUT_MS) : notBuilt(failed);
      },
    ]),
  );
  // Once more as an ES module with wrong credentials: the example reports the error and ends.
  const wrong = { ...env, ...WRONG_CREDENTIALS };
  for (const { name } of examples.filter(({ code }) => usesCredentials(code))) {
    tasks.push([
      `${name}.wrong`,
      async () => {
        const failed = await compiled(name);
        return failed === '' ? runExample(`${name}.mjs`, wrong, RUN_TIMEOUT_MS) : notBuilt(failed);
      },
    ]);
  }
  // At most 4 at a time; each test waits for its own run only.
  const gate = limiter(4);
  for (const [key, task] of tasks) runs.set(key, gate(task));
  // Nothing rejects: every failure is reported by the test it belongs to.
}, 300_000);

afterAll(async () => {
  await Promise.all([sims?.close(), ...engines.map((server) => server.close())]);
});

test('the READMEs have examples', () => {
  expect(examples.length).toBeGreaterThan(10);
});

describe.each(examples)('$source ($name)', ({ name }) => {
  test.each(FORMATS)('compiles and runs as .%s: prints, exits 0 by itself', async (format) => {
    const run = await runs.get(`${name}.${format}`)!;
    const report = `${name}.${format}: exit ${run.code} ${run.signal ?? ''} after ${run.ms} ms\n--- stdout\n${run.stdout}\n--- stderr\n${run.stderr}`;
    // The report is the message, so that a failure shows what the example printed.
    if (run.code !== 0 || run.stdout.trim() === '') throw new Error(`expected exit 0 and some output\n${report}`);
  }, 200_000);
});

describe.each(examples.filter(({ code }) => usesCredentials(code)))('$source ($name) with wrong credentials', ({ name }) => {
  test('reports the error and ends by itself, without printing a credential', async () => {
    const run = await runs.get(`${name}.wrong`)!;
    const report = `${name}.mjs with wrong credentials: exit ${run.code} ${run.signal ?? ''} after ${run.ms} ms\n--- stdout\n${run.stdout}\n--- stderr\n${run.stderr}`;
    const leaked = Object.values(WRONG_CREDENTIALS).filter((secret) => `${run.stdout}${run.stderr}`.includes(secret));
    if (run.signal !== null || run.code === null || run.stderr.trim() === '' || leaked.length > 0) throw new Error(`expected an error on stderr, an end by itself and no credential (leaked: ${leaked.length})\n${report}`);
  }, 200_000);
});

test.each(['node16', 'bundler'] as const)('every example type-checks with --strict, moduleResolution %s', async (resolution) => {
  expect((await typechecks)[resolution]).toBe('');
}, 250_000);

/** The environment variables each venue package's README must name: the canonical ones, as `venues tail --live` reads them. */
const VARIABLES: Record<string, readonly string[]> = {
  finery: ['FINERY_URL', 'FINERY_KEY', 'FINERY_SECRET'],
  etorox: ['ETOROX_HOST', 'ETOROX_URL', 'ETOROX_API_KEY', 'ETOROX_PRIVATE_KEY_FILE', 'ETOROX_PASSPHRASE'],
  hercle: ['HERCLE_URL', 'HERCLE_API_KEY'],
  marketprophit: ['MARKETPROPHIT_URL', 'MARKETPROPHIT_SECRET_KEY'],
};

test.each(Object.entries(VARIABLES))('the %s README names its environment variables and a Defaults table', (dir, names) => {
  const text = readFileSync(join(ROOT, 'packages', dir, 'README.md'), 'utf8');
  expect(names.filter((name) => !text.includes(`\`${name}\``))).toEqual([]);
  expect(text).toMatch(/^## Defaults$/m);
});

test('no README and no docstring names a retired variable (EFX_KEY, EFX_SECRET, MP_SECRET_KEY)', () => {
  const readmes = ['README.md', ...readdirSync(join(ROOT, 'packages')).map((dir) => `packages/${dir}/README.md`)];
  // The docstrings (and their @example) ship in the published declarations: the source files, tests aside.
  const sources = readdirSync(join(ROOT, 'packages')).flatMap((dir) =>
    (readdirSync(join(ROOT, 'packages', dir, 'src'), { recursive: true }) as string[]).filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts')).map((file) => `packages/${dir}/src/${file}`),
  );
  const found = [...readmes, ...sources].flatMap((file) => {
    const text = readFileSync(join(ROOT, file), 'utf8');
    return ['EFX_KEY', 'EFX_SECRET', 'MP_SECRET_KEY'].filter((name) => new RegExp(`\\b${name}\\b`).test(text)).map((name) => `${file}: ${name}`);
  });
  expect(found).toEqual([]);
});
