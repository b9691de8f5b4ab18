import type { Clock } from '../clock';

/** A {@link Clock} that only moves when told to, for deterministic tests. */
export interface MarketProphitManualClock extends Clock {
  /**
   * Moves time forward by `ms`, running every timer that falls due on the way in due
   * order (ties in the order they were scheduled), each with `now()` set to its due time.
   */
  advance(ms: number): void;
  /** Timers still pending. */
  readonly pending: number;
}

interface Timer {
  id: number;
  due: number;
  fn: () => void;
  everyMs?: number;
}

/**
 * Creates a manual clock starting at `startMs` (ms epoch; default `Date.now()`). Used by the
 * Market Prophit simulator's tests and the `@org/marketprophit` tests to step the push
 * cadence (marketprophit.md §7.1) and token lifetimes (§2.2) without waiting.
 */
export function createMarketProphitManualClock(startMs = Date.now()): MarketProphitManualClock {
  let now = startMs;
  let nextId = 1;
  const timers = new Map<number, Timer>();
  const add = (fn: () => void, ms: number, everyMs?: number): number => {
    const id = nextId++;
    timers.set(id, { id, due: now + Math.max(0, ms), fn, everyMs });
    return id;
  };
  const cancel = (handle: unknown): void => {
    timers.delete(handle as number);
  };
  const nextDue = (until: number): Timer | undefined => {
    let best: Timer | undefined;
    for (const timer of timers.values()) {
      if (timer.due <= until && (!best || timer.due < best.due || (timer.due === best.due && timer.id < best.id))) best = timer;
    }
    return best;
  };
  return {
    now: () => now,
    setTimeout: (fn, ms) => add(fn, ms),
    clearTimeout: cancel,
    setInterval: (fn, ms) => add(fn, ms, Math.max(1, ms)),
    clearInterval: cancel,
    advance(ms) {
      const until = now + ms;
      for (let timer = nextDue(until); timer; timer = nextDue(until)) {
        now = timer.due;
        if (timer.everyMs === undefined) timers.delete(timer.id);
        else timer.due += timer.everyMs;
        timer.fn();
      }
      now = until;
    },
    get pending() {
      return timers.size;
    },
  };
}
