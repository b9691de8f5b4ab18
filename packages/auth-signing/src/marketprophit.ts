import { base64Utf8 } from './base64';
import { AuthConfigError, AuthRejectedError, AuthRequestError } from './errors';
import { requireCredential } from './credential';
import { redactSecrets } from './redact';
import { assertSecureUrl } from './transport';

/** The part of the WHATWG `fetch` that `fetchMarketProphitJwt` uses; `globalThis.fetch` fits. */
export type FetchLike = (
  url: string,
  init: { method: string; headers: Record<string, string>; signal?: AbortSignal },
) => Promise<{ status: number; text(): Promise<string> }>;

/** Options of `fetchMarketProphitJwt`. */
export interface MarketProphitJwtOptions {
  /** REST base, e.g. `https://open.marketprophit.com` (`marketprophit.md §1`) or a simulator URL. */
  baseUrl: string;
  /** Secret key (`sk_live_…`), sent as the Basic-auth user name with an empty password. */
  secretKey: string;
  /** HTTP client; default `globalThis.fetch`. */
  fetch?: FetchLike;
  /** Aborts the request (e.g. on unsubscribe; `jwtTokens` passes its own). */
  signal?: AbortSignal;
  /** Request timeout in milliseconds; default 10 000. */
  timeoutMs?: number;
  /**
   * Accept a plaintext `http://` `baseUrl` to a non-loopback host, where the secret key would
   * travel in clear. Default `false`: such a URL rejects with `InsecureTransportError`.
   */
  allowInsecure?: boolean;
}

function jwtUrl(baseUrl: string, allowInsecure: boolean | undefined): string {
  const base = requireCredential(baseUrl, 'baseUrl');
  let url: URL;
  try {
    url = new URL(`${base.replace(/\/+$/, '')}/jwt`);
  } catch {
    throw new AuthConfigError('baseUrl', 'is not an absolute URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new AuthConfigError('baseUrl', 'must be an http: or https: URL');
  }
  return assertSecureUrl(url.href, { field: 'baseUrl', allowInsecure });
}

/** `fetch failed (ECONNREFUSED 127.0.0.1:9)`: undici hides the reason in `cause`. */
function networkDetail(error: unknown, timeoutMs: number): string {
  // Duck-typed: fetch's errors may come from another realm (e.g. under Jest).
  if (typeof (error as { message?: unknown } | null)?.message !== 'string') return String(error);
  const { name, message } = error as Error;
  if (name === 'TimeoutError') return `no response within ${timeoutMs} ms`;
  const cause = (error as { cause?: { code?: unknown; message?: unknown } }).cause;
  const reason = typeof cause?.code === 'string' ? cause.code : typeof cause?.message === 'string' ? cause.message : undefined;
  return reason === undefined ? message : `${message} (${reason})`;
}

function venueMessage(body: string): string {
  try {
    const parsed: unknown = JSON.parse(body);
    const message = (parsed as { message?: unknown } | null)?.message;
    if (typeof message === 'string') return message;
  } catch {
    // not JSON: fall through to the raw text
  }
  return body.slice(0, 200);
}

/**
 * Fetches a Market Prophit JWT (`marketprophit.md §2.1`): `POST {baseUrl}/jwt` with
 * `Authorization: Basic base64("<secretKey>:")` (secret key as user, empty password);
 * resolves the `token` of the `{"token":"<JWT>"}` body. Treat the token as a secret: its
 * payload may hold the secret key (`marketprophit.md §2.2`).
 *
 * @throws (rejects) AuthConfigError `baseUrl`/`secretKey` when missing, empty or invalid;
 *   AuthRejectedError (fatal) on HTTP 401 (invalid key) or 403 (`marketprophit.md §8`);
 *   AuthRequestError (transient) on network failure, timeout, any other status or a body
 *   without a token. No message contains the secret key.
 */
export async function fetchMarketProphitJwt(options: MarketProphitJwtOptions): Promise<string> {
  const url = jwtUrl(options?.baseUrl, options?.allowInsecure);
  const secretKey = requireCredential(options.secretKey, 'secretKey');
  const fetchImpl: FetchLike = options.fetch ?? globalThis.fetch;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  const failed = (detail: string, status?: number) =>
    new AuthRequestError(`Market Prophit POST /jwt failed: ${redactSecrets(detail, [secretKey])}`, status);

  let status: number;
  let body: string;
  try {
    const response = await fetchImpl(url, {
      method: 'POST',
      headers: {
        authorization: `Basic ${base64Utf8(`${secretKey}:`)}`,
        accept: 'application/json',
      },
      signal,
    });
    status = response.status;
    body = await response.text();
  } catch (error) {
    throw failed(networkDetail(error, timeoutMs));
  }
  if (status === 401 || status === 403) {
    const detail = redactSecrets(venueMessage(body), [secretKey]);
    throw new AuthRejectedError(`Market Prophit rejected the secret key: HTTP ${status} (${detail})`, status);
  }
  if (status < 200 || status > 299) throw failed(`HTTP ${status} (${venueMessage(body)})`, status);
  let token: unknown;
  try {
    token = (JSON.parse(body) as { token?: unknown } | null)?.token;
  } catch {
    throw failed('the response body is not JSON', status);
  }
  if (typeof token !== 'string' || token === '') throw failed('the response has no "token" string', status);
  return token;
}
