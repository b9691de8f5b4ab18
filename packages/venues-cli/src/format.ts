import { styleText } from 'node:util';
import type { Level, VenueEvent, VenueName } from '@org/venues';

type Color = Parameters<typeof styleText>[0];

const VENUE_COLORS: Record<VenueName, Color> = {
  finery: 'cyan',
  etorox: 'magenta',
  hercle: 'yellow',
  marketprophit: 'blue',
};

const paint = (enabled: boolean, color: Color, text: string): string => (enabled ? styleText(color, text) : text);

const time = (ms: number): string => new Date(ms).toISOString().slice(11, 23);

const level = (l: Level | undefined): string => (l ? `${l[0]} x ${l[1]}` : '-');

function body(event: VenueEvent): string {
  switch (event.kind) {
    case 'book':
      return `bid ${level(event.bids[0])} | ask ${level(event.asks[0])}  (${event.bids.length}/${event.asks.length} levels)`;
    case 'trade':
      return `${event.side ?? ''} ${event.size} @ ${event.price}`.trim();
    case 'order':
      return `${event.action} ${event.side ?? ''} ${event.size ?? ''} @ ${event.price ?? ''} #${event.orderId.slice(0, 8)}`;
    case 'quote':
      return `bid ${event.bid ?? '-'} / ask ${event.ask ?? '-'}${event.size === undefined ? '' : ` for ${event.size}`}`;
    case 'balance':
      return `${event.asset} available ${event.available}${event.allocated === undefined ? '' : ` allocated ${event.allocated}`}`;
    case 'sentiment':
      return `${event.metric} ${Number(event.value.toFixed(4))}`;
    case 'status': {
      const { status, attempt, delayMs, error } = event.state;
      const retry = status === 'reconnecting' ? ` attempt ${attempt}${delayMs === undefined ? '' : ` in ${delayMs} ms`}` : '';
      return `${status}${retry}${error ? ` (${error.message})` : ''}`;
    }
    case 'error':
      return `${event.fatal ? 'fatal: ' : ''}${event.error.name}: ${event.error.message}`;
  }
}

/**
 * One compact line per event for people: time (UTC), venue, kind, symbol and the event's
 * gist (order ids shortened to 8 characters, sentiment values to 4 decimals), coloured by
 * venue when `color` is true.
 */
export function formatLine(event: VenueEvent, color: boolean): string {
  const kindColor: Color = event.kind === 'error' ? 'red' : event.kind === 'status' ? 'green' : 'white';
  return [
    paint(color, 'gray', time(event.receivedAt)),
    paint(color, VENUE_COLORS[event.venue], event.venue.padEnd(13)),
    paint(color, kindColor, event.kind.padEnd(9)),
    (event.symbol ?? '').padEnd(10),
    body(event),
  ].join(' ');
}

/** One NDJSON line per event; errors are written as `{ name, message }`. */
export function formatJson(event: VenueEvent): string {
  return JSON.stringify(event, (_key, value: unknown) =>
    value instanceof Error ? { name: value.name, message: value.message } : value,
  );
}
