/**
 * Redaction of what a recording keeps of our own side: outbound frames and connection URLs.
 * No API key, signature, token, passphrase or secret ever reaches a file.
 */

/** The placeholder of every redacted value. */
export const REDACTED = '[redacted]';

/** Field names whose values are credentials or signatures (eToroX `setup`: `apiKey`, `nonce`, `signature`, etorox.md §5.1). */
const SECRET_FIELD = /^(api_?key|key|secret|signature|sign|token|access_?token|bearer|passphrase|password|private_?key|nonce|authorization)$/i;

/** The SignalR record separator (signalr.md §3): a frame holds one or more JSON messages, each ended by it. */
const RS = '\u001e';

function redactValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactValue);
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [name, field] of Object.entries(value)) out[name] = SECRET_FIELD.test(name) && field !== null && typeof field !== 'object' ? REDACTED : redactValue(field);
  return out;
}

/** `text` with every occurrence of each secret (of 4 characters or more) replaced by {@link REDACTED}. */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) if (secret.length >= 4) out = out.split(secret).join(REDACTED);
  return out;
}

/**
 * An outbound frame fit for a file: each JSON message of it (a SignalR frame may hold
 * several, each ended by the record separator) with the values of credential fields
 * (`apiKey`, `signature`, `token`, `secret`, `nonce`, …) replaced by `[redacted]`, then
 * every known secret string replaced wherever it still appears. Text that is not JSON keeps
 * its form, secrets replaced.
 */
export function redactFrame(text: string, secrets: readonly string[]): string {
  const parts = text.split(RS);
  const redacted = parts.map((part) => {
    if (part.trim() === '') return part;
    try {
      return JSON.stringify(redactValue(JSON.parse(part)));
    } catch {
      return part;
    }
  });
  return redactSecrets(redacted.join(RS), secrets);
}

/** A connection URL without credentials: user info, secret query parameters and every known secret (the eToroX hub path holds the API key, etorox.md §1) redacted. */
export function redactUrl(url: string, secrets: readonly string[]): string {
  let text = url;
  try {
    const parsed = new URL(url);
    if (parsed.username || parsed.password) {
      parsed.username = REDACTED;
      parsed.password = '';
    }
    for (const name of [...parsed.searchParams.keys()]) if (SECRET_FIELD.test(name)) parsed.searchParams.set(name, REDACTED);
    text = parsed.toString();
  } catch {
    // not a URL: the secrets are replaced below all the same
  }
  return redactSecrets(redactSecrets(text, secrets.map(encodeURIComponent)), secrets);
}
