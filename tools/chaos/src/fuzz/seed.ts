import fc from 'fast-check';

/**
 * Fuzz runs are reproducible: a fixed seed unless `FUZZ_SEED` names another (fast-check
 * prints the seed and path of every counterexample; `FUZZ_SEED=random` explores new ones).
 */
export function useFuzzSeed(): void {
  const env = process.env.FUZZ_SEED;
  fc.configureGlobal(env === 'random' ? {} : { seed: Number(env ?? 20_261_121) });
}
