/**
 * Raised by `idleTimeout` (and therefore by a connection that uses it) when no value arrived
 * within `idleMs` milliseconds: the stream went stale although the transport may still be open.
 * Transient (`fatal = false`): the reconnect loop retries.
 */
export class IdleTimeoutError extends Error {
  readonly code = 'IDLE_TIMEOUT';
  readonly fatal = false;
  constructor(readonly idleMs: number) {
    super(`No data received for ${idleMs} ms`);
    this.name = 'IdleTimeoutError';
  }
}

/**
 * The transient error that ends an attempt of `reconnect` when it did not reach its connected
 * moment within `ReconnectOptions.connectTimeoutMs` (`timeoutMs`) milliseconds, e.g. a handshake
 * that stalls on an open socket. `fatal = false`: the loop retries.
 */
export class ConnectTimeoutError extends Error {
  readonly code = 'CONNECT_TIMEOUT';
  readonly fatal = false;
  constructor(readonly timeoutMs: number) {
    super(`Not connected within ${timeoutMs} ms`);
    this.name = 'ConnectTimeoutError';
  }
}

/**
 * Raised by `reconnect` into `data$` (and set as `error` of the final `closed` state) when the
 * connection failed `attempts` times in a row and `BackoffPolicy.maxAttempts` allows no more
 * retries. `cause` is the last transient error. Fatal (`fatal = true`).
 */
export class RetriesExhaustedError extends Error {
  readonly code = 'RETRIES_EXHAUSTED';
  readonly fatal = true;
  constructor(readonly attempts: number, override readonly cause: unknown) {
    super(
      `Gave up after ${attempts} failed reconnect attempt(s): ${cause instanceof Error ? cause.message : String(cause)}`
    );
    this.name = 'RetriesExhaustedError';
  }
}

/**
 * The transient error `reconnect` records when a connection Observable completes on its own
 * (the server ended the connection): the loop reconnects. `fatal = false`.
 */
export class ConnectionClosedError extends Error {
  readonly code = 'CONNECTION_CLOSED';
  readonly fatal = false;
  constructor() {
    super('Connection closed by the remote end');
    this.name = 'ConnectionClosedError';
  }
}

/**
 * Invalid option of this package (backoff policy, maintenance window): thrown synchronously by
 * `reconnect` / `weeklyWindow` / `backoffDelay`. The message names the field and the rule.
 * Fatal (`fatal = true`).
 */
export class ReconnectConfigError extends Error {
  readonly code = 'RECONNECT_CONFIG';
  readonly fatal = true;
  constructor(readonly field: string, rule: string) {
    super(`Invalid ${field}: ${rule}`);
    this.name = 'ReconnectConfigError';
  }
}
