import { createHmac } from 'node:crypto';
import { requireCredential } from './credential';

/**
 * `base64(HMAC-SHA384(key = secret as UTF-8, message = payload as UTF-8))`, padded
 * standard base64 (64 characters). The Finery Markets signature (`finery.md §2`, test
 * vectors `finery.md §2.1`): the WebSocket signs the exact `EFX-Content` string, REST
 * signs `methodName + body`. Sign strings exactly as sent; never re-serialise them.
 *
 * @throws AuthConfigError (`field: 'secret'`) when `secret` is missing or empty.
 */
export function hmacSha384Base64(secret: string, payload: string): string {
  requireCredential(secret, 'secret');
  return createHmac('sha384', secret).update(payload, 'utf8').digest('base64');
}
