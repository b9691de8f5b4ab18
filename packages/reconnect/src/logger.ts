/**
 * Structured logger accepted by every client of this workspace (`logger?: Logger`).
 * Every method is optional; a missing method (or a missing logger) is silent.
 * `meta` is a plain object of extra fields (never secrets: pass them through
 * `redactSecrets` from `@org/auth-signing` first).
 *
 * @example
 * const logger: Logger = { info: (msg, meta) => console.log(msg, meta), warn: console.warn };
 */
export interface Logger {
  debug?(msg: string, meta?: object): void;
  info?(msg: string, meta?: object): void;
  warn?(msg: string, meta?: object): void;
  error?(msg: string, meta?: object): void;
}
