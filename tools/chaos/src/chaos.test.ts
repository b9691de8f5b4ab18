/**
 * The fault-injection suite. Without `CHAOS_FAULTS` (inside `npm test`): a short fixed seed
 * set, a handful of faults per venue. With `CHAOS_FAULTS=N` (`npm run test:chaos`): one long
 * run of N faults, seeded by `CHAOS_SEED` or the clock; the seed is printed either way, and
 * `npm run test:chaos -- --faults <n> --seed <seed>` replays a run.
 */
import { formatReport, runChaos } from './runner';
import { ALL_VENUES } from './venues';

/** Fixed seeds of the short set; each run injects `SHORT_FAULTS` faults over the four venues. */
const SHORT_SEEDS = [11, 23, 47];
const SHORT_FAULTS = 12;

const longFaults = Number(process.env.CHAOS_FAULTS ?? 0);

async function run(seed: number, faults: number): Promise<void> {
  console.log(`chaos: seed ${seed}, ${faults} faults (replay: npm run test:chaos -- --faults ${faults} --seed ${seed})`);
  const report = await runChaos({ seed, faults, venues: ALL_VENUES, print: (line) => console.log(line) });
  console.log(formatReport(report));
  expect({ seed, injected: report.injected, recovered: report.recovered, violations: report.violations }).toEqual({
    seed,
    injected: faults,
    recovered: faults,
    violations: [],
  });
}

if (longFaults > 0) {
  const seed = Number(process.env.CHAOS_SEED ?? Date.now() % 2 ** 31);
  test(`chaos: ${longFaults} faults, seed ${seed}`, () => run(seed, longFaults), 120_000 + longFaults * 30_000);
} else {
  test.each(SHORT_SEEDS)('chaos short set: seed %i', (seed) => run(seed, SHORT_FAULTS), 60_000);
}
