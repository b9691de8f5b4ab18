import { formatJson, formatLine } from './format';
import type { VenueEvent } from '@org/venues';

const book: VenueEvent = {
  venue: 'finery',
  kind: 'book',
  symbol: 'BTC-USD',
  venueSymbol: 'BTC-USD',
  receivedAt: Date.UTC(2026, 0, 1, 12, 0, 1, 234),
  bids: [[100.5, 0.25]],
  asks: [[100.75, 1]],
  snapshot: true,
  seq: 0,
  depth: 25,
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

test('a reconnecting status line names the error that ended the attempt (e.g. an unreachable token endpoint)', () => {
  const error = new Error('POST /jwt failed: fetch failed (ECONNREFUSED)');
  const line = formatLine({ venue: 'marketprophit', kind: 'status', receivedAt: 0, state: { status: 'reconnecting', attempt: 1, since: 0, delayMs: 0, error } }, false);
  expect(line).toMatch(/marketprophit +status +reconnecting attempt 1 in 0 ms \(POST \/jwt failed: fetch failed \(ECONNREFUSED\)\)$/);
});

test('JSON lines parse back and carry errors as name and message', () => {
  const line = formatJson({ venue: 'etorox', kind: 'error', receivedAt: 5, fatal: true, error: new TypeError('bad') });
  expect(JSON.parse(line)).toEqual({ venue: 'etorox', kind: 'error', receivedAt: 5, fatal: true, error: { name: 'TypeError', message: 'bad' } });
});

test('order ids are shortened and sentiment values rounded for people; JSON keeps them whole', () => {
  const order: VenueEvent = { venue: 'etorox', kind: 'order', symbol: 'BTC-USD', receivedAt: 0, action: 'created', orderId: '2e8cc7ca-c7ad-4797', side: 'bid', price: 9492.5, size: 4.3 };
  expect(formatLine(order, false)).toMatch(/created bid 4.3 @ 9492.5 #2e8cc7ca$/);
  const sentiment: VenueEvent = { venue: 'marketprophit', kind: 'sentiment', symbol: 'AAPL', receivedAt: 0, metric: 'signal_value', value: 0.2133892336860299, fields: {} };
  expect(formatLine(sentiment, false)).toMatch(/signal_value 0.2134$/);
  expect(JSON.parse(formatJson(sentiment)).value).toBe(0.2133892336860299);
});
