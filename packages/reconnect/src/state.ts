/**
 * Lifecycle of one reconnecting connection, as published by `reconnect(...).state$`:
 *
 * - `idle`: created, nobody subscribed yet (or `data$` has no subscriber).
 * - `connecting`: an attempt is in progress (the connect factory was called).
 * - `connected`: the attempt reached its "connected" moment (see `ConnectContext.connected`).
 * - `reconnecting`: the last attempt failed with a transient error; waiting `delayMs` before the next.
 * - `closed`: the loop ended: fatal error, `maxAttempts` exhausted, last unsubscribe or `close()`.
 */
export type ConnectionStatus = 'idle' | 'connecting' | 'connected' | 'reconnecting' | 'closed';

/**
 * One immutable snapshot of a connection's lifecycle.
 *
 * - `status`: see {@link ConnectionStatus}.
 * - `attempt`: consecutive failed attempts so far, i.e. the retry number. `0` for the first
 *   connect; `1` for the first retry (immediate), `2` for the second, ... It returns to `0`
 *   once a connection has stayed connected for `BackoffPolicy.stableAfterMs`.
 * - `since`: ms since the Unix epoch (from the injected scheduler's `now()`) when this status began.
 * - `error`: `reconnecting`: the transient error that ended the last attempt; `closed`: the
 *   error that ended the loop (absent when closed by unsubscribe or `close()`).
 * - `delayMs`: `reconnecting` only: milliseconds until the next attempt (stretched to the end of a
 *   maintenance window when one applies).
 * - `detail`: venue extras (e.g. Finery backend status, `maintenanceUntil` set by the loop while a
 *   maintenance window stretches the delay, as ms epoch).
 */
export interface ConnectionState {
  readonly status: ConnectionStatus;
  readonly attempt: number;
  readonly since: number;
  readonly error?: Error;
  readonly delayMs?: number;
  readonly detail?: Record<string, unknown>;
}
