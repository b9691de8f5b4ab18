/** Error classes and the error-code table of Finery Markets (finery.md §10). */

const MEANINGS: Readonly<Record<number, string>> = {
  0: 'ok',
  1: 'not implemented',
  2: 'not connected (backend service down)',
  3: 'not authorised',
  4: 'already authorised',
  5: 'invalid password',
  6: 'invalid nonce',
  7: 'invalid timestamp',
  8: 'API method not available',
  9: 'invalid method parameter',
  10: 'internal error',
  11: 'invalid MFA',
  12: 'MFA off',
  13: 'agreement not signed',
  14: 'invalid signature',
  15: 'link expired',
  26: 'currency not found',
  34: 'instrument not found',
  36: 'instrument forbidden',
  70: 'invalid order size',
  71: 'invalid order price',
  72: 'invalid order flags',
  73: 'order type not allowed',
  74: 'clientOrderId already in use',
  75: 'add failed: post-only',
  76: 'add failed: IOC, nothing to match',
  77: 'add failed: FOK, not enough liquidity',
  78: 'add failed: self-trade prevention',
  79: 'add failed: limits',
  80: 'del failed: not found',
  81: 'either volume or size must be given',
  82: 'makers cannot order by volume',
  83: 'invalid volume',
  84: 'trading not allowed',
  85: 'no open positions in order currencies',
  90: 'mod failed: no size left',
  91: 'mod failed: side mismatch',
  100: 'binding already exists',
  101: 'binding not found',
  102: 'invalid feed name',
  103: 'invalid feed id',
  104: 'database out of sync',
};

const RANGES: readonly (readonly [number, number, string])[] = [
  [20, 28, 'currency error'],
  [30, 36, 'instrument error'],
  [40, 46, 'client error'],
  [50, 55, 'limit error'],
  [60, 65, 'settlement order error'],
  [110, 167, 'field, key or settlement error'],
];

/** The meaning of a Finery error code (finery.md §10), or `'unknown error'`. */
export function errorMeaning(code: number): string {
  const exact = MEANINGS[code];
  if (exact !== undefined) return exact;
  const range = RANGES.find(([low, high]) => code >= low && code <= high);
  return range ? range[2] : 'unknown error';
}

/** Where a venue error code came from. */
export type FineryErrorSource = 'handshake' | 'feed' | 'request';

/**
 * A numeric error code from the venue (finery.md §10): a failed handshake (HTTP body
 * `{"error":N}`, §2.4), a `Z` on a feed (§6), or a request error at top level or inside
 * `reply` (§8). `fatal` is true for handshake codes that must not be retried (3, 14, 6
 * after one retry, 7 after three) so that the reconnect loop stops.
 */
export class FineryApiError extends Error {
  override readonly name = 'FineryApiError';
  readonly meaning: string;
  constructor(
    readonly code: number,
    readonly source: FineryErrorSource,
    readonly fatal = false,
    /** Extra fields of the error: `param`, the request `method`, a `mod` reply's `origId`… */
    readonly details: Readonly<Record<string, unknown>> = {},
    /** What to do about it, appended to the message (e.g. error 7: the local clock is probably off). */
    note?: string,
  ) {
    super(`Finery ${source} error ${code}: ${errorMeaning(code)}${describe(details)}${note ? `; ${note}` : ''}`);
    this.meaning = errorMeaning(code);
  }
}

function describe(details: Readonly<Record<string, unknown>>): string {
  const parts = Object.entries(details).map(([k, v]) => `${k}=${JSON.stringify(v)}`);
  return parts.length ? ` (${parts.join(', ')})` : '';
}

/**
 * A frame that does not follow the protocol (finery.md §6): dropped and reported as an
 * event; the stream goes on. `feed`/`feedId` name the binding when the envelope was
 * readable (the client then re-binds it for a fresh snapshot, as a message was lost).
 */
export class FineryProtocolError extends Error {
  override readonly name = 'FineryProtocolError';
  readonly fatal = false;
  constructor(
    message: string,
    /** The start of the offending frame (at most 200 characters). */
    readonly frame: string,
    readonly feed?: string,
    readonly feedId?: unknown,
  ) {
    super(message);
  }
}

/** A crossed or inconsistent order book (finery.md §7.1): the book is re-bound for a fresh snapshot. */
export class FineryBookError extends Error {
  override readonly name = 'FineryBookError';
  readonly fatal = false;
  constructor(
    message: string,
    readonly feed: string,
    readonly feedId: unknown,
  ) {
    super(message);
  }
}

/**
 * The socket closed, failed or went silent; transient, the client reconnects. Pending
 * requests fail with it. After `close()`, every stream and request errors at subscribe with
 * `FineryConnectionError.clientClosed()`: `code` `'CLIENT_CLOSED'`, message `finery: client closed`.
 */
export class FineryConnectionError extends Error {
  override readonly name = 'FineryConnectionError';
  readonly fatal = false;
  constructor(
    message: string,
    /** Backend status code from feed `X` when the venue reported its backend down (finery.md §3). */
    readonly backendStatus?: number,
    /** `'CLIENT_CLOSED'` when the client was closed; absent for connection failures. */
    readonly code?: 'CLIENT_CLOSED',
  ) {
    super(message);
  }

  /** The error of anything used after `FineryClient.close()`. */
  static clientClosed(): FineryConnectionError {
    return new FineryConnectionError('finery: client closed', undefined, 'CLIENT_CLOSED');
  }
}

/** No reply to a request within `requestTimeoutMs` (finery.md §8). */
export class FineryTimeoutError extends Error {
  override readonly name = 'FineryTimeoutError';
  readonly fatal = false;
  constructor(
    readonly method: string,
    readonly timeoutMs: number,
  ) {
    super(`Finery request '${method}' got no reply within ${timeoutMs} ms`);
  }
}
