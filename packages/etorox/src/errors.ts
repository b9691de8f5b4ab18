/**
 * `setup` failed (etorox.md §5.1): a result whose `status` is not `"success"`, a Completion
 * error, or the connection closing before the reply. `fatal` is `true`: retrying the same
 * credentials cannot succeed, so the reconnect loop stops and every subscription errors.
 * Except a timestamp rejection (`Timestamp outside the allowed window`, etorox.md §3: the
 * local clock is off, or was stepped): retried `ETOROX_TIMESTAMP_RETRIES` (3) times in a row
 * with `fatal: false` and a message about the local clock, then fatal.
 * `status` is the venue's status (e.g. `error`) when it sent one; `message` never contains
 * the API key, the key or the signature.
 */
export class EtoroxAuthError extends Error {
  override readonly name = 'EtoroxAuthError';
  readonly code = 'ETOROX_AUTH' as const;

  constructor(
    message: string,
    readonly status?: string,
    readonly fatal = true,
  ) {
    super(message);
  }
}

/**
 * The hub ended a `subscribe` stream with a Completion error (etorox.md §5.2): an unknown or
 * inactive topic (an unknown channel), a topic already subscribed, unsorted fields, setup
 * missing. Also raised by the client for a request it cannot send (no channels, conflicting
 * `fields` on a shared topic). `fatal` is `false`, as for an unknown symbol on every venue:
 * only the streams of that topic end; the connection and every other topic go on.
 * `topic` is `channel/event`.
 */
export class EtoroxSubscribeError extends Error {
  override readonly name = 'EtoroxSubscribeError';
  readonly code = 'ETOROX_SUBSCRIBE' as const;
  readonly fatal = false;

  constructor(
    message: string,
    readonly topic: string,
  ) {
    super(message);
  }
}

/**
 * An option of `EtoroxClient` is missing or unusable (no `url`/`host`, a malformed `url`,
 * a duration that is not a positive number). Thrown by the constructor. `field` names the
 * option, never its value. `fatal` is `true`.
 */
export class EtoroxConfigError extends Error {
  override readonly name = 'EtoroxConfigError';
  readonly code = 'ETOROX_CONFIG' as const;
  readonly fatal = true;

  constructor(
    readonly field: string,
    problem: string,
  ) {
    super(`${field} ${problem}`);
  }
}

/**
 * The connection ended or could not be opened (negotiate, WebSocket, handshake, Close
 * message, server timeout). `fatal` is `false`: the reconnect loop retries with backoff.
 * After `close()`, every `subscribe` and `book` errors at subscribe with
 * `EtoroxConnectionError.clientClosed()`: `code` `'CLIENT_CLOSED'`, message `etorox: client closed`.
 */
export class EtoroxConnectionError extends Error {
  override readonly name = 'EtoroxConnectionError';
  readonly fatal = false;

  constructor(
    message: string,
    /** `'CLIENT_CLOSED'` when the client was closed, else `'ETOROX_CONNECTION'`. */
    readonly code: 'ETOROX_CONNECTION' | 'CLIENT_CLOSED' = 'ETOROX_CONNECTION',
  ) {
    super(message);
  }

  /** The error of anything used after `EtoroxClient.close()`. */
  static clientClosed(): EtoroxConnectionError {
    return new EtoroxConnectionError('etorox: client closed', 'CLIENT_CLOSED');
  }
}

/**
 * One stream item could not be read (etorox.md §6.1): delivered inside an `error` event,
 * never thrown; the stream goes on. `field` names the offending field when there is one.
 */
export class EtoroxItemError extends Error {
  override readonly name = 'EtoroxItemError';
  readonly code = 'ETOROX_ITEM' as const;
  readonly fatal = false;

  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

/**
 * A gap the client detected in one topic's stream (etorox.md §6.3), reported on
 * `EtoroxClient.events$`; `fatal` is `false`, the stream goes on. `reason`:
 * - `stream-ended`: the hub completed the topic's stream; it is subscribed again and its
 *   books start over (their next book is `snapshot: true`);
 * - `sequence`: `snapshot_id` went down (items missed or out of order, a resync trigger by
 *   etorox.md §6.3): sync with REST `GET /api/v1/instruments/{id}/book` if a book must be exact.
 */
export class EtoroxGapError extends Error {
  override readonly name = 'EtoroxGapError';
  readonly code = 'ETOROX_GAP' as const;
  readonly fatal = false;

  constructor(
    message: string,
    readonly topic: string,
    readonly reason: 'stream-ended' | 'sequence',
  ) {
    super(message);
  }
}
