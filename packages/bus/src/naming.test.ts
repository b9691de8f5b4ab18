import type { VenueEvent } from '@org/venues';
import { isExactNatsFilter, matchesFilter, natsFilterSubject, parseAddress, redisKeyPattern, streamKeyOf, subjectOf, symbolToken } from './naming';

const book: VenueEvent = { venue: 'finery', kind: 'book', symbol: 'BTC-USD', receivedAt: 1, bids: [], asks: [], snapshot: true, seq: 0, depth: 0 };
const balance: VenueEvent = { venue: 'hercle', kind: 'balance', asset: 'BTC', available: 1, receivedAt: 1 };

test('subjects and keys: venues.<venue>.<kind>.<symbol>, _ without a symbol', () => {
  expect(subjectOf(book)).toBe('venues.finery.book.BTC-USD');
  expect(streamKeyOf(book)).toBe('venues:finery:book:BTC-USD');
  expect(subjectOf(balance)).toBe('venues.hercle.balance._');
  expect(streamKeyOf(balance)).toBe('venues:hercle:balance:_');
});

test('symbols are sanitised into one token', () => {
  expect(symbolToken('BTC/USD')).toBe('BTC_USD');
  expect(symbolToken('a.b*c>d:e f')).toBe('a_b_c_d_e_f');
  expect(symbolToken('')).toBe('_');
  expect(subjectOf({ ...book, symbol: 'X.Y' })).toBe('venues.finery.book.X_Y');
});

test('addresses read back from subjects and keys; foreign names are undefined', () => {
  expect(parseAddress('venues.finery.book.BTC-USD')).toEqual({ venue: 'finery', kind: 'book', symbol: 'BTC-USD' });
  expect(parseAddress('venues:hercle:balance:_')).toEqual({ venue: 'hercle', kind: 'balance', symbol: '_' });
  expect(parseAddress('venues.nowhere.book.X')).toBeUndefined();
  expect(parseAddress('venues.finery.candle.X')).toBeUndefined();
  expect(parseAddress('other.finery.book.X')).toBeUndefined();
  expect(parseAddress('venues.finery.book')).toBeUndefined();
});

test('filters: the narrowest engine filter, and the exact check per message', () => {
  expect(natsFilterSubject()).toBe('venues.>');
  expect(natsFilterSubject({ venues: ['finery'] })).toBe('venues.finery.*.*');
  expect(natsFilterSubject({ venues: ['finery', 'etorox'], kinds: ['book'], symbols: ['BTC-USD'] })).toBe('venues.*.book.BTC-USD');
  expect(redisKeyPattern()).toBe('venues:*:*:*');
  expect(redisKeyPattern({ kinds: ['trade'] })).toBe('venues:*:trade:*');
  const address = { venue: 'finery', kind: 'book', symbol: 'BTC-USD' } as const;
  expect(matchesFilter(address)).toBe(true);
  expect(matchesFilter(address, { venues: ['finery', 'etorox'], kinds: [] })).toBe(true);
  expect(matchesFilter(address, { venues: ['etorox'] })).toBe(false);
  expect(matchesFilter(address, { symbols: ['ETH-USD'] })).toBe(false);
  // The NATS subject alone selects an exact filter's events; a list of two needs the check.
  expect(isExactNatsFilter()).toBe(true);
  expect(isExactNatsFilter({ venues: ['finery'], kinds: [], symbols: ['BTC-USD'] })).toBe(true);
  expect(isExactNatsFilter({ venues: ['finery', 'etorox'] })).toBe(false);
  expect(isExactNatsFilter({ symbols: ['BTC-USD', 'ETH-USD'] })).toBe(false);
});
