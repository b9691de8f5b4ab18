import type { IncomingHttpHeaders } from 'node:http';

/** The only transport the emulator offers, advertised alone so clients never try another (signalr.md §1, §2.3). */
const AVAILABLE_TRANSPORTS = '[{"transport":"WebSockets","transferFormats":["Text","Binary"]}]';

/**
 * The negotiate protocol version of a request (signalr.md §2.2): missing → 0, above 1 →
 * clamped to 1; `{ error }` for a non-integer.
 */
export function negotiateVersion(query: URLSearchParams): number | { error: string } {
  const raw = query.get('negotiateVersion');
  if (raw === null) return 0;
  if (!/^-?\d+$/.test(raw.trim())) return { error: 'The client requested a non-integer protocol version.' };
  const version = Number(raw);
  if (version < 0) return { error: `The client requested version '${version}', but the server does not support this version.` };
  return Math.min(version, 1);
}

/**
 * The negotiate success body (signalr.md §2.3): v1 carries `connectionToken`, v0 does not
 * (the client then uses `connectionId` as the transport `id`).
 */
export function negotiateBody(version: number, connectionId: string, connectionToken: string): string {
  return version >= 1
    ? `{"negotiateVersion":1,"connectionId":"${connectionId}","connectionToken":"${connectionToken}","availableTransports":${AVAILABLE_TRANSPORTS}}`
    : `{"negotiateVersion":0,"connectionId":"${connectionId}","availableTransports":${AVAILABLE_TRANSPORTS}}`;
}

/** The access token: `Authorization: Bearer <token>` first, then the `access_token` query parameter (signalr.md §3). */
export function accessToken(headers: IncomingHttpHeaders, query: URLSearchParams): string | undefined {
  const header = headers.authorization;
  if (header !== undefined) {
    const found = /^\s*Bearer\s+(\S.*?)\s*$/i.exec(header);
    if (found?.[1] !== undefined) return found[1];
  }
  return query.get('access_token') ?? undefined;
}
