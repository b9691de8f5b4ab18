/** Resolves after `ms` (never used to wait for an event: see `waitUntil`). */
export const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Polls `check` every 10 ms until it returns true; resolves `true`, or `false` after
 * `timeoutMs`. Generous bounds only: a false answer is a violation, not a slow run.
 */
export async function waitUntil(check: () => boolean, timeoutMs: number): Promise<boolean> {
  const end = performance.now() + timeoutMs;
  while (!check()) {
    if (performance.now() > end) return false;
    await delay(10);
  }
  return true;
}
