import { Observable } from 'rxjs';
import type { MonoTypeOperatorFunction } from 'rxjs';

/**
 * Runs `task` on the next macrotask and returns its cancel: `setImmediate` where it exists
 * (Node.js: after the I/O callbacks of the current loop iteration), else `setTimeout(task, 0)`
 * (browsers; a nested timeout may be clamped to 4 ms there).
 */
function nextMacrotask(task: () => void): () => void {
  if (typeof setImmediate === 'function') {
    const immediate = setImmediate(task);
    return () => clearImmediate(immediate);
  }
  const timeout = setTimeout(task, 0);
  return () => clearTimeout(timeout);
}

/**
 * Latest value per turn of the event loop (conflation), for a consumer that wants the newest
 * state rather than every change (an order book, a quote):
 *
 * - The first value after a delivery is held as pending and a delivery is scheduled on the
 *   next macrotask (`setImmediate` in Node.js, `setTimeout(fn, 0)` where it does not exist,
 *   e.g. browsers). Nothing is emitted synchronously.
 * - A value arriving while one is pending replaces it: with `merge`, the pending value becomes
 *   `merge(pending, value)` (to carry a flag such as "a reset happened" across the values it
 *   replaces); without, `value`. At most one value is delivered per scheduled delivery, so a
 *   consumer slower than its source (a synchronous subscriber that blocks the event loop)
 *   receives the newest value instead of working through a backlog.
 * - On error or complete, a pending value is emitted first (synchronously), then the error or
 *   the completion.
 * - Unsubscribing cancels the pending delivery: no timer outlives the subscription.
 *
 * Pure RxJS, no Node.js import: it works in browsers too. The source's values are passed as
 * they are (no copy): a source that mutates one object in place delivers its latest state.
 *
 * @param merge combines the pending value with the one replacing it; called only while a
 *   value is pending, never for the first value of a turn
 * @example
 * book$.pipe(conflate())                                                  // newest book per turn
 * resets$.pipe(conflate((previous, next) => ({ ...next, reset: previous.reset || next.reset })))
 */
export function conflate<T>(merge?: (previous: T, next: T) => T): MonoTypeOperatorFunction<T> {
  return (source) =>
    new Observable<T>((subscriber) => {
      // The pending value; `held` tells it apart from a pending `undefined`.
      let held = false;
      let pending: T | undefined;
      let cancel: (() => void) | undefined;
      const flush = () => {
        cancel?.();
        cancel = undefined;
        if (!held) return;
        const value = pending as T;
        held = false;
        pending = undefined;
        subscriber.next(value);
      };
      const subscription = source.subscribe({
        next: (value) => {
          pending = held && merge ? merge(pending as T, value) : value;
          held = true;
          cancel ??= nextMacrotask(flush);
        },
        error: (error: unknown) => {
          flush();
          subscriber.error(error);
        },
        complete: () => {
          flush();
          subscriber.complete();
        },
      });
      return () => {
        subscription.unsubscribe();
        cancel?.();
      };
    });
}
