/**
 * Book provenance under every fault kind of the simulators (packages/venue-sim/src/faults.ts,
 * the faults of tools/chaos): after each one, the first book event is `snapshot: true`
 * (`seq` 0) and the book is the simulator's; the books after it count `seq` up by one.
 */
import { etoroxDemoCredentials, fineryDemoCredentials, startEtoroxSimulator, startFinerySimulator } from '@org/venue-sim';
import type { EtoroxSimulator, FinerySimulator } from '@org/venue-sim';
import { filter, firstValueFrom, skip, take, timeout, toArray } from 'rxjs';
import { connectVenues } from './connect';
import { start, stop } from './test-helpers';
import type { Run } from './test-helpers';
import type { BookEvent, ErrorEvent, VenueEvent } from './types';

const FAST = { initialDelayMs: 20, maxDelayMs: 100, factor: 2, jitter: 0 };
const DEPTH = 10;

type Fault = 'drop' | 'drop-abrupt' | 'close-error' | 'stall' | 'malformed' | 'refuse' | 'backend-status';

/** The first event from index `from` on that matches. */
const next = <T extends VenueEvent>(run: Run, from: number, match: (e: VenueEvent) => e is T, ms = 10_000): Promise<T> =>
  firstValueFrom(run.seen.pipe(skip(from), filter(match), timeout(ms)));

const isBook = (e: VenueEvent): e is BookEvent => e.kind === 'book';
const isDown = (e: VenueEvent): e is VenueEvent => e.kind === 'status' && e.state.status !== 'connected';
const isUp = (e: VenueEvent): e is VenueEvent => e.kind === 'status' && e.state.status === 'connected';

/** Injects a fault through the simulator's `FaultHooks` (as tools/chaos does) and resolves once it is over. */
async function inject(faults: FinerySimulator['faults'], kind: Fault, run: Run, from: number, backend?: (code: number) => void): Promise<void> {
  switch (kind) {
    case 'drop':
      return faults.drop();
    case 'drop-abrupt':
      return faults.drop({ graceful: false });
    case 'close-error':
      return faults.drop({ error: 'test: internal server error', allowReconnect: true });
    case 'malformed':
      return faults.malformed();
    case 'stall':
      faults.stall();
      await next(run, from, isDown);
      return faults.resume();
    case 'refuse':
      faults.refuse(300);
      return faults.drop();
    case 'backend-status':
      backend?.(2);
      await next(run, from, isDown);
      return backend?.(0);
  }
}

describe('Finery books', () => {
  let sim: FinerySimulator;
  let run: Run;
  beforeAll(async () => {
    sim = await startFinerySimulator({ updatesPerSecond: 0 });
    run = start(
      connectVenues({
        finery: {
          client: { url: sim.url, ...fineryDemoCredentials, reconnect: FAST, idleTimeoutMs: 800, pingIntervalMs: 200, statusTimeoutMs: 1_500 },
          instruments: ['BTC-USD'],
          depth: DEPTH,
        },
      }),
    );
  });
  afterAll(async () => {
    stop(run);
    await sim.close();
  });

  const sameAsSimulator = (book: BookEvent) => {
    const venue = sim.book('BTC-USD');
    const decimals = (levels: [number, number][]) => levels.slice(0, DEPTH).map(([price, size]) => [price / 1e8, size / 1e8]);
    expect(book.bids).toEqual(decimals(venue.bids));
    expect(book.asks).toEqual(decimals(venue.asks));
  };

  test('the first book is a snapshot, then seq counts the updates by one', async () => {
    const first = await next(run, 0, isBook);
    expect(first).toMatchObject({ snapshot: true, seq: 0, depth: DEPTH });
    expect(first).not.toHaveProperty('venueSequence');
    sameAsSimulator(first);
    for (let seq = 1; seq <= 3; seq++) {
      const from = run.events.length;
      sim.step(1, 'BTC-USD');
      const book = await next(run, from, isBook);
      expect(book).toMatchObject({ snapshot: false, seq });
      sameAsSimulator(book);
    }
  });

  test.each<Fault>(['drop', 'drop-abrupt', 'close-error', 'stall', 'malformed', 'refuse', 'backend-status'])(
    'after %s the first book is snapshot: true and equals the simulator book',
    async (kind) => {
      await next(run, 0, isBook);
      const from = run.events.length;
      await inject(sim.faults, kind, run, from, (code) => sim.setBackendStatus(code));
      const book = await next(run, from, isBook);
      expect(book).toMatchObject({ snapshot: true, seq: 0 });
      sameAsSimulator(book);
      const after = run.events.length;
      sim.step(1, 'BTC-USD');
      const update = await next(run, after, isBook);
      expect(update).toMatchObject({ snapshot: false, seq: 1 });
      sameAsSimulator(update);
    },
  );
});

describe('eToroX books', () => {
  let sim: EtoroxSimulator;
  let run: Run;
  beforeAll(async () => {
    sim = await startEtoroxSimulator({ marketIntervalMs: 0, keepAliveIntervalMs: 100 });
    run = start(
      connectVenues({
        etorox: { client: { url: sim.url, ...etoroxDemoCredentials, reconnect: FAST, serverTimeoutMs: 600 }, channels: ['btcusd'] },
      }),
    );
  });
  afterAll(async () => {
    stop(run);
    await sim.close();
  });

  /** The stream carries changes only (etorox.md §6.3): every level shown must be in the simulator's book, with at most its volume. */
  const withinSimulator = (book: BookEvent) => {
    const units = (value: number) => Math.round(value * 1e8);
    const venue = sim.book('btcusd');
    for (const side of ['bids', 'asks'] as const) {
      const levels = new Map(venue[side].map(([price, volume]) => [units(price), units(volume)]));
      for (const [price, volume] of book[side]) expect(units(volume)).toBeLessThanOrEqual(levels.get(units(price)) ?? -1);
    }
    expect(book.depth).toBe(Math.max(book.bids.length, book.asks.length));
    expect(book.venueSequence).toBe(Number(venue.snapshotId));
  };

  /** Steps the market until a book event arrives from index `from` on. */
  const stepUntilBook = async (from: number): Promise<BookEvent> => {
    const book = next(run, from, isBook);
    const timer = setInterval(() => sim.step(1), 30);
    try {
      return await book;
    } finally {
      clearInterval(timer);
    }
  };

  test('the first book is a snapshot, then seq counts the books by one', async () => {
    await next(run, 0, isUp);
    const first = await stepUntilBook(0);
    expect(first).toMatchObject({ snapshot: true, seq: 0 });
    withinSimulator(first);
    const second = await stepUntilBook(run.events.indexOf(first) + 1);
    expect(second).toMatchObject({ snapshot: false, seq: 1 });
  });

  test.each<Fault>(['drop', 'drop-abrupt', 'close-error', 'stall', 'malformed', 'refuse'])(
    'after %s the first book is snapshot: true (the book starts over) and within the simulator book',
    async (kind) => {
      await stepUntilBook(0);
      const from = run.events.length;
      await inject(sim.faults, kind, run, from);
      await next(run, from, isDown);
      const up = await next(run, from, isUp);
      const book = await stepUntilBook(run.events.indexOf(up) + 1);
      expect(book).toMatchObject({ snapshot: true, seq: 0 });
      withinSimulator(book);
      const update = await stepUntilBook(run.events.indexOf(book) + 1);
      expect(update).toMatchObject({ snapshot: false, seq: 1 });
    },
  );

  test('a snapshot_id that goes down is a typed gap event (etorox.md §6.3), not a log line', async () => {
    await stepUntilBook(0);
    const from = run.events.length;
    // A cancel of an order nobody knows: the book stays as it is, only the sequence goes back.
    sim.sendItem('btcusd', { id: 'gap-test', market: 'btcusd', side: 'bid', name: 'order_canceled', volume: 0, price: 1, update_at: new Date().toISOString(), snapshot_id: '1' });
    const gap = await next(run, from, (e): e is ErrorEvent => e.kind === 'error');
    expect(gap).toMatchObject({ venue: 'etorox', fatal: false, error: { name: 'EtoroxGapError', code: 'ETOROX_GAP', reason: 'sequence', topic: 'btcusd/marketData' } });
    expect(gap.error.message).toMatch(/snapshot_id 1 after \d+/);
  });

  test('one book event per order change, also for changes sent at once: events$ is not conflated', async () => {
    await stepUntilBook(0);
    const from = run.events.length;
    const item = (name: string, id: string) => ({ name, id, market: 'btcusd', side: 'bid', price: 0.01, volume: name === 'order_created' ? 0.5 : 0, state: 'wait', update_at: new Date().toISOString() });
    const ids = ['one-per-change-1', 'one-per-change-2', 'one-per-change-3'];
    for (const id of ids) sim.sendItem('btcusd', item('order_created', id));
    for (const id of ids) sim.sendItem('btcusd', item('order_canceled', id)); // leaves the book as the simulator's
    const books = await firstValueFrom(run.seen.pipe(skip(from), filter(isBook), take(6), toArray(), timeout(10_000)));
    expect(books.map((book) => book.bids.find(([price]) => price === 0.01)?.[1])).toEqual([0.5, 1, 1.5, 1, 0.5, undefined]);
    const [first] = books;
    expect(books.map((book) => book.seq)).toEqual(books.map((_book, i) => (first?.seq ?? 0) + i));
  });
});
