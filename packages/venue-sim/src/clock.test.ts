import { createManualClock, systemClock } from './clock';

describe('createManualClock', () => {
  it('starts at startMs and stands still until advanced', () => {
    const clock = createManualClock(1_000);
    expect(clock.now()).toBe(1_000);
    clock.advance(250);
    expect(clock.now()).toBe(1_250);
  });

  it('defaults the start to the current time', () => {
    const before = Date.now();
    const now = createManualClock().now();
    expect(now).toBeGreaterThanOrEqual(before);
    expect(now).toBeLessThanOrEqual(Date.now());
  });

  it('runs due timers in due order, ties in scheduling order, each at its due time', () => {
    const clock = createManualClock(0);
    const runs: string[] = [];
    clock.setTimeout(() => runs.push(`b@${clock.now()}`), 20);
    clock.setTimeout(() => runs.push(`a@${clock.now()}`), 10);
    clock.setTimeout(() => runs.push(`c@${clock.now()}`), 20);
    clock.setTimeout(() => runs.push(`late@${clock.now()}`), 31);
    clock.advance(30);
    expect(runs).toEqual(['a@10', 'b@20', 'c@20']);
    expect(clock.now()).toBe(30);
    clock.advance(1);
    expect(runs).toEqual(['a@10', 'b@20', 'c@20', 'late@31']);
    expect(clock.pending).toBe(0);
  });

  it('repeats an interval until it is cleared', () => {
    const clock = createManualClock(0);
    const ticks: number[] = [];
    const handle = clock.setInterval(() => ticks.push(clock.now()), 100);
    clock.advance(350);
    expect(ticks).toEqual([100, 200, 300]);
    expect(clock.pending).toBe(1);
    clock.clearInterval(handle);
    clock.advance(1_000);
    expect(ticks).toEqual([100, 200, 300]);
    expect(clock.pending).toBe(0);
  });

  it('never runs a cleared timeout, and ignores unknown handles', () => {
    const clock = createManualClock(0);
    const fn = jest.fn();
    const handle = clock.setTimeout(fn, 10);
    clock.clearTimeout(handle);
    clock.clearTimeout(12345);
    clock.clearInterval(undefined);
    clock.advance(100);
    expect(fn).not.toHaveBeenCalled();
  });

  it('runs timers that callbacks set when they fall due within the same advance', () => {
    const clock = createManualClock(0);
    const runs: number[] = [];
    clock.setTimeout(() => {
      runs.push(clock.now());
      clock.setTimeout(() => runs.push(clock.now()), 5);
      clock.setTimeout(() => runs.push(clock.now()), 50);
    }, 10);
    clock.advance(20);
    expect(runs).toEqual([10, 15]);
    clock.advance(40);
    expect(runs).toEqual([10, 15, 60]);
  });

  it('runs an interval of 0 ms once per millisecond instead of looping', () => {
    const clock = createManualClock(0);
    const fn = jest.fn();
    clock.setInterval(fn, 0);
    clock.advance(3);
    expect(fn).toHaveBeenCalledTimes(4);
  });

  it.each([-1, Number.NaN, Number.POSITIVE_INFINITY])('refuses advance(%p) with a RangeError', (ms) => {
    const clock = createManualClock(0);
    expect(() => clock.advance(ms)).toThrow(RangeError);
    expect(clock.now()).toBe(0);
  });
});

describe('systemClock', () => {
  it('resolves Date.now and the timers at call time, so Jest fake timers apply', () => {
    jest.useFakeTimers({ now: 5_000 });
    try {
      const fn = jest.fn();
      systemClock.setTimeout(fn, 100);
      expect(systemClock.now()).toBe(5_000);
      jest.advanceTimersByTime(100);
      expect(fn).toHaveBeenCalledTimes(1);
      const handle = systemClock.setInterval(fn, 10);
      jest.advanceTimersByTime(30);
      systemClock.clearInterval(handle);
      jest.advanceTimersByTime(30);
      expect(fn).toHaveBeenCalledTimes(4);
    } finally {
      jest.useRealTimers();
    }
  });
});
