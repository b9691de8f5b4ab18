/**
 * The platform-neutral part of @org/auth-signing: everything but the Node-only signers, with
 * no `node:` import. Bundlers that set the `browser` export condition (esbuild
 * `--platform=browser`, webpack, Vite) resolve `@org/auth-signing` to this entry; the
 * Finery and eToroX signers are then missing at build time, as those venues are server-only.
 */
export { AuthConfigError, AuthRejectedError, AuthRequestError } from './errors';
export { createNonce } from './nonce';
export { fetchMarketProphitJwt } from './marketprophit';
export type { FetchLike, MarketProphitJwtOptions } from './marketprophit';
export { jwtTokens, tokenRefreshDelayMs } from './jwt';
export type { JwtTokensOptions } from './jwt';
export { bearerToken } from './bearer';
export { MIN_REDACTABLE_SECRET_LENGTH, redactError, redactSecrets } from './redact';
export { assertSecureUrl, InsecureTransportError, isLoopbackHost } from './transport';
export { inspectCustom } from './inspect';
export type { InspectFunction } from './inspect';
