import { formatJson, formatLine } from './format';
import type { VenueEvent } from '../types';

const book: VenueEvent = {
  venue: 'finery',
  kind: 'book',
  symbol: 'BTC-USD',
  venueSymbol: 'BTC-USD',
  receivedAt: Date.UTC(2026, 0, 1, 12, 0, 1, 234),
  bids: [[100.5, 0.25]],
  asks: [[100.75, 1]],
};

test('a book line shows venue, kind, symbol and the top of book', () => {
  expect(formatLine(book, false)).toBe(
    '12:00:01.234 finery        book      BTC-USD    bid 100.5 x 0.25 | ask 100.75 x 1  (1/1 levels)',
  );
});

test('a reconnecting status line shows the attempt and the delay', () => {
  const line = formatLine(
    { venue: 'hercle', kind: 'status', receivedAt: 0, state: { status: 'reconnecting', attempt: 2, since: 0, delayMs: 2000 } },
    false,
  );
  expect(line).toContain('reconnecting attempt 2 in 2000 ms');
});

test('JSON lines parse back and carry errors as name and message', () => {
  const line = formatJson({ venue: 'etorox', kind: 'error', receivedAt: 5, fatal: true, error: new TypeError('bad') });
  expect(JSON.parse(line)).toEqual({ venue: 'etorox', kind: 'error', receivedAt: 5, fatal: true, error: { name: 'TypeError', message: 'bad' } });
});
