import { asyncScheduler, throwError, timeout } from 'rxjs';
import type { MonoTypeOperatorFunction, Observable, SchedulerLike } from 'rxjs';
import { IdleTimeoutError } from './errors';

/**
 * Data-idle watchdog: passes values through and errors with `IdleTimeoutError(ms)` when no value
 * arrives within `ms` milliseconds of subscribing or of the previous value. It is independent of
 * transport keep-alives (WebSocket ping, SignalR `{"type":6}` pings, Engine.IO `2`/`3`): a stream
 * that goes stale while its socket stays open is caught (signalr.md §7). Apply it inside the
 * connect factory of `reconnect`, so the transient error triggers a reconnect.
 *
 * @param ms idle limit in milliseconds (> 0)
 * @param scheduler timer scheduler, `asyncScheduler` by default (inject a TestScheduler in tests)
 * @example
 * connect: () => frames$.pipe(idleTimeout(30_000))
 */
export function idleTimeout<T>(ms: number, scheduler: SchedulerLike = asyncScheduler): MonoTypeOperatorFunction<T> {
  return timeout<T, Observable<never>>({ each: ms, with: () => throwError(() => new IdleTimeoutError(ms)), scheduler });
}
