/**
 * Structured logger accepted by every client of this workspace (`logger?: Logger`).
 * Every method is optional; a missing method (or a missing logger) is silent.
 * `meta` is a plain object of extra fields (never secrets: pass them through
 * `redactSecrets` from `@org/auth-signing` first).
 *
 * Loggers that take the fields first, `(meta, msg)` (pino, bunyan), fit through
 * {@link metaFirstLogger}: `logger: metaFirstLogger(pino())`.
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

/** A logger whose methods take the fields first, `(meta, msg)`, as pino and bunyan do. */
export interface MetaFirstLogger {
  debug?(meta: object, msg: string): void;
  info?(meta: object, msg: string): void;
  warn?(meta: object, msg: string): void;
  error?(meta: object, msg: string): void;
}

const LEVELS = ['debug', 'info', 'warn', 'error'] as const;

/**
 * Adapts a `(meta, msg)` logger (pino, bunyan) to {@link Logger}: `warn(msg, meta)` calls
 * `target.warn(meta ?? {}, msg)`, with `target` as `this`. Levels the target lacks stay silent.
 *
 * @example
 * import pino from 'pino';
 * const client = new FineryClient({ key, secret, logger: metaFirstLogger(pino()) });
 */
export function metaFirstLogger(target: MetaFirstLogger): Logger {
  const logger: Logger = {};
  for (const level of LEVELS) {
    const method = target[level];
    if (typeof method === 'function') logger[level] = (msg, meta) => method.call(target, meta ?? {}, msg);
  }
  return logger;
}
