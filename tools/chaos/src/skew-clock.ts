import type { Clock } from '@org/venue-sim';

/**
 * The real clock plus an offset that `jump` moves forward: timers due by the new time fire
 * at once, the others keep their remaining real delay. Lets the chaos suite expire a Market
 * Prophit token (marketprophit.md §2.2, §3) on demand while everything else runs in real time.
 */
export interface SkewClock extends Clock {
  /** Moves time forward by `ms`. */
  jump(ms: number): void;
  /** Cancels every pending timer. */
  dispose(): void;
}

interface Timer {
  due: number;
  readonly fn: () => void;
  readonly everyMs: number | undefined;
  handle: NodeJS.Timeout;
}

/** Creates a clock that starts at `Date.now()`. */
export function createSkewClock(): SkewClock {
  let offset = 0;
  let ids = 0;
  const timers = new Map<number, Timer>();
  const now = (): number => Date.now() + offset;
  const arm = (id: number, timer: Timer): void => {
    timer.handle = setTimeout(() => fire(id), Math.max(0, timer.due - now()));
  };
  const fire = (id: number): void => {
    const timer = timers.get(id);
    if (!timer) return;
    if (timer.everyMs === undefined) timers.delete(id);
    else {
      timer.due = Math.max(timer.due + timer.everyMs, now());
      arm(id, timer);
    }
    timer.fn();
  };
  const add = (fn: () => void, ms: number, everyMs?: number): number => {
    const id = ++ids;
    const timer: Timer = { due: now() + Math.max(0, ms), fn, everyMs, handle: undefined as unknown as NodeJS.Timeout };
    timers.set(id, timer);
    arm(id, timer);
    return id;
  };
  const cancel = (handle: unknown): void => {
    const timer = timers.get(handle as number);
    if (!timer) return;
    clearTimeout(timer.handle);
    timers.delete(handle as number);
  };
  return {
    now,
    setTimeout: (fn, ms) => add(fn, ms),
    clearTimeout: cancel,
    setInterval: (fn, ms) => add(fn, ms, Math.max(1, ms)),
    clearInterval: cancel,
    jump(ms) {
      offset += ms;
      for (const [id, timer] of timers) {
        clearTimeout(timer.handle);
        arm(id, timer);
      }
    },
    dispose() {
      for (const timer of timers.values()) clearTimeout(timer.handle);
      timers.clear();
    },
  };
}
