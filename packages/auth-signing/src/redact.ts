import { base64UrlUtf8, base64Utf8 } from './base64';

const REDACTED = '[REDACTED]';

/**
 * Secrets shorter than this many characters are too short to search for inside other text: a
 * one-character secret would cut `trade.finerymarkets.com` into pieces. They are redacted only
 * where a whole token equals them, and `redactSecrets` emits one process warning
 * (`SHORT_SECRET`) per process the first time it meets one.
 */
export const MIN_REDACTABLE_SECRET_LENGTH = 6;

/** Characters of one token: letters, digits and `_-.+~%` (a host name, a base64 or URL-encoded value, a JWT). */
const TOKEN_CHAR = /[\p{L}\p{N}_\-.+~%]/u;
const TOKENS = /[\p{L}\p{N}_\-.+~%]+/gu;

let warnedShort = false;

/**
 * Every encoding of `secret` that a client of this workspace puts on the wire or into text: as
 * is, URL-encoded, JSON-escaped, and base64 (standard and URL-safe) of the secret alone and of
 * the Basic-auth user form `secret + ':'` (Market Prophit `POST /jwt`, marketprophit.md §2.1).
 */
function forms(secret: string): string[] {
  const base64 = [secret, `${secret}:`].flatMap((value) => {
    return [base64Utf8(value), base64UrlUtf8(value)];
  });
  return [secret, encodeURIComponent(secret), JSON.stringify(secret).slice(1, -1), ...base64];
}

/** `[start, end)` of the token around `text[from, to)`: widened over token characters on both sides. */
function widen(text: string, from: number, to: number): [number, number] {
  let start = from;
  let end = to;
  while (start > 0 && TOKEN_CHAR.test(text[start - 1] as string)) start--;
  while (end < text.length && TOKEN_CHAR.test(text[end] as string)) end++;
  return [start, end];
}

function warnShort(): void {
  if (warnedShort) return;
  warnedShort = true;
  const message = `redactSecrets: a secret shorter than ${MIN_REDACTABLE_SECRET_LENGTH} characters is redacted only where a whole token equals it`;
  // A process warning in Node; browsers have no `process` (and get none).
  (globalThis as { process?: { emitWarning?: (message: string, options: { code: string }) => void } }).process?.emitWarning?.(message, { code: 'SHORT_SECRET' });
}

/**
 * Replaces each secret in `text` with `[REDACTED]`, in every encoding a client produces (as is,
 * URL-encoded, JSON-escaped, base64 and base64url of the secret and of the Basic-auth form
 * `secret + ':'`). **Whole tokens** are replaced: an occurrence inside a longer token (letters,
 * digits, `_-.+~%`) takes the whole token with it, so no fragment of it is left. Secrets
 * shorter than {@link MIN_REDACTABLE_SECRET_LENGTH} are redacted only where a whole token equals
 * them (with a one-time process warning `SHORT_SECRET`), so that a one-character secret never
 * mangles a host name. `undefined` and empty entries are ignored. Use it on every message that
 * is logged or thrown and may contain a key, secret, PEM, signature or token (secrets never
 * appear in logs, errors or state snapshots); for an error with a `cause` chain use
 * {@link redactError}.
 */
export function redactSecrets(text: string, secrets: readonly (string | undefined)[]): string {
  const long: string[] = [];
  const short = new Set<string>();
  for (const secret of secrets) {
    if (!secret) continue;
    if (secret.length < MIN_REDACTABLE_SECRET_LENGTH) {
      warnShort();
      short.add(secret);
    }
    for (const form of forms(secret)) if (form.length >= MIN_REDACTABLE_SECRET_LENGTH) long.push(form);
  }
  let result = text;
  if (long.length > 0) {
    // Every occurrence of every form, widened to its token, then merged: one pass of replacement.
    const spans: [number, number][] = [];
    for (const needle of new Set(long)) {
      for (let at = result.indexOf(needle); at !== -1; at = result.indexOf(needle, at + 1)) spans.push(widen(result, at, at + needle.length));
    }
    if (spans.length > 0) {
      spans.sort((a, b) => a[0] - b[0]);
      let out = '';
      let cursor = 0;
      for (const [start, end] of spans) {
        if (end <= cursor) continue;
        out += start >= cursor ? result.slice(cursor, start) + REDACTED : '';
        cursor = end;
      }
      result = out + result.slice(cursor);
    }
  }
  if (short.size > 0) result = result.replace(TOKENS, (token) => (short.has(token) ? REDACTED : token));
  return result;
}

/** Causes followed by {@link redactError}, so that a cyclic or absurd chain stays bounded. */
const MAX_CAUSES = 8;

/**
 * A copy of `error` safe to keep, log or throw: the same class (prototype), `name` and own
 * fields (`code`, `fatal`, `status`…, strings redacted), with `message`, `stack` and every
 * `cause` down the chain (at most 8 levels, cycles cut) passed through {@link redactSecrets}.
 * A non-Error value becomes an `Error` of its redacted `String()`. The original is not touched.
 */
export function redactError(error: unknown, secrets: readonly (string | undefined)[], depth = 0): Error {
  if (!(error instanceof Error)) {
    let text: string;
    try {
      text = String(error);
    } catch {
      text = typeof error;
    }
    return new Error(redactSecrets(text, secrets));
  }
  const copy = Object.create(Object.getPrototypeOf(error) as object) as Error & Record<string, unknown>;
  for (const key of Object.keys(error)) {
    const value = (error as unknown as Record<string, unknown>)[key];
    copy[key] = typeof value === 'string' ? redactSecrets(value, secrets) : value;
  }
  const define = (key: string, value: unknown) => Object.defineProperty(copy, key, { value, writable: true, configurable: true, enumerable: false });
  define('message', redactSecrets(error.message, secrets));
  if (typeof error.stack === 'string') define('stack', redactSecrets(error.stack, secrets));
  if (!Object.keys(error).includes('name') && error.name !== copy.name) define('name', error.name);
  if (error.cause !== undefined) define('cause', depth + 1 < MAX_CAUSES && error.cause !== error ? redactError(error.cause, secrets, depth + 1) : '[cause chain cut]');
  return copy;
}
