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
  /**
   * What `JSON.stringify(state)` shows (present on every state `reconnect` publishes, not
   * enumerable): the fields above with `error` as `{ name, message, code?, fatal? }` — an
   * `Error` itself would serialize as `{}`. Messages are built redacted by the clients, so
   * this never holds a secret.
   */
  toJSON?(): ConnectionStateJSON;
}

/** The JSON form of a {@link ConnectionState}: `error` reduced to its name, message, code and fatal flag. */
export interface ConnectionStateJSON {
  readonly status: ConnectionStatus;
  readonly attempt: number;
  readonly since: number;
  readonly error?: { readonly name: string; readonly message: string; readonly code?: string | number; readonly fatal?: boolean };
  readonly delayMs?: number;
  readonly detail?: Record<string, unknown>;
}

/** The JSON form of `state` (see `ConnectionState.toJSON`), e.g. for a state built by hand. */
export function connectionStateToJSON(state: ConnectionState): ConnectionStateJSON {
  const { status, attempt, since, error, delayMs, detail } = state;
  const json: { -readonly [K in keyof ConnectionStateJSON]: ConnectionStateJSON[K] } = { status, attempt, since };
  if (error) {
    const { code, fatal } = error as { code?: unknown; fatal?: unknown };
    json.error = {
      name: error.name,
      message: error.message,
      ...(typeof code === 'string' || typeof code === 'number' ? { code } : {}),
      ...(typeof fatal === 'boolean' ? { fatal } : {}),
    };
  }
  if (delayMs !== undefined) json.delayMs = delayMs;
  if (detail) json.detail = detail;
  return json;
}

function stateToJSON(this: ConnectionState): ConnectionStateJSON {
  return connectionStateToJSON(this);
}

/** Gives a state built by `reconnect` its non-enumerable `toJSON` (so `toEqual` on states is unchanged). */
export function withToJSON<S extends ConnectionState>(state: S): S {
  Object.defineProperty(state, 'toJSON', { value: stateToJSON, enumerable: false });
  return state;
}
