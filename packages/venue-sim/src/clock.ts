/**
 * The time source of every simulator. Tests pass a controllable clock (or use Jest's
 * fake timers with the default `systemClock`) so that keep-alives, idle limits, token
 * lifetimes and market cadence are deterministic.
 */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  setInterval(fn: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
}

/** The real clock: `Date.now` and Node's timers, resolved at call time so fake timers apply. */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
  setInterval: (fn, ms) => setInterval(fn, ms),
  clearInterval: (handle) => clearInterval(handle as NodeJS.Timeout),
};

/** A {@link Clock} that only moves when told to, for deterministic tests. */
export interface ManualClock extends Clock {
  /**
   * Moves time forward by `ms` (milliseconds), running every timer that falls due on the
   * way in due order (ties in the order they were scheduled), each with `now()` set to its
   * due time. Timers a callback sets are run too when they fall due within `ms`.
   * @throws RangeError when `ms` is negative or not finite.
   */
  advance(ms: number): void;
  /** Timers still pending (timeouts not yet run or cleared, intervals not cleared). */
  readonly pending: number;
}

interface ManualTimer {
  id: number;
  due: number;
  fn: () => void;
  everyMs?: number;
}

/**
 * Creates a manual clock starting at `startMs` (ms epoch; default `Date.now()`). Nothing
 * runs until `advance`; handles are numbers, and clearing an unknown or finished handle
 * does nothing. Used to step keep-alives (signalr.md §7), market cadence
 * (marketprophit.md §7.1), token lifetimes (marketprophit.md §2.2) and expiries
 * (hercle.md §4.1) without waiting.
 */
export function createManualClock(startMs = Date.now()): ManualClock {
  let now = startMs;
  let nextId = 1;
  const timers = new Map<number, ManualTimer>();
  const add = (fn: () => void, ms: number, everyMs?: number): number => {
    const id = nextId++;
    timers.set(id, { id, due: now + Math.max(0, ms), fn, everyMs });
    return id;
  };
  const cancel = (handle: unknown): void => {
    timers.delete(handle as number);
  };
  const nextDue = (until: number): ManualTimer | undefined => {
    let best: ManualTimer | undefined;
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
      if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`advance(ms) needs a finite ms >= 0, got ${ms}`);
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
