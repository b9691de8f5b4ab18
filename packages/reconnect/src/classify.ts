/** How the reconnect loop treats an error: `fatal` stops and errors the stream, `transient` retries. */
export type ErrorKind = 'fatal' | 'transient';

/**
 * Default error classification of `reconnect`: `'fatal'` when the error carries
 * `fatal === true` (e.g. `AuthConfigError`, `AuthRejectedError` from `@org/auth-signing`,
 * rejected credentials, bad configuration, `RetriesExhaustedError`); everything else
 * (socket closed, timeouts, `IdleTimeoutError`, a server close that allows reconnect, non-Error
 * values) is `'transient'`.
 */
export function classifyError(error: unknown): ErrorKind {
  return typeof error === 'object' && error !== null && (error as { fatal?: unknown }).fatal === true
    ? 'fatal'
    : 'transient';
}
