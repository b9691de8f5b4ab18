import { startAllSimulators } from '@org/venue-sim';
import type { Simulators } from '@org/venue-sim';
import { filter, firstValueFrom, lastValueFrom, ReplaySubject, take, timeout, toArray } from 'rxjs';
import type { Observable } from 'rxjs';
import { AuthConfigError } from '@org/auth-signing';
import { connectVenues, VenueConfigError } from './connect';
import type { BalanceEvent, BookEvent, ErrorEvent, OrderEvent, QuoteEvent, SentimentEvent, StatusEvent, TradeEvent, VenueEvent } from './types';

let sims: Simulators;

beforeAll(async () => {
  sims = await startAllSimulators({ finery: { updatesPerSecond: 0 }, etorox: { marketIntervalMs: 20 }, hercle: { priceIntervalMs: 100 }, marketprophit: { speed: 60 } });
});

afterAll(() => sims?.close());

const waitFor = <T extends VenueEvent>(events$: Observable<VenueEvent>, match: (e: VenueEvent) => e is T, count = 1) =>
  firstValueFrom(events$.pipe(filter(match), take(count), toArray(), timeout(10_000)));

/** Subscribes at once and replays everything, so that several waits see the same events. */
const record = (events$: Observable<VenueEvent>) => {
  const seen = new ReplaySubject<VenueEvent>();
  const subscription = events$.subscribe(seen);
  return { seen, subscription };
};

test('Finery books arrive as decimals, equal to the venue book divided by 1e8', async () => {
  const venues = connectVenues({
    finery: { ...sims.config.finery, instruments: ['BTC-USD'], depth: 5 },
    raw: true,
  });
  try {
    const [book] = await waitFor(venues.events$, (e): e is BookEvent => e.kind === 'book');
    const venueBook = sims.simulators.finery.book('BTC-USD');
    expect(book).toMatchObject({ venue: 'finery', symbol: 'BTC-USD', venueSymbol: 'BTC-USD' });
    expect(book?.bids).toEqual(venueBook.bids.slice(0, 5).map(([price, size]) => [price / 1e8, size / 1e8]));
    expect(book?.asks).toEqual(venueBook.asks.slice(0, 5).map(([price, size]) => [price / 1e8, size / 1e8]));
    expect((book?.raw as { bids: unknown[] }).bids[0]).toEqual(venueBook.bids[0]);
  } finally {
    venues.close();
  }
});

test('Finery book events are new objects by default, and one reused object with reuseBookEvents', async () => {
  const books = async (reuseBookEvents: boolean) => {
    const venues = connectVenues({ finery: { ...sims.config.finery, instruments: ['BTC-USD'], depth: 5, reuseBookEvents } });
    const { seen, subscription } = record(venues.events$);
    try {
      await waitFor(seen, (e): e is BookEvent => e.kind === 'book');
      sims.simulators.finery.step(20, 'BTC-USD');
      return await waitFor(seen, (e): e is BookEvent => e.kind === 'book', 3);
    } finally {
      subscription.unsubscribe();
      venues.close();
    }
  };
  const copies = await books(false);
  expect(new Set(copies).size).toBe(3);
  expect(copies.map((b) => b.seq)).toEqual([0, 1, 2]);
  expect(copies.every((b) => b.copy === undefined)).toBe(true);
  const reused = await books(true);
  expect(new Set(reused).size).toBe(1);
  expect(reused[0]?.copy?.()).toMatchObject({ venue: 'finery', symbol: 'BTC-USD', seq: reused[0]?.seq });
});

test('eToroX items arrive as order and trade events and its books as book events', async () => {
  const venues = connectVenues({ etorox: { ...sims.config.etorox, channels: ['btcusd'] } });
  const { seen, subscription } = record(venues.events$);
  try {
    const [order] = await waitFor(seen, (e): e is OrderEvent => e.kind === 'order');
    expect(order).toMatchObject({ venue: 'etorox', symbol: 'BTC-USD', venueSymbol: 'btcusd' });
    expect(['bid', 'ask']).toContain(order?.side);
    expect(order?.exchangeTime).toEqual(expect.any(Number));
    const [trade] = await waitFor(seen, (e): e is TradeEvent => e.kind === 'trade');
    expect(trade).toMatchObject({ venue: 'etorox', symbol: 'BTC-USD', tradeId: expect.any(String) });
    expect(trade?.price).toBeGreaterThan(0);
    expect(trade?.size).toBeGreaterThan(0);
    const [book] = await waitFor(seen, (e): e is BookEvent => e.kind === 'book' && e.bids.length > 0 && e.asks.length > 0);
    expect(book?.bids[0]?.[0]).toBeLessThan(book?.asks[0]?.[0] ?? 0);
  } finally {
    subscription.unsubscribe();
    venues.close();
  }
});

test('Hercle prices arrive as quotes (bid = sellPrice, ask = buyPrice) and balances per asset', async () => {
  const venues = connectVenues({
    hercle: { ...sims.config.hercle, prices: [{ pair: 'BTCUSDT', size: 0.5 }] },
    raw: true,
  });
  const { seen, subscription } = record(venues.events$);
  try {
    const [quote] = await waitFor(seen, (e): e is QuoteEvent => e.kind === 'quote');
    expect(quote).toMatchObject({ venue: 'hercle', symbol: 'BTC-USDT', venueSymbol: 'BTCUSDT', size: 0.5 });
    const wire = quote?.raw as { buyPrice: number; sellPrice: number; id: string; timestamp: string };
    expect(quote).toMatchObject({ bid: wire.sellPrice, ask: wire.buyPrice, quoteId: wire.id, exchangeTime: Date.parse(wire.timestamp) });
    const balances = await waitFor(seen, (e): e is BalanceEvent => e.kind === 'balance', 4);
    const expected = sims.simulators.hercle.balances().assets.map((a) => ({ asset: a.name, available: a.available }));
    expect(balances.map((b) => ({ asset: b.asset, available: b.available }))).toEqual(expect.arrayContaining(expected));
  } finally {
    subscription.unsubscribe();
    venues.close();
  }
});

test('Market Prophit records arrive as sentiment events with ticker, metric and exchange time', async () => {
  const venues = connectVenues({
    marketprophit: {
      ...sims.config.marketprophit,
      subscriptions: [{ path: '/real-time/market-prophit-sentiment', params: { ticker: 'AAPL' } }],
    },
    raw: true,
  });
  try {
    const [event] = await waitFor(venues.events$, (e): e is SentimentEvent => e.kind === 'sentiment');
    expect(event).toMatchObject({ venue: 'marketprophit', symbol: 'AAPL', venueSymbol: 'AAPL', metric: 'signal_value' });
    expect(typeof event?.value).toBe('number');
    expect(event?.exchangeTime).toBe(Date.parse(String(event?.fields.ts)));
    expect(event?.raw).toBe(event?.fields);
  } finally {
    venues.close();
  }
});

test('all four venues stream into one merged stream, each with its status', async () => {
  const venues = connectVenues({
    finery: sims.config.finery,
    etorox: sims.config.etorox,
    hercle: sims.config.hercle,
    marketprophit: sims.config.marketprophit,
  });
  const { seen, subscription } = record(venues.events$);
  try {
    await Promise.all([
      waitFor(seen, (e): e is BookEvent => e.kind === 'book' && e.venue === 'finery'),
      waitFor(seen, (e): e is TradeEvent => e.kind === 'trade' && e.venue === 'etorox'),
      waitFor(seen, (e): e is QuoteEvent => e.kind === 'quote' && e.venue === 'hercle'),
      waitFor(seen, (e): e is SentimentEvent => e.kind === 'sentiment' && e.venue === 'marketprophit'),
    ]);
    const statuses = await firstValueFrom(venues.status$.pipe(filter((all) => Object.keys(all).length === 4), timeout(10_000)));
    expect(Object.values(statuses).map((s) => s?.status)).toEqual(['connected', 'connected', 'connected', 'connected']);
  } finally {
    subscription.unsubscribe();
    venues.close();
  }
});

test('a venue with rejected credentials yields a fatal error and a closed status, and the others go on', async () => {
  const venues = connectVenues({
    hercle: { client: { url: sims.urls.hercle, apiKey: 'not-a-hercle-key' } },
    marketprophit: { client: { baseUrl: sims.urls.marketprophit, secretKey: 'sk_test_not_a_key' } },
    finery: { ...sims.config.finery, instruments: ['ETH-USD'] },
  });
  const { seen, subscription } = record(venues.events$);
  try {
    const fatal = await waitFor(seen, (e): e is ErrorEvent => e.kind === 'error' && e.fatal, 2);
    expect(fatal.map((e) => [e.venue, e.error.name]).sort()).toEqual([
      ['hercle', 'HercleAuthError'],
      ['marketprophit', 'AuthRejectedError'],
    ]);
    expect(fatal.map((e) => e.error.message).join()).not.toMatch(/not-a-hercle-key|sk_test_not_a_key/);
    await waitFor(seen, (e): e is StatusEvent => e.kind === 'status' && e.venue === 'hercle' && e.state.status === 'closed');
    await waitFor(seen, (e): e is StatusEvent => e.kind === 'status' && e.venue === 'marketprophit' && e.state.status === 'closed');
    await waitFor(seen, (e): e is BookEvent => e.kind === 'book' && e.venue === 'finery');
    expect(subscription.closed).toBe(false);
  } finally {
    subscription.unsubscribe();
    venues.close();
  }
});

test('once every venue failed for good the merged stream completes, with one closed status per venue', async () => {
  const venues = connectVenues({
    finery: { client: { ...sims.clients.finery, secret: 'not-the-secret' } },
    hercle: { client: { url: sims.urls.hercle, apiKey: 'not-a-hercle-key' } },
  });
  const events = await lastValueFrom(venues.events$.pipe(toArray(), timeout(10_000)));
  const ends = events.filter((e) => (e.kind === 'status' && e.state.status === 'closed') || (e.kind === 'error' && e.fatal));
  expect(ends.map((e) => `${e.venue} ${e.kind}`).sort()).toEqual(['finery error', 'finery status', 'hercle error', 'hercle status']);
});

test('an unknown instrument ends only its own subscription on every venue, as one non-fatal error event naming it', async () => {
  const venues = connectVenues({
    finery: { ...sims.config.finery, instruments: ['NOPE-USD', 'BTC-USD'] },
    etorox: { ...sims.config.etorox, channels: ['nosuchcoin', 'ethusd'], books: false },
    hercle: { ...sims.config.hercle, prices: [{ pair: 'NOPEUSDT', size: 1 }, { pair: 'BTCUSDT', size: 1 }], balances: false },
  });
  const { seen, subscription } = record(venues.events$);
  try {
    const errors = await waitFor(seen, (e): e is ErrorEvent => e.kind === 'error', 3);
    expect(errors.map((e) => [e.venue, e.fatal, e.error.name]).sort()).toEqual([
      ['etorox', false, 'EtoroxSubscribeError'],
      ['finery', false, 'FineryApiError'],
      ['hercle', false, 'HercleError'],
    ]);
    expect(errors.map((e) => e.error.message).sort()).toEqual([
      expect.stringContaining('nosuchcoin'),
      expect.stringContaining('NOPE-USD'),
      expect.stringContaining('NOPEUSDT'),
    ]);
    await waitFor(seen, (e): e is BookEvent => e.kind === 'book' && e.venueSymbol === 'BTC-USD');
    await waitFor(seen, (e): e is OrderEvent => e.kind === 'order' && e.venueSymbol === 'ethusd');
    await waitFor(seen, (e): e is QuoteEvent => e.kind === 'quote' && e.venueSymbol === 'BTCUSDT', 3);
    const closed: VenueEvent[] = [];
    seen.subscribe((e) => (e.kind === 'status' && e.state.status === 'closed') || (e.kind === 'error' && e.fatal) ? closed.push(e) : undefined).unsubscribe();
    expect(closed).toEqual([]);
  } finally {
    subscription.unsubscribe();
    venues.close();
  }
});

test('a venue whose every stream ended on an unknown instrument is closed, and the merged stream completes once none is left', async () => {
  const venues = connectVenues({
    etorox: { ...sims.config.etorox, channels: ['nosuchcoin'] },
    hercle: { ...sims.config.hercle, prices: [{ pair: 'NOPEUSDT', size: 1 }], balances: false },
  });
  const events = await lastValueFrom(venues.events$.pipe(toArray(), timeout(10_000)));
  const ends = events.filter((e) => e.kind === 'error' || (e.kind === 'status' && e.state.status === 'closed'));
  expect(ends.map((e) => `${e.venue} ${e.kind}${e.kind === 'error' ? ` ${e.fatal}` : ''}`).sort()).toEqual(['etorox error false', 'etorox status', 'hercle error false', 'hercle status']);
  // Per venue, the reason comes before the closed status.
  for (const venue of ['etorox', 'hercle']) expect(ends.filter((e) => e.venue === venue).map((e) => e.kind)).toEqual(['error', 'status']);
});

test('a venue whose options its client refuses is named in the error, with the client’s own error as cause', () => {
  let thrown: unknown;
  try {
    connectVenues({ finery: sims.config.finery, hercle: { client: { url: sims.urls.hercle, apiKey: '' } } });
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(VenueConfigError);
  expect(thrown).toMatchObject({ venue: 'hercle', code: 'AUTH_CONFIG', fatal: true, message: 'hercle: apiKey is missing or empty (AuthConfigError)' });
  expect((thrown as Error).cause).toBeInstanceOf(AuthConfigError);
});

test('an unknown eToroX channel is reported once, though its items and its book both end', async () => {
  const venues = connectVenues({ etorox: { ...sims.config.etorox, channels: ['nosuchcoin', 'ethusd'] } });
  const { seen, subscription } = record(venues.events$);
  try {
    await waitFor(seen, (e): e is ErrorEvent => e.kind === 'error');
    // Both streams of the channel were refused by the hub before ethusd's books go on for a while.
    await waitFor(seen, (e): e is BookEvent => e.kind === 'book' && e.venueSymbol === 'ethusd', 5);
    const errors: VenueEvent[] = [];
    seen.subscribe((e) => e.kind === 'error' && errors.push(e)).unsubscribe();
    expect(errors).toHaveLength(1);
  } finally {
    subscription.unsubscribe();
    venues.close();
  }
});

test('every subscriber of events$ added in the same tick sees every event from the first', async () => {
  const venues = connectVenues({ hercle: sims.config.hercle });
  const first: VenueEvent[] = [];
  const second: VenueEvent[] = [];
  const a = venues.events$.subscribe((e) => first.push(e));
  const b = venues.events$.subscribe((e) => second.push(e));
  try {
    await waitFor(venues.events$, (e): e is QuoteEvent => e.kind === 'quote');
    expect(first[0]).toMatchObject({ kind: 'status' });
    expect(second).toEqual(first);
  } finally {
    a.unsubscribe();
    b.unsubscribe();
    venues.close();
  }
});
