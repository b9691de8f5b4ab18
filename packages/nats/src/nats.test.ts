import { connect } from '@nats-io/transport-node';
import { closeAfterEach, sampleEvents, startNatsServer } from '@org/engine-servers';
import type { EngineServer } from '@org/engine-servers';
import type { BookEvent, ErrorEvent, TradeEvent, VenueEvent } from '@org/venues';
import { filter, firstValueFrom, Subject, take, tap, timeout, toArray } from 'rxjs';
import type { Observable } from 'rxjs';
import { BusDecodeError, natsVenueEvents, publishToNats } from './index';
import type { BusPublisher } from './index';

let server: EngineServer;
beforeAll(async () => {
  server = await startNatsServer();
});
afterAll(() => server.close());
/** Every publisher is closed after its test, failed or not (one left open would keep Jest from exiting). */
const track = closeAfterEach();

const options = () => ({ servers: server.url });
const collect = (events$: Observable<VenueEvent>, n: number) => firstValueFrom(events$.pipe(take(n), toArray(), timeout(20_000)));

async function publishAll(events: VenueEvent[]): Promise<BusPublisher> {
  const input = new Subject<VenueEvent>();
  const publisher = track(publishToNats(input, options()));
  for (const event of events) input.next(event);
  await publisher.flush();
  return publisher;
}

test('round trip: every kind arrives deep-equal, in order, with the publisher counting it', async () => {
  const events = [...sampleEvents(1), ...sampleEvents(2)];
  const source = natsVenueEvents({ ...options(), from: 'new' });
  const received = collect(source, events.length);
  await firstValueFrom(source.state$.pipe(filter((s) => s.status === 'connected')));
  // Each sample has a book and a quote: flushed in between, so that none is conflated.
  const input = new Subject<VenueEvent>();
  const publisher = track(publishToNats(input, options()));
  for (const event of sampleEvents(1)) input.next(event);
  await publisher.flush();
  for (const event of sampleEvents(2)) input.next(event);
  await publisher.flush();
  expect(await received).toEqual(events);
  expect(publisher.state).toMatchObject({ engine: 'nats', status: 'connected', published: events.length, dropped: 0 });
  await publisher.close();
});

test('last-per-subject: a late joiner gets the latest book of every symbol first, then live updates; a filter narrows it', async () => {
  const book = (symbol: string, n: number): BookEvent => ({ venue: 'finery', kind: 'book', symbol, receivedAt: 2_000 + n, bids: [[n, 1]], asks: [[n + 1, 1]], snapshot: n === 1, seq: n, depth: 1 });
  const publisher = await publishAll([book('LPS-A', 1), book('LPS-B', 2), book('LPS-A', 3), book('LPS-B', 4)]);
  const late = natsVenueEvents({ ...options(), from: 'last-per-subject', filter: { venues: ['finery'], kinds: ['book'], symbols: ['LPS-A', 'LPS-B'] } });
  const first = await collect(late, 2);
  // The latest of each subject (conflation may reorder subjects among themselves, never within one).
  expect([...first].sort((a, b) => String(a.symbol).localeCompare(String(b.symbol)))).toEqual([book('LPS-A', 3), book('LPS-B', 4)]);
  // A second subscription of its own: live updates are published once it has its latest book of LPS-A.
  let arrived = (): void => undefined;
  const firstOfA = new Promise<void>((resolve) => (arrived = resolve));
  const next = collect(late.pipe(filter((e) => e.symbol === 'LPS-A'), tap(() => arrived())), 2);
  await Promise.race([firstOfA, next]);
  const input = new Subject<VenueEvent>();
  const live = track(publishToNats(input, options()));
  input.next(book('LPS-C', 5));
  input.next(book('LPS-A', 6));
  await live.flush();
  expect((await next).map((e) => e.receivedAt)).toEqual([2_003, 2_006]);
  await Promise.all([publisher.close(), live.close()]);
});

test('bad input on the bus (garbage, a v:2 line, truncated JSON) becomes typed error events; the consumer goes on', async () => {
  const source = natsVenueEvents({ ...options(), from: 'new', filter: { venues: ['etorox'] } });
  const received = collect(source, 4);
  await firstValueFrom(source.state$.pipe(filter((s) => s.status === 'connected')));
  const nc = await connect({ servers: server.url });
  const { jetstream } = await import('@nats-io/jetstream');
  const js = jetstream(nc);
  const trade: TradeEvent = { venue: 'etorox', kind: 'trade', symbol: 'BTC-USD', price: 1, size: 1, receivedAt: 5 };
  await js.publish('venues.etorox.trade.BTC-USD', 'garbage');
  await js.publish('venues.etorox.trade.BTC-USD', '{"v":2,"venue":"etorox","kind":"trade"}');
  await js.publish('venues.etorox.trade.BTC-USD', '{"v":1,"venue":"etorox","kind":"tr');
  await nc.close();
  const publisher = await publishAll([trade]);
  const [garbage, v2, truncated, good] = (await received) as [ErrorEvent, ErrorEvent, ErrorEvent, VenueEvent];
  for (const event of [garbage, v2, truncated]) {
    expect(event).toMatchObject({ venue: 'etorox', kind: 'error', symbol: 'BTC-USD', fatal: false });
    expect(event.error).toBeInstanceOf(BusDecodeError);
  }
  expect([garbage, v2, truncated].map((e) => (e.error as BusDecodeError).cause.code)).toEqual(['INVALID_JSON', 'UNSUPPORTED_VERSION', 'INVALID_JSON']);
  // Each error names its message by stream sequence (read from the message only for an error).
  const [first, ...rest] = [garbage, v2, truncated].map((e) => Number((e.error as BusDecodeError).position));
  expect(first).toBeGreaterThanOrEqual(1);
  expect(rest).toEqual([first! + 1, first! + 2]);
  expect(good).toEqual(trade);
  await publisher.close();
});

test('a durable consumer stopped and started again resumes where it left off: no gap, no duplicate', async () => {
  const trade = (n: number): TradeEvent => ({ venue: 'etorox', kind: 'trade', symbol: 'DUR-USD', price: n, size: 1, tradeId: String(n), receivedAt: 3_000 + n });
  const durable = { ...options(), durable: 'resume-test', from: 'new' as const, filter: { symbols: ['DUR-USD'] } };
  const input = new Subject<VenueEvent>();
  const publisher = track(publishToNats(input, options()));
  // The durable exists from here on; its first run takes 30 events and stops mid-stream.
  const first = natsVenueEvents(durable);
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
  const second = natsVenueEvents(durable);
  const b = await collect(second, 50);
  await firstValueFrom(second.state$.pipe(filter((s) => s.status === 'closed')));
  expect([...a, ...b].map((e) => (e as TradeEvent).tradeId)).toEqual(Array.from({ length: 80 }, (_, n) => String(n)));
  await publisher.close();
});
