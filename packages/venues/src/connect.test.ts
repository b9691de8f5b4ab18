import { marketProphitDemoCredentials, startMarketProphitSimulator } from '@org/venue-sim';
import type { MarketProphitSimulator } from '@org/venue-sim';
import { filter, firstValueFrom, ReplaySubject, take, timeout, toArray } from 'rxjs';
import type { Observable } from 'rxjs';
import { connectVenues } from './connect';
import type { ErrorEvent, SentimentEvent, StatusEvent, VenueEvent } from './types';

let marketprophit: MarketProphitSimulator;

beforeEach(async () => {
  marketprophit = await startMarketProphitSimulator({ speed: 60 });
});

afterEach(async () => {
  await marketprophit.close();
});

const waitFor = <T extends VenueEvent>(events$: Observable<VenueEvent>, match: (e: VenueEvent) => e is T, count = 1) =>
  firstValueFrom(events$.pipe(filter(match), take(count), toArray(), timeout(10_000)));

test('Market Prophit records arrive as sentiment events with ticker, metric and exchange time', async () => {
  const venues = connectVenues({
    marketprophit: {
      client: { baseUrl: marketprophit.url, secretKey: marketProphitDemoCredentials.secretKey },
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

test('a venue with rejected credentials yields a fatal error and a closed status, and the stream goes on', async () => {
  const venues = connectVenues({
    marketprophit: { client: { baseUrl: marketprophit.url, secretKey: 'sk_test_not_a_key' } },
  });
  const seen = new ReplaySubject<VenueEvent>();
  const subscription = venues.events$.subscribe(seen);
  try {
    const [fatal] = await waitFor(seen, (e): e is ErrorEvent => e.kind === 'error' && e.fatal);
    expect(fatal?.error.name).toBe('AuthRejectedError');
    expect(fatal?.error.message).not.toContain('sk_test_not_a_key');
    await waitFor(seen, (e): e is StatusEvent => e.kind === 'status' && e.state.status === 'closed');
    expect(subscription.closed).toBe(false);
  } finally {
    subscription.unsubscribe();
    venues.close();
  }
});
