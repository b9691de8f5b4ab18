/**
 * CORS of the simulators that browsers talk to (the SignalR hub emulator for Hercle and
 * eToroX, Market Prophit's `POST /jwt` and socket.io): the headers a browser needs to read a
 * cross-origin response, and the answer to its preflight `OPTIONS`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * Origins a simulator serves cross-origin: `'*'` (every origin, as the venues' public
 * endpoints answer, marketprophit.md §2.1) or a list of exact origins such as
 * `['http://127.0.0.1:8080']` (scheme, host and port, no path).
 */
export type CorsOrigins = '*' | readonly string[];

/** How long a browser may cache a preflight answer, seconds. */
const PREFLIGHT_MAX_AGE_S = '600';
const DEFAULT_METHODS = 'GET, POST, OPTIONS';

const single = (value: string | string[] | undefined): string | undefined => (Array.isArray(value) ? value[0] : value);

/**
 * Sets the CORS headers of `request`'s response on `response` and answers a preflight.
 *
 * - No `Origin` (not a browser, or same-origin): `Access-Control-Allow-Origin: *` when
 *   `origins` is `'*'`, nothing otherwise.
 * - An allowed `Origin`: that origin echoed with `Access-Control-Allow-Credentials: true`
 *   and `Vary: Origin`. A server cannot see a request's credentials mode, and a credentialed
 *   request (`@microsoft/signalr`'s default `withCredentials: true`, socket.io-client's
 *   `withCredentials`, a cookie) is refused by browsers on `*`, so allowed browser requests
 *   always get the echo, which serves both modes.
 * - Any other `Origin`: only `Vary: Origin`; the browser then blocks the response.
 *
 * A preflight (`OPTIONS` with `Access-Control-Request-Method`) is answered here with 204,
 * the requested method and headers allowed (for allowed origins) and a 10-minute max age;
 * the return value is then `true` and the caller must not answer again.
 */
export function applyCors(origins: CorsOrigins, request: IncomingMessage, response: ServerResponse): boolean {
  const origin = single(request.headers.origin);
  const allowed = origin !== undefined && (origins === '*' || origins.includes(origin));
  if (origin === undefined) {
    if (origins === '*') response.setHeader('Access-Control-Allow-Origin', '*');
  } else {
    response.setHeader('Vary', 'Origin');
    if (allowed) {
      response.setHeader('Access-Control-Allow-Origin', origin);
      response.setHeader('Access-Control-Allow-Credentials', 'true');
    }
  }
  const requestedMethod = single(request.headers['access-control-request-method']);
  if (request.method !== 'OPTIONS' || requestedMethod === undefined) return false;
  if (allowed || origin === undefined) {
    response.setHeader('Access-Control-Allow-Methods', requestedMethod === '' ? DEFAULT_METHODS : requestedMethod);
    const requestedHeaders = single(request.headers['access-control-request-headers']);
    if (requestedHeaders) response.setHeader('Access-Control-Allow-Headers', requestedHeaders);
    response.setHeader('Access-Control-Max-Age', PREFLIGHT_MAX_AGE_S);
  }
  response.writeHead(204, { 'Content-Length': '0' });
  response.end();
  return true;
}

/**
 * Checks an `origins` option. @throws TypeError naming `simulator` when it is neither `'*'`
 * nor an array of origin strings.
 */
export function corsOrigins(value: CorsOrigins | undefined, simulator: string): CorsOrigins {
  if (value === undefined || value === '*') return '*';
  if (Array.isArray(value) && value.every((origin) => typeof origin === 'string')) return [...value];
  throw new TypeError(`${simulator} simulator: origins must be '*' or an array of origin strings`);
}
