import { Subject } from 'rxjs';
import { conflate } from './conflate';

/** Subscribes and records what arrives, as `['next', value]`, `['error', error]` or `['complete']`. */
function record<T>(source: Subject<T>, merge?: (previous: T, next: T) => T) {
  const seen: unknown[][] = [];
  const subscription = source.pipe(conflate(merge)).subscribe({
    next: (value) => seen.push(['next', value]),
    error: (error: unknown) => seen.push(['error', error]),
    complete: () => seen.push(['complete']),
  });
  return { seen, subscription };
}

/** Resolves after the macrotasks scheduled before it (an immediate queued after the operator's). */
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('conflate (real timers)', () => {
  it('delivers the latest value of a turn on the next macrotask, nothing synchronously', async () => {
    const source = new Subject<number>();
    const { seen } = record(source);
    source.next(1);
    source.next(2);
    source.next(3);
    expect(seen).toEqual([]);
    await nextTurn();
    expect(seen).toEqual([['next', 3]]);
    source.next(4);
    await nextTurn();
    expect(seen).toEqual([['next', 3], ['next', 4]]);
  });

  it('carries flags across replaced values with merge, called only while a value is pending', async () => {
    const source = new Subject<{ n: number; reset: boolean }>();
    const calls: number[][] = [];
    const { seen } = record(source, (previous, next) => {
      calls.push([previous.n, next.n]);
      return { n: next.n, reset: previous.reset || next.reset };
    });
    source.next({ n: 1, reset: false });
    source.next({ n: 2, reset: true });
    source.next({ n: 3, reset: false });
    await nextTurn();
    source.next({ n: 4, reset: false });
    await nextTurn();
    expect(seen).toEqual([
      ['next', { n: 3, reset: true }],
      ['next', { n: 4, reset: false }],
    ]);
    expect(calls).toEqual([
      [1, 2],
      [2, 3],
    ]);
  });

  it('delivers a pending value before the completion or the error, synchronously', () => {
    const completing = new Subject<string>();
    const completed = record(completing);
    completing.next('a');
    completing.next('b');
    completing.complete();
    expect(completed.seen).toEqual([['next', 'b'], ['complete']]);

    const failing = new Subject<string>();
    const failed = record(failing);
    const boom = new Error('boom');
    failing.next('a');
    failing.error(boom);
    expect(failed.seen).toEqual([['next', 'a'], ['error', boom]]);
  });

  it('delivers a pending undefined as a value', async () => {
    const source = new Subject<undefined>();
    const { seen } = record(source);
    source.next(undefined);
    await nextTurn();
    expect(seen).toEqual([['next', undefined]]);
  });
});

describe('conflate (fake timers)', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('schedules one delivery per turn and cancels it on unsubscribe', () => {
    const source = new Subject<number>();
    const { seen, subscription } = record(source);
    source.next(1);
    source.next(2);
    expect(jest.getTimerCount()).toBe(1);
    subscription.unsubscribe();
    expect(jest.getTimerCount()).toBe(0);
    jest.runAllTimers();
    expect(seen).toEqual([]);
    expect(source.observed).toBe(false);
  });

  it('leaves no timer after a completion with a pending value', () => {
    const source = new Subject<number>();
    record(source);
    source.next(1);
    source.complete();
    expect(jest.getTimerCount()).toBe(0);
  });

  it('falls back to setTimeout(fn, 0) where setImmediate does not exist (browsers)', () => {
    const immediate = globalThis.setImmediate;
    const timeout = jest.spyOn(globalThis, 'setTimeout');
    (globalThis as { setImmediate?: unknown }).setImmediate = undefined;
    try {
      const source = new Subject<number>();
      const { seen, subscription } = record(source);
      source.next(1);
      source.next(2);
      expect(timeout).toHaveBeenCalledTimes(1);
      expect(timeout).toHaveBeenLastCalledWith(expect.any(Function), 0);
      jest.advanceTimersByTime(0);
      expect(seen).toEqual([['next', 2]]);
      source.next(3);
      subscription.unsubscribe();
      expect(jest.getTimerCount()).toBe(0);
    } finally {
      globalThis.setImmediate = immediate;
      timeout.mockRestore();
    }
  });
});
