import { AuthConfigError } from './errors';
import { requireCredential } from './credential';
import { hmacSha384Base64 } from './hmac';
import { createNonce } from './nonce';

/** Finery Markets API credentials (`finery.md §2`): public key and HMAC secret. */
export interface FineryCredentials {
  /** Public API key, sent as `EFX-Key`. */
  key: string;
  /** HMAC secret; signs, never sent. */
  secret: string;
}

/** Overrides for one signature; both default to fresh values. */
export interface FinerySignOptions {
  /**
   * Nonce: an integer up to `Number.MAX_SAFE_INTEGER`, or a string of digits for larger
   * values (the documentation's vector `49856723467362345`). Default: the next value of
   * a per-key `createNonce()` sequence kept by this module (`finery.md §2.2`).
   */
  nonce?: number | string;
  /** Milliseconds since the Unix epoch, UTC. Default: `Date.now()` (`finery.md §2.3`). */
  timestamp?: number;
}

/** The three HTTP upgrade headers of the Finery WebSocket (`finery.md §2`). */
export interface FineryAuthHeaders {
  'EFX-Key': string;
  'EFX-Sign': string;
  'EFX-Content': string;
}

const sequences = new Map<string, () => number>();

function nextNonce(key: string): number {
  let sequence = sequences.get(key);
  if (sequence === undefined) {
    sequence = createNonce();
    sequences.set(key, sequence);
  }
  return sequence();
}

function digits(value: number | string, field: string): string {
  if (typeof value === 'number' ? Number.isSafeInteger(value) && value >= 0 : /^[0-9]+$/.test(value)) {
    return String(value);
  }
  throw new AuthConfigError(field, 'must be a non-negative safe integer or a string of decimal digits');
}

/**
 * The Finery WebSocket upgrade headers (`finery.md §2`, `§12` step 1):
 * `EFX-Content` is exactly `{"nonce":N,"timestamp":ms}` (no spaces), and `EFX-Sign` is
 * `hmacSha384Base64(secret, EFX-Content)` over that exact string (no method prefix for
 * the WebSocket). Call it again for every (re)connect: each call takes a fresh nonce
 * and timestamp. Pass the result as the `headers` of the WebSocket.
 *
 * @throws AuthConfigError when `key` or `secret` is missing or empty (`field` names it),
 *   or when `nonce`/`timestamp` is not a non-negative integer.
 */
export function fineryAuthHeaders(credentials: FineryCredentials, options: FinerySignOptions = {}): FineryAuthHeaders {
  const key = requireCredential(credentials?.key, 'key');
  const secret = requireCredential(credentials?.secret, 'secret');
  const nonce = digits(options.nonce ?? nextNonce(key), 'nonce');
  const timestamp = digits(options.timestamp ?? Date.now(), 'timestamp');
  const content = `{"nonce":${nonce},"timestamp":${timestamp}}`;
  return { 'EFX-Key': key, 'EFX-Sign': hmacSha384Base64(secret, content), 'EFX-Content': content };
}
