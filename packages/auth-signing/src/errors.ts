/**
 * A credential or signing input is missing, empty or unusable (malformed PEM, wrong
 * passphrase, non-RSA key, invalid nonce). Raised synchronously by every recipe of this
 * package before anything is sent. The message names the field (`secret`, `privateKey`,
 * `passphrase`, ...) and never its value. `fatal` is `true`: a reconnect loop must stop
 * (`classifyError` of `@org/reconnect`) instead of retrying a bad configuration.
 */
export class AuthConfigError extends Error {
  override readonly name = 'AuthConfigError';
  readonly code = 'AUTH_CONFIG' as const;
  readonly fatal = true;

  /**
   * @param field the option that is wrong, e.g. `'secret'` (never its value)
   * @param problem what is wrong with it, e.g. `'is missing or empty'`
   */
  constructor(
    readonly field: string,
    problem: string,
  ) {
    super(`${field} ${problem}`);
  }
}

/**
 * A venue's credential endpoint refused the credentials (HTTP 401, or 403 for a key
 * without access), e.g. Market Prophit `POST /jwt` with an invalid secret key
 * (`marketprophit.md §2.1`, `§8`). `fatal` is `true`: retrying with the same credentials
 * cannot succeed. `status` is the HTTP status; `message` carries the venue's own text,
 * redacted, never the credential.
 */
export class AuthRejectedError extends Error {
  override readonly name = 'AuthRejectedError';
  readonly code = 'AUTH_REJECTED' as const;
  readonly fatal = true;

  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

/**
 * A credential endpoint could not be reached or answered with something other than a
 * token or a rejection: network failure, timeout, HTTP 5xx/4xx other than 401/403, or a
 * body without a token (`marketprophit.md §8`). `fatal` is `false`: `jwtTokens` retries it
 * with backoff. `status` is the HTTP status when there was a response.
 */
export class AuthRequestError extends Error {
  override readonly name = 'AuthRequestError';
  readonly code = 'AUTH_REQUEST' as const;
  readonly fatal = false;

  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}
