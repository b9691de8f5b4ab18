/**
 * A command rejected by the venue (hercle.md §5), never retried (`fatal = false`: the
 * connection stays up):
 * - `PRECHECKS`: `preChecksError`, an argument failed validation; `field` names it.
 * - `OPERATIONAL`: a subject ending in `.error` (insufficient funds, expired RFQ, unknown price id, ...).
 * - `ORDER_CANCELLED`: `execution.order.executed` with status 2 (Cancelled) and a `statusError`
 *   (expired price, slippage exceeded).
 *
 * `reason` is `data.statusError ?? data.message`; `raw` the `data` string as received.
 */
export class HercleError extends Error {
  readonly fatal = false;
  constructor(
    readonly code: 'PRECHECKS' | 'OPERATIONAL' | 'ORDER_CANCELLED',
    readonly subject: string,
    readonly reason: string,
    readonly details: { method?: string; clientId?: string; field?: string; raw?: string } = {},
  ) {
    super(`Hercle ${details.method ?? 'command'} failed (${subject}): ${reason}`);
    this.name = 'HercleError';
  }
}

/**
 * The hub refused the API key: negotiate answered 401 or 403 (hercle.md §1, §7). Fatal: the
 * reconnect loop stops and every stream errors with it. The key never appears in the message.
 */
export class HercleAuthError extends Error {
  readonly code = 'AUTH';
  readonly fatal = true;
  constructor(message: string) {
    super(`Hercle rejected the API key: ${message}`);
    this.name = 'HercleAuthError';
  }
}

/**
 * The connection failed or dropped (network, maintenance Close, 503, server timeout), or an
 * invocation failed at the SignalR level (Completion error, connection closed while pending;
 * signalr.md §6.4, §8). Transient: the reconnect loop retries the connection. A `cause` is kept
 * redacted (the key removed down the chain).
 */
export class HercleConnectionError extends Error {
  readonly fatal = false;
  /** `'CLIENT_CLOSED'` when the client was closed (see {@link HercleConnectionError.clientClosed}), else `'CONNECTION'`. */
  readonly code: 'CONNECTION' | 'CLIENT_CLOSED';
  constructor(message: string, options?: { cause?: unknown; code?: 'CONNECTION' | 'CLIENT_CLOSED' }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'HercleConnectionError';
    this.code = options?.code ?? 'CONNECTION';
  }

  /**
   * The error of anything used after `HercleClient.close()`: every later stream and command
   * errors with it at subscribe, a command still pending at `close()` too. `code` `'CLIENT_CLOSED'`,
   * message `hercle: client closed`.
   */
  static clientClosed(): HercleConnectionError {
    return new HercleConnectionError('hercle: client closed', { code: 'CLIENT_CLOSED' });
  }
}

/** No reply with the call's ClientId arrived within `timeoutMs` milliseconds after the invocation. */
export class HercleTimeoutError extends Error {
  readonly code = 'TIMEOUT';
  readonly fatal = false;
  constructor(
    readonly method: string,
    readonly clientId: string,
    readonly timeoutMs: number,
  ) {
    super(`Hercle ${method} (clientId ${clientId}) got no reply within ${timeoutMs} ms`);
    this.name = 'HercleTimeoutError';
  }
}

/**
 * An envelope that does not match hercle.md §2: not an object, no string `subject`, `data`
 * not valid JSON, or `data` of the wrong shape for its subject. Delivered as a
 * `kind: 'malformed'` event on `events$` (the stream goes on), and as the error of a command
 * whose reply it was.
 */
export class HercleProtocolError extends Error {
  readonly code = 'PROTOCOL';
  readonly fatal = false;
  constructor(
    message: string,
    readonly subject?: string,
  ) {
    super(message);
    this.name = 'HercleProtocolError';
  }
}

/** An invalid client option (named by `field`, never echoing its value). Fatal. */
export class HercleConfigError extends Error {
  readonly code = 'CONFIG';
  readonly fatal = true;
  constructor(
    readonly field: string,
    problem: string,
  ) {
    super(`Hercle option ${field} ${problem}`);
    this.name = 'HercleConfigError';
  }
}
