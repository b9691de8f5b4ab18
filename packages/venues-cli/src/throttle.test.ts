import type { VenueEvent } from '@org/venues';
import { peopleFilter } from './throttle';

const book = (symbol: string, receivedAt: number): VenueEvent => ({ venue: 'finery', kind: 'book', symbol, receivedAt, bids: [], asks: [], snapshot: false, seq: 1, depth: 25 });
const trade = (receivedAt: number): VenueEvent => ({ venue: 'etorox', kind: 'trade', symbol: 'BTC-USD', receivedAt, price: 1, size: 1 });

test('books pass at most N per second per symbol; trades always pass', () => {
  const show = peopleFilter(2);
  const events = [book('BTC-USD', 0), book('BTC-USD', 100), book('ETH-USD', 100), trade(100), trade(101), book('BTC-USD', 499), book('BTC-USD', 500)];
  expect(events.map(show)).toEqual([true, false, true, true, true, false, true]);
});

test('sentiment metrics of one ticker are sampled separately; 0 samples nothing; idle states are not shown', () => {
  const sentiment = (metric: string, receivedAt: number): VenueEvent => ({ venue: 'marketprophit', kind: 'sentiment', symbol: 'AAPL', receivedAt, metric, value: 0, fields: {} });
  const show = peopleFilter(1);
  expect([sentiment('a', 0), sentiment('b', 1), sentiment('a', 2)].map(show)).toEqual([true, true, false]);
  const all = peopleFilter(0);
  expect([book('X', 0), book('X', 0)].map(all)).toEqual([true, true]);
  const status = (status: 'idle' | 'connecting'): VenueEvent => ({ venue: 'hercle', kind: 'status', receivedAt: 0, state: { status, attempt: 0, since: 0 } });
  expect([status('idle'), status('connecting')].map(all)).toEqual([false, true]);
});
