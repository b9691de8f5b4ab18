/**
 * Every ```ts example of every package README runs as written, against the simulators, as
 * an ES module and as CommonJS, prints something and ends by itself; and it type-checks
 * under `--strict` with `moduleResolution` node16 (as `.mts` and `.cts`) and bundler.
 *
 * The examples learn where to connect from the documented environment variables
 * (`FINERY_URL`, `FINERY_KEY`, …, `ETOROX_PRIVATE_KEY_FILE`, …: `Simulators.env` of
 * `@org/venue-sim`); their defaults are the simulators of `npx venue-sim start … --port 7001`.
 * Here the simulators listen on free ports and the variables point the examples at them.
 * Each example is bundled with esbuild (workspace packages from source, everything else
 * from `node_modules`) and run in its own Node process, a few at a time.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { etoroxDemoCredentials, startAllSimulators } from '@org/venue-sim';
import type { Simulators } from '@org/venue-sim';
import { ROOT } from './packages';
import type { ExampleRun } from './readme-examples';
import { bundleExample, EXAMPLES_DIR, exampleTsconfig, limited, readmeExamples, runExample, typecheck, writeExampleFiles } from './readme-examples';

const examples = readmeExamples();

/** A wrong value of every credential the examples read (a well-formed eToroX key that the simulator does not know). */
const WRONG_CREDENTIALS: Record<string, string> = {
  FINERY_SECRET: 'wrong-finery-secret',
  ETOROX_API_KEY: '00000000-0000-4000-8000-000000000000',
  HERCLE_API_KEY: 'wrong-hercle-key',
  MARKETPROPHIT_SECRET_KEY: 'sk_test_wrongMarketProphitKey',
};
const usesCredentials = (code: string) => Object.keys(WRONG_CREDENTIALS).some((name) => code.includes(`process.env.${name}`));

/** The ES module build of each example, once (the run with wrong credentials reuses it). */
const mjsBuilds = new Map<string, Promise<string>>();
const bundled = (name: string): Promise<string> => {
  if (!mjsBuilds.has(name)) mjsBuilds.set(name, bundleExample(name, 'mjs'));
  return mjsBuilds.get(name)!;
};
const FORMATS = ['mjs', 'cjs'] as const;

let sims: Simulators | undefined;
let typechecks: Promise<Record<'node16' | 'bundler', string>>;
let runs: Promise<Map<string, ExampleRun>>;

beforeAll(async () => {
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

  sims = await startAllSimulators();
  const keyFile = join(EXAMPLES_DIR, 'etorox-demo-key.pem');
  writeFileSync(keyFile, etoroxDemoCredentials.privateKey);
  const env = { ...sims.env, ETOROX_PRIVATE_KEY_FILE: keyFile };

  const tasks = examples.flatMap(({ name }) =>
    FORMATS.map((format) => async (): Promise<[string, ExampleRun]> => {
      const failed = await (format === 'mjs' ? bundled(name) : bundleExample(name, format));
      if (failed !== '') return [`${name}.${format}`, { code: null, signal: null, stdout: '', stderr: `esbuild: ${failed}`, ms: 0 }];
      return [`${name}.${format}`, await runExample(`${name}.${format}`, env, 30_000)];
    }),
  );
  // Once more as an ES module with wrong credentials: the example reports the error and ends.
  const wrong = { ...env, ...WRONG_CREDENTIALS };
  for (const { name } of examples.filter(({ code }) => usesCredentials(code))) {
    tasks.push(async () => [`${name}.wrong`, (await bundled(name)) === '' ? await runExample(`${name}.mjs`, wrong, 30_000) : { code: null, signal: null, stdout: '', stderr: 'not built', ms: 0 }]);
  }
  runs = limited(tasks, 4).then((entries) => new Map(entries));
  // Nothing rejects: every failure is reported by the test it belongs to.
}, 60_000);

afterAll(async () => {
  if (process.env.DEBUG_README) for (const [k, v] of await runs) console.log(k, v.ms, v.code);
  await sims?.close();
});

test('the READMEs have examples', () => {
  expect(examples.length).toBeGreaterThan(10);
});

describe.each(examples)('$source ($name)', ({ name }) => {
  test.each(FORMATS)('bundles and runs as .%s: prints, exits 0 by itself', async (format) => {
    const run = (await runs).get(`${name}.${format}`)!;
    const report = `${name}.${format}: exit ${run.code} ${run.signal ?? ''} after ${run.ms} ms\n--- stdout\n${run.stdout}\n--- stderr\n${run.stderr}`;
    expect({ code: run.code, printed: run.stdout.trim() !== '', report }).toEqual({ code: 0, printed: true, report });
  }, 120_000);
});

describe.each(examples.filter(({ code }) => usesCredentials(code)))('$source ($name) with wrong credentials', ({ name }) => {
  test('reports the error and ends by itself, without printing a credential', async () => {
    const run = (await runs).get(`${name}.wrong`)!;
    const report = `${name}.mjs with wrong credentials: exit ${run.code} ${run.signal ?? ''} after ${run.ms} ms\n--- stdout\n${run.stdout}\n--- stderr\n${run.stderr}`;
    const leaked = Object.values(WRONG_CREDENTIALS).filter((secret) => `${run.stdout}${run.stderr}`.includes(secret));
    expect({ ended: run.signal === null && run.code !== null, reported: run.stderr.trim() !== '', leaked, report }).toEqual({ ended: true, reported: true, leaked: [], report });
  }, 120_000);
});

test.each(['node16', 'bundler'] as const)('every example type-checks with --strict, moduleResolution %s', async (resolution) => {
  expect((await typechecks)[resolution]).toBe('');
}, 120_000);

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

test('no README names a retired variable (EFX_KEY, EFX_SECRET, MP_SECRET_KEY)', () => {
  const readmes = ['README.md', ...readdirSync(join(ROOT, 'packages')).map((dir) => `packages/${dir}/README.md`)];
  const found = readmes.flatMap((file) => {
    const text = readFileSync(join(ROOT, file), 'utf8');
    return ['EFX_KEY', 'EFX_SECRET', 'MP_SECRET_KEY'].filter((name) => new RegExp(`\\b${name}\\b`).test(text)).map((name) => `${file}: ${name}`);
  });
  expect(found).toEqual([]);
});
