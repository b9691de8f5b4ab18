import { randomUUID } from 'node:crypto';
import { AuthConfigError } from './errors';
import { requireCredential } from './credential';
import { rsaSha256Base64 } from './rsa';

/** eToroX API token credentials (`etorox.md §2`). */
export interface EtoroxCredentials {
  /** API key (a UUID); also a path segment of the hub URL (`etorox.md §1`). */
  apiKey: string;
  /** RSA private key, PEM; the documented form is encrypted PKCS#8 (`etorox.md §2`). */
  privateKey: string;
  /** Passphrase of `privateKey`; default `''` as documented (`etorox.md §2`). */
  passphrase?: string;
}

/** Overrides for one `setup` signature; both default to fresh values. */
export interface EtoroxSignOptions {
  /** Default: a fresh lowercase UUID v4 (`crypto.randomUUID()`). */
  nonce?: string;
  /** Milliseconds since the Unix epoch. Default: `Date.now()`. */
  timestamp?: number;
}

/** The argument of the `setup` hub invocation (`etorox.md §5.1`). */
export interface EtoroxSetupRequest {
  apiKey: string;
  /** UUID v4, lowercase with dashes. */
  nonce: string;
  /** Milliseconds since the Unix epoch, sent as a JSON number. */
  timestamp: number;
  /** `rsaSha256Base64(privateKey, `${nonce}${timestamp}`)`. */
  signature: string;
}

/**
 * Builds the `setup` argument `{ apiKey, nonce, timestamp, signature }` (`etorox.md §3`,
 * `§5.1`): the signature is RSA-SHA256 PKCS#1 v1.5, base64, over the UTF-8 string
 * `${nonce}${timestamp}` (nonce first, no separator). Call it for every (re)connect: each
 * call takes a fresh nonce and timestamp (`etorox.md §7.1`). The same values serve the
 * REST `ex-access-*` headers (`etorox.md §9`).
 *
 * @throws AuthConfigError `apiKey` or `privateKey` when missing or empty, `privateKey`
 *   when not a readable RSA PEM, `passphrase` when wrong, `nonce`/`timestamp` when
 *   malformed.
 */
export function etoroxSetupRequest(credentials: EtoroxCredentials, options: EtoroxSignOptions = {}): EtoroxSetupRequest {
  const apiKey = requireCredential(credentials?.apiKey, 'apiKey');
  const nonce = options.nonce ?? randomUUID();
  if (typeof nonce !== 'string' || nonce === '') throw new AuthConfigError('nonce', 'must be a non-empty string');
  const timestamp = options.timestamp ?? Date.now();
  if (!Number.isSafeInteger(timestamp) || timestamp < 0) {
    throw new AuthConfigError('timestamp', 'must be a non-negative integer of milliseconds');
  }
  const signature = rsaSha256Base64(credentials.privateKey, `${nonce}${timestamp}`, {
    passphrase: credentials.passphrase ?? '',
  });
  return { apiKey, nonce, timestamp, signature };
}
