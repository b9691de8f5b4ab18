/**
 * The signers that need Node's `node:crypto`: Finery's HMAC-SHA384 headers (finery.md §2)
 * and eToroX's RSA-SHA256 `setup` signature (etorox.md §3). Exported by the package root in
 * Node.js only; the `browser` export condition resolves to `./browser`, which leaves them out.
 */
export { hmacSha384Base64 } from './hmac';
export { fineryAuthHeaders } from './finery';
export type { FineryAuthHeaders, FineryCredentials, FinerySignOptions } from './finery';
export { rsaSha256Base64 } from './rsa';
export type { RsaSignOptions } from './rsa';
export { etoroxSetupRequest } from './etorox';
export type { EtoroxCredentials, EtoroxSignOptions, EtoroxSetupRequest } from './etorox';
