/**
 * `connectVenues({ conflate: true })`: books and quotes latest value per turn of the event
 * loop, against the simulators over loopback. Each burst is sent in one synchronous run of the
 * simulator (one `step` or a loop of sends), so that its frames arrive together: without
 * conflation each is one event (provenance.test.ts), with it the consumer gets far fewer and
 * the last one is the venue's state. `now` is a stopped clock: `receivedAt` must be the
 * clients' own arrival stamps, not `now()` at delivery.
 */
import { startAllSimulators } from '@org/venue-sim';
import type { Simulators } from '@org/venue-sim';
import { filter, firstValueFrom, skip, timeout } from 'rxjs';
import { connectVenues } from './connect';
import { start, stop } from './test-helpers';
import type { Run } from './test-helpers';
import type { BookEvent, QuoteEvent, VenueEvent } from './types';

let sims: Simulators;
let run: Run;
/** Finery books without conflation, on a connection of its own: one event per message of the same bursts. */
let plain: Run;
const STOPPED = (): number => 0;

beforeAll(async () => {
  sims = await startAllSimulators({ finery: { updatesPerSecond: 0 }, etorox: { marketIntervalMs: 0 }, hercle: { priceIntervalMs: 3_600_000 } });
  const finery = { ...sims.config.finery, instruments: ['BTC-USD'], depth: 10 };
  run = start(
    connectVenues({
      conflate: true,
      now: STOPPED,
      finery,
      etorox: { ...sims.config.etorox, channels: ['btcusd'] },
      hercle: { ...sims.config.hercle, prices: [{ pair: 'BTCUSDT', size: 1 }], balances: false },
    }),
  );
  plain = start(connectVenues({ finery }));
});

afterAll(async () => {
  for (const each of [run, plain]) if (each) stop(each);
  await sims?.close();
});

/** The first event of `of` (default the conflated run) from index `from` on that matches. */
const next = <T extends VenueEvent>(from: number, match: (e: VenueEvent) => e is T, of: Run = run): Promise<T> =>
  firstValueFrom(of.seen.pipe(skip(from), filter(match), timeout(10_000)));
const events = (of: Run = run) => of.events;

const of = <T extends VenueEvent>(venue: string, kind: T['kind']) => (e: VenueEvent): e is T => e.venue === venue && e.kind === kind;

test('Finery: 50 book updates at once reach the consumer as a few plain books, the last the venue book, stamped on arrival', async () => {
  const finery = sims.simulators.finery;
  const isBook = of<BookEvent>('finery', 'book');
  await Promise.all([next(0, isBook), next(0, isBook, plain)]);
  const [from, plainFrom] = [events().length, events(plain).length];
  const before = Date.now();
  finery.step(50, 'BTC-USD');
  const venueBook = finery.book('BTC-USD');
  const decimals = (levels: [number, number][]) => levels.slice(0, 10).map(([price, size]) => [price / 1e8, size / 1e8]);
  const isFinal = (e: VenueEvent): e is BookEvent => isBook(e) && JSON.stringify(e.bids) === JSON.stringify(decimals(venueBook.bids)) && JSON.stringify(e.asks) === JSON.stringify(decimals(venueBook.asks));
  const [last] = await Promise.all([next(from, isFinal), next(plainFrom, isFinal, plain)]);
  const books = events().slice(from).filter(isBook);
  // One event per message without conflation: the conflated run got fewer of the same messages.
  const messages = events(plain).slice(plainFrom).filter(isBook).length;
  expect(messages).toBeGreaterThan(1);
  expect(books.length).toBeLessThan(messages);
  expect(books.at(-1)).toBe(last);
  expect(Object.getPrototypeOf(last)).toBe(Object.prototype);
  expect(last.receivedAt).toBeGreaterThanOrEqual(before);
});

test('eToroX: six order changes at once reach the consumer as fewer books, the last with the venue state, stamped on arrival', async () => {
  const etorox = sims.simulators.etorox;
  const isBook = of<BookEvent>('etorox', 'book');
  // The book starts empty (changes only): the market steps until it appears.
  const ready = next(0, isBook);
  const stepping = setInterval(() => etorox.step(1), 30);
  await ready.finally(() => clearInterval(stepping));
  const from = events().length;
  const before = Date.now();
  const item = (name: string, id: string) => ({ name, id, market: 'btcusd', side: 'bid', price: 0.01, volume: name === 'order_created' ? 0.5 : 0, state: 'wait', update_at: new Date().toISOString() });
  const ids = ['conflate-1', 'conflate-2', 'conflate-3'];
  for (const id of ids) etorox.sendItem('btcusd', item('order_created', id));
  for (const id of ids) etorox.sendItem('btcusd', item('order_canceled', id));
  // Every book from here on comes from these changes (the market is still): done at the first without the 0.01 level.
  const last = await next(from, (e): e is BookEvent => isBook(e) && !e.bids.some(([price]) => price === 0.01));
  const books = events().slice(from).filter(isBook);
  expect(books.length).toBeLessThan(6);
  expect(books.at(-1)).toBe(last);
  expect(last.receivedAt).toBeGreaterThanOrEqual(before);
});

test('Hercle: 100 price updates at once reach the consumer as fewer quotes, the last the newest, stamped on arrival', async () => {
  const hercle = sims.simulators.hercle;
  const isQuote = of<QuoteEvent>('hercle', 'quote');
  const first = await next(0, isQuote);
  const from = events().length;
  const before = Date.now();
  const update = (i: number) => ({ id: `burst-${i}`, buyPrice: (first.ask ?? 65_000) + i, sellPrice: (first.bid ?? 64_900) + i, size: 1, pair: 'BTCUSDT', markPrice: 65_000, timestamp: new Date().toISOString() });
  for (let i = 1; i <= 100; i++) hercle.sendToAll('subscriptions', { channel: 'subscriptions', topic: 'Execution', subject: 'execution.feeds.priceUpdate', type: 'message', data: JSON.stringify(update(i)) });
  const last = await next(from, (e): e is QuoteEvent => isQuote(e) && e.quoteId === 'burst-100');
  const quotes = events().slice(from).filter(isQuote);
  expect(quotes.length).toBeLessThan(100);
  expect(quotes.at(-1)).toBe(last);
  expect(last.receivedAt).toBeGreaterThanOrEqual(before);
});
