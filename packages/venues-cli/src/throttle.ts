import type { VenueEvent } from '@org/venues';

/** Kinds that arrive many times a second per symbol and are sampled for people; the others always print. */
const SAMPLED = new Set<VenueEvent['kind']>(['book', 'order', 'quote', 'sentiment']);

const keyOf = (event: VenueEvent): string =>
  `${event.venue}\u0000${event.kind}\u0000${event.symbol ?? ''}\u0000${event.kind === 'sentiment' ? event.metric : ''}`;

/**
 * A filter for the human output: at most `perSecond` book, order, quote and sentiment
 * events per venue, kind, symbol (and sentiment metric) per second of `receivedAt`; the
 * others are dropped (the next one shown is the current state). Trades, balances, status
 * changes and errors always pass, except the `idle` status every client starts with.
 * `perSecond` 0 or less samples nothing.
 */
export function peopleFilter(perSecond: number): (event: VenueEvent) => boolean {
  const intervalMs = perSecond > 0 ? 1000 / perSecond : 0;
  const shown = new Map<string, number>();
  return (event) => {
    if (event.kind === 'status') return event.state.status !== 'idle';
    if (!SAMPLED.has(event.kind) || intervalMs === 0) return true;
    const key = keyOf(event);
    const last = shown.get(key);
    if (last !== undefined && event.receivedAt - last < intervalMs) return false;
    shown.set(key, event.receivedAt);
    return true;
  };
}
