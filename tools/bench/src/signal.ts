/**
 * A one-shot-at-a-time event signal: a subscriber calls `deliver()`; `next()` resolves with
 * the `performance.now()` of the next delivery after it was called, or fails after
 * `timeoutMs` (default 15 000). Deliveries while nobody waits are ignored.
 */
export interface Signal {
  deliver(): void;
  next(timeoutMs?: number): Promise<number>;
}

/** Creates a {@link Signal}. */
export function createSignal(): Signal {
  let waiter: ((at: number) => void) | undefined;
  return {
    deliver() {
      const at = performance.now();
      const wake = waiter;
      waiter = undefined;
      wake?.(at);
    },
    next(timeoutMs = 15_000) {
      return new Promise<number>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no event within ${timeoutMs} ms`)), timeoutMs);
        waiter = (at) => {
          clearTimeout(timer);
          resolve(at);
        };
      });
    },
  };
}
