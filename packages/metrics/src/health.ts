import type { StatusEvent } from '@org/venues';

type ConnectionState = StatusEvent['state'];

/** The answer of `health()`: `ok`, and why not (one reason per failing venue). */
export interface Health {
  readonly ok: boolean;
  readonly reasons: readonly string[];
}

/**
 * The health rules:
 * - ok while every venue is `idle`, `connecting`, `connected` or `reconnecting` (a venue
 *   reconnects only within its backoff policy: once `maxAttempts` is exhausted or the error
 *   is fatal, the reconnect loop of `@org/reconnect` says `closed`);
 * - not ok for each venue that is `closed`, with the reason `<venue>: closed (<message>)`
 *   (the error's message; the venue packages keep secrets out of them);
 * - not ok when no venue reported a state, or the merged stream ended (`ended`).
 */
export function healthOf(states: ReadonlyMap<string, ConnectionState>, ended: string | undefined): Health {
  const reasons: string[] = [];
  if (ended) reasons.push(ended);
  else if (states.size === 0) reasons.push('no venue reported a connection state yet');
  for (const [venue, state] of states) {
    if (state.status === 'closed') reasons.push(`${venue}: closed${state.error ? ` (${state.error.message})` : ''}`);
  }
  return { ok: reasons.length === 0, reasons };
}
