import { connect, createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { createClient } from 'redis';
import { closeAfterEach, sampleEvents, startRedisServer } from '@org/engine-servers';
import type { EngineServer } from '@org/engine-servers';
import type { BookEvent, ErrorEvent, TradeEvent, VenueEvent } from '@org/venues';
import { filter, firstValueFrom, Subject, take, tap, timeout, toArray } from 'rxjs';
import type { Observable } from 'rxjs';
import { BusDecodeError, publishToRedis, redisVenueEvents, streamKeyOf } from './index';
import type { BusPublisher } from './index';

let server: EngineServer;
beforeAll(async () => {
  server = await startRedisServer();
});
afterAll(() => server.close());
/** Every publisher is closed after its test, failed or not (one left open would keep Jest from exiting). */
const track = closeAfterEach();

const options = () => ({ url: server.url });
const collect = (events$: Observable<VenueEvent>, n: number) => firstValueFrom(events$.pipe(take(n), toArray(), timeout(20_000)));

async function publishAll(events: VenueEvent[]): Promise<BusPublisher> {
  const input = new Subject<VenueEvent>();
  const publisher = track(publishToRedis(input, options()));
  for (const event of events) input.next(event);
  await publisher.flush();
  return publisher;
}

test('round trip: every kind arrives deep-equal, in order, with the publisher counting it', async () => {
  // The keys exist before the consumer starts (from `new`): what is published once it says `connected` arrives, nothing older.
  await publishAll(sampleEvents(0));
  const events = [...sampleEvents(1), ...sampleEvents(2)];
  const source = redisVenueEvents({ ...options(), from: 'new', scanIntervalMs: 100 });
  const received = collect(source, events.length);
  await firstValueFrom(source.state$.pipe(filter((s) => s.status === 'connected')));
  // Each sample has a book and a quote: flushed in between, so that none is conflated.
  const input = new Subject<VenueEvent>();
  const publisher = track(publishToRedis(input, options()));
  for (const event of sampleEvents(1)) input.next(event);
  await publisher.flush();
  for (const event of sampleEvents(2)) input.next(event);
  await publisher.flush();
  // Redis keeps order per key (keys interleave): compared key by key.
  const perKey = (list: VenueEvent[]) => list.reduce<Record<string, VenueEvent[]>>((groups, event) => ((groups[streamKeyOf(event)] ??= []).push(event), groups), {});
  expect(perKey(await received)).toEqual(perKey(events));
  expect(publisher.state).toMatchObject({ engine: 'redis', status: 'connected', published: events.length, dropped: 0 });
  await publisher.close();
});

test('last-per-subject: a late joiner gets the latest book of every symbol first, then live updates; a filter narrows it', async () => {
  const book = (symbol: string, n: number): BookEvent => ({ venue: 'finery', kind: 'book', symbol, receivedAt: 2_000 + n, bids: [[n, 1]], asks: [[n + 1, 1]], snapshot: n === 1, seq: n, depth: 1 });
  const publisher = await publishAll([book('LPS-A', 1), book('LPS-B', 2), book('LPS-A', 3), book('LPS-B', 4)]);
  const late = redisVenueEvents({ ...options(), scanIntervalMs: 100, from: 'last-per-subject', filter: { venues: ['finery'], kinds: ['book'], symbols: ['LPS-A', 'LPS-B'] } });
  const first = await collect(late, 2);
  // The latest of each subject (conflation may reorder subjects among themselves, never within one).
  expect([...first].sort((a, b) => String(a.symbol).localeCompare(String(b.symbol)))).toEqual([book('LPS-A', 3), book('LPS-B', 4)]);
  // A second subscription of its own: live updates are published once it has its latest book of LPS-A.
  let arrived = (): void => undefined;
  const firstOfA = new Promise<void>((resolve) => (arrived = resolve));
  const next = collect(late.pipe(filter((e) => e.symbol === 'LPS-A'), tap(() => arrived())), 2);
  await Promise.race([firstOfA, next]);
  const input = new Subject<VenueEvent>();
  const live = track(publishToRedis(input, options()));
  input.next(book('LPS-C', 5));
  input.next(book('LPS-A', 6));
  await live.flush();
  expect((await next).map((e) => e.receivedAt)).toEqual([2_003, 2_006]);
  await Promise.all([publisher.close(), live.close()]);
});

test('bad input on the bus (garbage, a v:2 line, truncated JSON) becomes typed error events; the consumer goes on', async () => {
  const source = redisVenueEvents({ ...options(), from: 'new', filter: { venues: ['etorox'] }, scanIntervalMs: 100 });
  const received = collect(source, 4);
  await firstValueFrom(source.state$.pipe(filter((s) => s.status === 'connected')));
  const client = createClient({ url: server.url });
  await client.connect();
  const trade: TradeEvent = { venue: 'etorox', kind: 'trade', symbol: 'BAD-USD', price: 1, size: 1, receivedAt: 5 };
  for (const line of ['garbage', '{"v":2,"venue":"etorox","kind":"trade"}', '{"v":1,"venue":"etorox","kind":"tr']) await client.sendCommand(['XADD', 'venues:etorox:trade:BAD-USD', '*', 'e', line]);
  await client.close();
  const publisher = await publishAll([trade]);
  const [garbage, v2, truncated, good] = (await received) as [ErrorEvent, ErrorEvent, ErrorEvent, VenueEvent];
  for (const event of [garbage, v2, truncated]) {
    expect(event).toMatchObject({ venue: 'etorox', kind: 'error', symbol: 'BAD-USD', fatal: false });
    expect(event.error).toBeInstanceOf(BusDecodeError);
  }
  expect([garbage, v2, truncated].map((e) => (e.error as BusDecodeError).cause.code)).toEqual(['INVALID_JSON', 'UNSUPPORTED_VERSION', 'INVALID_JSON']);
  expect(good).toEqual(trade);
  await publisher.close();
});

test('a durable consumer stopped and started again resumes where it left off: no gap, no duplicate', async () => {
  const trade = (n: number): TradeEvent => ({ venue: 'etorox', kind: 'trade', symbol: 'DUR-USD', price: n, size: 1, tradeId: String(n), receivedAt: 3_000 + n });
  const durable = { ...options(), durable: 'resume-test', from: 'all' as const, scanIntervalMs: 100, filter: { symbols: ['DUR-USD'] } };
  const input = new Subject<VenueEvent>();
  const publisher = track(publishToRedis(input, options()));
  // The durable exists from here on; its first run takes 30 events and stops mid-stream.
  const first = redisVenueEvents(durable);
  const firstRun = collect(first, 30);
  await firstValueFrom(first.state$.pipe(filter((s) => s.status === 'connected')));
  for (let n = 0; n < 50; n++) input.next(trade(n));
  await publisher.flush();
  const a = await firstRun;
  await firstValueFrom(first.state$.pipe(filter((s) => s.status === 'closed')));
  // Stopped: 1 s (not the 10 s: the test stays fast) while more is published.
  for (let n = 50; n < 80; n++) input.next(trade(n));
  await publisher.flush();
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  const second = redisVenueEvents(durable);
  const b = await collect(second, 50);
  await firstValueFrom(second.state$.pipe(filter((s) => s.status === 'closed')));
  expect([...a, ...b].map((e) => (e as TradeEvent).tradeId)).toEqual(Array.from({ length: 80 }, (_, n) => String(n)));
  await publisher.close();
});

test('a batch whose replies were lost is sent again without being stored twice: Redis refuses its explicit ids as old', async () => {
  // A proxy to Redis that cuts the first connection that sends an XADD as soon as Redis answers it: the entries are stored, the replies lost.
  const target = new URL(server.url);
  let cut = false;
  const proxy = createServer((socket) => {
    const upstream = connect(Number(target.port), target.hostname);
    let armed = false;
    const end = (): void => {
      socket.destroy();
      upstream.destroy();
    };
    socket.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
    socket.on('data', (chunk: Buffer) => {
      if (!cut && chunk.includes('XADD')) armed = true;
      upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => {
      if (!armed) return void socket.write(chunk);
      cut = true;
      end();
    });
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  try {
    const trade = (n: number): TradeEvent => ({ venue: 'etorox', kind: 'trade', symbol: 'LOST-USD', price: n, size: 1, tradeId: String(n), receivedAt: 5_000 + n });
    const input = new Subject<VenueEvent>();
    const publisher = track(publishToRedis(input, { url: `redis://127.0.0.1:${(proxy.address() as AddressInfo).port}` }));
    const events = Array.from({ length: 5 }, (_, n) => trade(n));
    for (const event of events) input.next(event);
    await publisher.flush();
    expect(cut).toBe(true);
    const reader = createClient(options());
    await reader.connect();
    const entries = (await reader.sendCommand(['XRANGE', streamKeyOf(events[0] as VenueEvent), '-', '+'])) as [string, string[]][];
    await reader.close();
    expect(entries.map(([, fields]) => JSON.parse(fields[1] ?? '').tradeId)).toEqual(['0', '1', '2', '3', '4']);
    await publisher.close();
  } finally {
    await new Promise((resolve) => proxy.close(resolve));
  }
});
