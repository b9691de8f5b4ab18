const REDACTED = '[REDACTED]';

function forms(secret: string): string[] {
  return [secret, encodeURIComponent(secret), JSON.stringify(secret).slice(1, -1)];
}

/**
 * Replaces every occurrence of each secret in `text` with `[REDACTED]`, including its
 * URL-encoded and JSON-escaped forms (a token in a query string, a PEM inside a JSON
 * message). Longer secrets are replaced first, so a secret containing another is removed
 * whole. `undefined` and empty entries are ignored. Use it on every message that is
 * logged or thrown and may contain a key, secret, PEM, signature or token (RULES: secrets
 * never appear in logs, errors or state snapshots).
 */
export function redactSecrets(text: string, secrets: readonly (string | undefined)[]): string {
  const needles = [...new Set(secrets.flatMap((secret) => (secret ? forms(secret) : [])))].sort(
    (a, b) => b.length - a.length,
  );
  let result = text;
  for (const needle of needles) result = result.split(needle).join(REDACTED);
  return result;
}
