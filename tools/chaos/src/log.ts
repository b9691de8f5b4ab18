import type { Logger } from '@org/reconnect';

/** One captured log line: level, message and its metadata rendered as text. */
export interface LogLine {
  readonly venue: string;
  readonly level: string;
  readonly text: string;
}

function render(value: unknown, seen = new WeakSet<object>()): string {
  if (value instanceof Error) return `${value.name}: ${value.message} ${render((value as { cause?: unknown }).cause, seen)}`;
  if (value === null || typeof value !== 'object') return String(value);
  if (seen.has(value)) return '[circular]';
  seen.add(value);
  return Object.entries(value)
    .map(([key, item]) => `${key}=${render(item, seen)}`)
    .join(' ');
}

/**
 * A `Logger` (`@org/reconnect`) that keeps every line of one client, `debug` included, so
 * the chaos suite can scan them for secrets.
 */
export function captureLogger(venue: string, lines: LogLine[]): Logger {
  const at = (level: string) => (msg: string, meta?: object) => lines.push({ venue, level, text: `${msg} ${render(meta)}` });
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

/** A JSON Web Token anywhere in a text (Market Prophit tokens are secrets too). */
const JWT = /eyJ[\w-]{8,}\.[\w-]{8,}\.[\w-]{8,}/;

/**
 * The lines that contain a secret (or a JWT), each as `venue level: secret #n` — the
 * report names which secret, never its value.
 */
export function linesWithSecrets(lines: readonly LogLine[], secrets: readonly string[]): string[] {
  const found: string[] = [];
  for (const line of lines) {
    secrets.forEach((secret, index) => {
      if (secret.length >= 6 && line.text.includes(secret)) found.push(`${line.venue} ${line.level}: secret #${index} in a log line`);
    });
    if (JWT.test(line.text)) found.push(`${line.venue} ${line.level}: a JWT in a log line`);
  }
  return found;
}
