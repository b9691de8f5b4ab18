/**
 * Runs two variants alternately, `runs` times each, swapping which goes first on every
 * pair (ours, baseline, baseline, ours, ...) so that drift in the machine's load (other
 * processes, thermal, GC of earlier runs) falls on both equally.
 */
export async function alternate<T>(runs: number, ours: () => Promise<T>, baseline: () => Promise<T>): Promise<{ ours: T[]; baseline: T[] }> {
  const result = { ours: [] as T[], baseline: [] as T[] };
  for (let i = 0; i < runs; i++) {
    if (i % 2 === 0) {
      result.ours.push(await ours());
      result.baseline.push(await baseline());
    } else {
      result.baseline.push(await baseline());
      result.ours.push(await ours());
    }
  }
  return result;
}
