/**
 * A client was asked to send credentials over a plaintext transport (`ws://`, `http://`) to a
 * host that is not on loopback. Raised synchronously by {@link assertSecureUrl}, so by every
 * client constructor and credential recipe before anything is sent. The message names the
 * option and the host, never a credential. `fatal` is `true`: a reconnect loop must not retry a
 * configuration that can never be safe. Pass `allowInsecure: true` to the client to accept it
 * anyway (for example a TLS-terminating proxy on a private network).
 */
export class InsecureTransportError extends Error {
  override readonly name = 'InsecureTransportError';
  readonly code = 'INSECURE_TRANSPORT' as const;
  readonly fatal = true;

  /**
   * @param field the option that holds the URL, e.g. `'url'`
   * @param host the host the URL points at (no credential, no path, no query)
   */
  constructor(
    readonly field: string,
    readonly host: string,
  ) {
    super(
      `${field} uses a plaintext transport to non-loopback host ${host}: use wss:// or https://, or pass allowInsecure: true`,
    );
  }
}

const PLAINTEXT = new Set(['ws:', 'http:']);

/**
 * `true` for the loopback hosts a local simulator listens on: `localhost` (and `*.localhost`),
 * `127.0.0.0/8` and `[::1]`.
 */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  return (
    host === 'localhost' || host.endsWith('.localhost') || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host)
  );
}

/**
 * Refuses a plaintext URL (`ws:`, `http:`) to a non-loopback host unless `allowInsecure` is
 * set; `wss:`/`https:` and loopback hosts always pass. Returns the URL unchanged so that it can
 * wrap an option in place: `assertSecureUrl(options.url, { field: 'url', allowInsecure })`.
 *
 * @param url an absolute URL string
 * @throws InsecureTransportError for a plaintext URL to a non-loopback host without `allowInsecure`
 * @throws TypeError `Invalid URL` (from `URL`) when `url` is not an absolute URL
 */
export function assertSecureUrl(url: string, options: { readonly field: string; readonly allowInsecure?: boolean }): string {
  if (options.allowInsecure) return url;
  const parsed = new URL(url);
  if (PLAINTEXT.has(parsed.protocol) && !isLoopbackHost(parsed.hostname)) {
    throw new InsecureTransportError(options.field, parsed.hostname);
  }
  return url;
}
