import type { VenueEventKind } from '@org/venues';
import { MessageIds, PublishQueue } from './queue';
import type { QueuedMessage } from './queue';

const message = (key: string, kind: VenueEventKind, payload: string, id = payload): QueuedMessage => ({ key, kind, id, payload, bytes: Buffer.byteLength(payload) });

test('books and quotes replace the unsent one of the same key in place; other kinds are kept in order', () => {
  const queue = new PublishQueue();
  queue.push(message('venues.finery.book.BTC-USD', 'book', 'b1'));
  queue.push(message('venues.etorox.trade.BTC-USD', 'trade', 't1'));
  queue.push(message('venues.finery.book.BTC-USD', 'book', 'b2'));
  queue.push(message('venues.hercle.quote.BTC-USDT', 'quote', 'q1'));
  queue.push(message('venues.etorox.trade.BTC-USD', 'trade', 't2'));
  queue.push(message('venues.hercle.quote.BTC-USDT', 'quote', 'q2'));
  queue.push(message('venues.finery.book.ETH-USD', 'book', 'e1'));
  expect(queue.conflated).toBe(2);
  expect(queue.size).toBe(5);
  expect(queue.bytes).toBe(10);
  expect(queue.take(10).map((m) => m.payload)).toEqual(['b2', 't1', 'q2', 't2', 'e1']);
  expect(queue.size).toBe(0);
  expect(queue.bytes).toBe(0);
});

test('a snapshot book is never replaced: the books after it conflate behind it', () => {
  const queue = new PublishQueue();
  queue.push(message('k', 'book', 'b1'));
  queue.push({ ...message('k', 'book', 's2'), pinned: true });
  queue.push(message('k', 'book', 'b3'));
  queue.push(message('k', 'book', 'b4'));
  expect(queue.take(10).map((m) => m.payload)).toEqual(['b1', 's2', 'b4']);
});

test('a book taken for sending is not replaced: the next one queues behind it', () => {
  const queue = new PublishQueue();
  queue.push(message('k', 'book', 'b1'));
  expect(queue.take(1).map((m) => m.payload)).toEqual(['b1']);
  queue.push(message('k', 'book', 'b2'));
  queue.push(message('k', 'book', 'b3'));
  expect(queue.take(5).map((m) => m.payload)).toEqual(['b3']);
  expect(queue.conflated).toBe(1);
});

test('beyond maxEvents the oldest events are dropped and counted, whatever their kind', () => {
  const queue = new PublishQueue({ maxEvents: 3 });
  queue.push(message('a', 'book', 'b1'));
  expect(queue.push(message('t', 'trade', 't1'))).toBe(0);
  queue.push(message('t', 'trade', 't2'));
  expect(queue.push(message('t', 'trade', 't3'))).toBe(1);
  expect(queue.push(message('a', 'book', 'b2'))).toBe(1);
  expect(queue.dropped).toBe(2);
  expect(queue.take(10).map((m) => m.payload)).toEqual(['t2', 't3', 'b2']);
});

test('beyond maxBytes the oldest events are dropped; a growing conflated book counts its new size', () => {
  const queue = new PublishQueue({ maxBytes: 10 });
  queue.push(message('t', 'trade', 'aaaa'));
  queue.push(message('b', 'book', 'bbbb'));
  expect(queue.bytes).toBe(8);
  expect(queue.push(message('b', 'book', 'bbbbbbb'))).toBe(1);
  expect(queue.bytes).toBe(7);
  expect(queue.push(message('x', 'trade', 'x'.repeat(11)))).toBe(2);
  expect(queue.size).toBe(0);
  expect(queue.dropped).toBe(3);
});

test('memory stays bounded over a long run with a dead engine', () => {
  const queue = new PublishQueue({ maxEvents: 100 });
  for (let i = 0; i < 50_000; i++) queue.push(message(`t${i % 7}`, i % 2 ? 'trade' : 'book', `p${i}`));
  expect(queue.size).toBeLessThanOrEqual(100);
  expect(queue.dropped + queue.conflated + queue.size).toBe(50_000);
  const rest = queue.take(1000).map((m) => m.payload);
  expect(rest.at(-1)).toBe('p49999');
});

test('limits below 1 are refused', () => {
  expect(() => new PublishQueue({ maxEvents: 0 })).toThrow(RangeError);
});

test('ids are strictly increasing per key, also when the clock goes back', () => {
  const ids = new MessageIds();
  expect([ids.next('a', 1000), ids.next('a', 1000), ids.next('b', 1000), ids.next('a', 1001), ids.next('a', 999.5), ids.next('a', 2000)]).toEqual([
    '1000-0',
    '1000-1',
    '1000-0',
    '1001-0',
    '1001-1',
    '2000-0',
  ]);
});
