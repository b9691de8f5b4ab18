import { decodeVenueEvent } from '@org/venues';
import type { BookEvent, TradeEvent, VenueEvent } from '@org/venues';
import { of, Subject, toArray, lastValueFrom } from 'rxjs';
import { subjectOf } from './naming';
import { publishing, startPublisher } from './publisher';
import type { BusTransport, PublisherEngine } from './publisher';
import type { QueuedMessage } from './queue';
import type { BusState } from './state';

/**
 * An in-memory engine for the engine-neutral loop (the real engines are tested in
 * @org/nats and @org/redis): `up` says whether sends succeed; `sent` keeps every message
 * acknowledged, `batches` their sizes.
 */
function memoryEngine() {
  const sent: QueuedMessage[] = [];
  const batches: number[] = [];
  let report: ((status: 'connected' | 'reconnecting', error?: Error) => void) | undefined;
  const engine = {
    up: true,
    closed: false,
    sent,
    batches,
    setUp(up: boolean) {
      engine.up = up;
      report?.(up ? 'connected' : 'reconnecting', up ? undefined : new Error('engine down'));
    },
  };
  const publisherEngine: PublisherEngine = {
    engine: 'memory',
    keyOf: subjectOf,
    async connect(r) {
      report = r;
      const transport: BusTransport = {
        async send(batch) {
          await Promise.resolve();
          if (!engine.up) throw new Error('engine down');
          batches.push(batch.length);
          sent.push(...batch);
        },
        async close() {
          engine.closed = true;
        },
      };
      return transport;
    },
  };
  return { engine, publisherEngine };
}

const trade = (n: number): TradeEvent => ({ venue: 'etorox', kind: 'trade', symbol: 'BTC-USD', price: 100 + n, size: 1, tradeId: String(n), receivedAt: 1_000 + n });
const book = (symbol: string, n: number): BookEvent => ({ venue: 'finery', kind: 'book', symbol, bids: [[n, 1]], asks: [[n + 1, 1]], receivedAt: 1_000 + n, snapshot: false, seq: n, depth: 1 });

beforeEach(() => jest.useFakeTimers({ doNotFake: ['queueMicrotask', 'nextTick'] }));
afterEach(() => jest.useRealTimers());

test('publishes every event in order, encoded, in batches, and reports connected', async () => {
  const { engine, publisherEngine } = memoryEngine();
  const events = new Subject<VenueEvent>();
  const acknowledged: string[] = [];
  const publisher = startPublisher(events, publisherEngine, { batchSize: 4, onPublished: (batch) => acknowledged.push(...batch.map((m) => m.id)) });
  for (let i = 0; i < 10; i++) events.next(trade(i));
  await publisher.flush();
  expect(engine.sent.map((m) => decodeVenueEvent(m.payload))).toEqual(Array.from({ length: 10 }, (_, i) => trade(i)));
  expect(engine.sent.map((m) => m.key)).toEqual(Array(10).fill('venues.etorox.trade.BTC-USD'));
  expect(Math.max(...engine.batches)).toBeLessThanOrEqual(4);
  expect(acknowledged).toEqual(engine.sent.map((m) => m.id));
  expect(publisher.state).toMatchObject({ engine: 'memory', status: 'connected', published: 10, dropped: 0, queued: 0 });
  const final = await publisher.close();
  expect(final.status).toBe('closed');
  expect(engine.closed).toBe(true);
});

test('while the engine is down: books conflated, trades kept to the bound, then drop-oldest counted with a status event; all the rest arrives after', async () => {
  const { engine, publisherEngine } = memoryEngine();
  const events = new Subject<VenueEvent>();
  const publisher = startPublisher(events, publisherEngine, { queue: { maxEvents: 5 }, batchSize: 100, statusIntervalMs: 1_000 });
  const states: BusState[] = [];
  publisher.state$.subscribe((state) => states.push(state));
  await publisher.flush();
  engine.setUp(false);
  for (let i = 0; i < 3; i++) events.next(book('BTC-USD', i));
  for (let i = 0; i < 7; i++) events.next(trade(i));
  await jest.advanceTimersByTimeAsync(5_000);
  expect(states.some((s) => s.status === 'reconnecting' && s.error?.message === 'engine down')).toBe(true);
  // 1 book (2 conflated) + 7 trades = 8 for 5 places: the book and 2 oldest trades dropped.
  const latest = states.at(-1);
  expect(latest).toMatchObject({ dropped: 3, conflated: 2, queued: 5 });
  expect(engine.sent).toEqual([]);
  engine.setUp(true);
  await publisher.flush();
  expect(engine.sent.map((m) => (decodeVenueEvent(m.payload) as TradeEvent).tradeId)).toEqual(['2', '3', '4', '5', '6']);
  expect(publisher.state).toMatchObject({ status: 'connected', published: 5, dropped: 3, queued: 0 });
  await publisher.close();
});

test('a retried batch keeps its ids', async () => {
  const { engine, publisherEngine } = memoryEngine();
  const events = new Subject<VenueEvent>();
  engine.up = false;
  const publisher = startPublisher(events, publisherEngine);
  events.next(trade(1));
  events.next(trade(1));
  await jest.advanceTimersByTimeAsync(1_000);
  engine.setUp(true);
  await publisher.flush();
  expect(engine.sent.map((m) => m.id)).toEqual(['1001-0', '1001-1']);
  await publisher.close();
});

test('close() flushes; what cannot be sent within flushTimeoutMs is counted on dropped', async () => {
  const { engine, publisherEngine } = memoryEngine();
  const events = new Subject<VenueEvent>();
  const publisher = startPublisher(events, publisherEngine, { flushTimeoutMs: 2_000 });
  await publisher.flush();
  engine.setUp(false);
  events.next(trade(1));
  events.next(trade(2));
  const closing = publisher.close();
  await jest.advanceTimersByTimeAsync(2_000);
  expect(await closing).toMatchObject({ status: 'closed', dropped: 2, published: 0, queued: 0 });
});

test('the end of the events closes the publisher after flushing; an event that cannot be encoded is counted', async () => {
  const { engine, publisherEngine } = memoryEngine();
  const circular: Record<string, unknown> = {};
  circular.self = circular;
  const publisher = startPublisher(of<VenueEvent[]>(trade(1), { ...trade(2), raw: circular }, trade(3)), publisherEngine);
  const states = await lastValueFrom(publisher.state$.pipe(toArray()));
  expect(states.at(-1)).toMatchObject({ status: 'closed', published: 2, dropped: 1 });
  expect(engine.sent).toHaveLength(2);
});

test('the operator form passes every event on and publishes it', async () => {
  const { engine, publisherEngine } = memoryEngine();
  let state: BusState | undefined;
  const passed = await lastValueFrom(
    of<VenueEvent[]>(trade(1), trade(2)).pipe(
      publishing(
        (events$) => startPublisher(events$, publisherEngine),
        (publisher) => publisher.state$.subscribe((s) => (state = s)),
      ),
      toArray(),
    ),
  );
  expect(passed).toEqual([trade(1), trade(2)]);
  await jest.advanceTimersByTimeAsync(10);
  expect(engine.sent).toHaveLength(2);
  expect(state?.status).toBe('closed');
});
