import type { Clock } from '@org/venue-sim';

/** A {@link Clock} whose market cadence fires only on `step()`. */
export interface SteppedClock extends Clock {
  /** Runs every interval of exactly `stepMs` once, now (in the order they were set). */
  step(): void;
}

/**
 * A simulator clock for latency figures: intervals of exactly `stepMs` (the simulator's
 * market cadence, e.g. `priceIntervalMs: 1`) run only when `step()` is called, so the
 * harness knows the moment each update is sent; every other timer is real.
 */
export function steppedClock(stepMs: number): SteppedClock {
  const stepped = new Map<number, () => void>();
  const real = new Map<number, NodeJS.Timeout>();
  let nextId = 0;
  return {
    now: () => Date.now(),
    setTimeout: (fn, ms) => setTimeout(fn, ms),
    clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
    setInterval(fn, ms) {
      const id = ++nextId;
      if (ms === stepMs) stepped.set(id, fn);
      else real.set(id, setInterval(fn, ms));
      return id;
    },
    clearInterval(handle) {
      stepped.delete(handle as number);
      clearInterval(real.get(handle as number));
      real.delete(handle as number);
    },
    step() {
      for (const fn of [...stepped.values()]) fn();
    },
  };
}
