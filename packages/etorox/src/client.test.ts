import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { etoroxDemoCredentials, systemClock } from '@org/venue-sim';
import { lastValueFrom, map, take, tap, timeout, toArray } from 'rxjs';
import { format, inspect } from 'node:util';
import { bookQuote, EtoroxAuthError, EtoroxClient, EtoroxSubscribeError } from './index';
import type { EtoroxBook, EtoroxEvent } from './index';
import { useEtoroxHarness } from './test-helpers';

const h = useEtoroxHarness();
const { start, within, waitFor, record, statusIs } = h;

/** Blocks the event loop for `ms` milliseconds, as a slow synchronous consumer does. */
function busyWait(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end);
}

describe('EtoroxClient setup', () => {
  it('connects with a fresh correlation id and a signed setup', async () => {
    await start();
    const first = record(h.client.subscribe({ channels: ['btcusd'] }));
    const connected = await statusIs('connected');
    const [connection] = h.sim.connections();
    expect(connection).toMatchObject({ identified: true, apiKey: etoroxDemoCredentials.apiKey });
    expect(connection?.correlationId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(connected.detail).toEqual({ correlationId: connection?.correlationId });
    await waitFor(() => first.values.length > 0);
  });

  it('connects without negotiation', async () => {
    await start({}, { skipNegotiation: true });
    await expect(within(h.client.subscribe({ channels: ['btcusd'] }))).resolves.toMatchObject({ market: 'btcusd' });
  });

  const otherKey = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  it.each([
    ['a signature from another key', {}, { privateKey: otherKey }, 'Invalid signature'],
    ['an unknown API key', {}, { apiKey: randomUUID() }, 'Unknown API key'],
  ])('fails for good on %s with EtoroxAuthError', async (_case, simOptions, clientOptions, reason) => {
    await start(simOptions, clientOptions);
    const error = await within(h.client.subscribe({ channels: ['btcusd'] })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EtoroxAuthError);
    expect(error).toMatchObject({ fatal: true, status: 'error', message: expect.stringContaining(reason) });
    expect((error as Error).message).not.toContain(etoroxDemoCredentials.apiKey);
    const closed = await statusIs('closed');
    expect(closed.error).toBe(error);
  });

  it('retries a timestamp refusal 3 times with a hint about the local clock, then fails for good', async () => {
    await start({ clock: { ...systemClock, now: () => Date.now() + 120_000 } }, { reconnect: { initialDelayMs: 10, maxDelayMs: 20, jitter: 0 } });
    const states = record(h.client.status$);
    const error = await within(h.client.subscribe({ channels: ['btcusd'] })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EtoroxAuthError);
    expect(error).toMatchObject({ fatal: true, message: expect.stringContaining('Timestamp outside the allowed window; the local clock is probably off: check NTP (fatal after 3 retries)') });
    expect(states.values.map((state) => state.status)).toEqual(['idle', 'connecting', 'reconnecting', 'connecting', 'reconnecting', 'connecting', 'reconnecting', 'connecting', 'closed']);
    expect(states.values[2]?.error).toMatchObject({ name: 'EtoroxAuthError', fatal: false, message: expect.stringContaining('retry 1 of 3') });
  });

  it('fails for good on a wrong passphrase without connecting', async () => {
    const encrypted = generateKeyPairSync('rsa', { modulusLength: 1024 })
      .privateKey.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'right' })
      .toString();
    await start({}, { privateKey: encrypted, passphrase: 'wrong' });
    await expect(within(h.client.subscribe({ channels: ['btcusd'] }))).rejects.toMatchObject({ name: 'AuthConfigError', field: 'passphrase', fatal: true });
  });
});

describe('EtoroxClient secrets and transport security', () => {
  it('shows no credential in JSON.stringify, util.inspect or console.log of the client', async () => {
    const encrypted = generateKeyPairSync('rsa', { modulusLength: 1024 })
      .privateKey.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'pass-phrase-77' })
      .toString();
    await start({}, { privateKey: encrypted, passphrase: 'pass-phrase-77' });
    record(h.client.subscribe({ channels: ['btcusd'] }));
    const shown = [JSON.stringify(h.client), inspect(h.client), inspect(h.client, { showHidden: true, depth: 10 }), format('%o', h.client)];
    for (const text of shown) {
      for (const secret of [etoroxDemoCredentials.apiKey, encrypted, 'pass-phrase-77', 'ENCRYPTED PRIVATE KEY']) expect(text).not.toContain(secret);
    }
    expect(JSON.parse(shown[0] ?? '')).toMatchObject({ venue: 'etorox', url: expect.stringContaining('/streams/v1/[REDACTED]/signalr'), topics: 1, closed: false });
  });

  it('refuses a plaintext URL to a non-loopback host unless allowInsecure', () => {
    const options = { ...etoroxDemoCredentials, url: 'http://etorox.example.com' };
    expect(() => new EtoroxClient(options)).toThrow(expect.objectContaining({ name: 'InsecureTransportError', code: 'INSECURE_TRANSPORT', fatal: true, field: 'url' }));
    expect(() => new EtoroxClient({ ...options, allowInsecure: true }).close()).not.toThrow();
    expect(() => new EtoroxClient({ ...etoroxDemoCredentials, url: 'https://etorox.example.com' }).close()).not.toThrow();
  });
});

describe('EtoroxClient subscribe', () => {
  it('emits whole items as typed events', async () => {
    await start();
    const events = await lastValueFrom(h.client.subscribe({ channels: ['btcusd', 'ethusd'] }).pipe(take(300), toArray(), timeout(10_000)));
    expect(new Set(events.map((event) => event.market))).toEqual(new Set(['btcusd', 'ethusd']));
    for (const event of events) {
      if (event.name === 'trade_completed') expect(typeof event.amount).toBe('number');
      else if (event.name === 'order_updated') expect(typeof event.delta).toBe('number');
      else if (event.name === 'order_canceled') expect(event.updated_at).toEqual(expect.any(String));
      else expect(['order_created', 'order_completed']).toContain(event.name);
    }
  });

  it('turns the arrays of a fields subscription back into objects', async () => {
    await start();
    const events = await lastValueFrom(h.client.subscribe({ channels: ['btcusd'], fields: ['volume', 'price'] }).pipe(take(50), toArray(), timeout(10_000)));
    expect(h.sim.subscriptions()).toEqual([expect.objectContaining({ fields: ['id', 'name', 'price', 'snapshot_id', 'tid', 'volume'] })]);
    for (const event of events) {
      expect(Object.keys(event).sort()).toEqual(
        event.name === 'trade_completed' ? ['market', 'name', 'price', 'snapshot_id', 'tid'] : ['id', 'market', 'name', 'price', 'snapshot_id', 'volume'],
      );
    }
  });

  it('shares one hub stream per topic and cancels it after the last unsubscribe', async () => {
    await start();
    const a = record(h.client.subscribe({ channels: ['btcusd'] }));
    const b = record(h.client.subscribe({ channels: ['btcusd'], event: 'marketData' }));
    await waitFor(() => a.values.length > 10 && b.values.length > 10);
    expect(h.sim.subscriptions()).toHaveLength(1);
    h.unsubscribeAll();
    await waitFor(() => h.sim.connections().length === 0);
    expect(h.sim.subscriptions()).toHaveLength(0);
  });

  it('errors a topic the hub refuses (non-fatal, once per subscriber, other topics go on), and a topic shared with other fields', async () => {
    const warnings: string[] = [];
    await start({}, { logger: { warn: (message) => warnings.push(message), error: (message) => warnings.push(message) } });
    const btc = record(h.client.subscribe({ channels: ['btcusd'] }));
    const items = record(h.client.subscribe({ channels: ['nosuch'] }));
    const books = record(h.client.book('nosuch'));
    const error = await within(h.client.subscribe({ channels: ['nosuch'] })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EtoroxSubscribeError);
    expect(error).toMatchObject({ fatal: false, topic: 'nosuch/marketData', message: expect.stringContaining("Unknown or inactive topic 'nosuch/marketData'") });
    await waitFor(() => items.errors.length === 1 && books.errors.length === 1);
    const count = btc.values.length;
    await waitFor(() => btc.values.length > count + 5);
    expect([btc.errors, items.errors.length, books.errors.length, warnings]).toEqual([[], 1, 1, []]);
    await expect(within(h.client.status$)).resolves.toMatchObject({ status: 'connected' });
    record(h.client.subscribe({ channels: ['ethusd'], fields: ['price'] }));
    await expect(within(h.client.subscribe({ channels: ['ethusd'], fields: ['amount'] }))).rejects.toThrow(
      "Topic 'ethusd/marketData' is already subscribed with other fields",
    );
  });

  it('errors the subscribers of a refused last topic before the idle connection closes (the reason comes first)', async () => {
    await start();
    const seen: string[] = [];
    h.client.status$.subscribe((state) => seen.push(`status ${state.status}`));
    const ended = new Promise<void>((resolve) =>
      h.client.subscribe({ channels: ['nosuch'] }).subscribe({ error: (error: Error) => (seen.push(`error ${error.name}`), resolve()) }),
    );
    await ended;
    await statusIs('closed');
    expect(seen.slice(seen.indexOf('error EtoroxSubscribeError'))).toEqual(['error EtoroxSubscribeError', 'status closed']);
  });

  it('turns malformed items into error events and goes on', async () => {
    await start({ marketIntervalMs: 0 });
    const whole = record(h.client.subscribe({ channels: ['btcusd'] }));
    const arrays = record(h.client.subscribe({ channels: ['ethusd'], fields: ['price'] }));
    await waitFor(() => h.sim.subscriptions().length === 2);
    h.sim.sendItem('btcusd', { name: 'order_created', id: 'x', side: 'bid', price: 'abc', volume: 1 });
    h.sim.sendItem('btcusd', { name: 'order_exploded' });
    h.sim.sendItem('ethusd', ['too', 'short']);
    h.sim.step(20);
    await waitFor(() => whole.values.length >= 22 && arrays.values.length >= 21);
    const errors = [...whole.values, ...arrays.values].filter((event) => event.name === 'error');
    expect(errors.map((event) => event.name === 'error' && [event.market, event.error.message])).toEqual([
      ['btcusd', 'Field price has an invalid value'],
      ['btcusd', 'Unknown item name "order_exploded"'],
      ['ethusd', 'Array item has 2 values, fields has 5'],
    ]);
    expect(whole.values.slice(2).every((event) => event.name !== 'error')).toBe(true);
    expect(whole.errors).toEqual([]);
  });
});

describe('EtoroxClient books and connection lifecycle', () => {
  it.each(['documented', 'alternate'] as const)('rebuilds the order book from the events (%s item forms)', async (itemVariant) => {
    await start({ marketIntervalMs: 0, itemVariant });
    const books = record(h.client.book('btcusd', 'marketData'));
    await waitFor(() => h.sim.subscriptions().length === 1);
    h.sim.step(400);
    const expected = h.sim.book('btcusd');
    await waitFor(() => books.values.at(-1)?.snapshotId === expected.snapshotId);
    const delivered = books.values.length;
    expect(books.values.at(-1)).toEqual({ channel: 'btcusd', bids: expected.bids, asks: expected.asks, orders: expected.orders, receivedAt: expect.any(Number), snapshotId: expected.snapshotId, snapshot: delivered === 1, seq: delivered - 1 });
  });

  it('hands a slow consumer the newest book, not a backlog (latest value, the default)', async () => {
    await start({ marketIntervalMs: 0 });
    const every = record(h.client.book('btcusd', { conflate: false }));
    // A consumer that blocks the event loop for 50 ms per book, while the venue sends 400 changes
    // during its first one: a backlog would take 50 ms × every change.
    const deliveredAt: number[] = [];
    const slow = (book: EtoroxBook) => {
      deliveredAt.push(Date.now());
      if (book.seq === 0) h.sim.step(400);
      busyWait(50);
    };
    const latest = record(h.client.book('btcusd').pipe(tap(slow)));
    await waitFor(() => h.sim.subscriptions().length === 1);
    h.sim.step(10);
    await waitFor(() => latest.values.length > 1 && latest.values.at(-1)?.snapshotId === h.sim.book('btcusd').snapshotId);
    const expected = h.sim.book('btcusd');
    const levels = (book: EtoroxBook | undefined) => book && { bids: book.bids, asks: book.asks, orders: book.orders, snapshotId: book.snapshotId };
    const state = { bids: expected.bids, asks: expected.asks, orders: expected.orders, snapshotId: expected.snapshotId };
    expect([levels(latest.values.at(-1)), levels(every.values.at(-1))]).toEqual([state, state]);
    expect(latest.values.length).toBeLessThan(every.values.length);
    // Provenance counts delivered books: the first one is the snapshot, seq goes up by one per book.
    expect(latest.values.map((book) => [book.snapshot, book.seq])).toEqual(latest.values.map((_book, i) => [i === 0, i]));
    expect(every.values.map((book) => book.seq)).toEqual(every.values.map((_book, i) => i));
    // receivedAt is when the last change of a book arrived, stamped before the delivery waited for the consumer.
    latest.values.forEach((book, i) => {
      expect(book.receivedAt).toBeGreaterThan(0);
      expect(book.receivedAt).toBeLessThanOrEqual(deliveredAt[i] as number);
    });
  });

  it('quotes the streamed book: undefined while a side is empty, then best bid/ask, mid and spread (bookQuote), one book per change with conflate: false', async () => {
    await start({ marketIntervalMs: 0 });
    const quotes = record(h.client.book('btcusd', { conflate: false }).pipe(map((book) => [bookQuote(book), bookQuote(book, 'units')])));
    await waitFor(() => h.sim.subscriptions().length === 1);
    const order = (id: string, side: 'bid' | 'ask', price: number, volume: number) => ({ name: 'order_created', id, market: 'btcusd', side, price, volume, state: 'wait' });
    h.sim.sendItem('btcusd', order('b1', 'bid', 100.2, 0.25));
    h.sim.sendItem('btcusd', order('a1', 'ask', 100.3, 1.5));
    h.sim.sendItem('btcusd', order('b2', 'bid', 100.2, 0.05));
    await waitFor(() => quotes.values.length === 3);
    expect(quotes.values).toEqual([
      [undefined, undefined],
      [
        { bid: 100.2, bidSize: 0.25, ask: 100.3, askSize: 1.5, mid: 100.25, spread: 0.1 },
        { bid: 10_020_000_000, bidSize: 25_000_000, ask: 10_030_000_000, askSize: 150_000_000, mid: 10_025_000_000, spread: 10_000_000 },
      ],
      [expect.objectContaining({ bid: 100.2, bidSize: 0.3, spread: 0.1 }), expect.objectContaining({ bidSize: 30_000_000 })],
    ]);
  });

  it('reconnects after a drop and subscribes every topic again exactly once', async () => {
    await start();
    const btc = record(h.client.subscribe({ channels: ['btcusd'] }));
    const eth = record(h.client.subscribe({ channels: ['ethusd'], fields: ['price'] }));
    await statusIs('connected');
    await waitFor(() => h.sim.subscriptions().length === 2);
    const before = h.sim.connections()[0]?.correlationId;
    h.sim.faults.drop({ graceful: false });
    await statusIs('reconnecting');
    await statusIs('connected');
    await waitFor(() => h.sim.subscriptions().length === 2);
    const topics = h.sim.subscriptions();
    expect(topics.map((topic) => `${topic.channel}/${topic.event}`).sort()).toEqual(['btcusd/marketData', 'ethusd/marketData']);
    expect(new Set(topics.map((topic) => topic.correlationId)).size).toBe(1);
    expect(topics[0]?.correlationId).not.toBe(before);
    const counts = [btc.values.length, eth.values.length];
    await waitFor(() => btc.values.length > (counts[0] ?? 0) + 5 && eth.values.length > (counts[1] ?? 0) + 5);
    expect([...btc.errors, ...eth.errors]).toEqual([]);
  });

  it.each([true, false])('delivers the emptied book after a drop even when the market stays quiet (conflate %s)', async (conflate) => {
    await start({ marketIntervalMs: 0 });
    const books = record(h.client.book('btcusd', { conflate }));
    await waitFor(() => h.sim.subscriptions().length === 1);
    h.sim.step(50);
    await waitFor(() => (books.values.at(-1)?.orders ?? 0) > 0 && books.values.at(-1)?.snapshotId === h.sim.book('btcusd').snapshotId);
    const before = books.values.length;
    const { receivedAt: lastChange, snapshotId } = books.values.at(-1) as EtoroxBook;
    const dropped = h.sim.subscriptions()[0]?.correlationId;
    h.sim.faults.drop({ graceful: false });
    await statusIs('reconnecting');
    await statusIs('connected');
    // No market step: without the reset book the last book would be the one of the dropped connection.
    // The emptied book keeps the stream position (snapshotId) and the time of the last change.
    await waitFor(() => books.values.length > before);
    expect(books.values.slice(before)).toEqual([{ channel: 'btcusd', bids: [], asks: [], orders: 0, receivedAt: lastChange, snapshotId, snapshot: true, seq: 0 }]);
    await waitFor(() => h.sim.subscriptions().some((topic) => topic.correlationId !== dropped));
    h.sim.step(20);
    await waitFor(() => books.values.length > before + 1);
    expect(books.values.at(-1)).toMatchObject({ snapshot: false, seq: books.values.length - before - 1 });
    expect(books.errors).toEqual([]);
  });

  it('retires the old connection of a quiet market after recycleOverlapMs', async () => {
    const messages: string[] = [];
    const log = (message: string) => messages.push(message);
    await start({ marketIntervalMs: 0 }, { maxConnectionAgeMs: 1000, recycleOverlapMs: 100, logger: { info: log, debug: log } });
    const events = record(h.client.subscribe({ channels: ['btcusd'] }));
    await waitFor(() => messages.some((message) => message.includes('(overlap timeout)')));
    const before = Number(h.sim.book('btcusd').snapshotId);
    h.sim.step(30);
    const total = Number(h.sim.book('btcusd').snapshotId) - before;
    await waitFor(() => events.values.length >= total);
    const ids = events.values.map((event) => (event.name === 'error' ? '' : event.snapshot_id));
    expect(new Set(ids).size).toBe(total);
    expect(events.values).toHaveLength(total);
  });

  it('recycles the connection before its maximum age without gap or duplicate', async () => {
    const messages: string[] = [];
    await start({ marketIntervalMs: 2 }, { maxConnectionAgeMs: 600, logger: { info: (message) => messages.push(message) } });
    const events = record(h.client.subscribe({ channels: ['btcusd'] }));
    const states = record(h.client.status$);
    await waitFor(() => messages.filter((message) => message.includes('recycled')).length >= 3);
    const correlationIds = new Set(states.values.map((state) => state.detail?.correlationId).filter(Boolean));
    expect(correlationIds.size).toBeGreaterThanOrEqual(4);
    expect(states.values.filter((state) => state.status !== 'connected').map((state) => state.status)).toEqual(['connecting']);
    h.unsubscribeAll();
    const ids = events.values.map((event: EtoroxEvent) => (event.name === 'error' ? NaN : Number(event.snapshot_id))).sort((a, b) => a - b);
    const first = ids[0] ?? 0;
    expect(ids).toEqual(ids.map((_id, index) => first + index));
    expect(events.errors).toEqual([]);
  });
});
