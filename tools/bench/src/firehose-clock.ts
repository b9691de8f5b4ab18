import type { Clock } from '@org/venue-sim';

/**
 * A simulator clock for throughput figures: real `now()`, but every timer of at most
 * `maxMs` runs on the next `setImmediate` turn, so a market cadence (`priceIntervalMs: 1`,
 * Market Prophit's push boundaries) fires as fast as the event loop turns while longer
 * timers (keep-alives, setup and idle limits) keep their real durations.
 */
export function firehoseClock(maxMs: number): Clock {
  const intervals = new Map<number, { immediate?: NodeJS.Immediate; timeout?: NodeJS.Timeout }>();
  let nextId = 0;
  return {
    now: () => Date.now(),
    setTimeout: (fn, ms) => (ms <= maxMs ? { immediate: setImmediate(fn) } : { timeout: setTimeout(fn, ms) }),
    clearTimeout(handle) {
      const h = handle as { immediate?: NodeJS.Immediate; timeout?: NodeJS.Timeout } | undefined;
      if (h?.immediate) clearImmediate(h.immediate);
      if (h?.timeout) clearTimeout(h.timeout);
    },
    setInterval(fn, ms) {
      const id = ++nextId;
      if (ms > maxMs) intervals.set(id, { timeout: setInterval(fn, ms) });
      else {
        const tick = (): void => {
          fn();
          if (intervals.has(id)) intervals.set(id, { immediate: setImmediate(tick) });
        };
        intervals.set(id, { immediate: setImmediate(tick) });
      }
      return id;
    },
    clearInterval(handle) {
      const h = intervals.get(handle as number);
      intervals.delete(handle as number);
      if (h?.immediate) clearImmediate(h.immediate);
      if (h?.timeout) clearInterval(h.timeout);
    },
  };
}
