import { Subject } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { IdleTimeoutError } from './errors';
import { idleTimeout } from './idle';

const scheduler = () => new TestScheduler((actual, expected) => expect(actual).toEqual(expected));

describe('idleTimeout', () => {
  it('fires IdleTimeoutError when no value arrives within ms of subscribing', () => {
    scheduler().run(({ cold, expectObservable }) => {
      expectObservable(cold('-------a').pipe(idleTimeout(5))).toBe('-----#', undefined, new IdleTimeoutError(5));
    });
  });

  it('resets on every value and fires ms after the last one', () => {
    scheduler().run(({ cold, expectObservable }) => {
      expectObservable(cold('--a--b--c--------d').pipe(idleTimeout(5))).toBe(
        '--a--b--c----#',
        undefined,
        new IdleTimeoutError(5)
      );
    });
  });

  it('passes a lively stream through unchanged, including completion and errors', () => {
    scheduler().run(({ cold, expectObservable }) => {
      expectObservable(cold('-a-b-c|').pipe(idleTimeout(5))).toBe('-a-b-c|');
      expectObservable(cold('-a-#').pipe(idleTimeout(5))).toBe('-a-#');
    });
  });

  it('cancels its timer on unsubscribe', () => {
    jest.useFakeTimers();
    try {
      const source = new Subject<number>();
      const sub = source.pipe(idleTimeout(1_000)).subscribe();
      expect(jest.getTimerCount()).toBe(1);
      sub.unsubscribe();
      expect(jest.getTimerCount()).toBe(0);
    } finally {
      jest.useRealTimers();
    }
  });

  it('carries idleMs, a code and fatal = false', () => {
    const error = new IdleTimeoutError(30_000);
    expect(error).toMatchObject({ idleMs: 30_000, code: 'IDLE_TIMEOUT', fatal: false, name: 'IdleTimeoutError' });
    expect(error.message).toBe('No data received for 30000 ms');
  });
});
