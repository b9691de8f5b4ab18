/** What went wrong, see {@link MarketProphitError}. */
export type MarketProphitErrorCode =
  | 'SUBSCRIPTION_REFUSED'
  | 'ENDPOINT_ERROR'
  | 'MALFORMED'
  | 'TOKEN_REJECTED'
  | 'CONNECTION_REFUSED'
  | 'CONNECTION_ERROR'
  | 'DISCONNECTED'
  | 'CONFIG'
  | 'CLIENT_CLOSED';

/**
 * Every Market Prophit failure (marketprophit.md §8). Messages never contain the secret key
 * or a token.
 *
 * - `SUBSCRIPTION_REFUSED` (non-fatal, as an unknown symbol on every venue): the `subscribe`
 *   acknowledgement carried an error (§4, §6: unknown path, other method, missing or invalid
 *   ticker, no streaming access); errors that subscription's Observable only, the others go on.
 * - `ENDPOINT_ERROR` (transient): an `err` event for a subscribed endpoint (§4), on `errors$`.
 * - `MALFORMED` (transient): a push or record that does not parse (§4, §7), on `errors$`;
 *   the stream goes on.
 * - `TOKEN_REJECTED`: the socket.io handshake refused the JWT (`invalid token`, `jwt expired`,
 *   §3); transient (a new JWT is fetched) until `maxTokenRejections` in a row, then fatal.
 * - `CONNECTION_REFUSED` (transient): any other handshake refusal by the server.
 * - `CONNECTION_ERROR` (transient): the transport failed (server down, handshake timeout, a
 *   `subscribe` acknowledgement missing for `ackTimeoutMs`, which forces a reconnect), or the
 *   server emitted `error` (§4, on `errors$`).
 * - `DISCONNECTED` (transient): an open socket closed; `reason` is socket.io's (socketio.md §7).
 * - `CONFIG` (fatal): invalid client options, thrown by the constructor.
 * - `CLIENT_CLOSED` (non-fatal): `subscribe` after `close()`; message `marketprophit: client closed`.
 */
export class MarketProphitError extends Error {
  override readonly name = 'MarketProphitError';

  constructor(
    readonly code: MarketProphitErrorCode,
    message: string,
    readonly fatal: boolean,
    readonly detail: { readonly path?: string; readonly params?: Readonly<Record<string, unknown>>; readonly reason?: string } = {},
  ) {
    super(message);
  }
}
