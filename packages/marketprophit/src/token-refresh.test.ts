import { createManualClock, marketProphitDemoCredentials, startMarketProphitSimulator } from '@org/venue-sim';
import type { MarketProphitSimEvent, MarketProphitSimulator } from '@org/venue-sim';
import { filter, firstValueFrom, ReplaySubject } from 'rxjs';
import { MarketProphitClient } from './client';

/**
 * The default token source refreshes the JWT before it expires (marketprophit.md §2.2,
 * §3.2), whatever the lifetime: the simulator's default 5 h (the guide's prose) and the 1 h
 * of the 2014 sample tokens. The simulator runs on a manual clock, the client's timers on
 * Jest's fake timers (sockets and fetch stay real), so hours pass at once.
 */
const START = Date.UTC(2014, 8, 15, 9, 3, 30);
const HOUR = 3_600_000;

let sim: MarketProphitSimulator;
let client: MarketProphitClient;
let events: ReplaySubject<MarketProphitSimEvent>;

beforeEach(() => {
  jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask', 'Date', 'performance', 'hrtime'] });
});

afterEach(async () => {
  client.close();
  await sim.close();
  jest.useRealTimers();
});

/** Lets real I/O run while fake time stands still. */
const io = () => new Promise<void>((resolve) => setImmediate(resolve));

/** The next matching simulator event; fake time does not move while waiting. */
const next = (match: (event: MarketProphitSimEvent) => boolean) => firstValueFrom(events.pipe(filter(match)));
const count = (type: MarketProphitSimEvent['type']): number => seen.filter((event) => event.type === type).length;
let seen: MarketProphitSimEvent[];

describe('JWT refresh of the default token source (marketprophit.md §2.2)', () => {
  it.each([
    ['the simulator default (5 h)', undefined, 5 * HOUR],
    ['1 h, as the 2014 samples', HOUR, HOUR],
  ])('%s: a new JWT is fetched before the first expires, and a reconnect after that expiry uses it', async (_name, tokenLifetimeMs, life) => {
    const clock = createManualClock(START);
    sim = await startMarketProphitSimulator({ clock, tokenLifetimeMs, pingIntervalMs: 24 * HOUR });
    events = new ReplaySubject();
    seen = [];
    sim.events$.subscribe((event) => {
      seen.push(event);
      events.next(event);
    });
    client = new MarketProphitClient({ baseUrl: sim.url, secretKey: marketProphitDemoCredentials.secretKey, reconnect: { initialDelayMs: 10, maxDelayMs: 10 } });
    const records = new ReplaySubject<unknown>();
    client.subscribe('/real-time/crowd-sentiment', { ticker: 'AAPL' }).subscribe(records);
    await next((event) => event.type === 'subscribe');
    clock.advance(60_000);
    await firstValueFrom(records);

    jest.advanceTimersByTime(life / 2);
    await io();
    expect(count('jwt')).toBe(1);
    const refreshed = next((event) => event.type === 'jwt' && count('jwt') === 2);
    jest.advanceTimersByTime(life / 2 - 60_000);
    await refreshed;

    // On the simulator's clock the first token (exp START + life) has expired, the refreshed one (issued 60 s later) not yet.
    clock.advance(life - 1000);
    const reconnected = next((event) => event.type === 'connect' && count('connect') === 2);
    sim.faults.drop();
    while (count('connect') < 2) {
      jest.advanceTimersByTime(10);
      await io();
    }
    await reconnected;
    expect(count('refused')).toBe(0);
    expect(count('jwt')).toBe(2);
  });
});
