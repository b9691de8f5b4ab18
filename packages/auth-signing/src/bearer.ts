import { requireCredential } from './credential';

/**
 * Hercle authentication: the API key itself is the bearer token (`hercle.md §1`). Returns
 * the function to pass as `@microsoft/signalr`'s `accessTokenFactory`; the same key goes
 * into REST `Authorization: Bearer <key>` (`hercle.md §8`). The key is checked now, so a
 * missing key fails before any connection attempt.
 *
 * @throws AuthConfigError (`field: 'apiKey'`) when the key is missing or empty.
 */
export function bearerToken(apiKey: string): () => string {
  const key = requireCredential(apiKey, 'apiKey');
  return () => key;
}
