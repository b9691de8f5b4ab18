/**
 * `setup` failed (etorox.md §5.1): a result whose `status` is not `"success"`, a Completion
 * error, or the connection closing before the reply. `fatal` is `true`: retrying the same
 * credentials cannot succeed, so the reconnect loop stops and every subscription errors.
 * `status` is the venue's status (e.g. `error`) when it sent one; `message` never contains
 * the API key, the key or the signature.
 */
export class EtoroxAuthError extends Error {
  override readonly name = 'EtoroxAuthError';
  readonly code = 'ETOROX_AUTH' as const;
  readonly fatal = true;

  constructor(
    message: string,
    readonly status?: string,
  ) {
    super(message);
  }
}

/**
 * The hub ended a `subscribe` stream with a Completion error (etorox.md §5.2): an unknown or
 * inactive topic, a topic already subscribed, unsorted fields, setup missing. Also raised by
 * the client for a request it cannot send (no channels, conflicting `fields` on a shared
 * topic). `fatal` is `true` for that topic: subscribing again would fail the same way.
 * `topic` is `channel/event`.
 */
export class EtoroxSubscribeError extends Error {
  override readonly name = 'EtoroxSubscribeError';
  readonly code = 'ETOROX_SUBSCRIBE' as const;
  readonly fatal = true;

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
 */
export class EtoroxConnectionError extends Error {
  override readonly name = 'EtoroxConnectionError';
  readonly code = 'ETOROX_CONNECTION' as const;
  readonly fatal = false;
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
