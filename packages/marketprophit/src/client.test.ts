import { AuthRejectedError, fetchMarketProphitJwt } from '@org/auth-signing';
import type { ConnectionState } from '@org/reconnect';
import { createManualClock, marketProphitDemoCredentials, startMarketProphitSimulator } from '@org/venue-sim';
import type { ManualClock, MarketProphitSimEvent, MarketProphitSimulator, MarketProphitSimulatorOptions } from '@org/venue-sim';
import { BehaviorSubject, filter, firstValueFrom, lastValueFrom, of, ReplaySubject, retry, take, timeout, toArray } from 'rxjs';
import type { Observable, Subscription } from 'rxjs';
import { format, inspect } from 'node:util';
import { MarketProphitClient } from './client';
import type { MarketProphitClientOptions } from './client';
import { MarketProphitError } from './errors';
import { MARKET_PROPHIT_VALUE_FIELDS } from './types';
import type { MarketProphitPath } from './types';

const START = Date.UTC(2014, 8, 15, 9, 3, 30);
const { secretKey } = marketProphitDemoCredentials;
const minute = (hhmm: string): string => `2014-09-15T${hhmm}:00.000Z`;

let clock: ManualClock;
let sim: MarketProphitSimulator;
let client: MarketProphitClient;
let simEvents: MarketProphitSimEvent[];
let states: ConnectionState[];

const startSim = async (options: MarketProphitSimulatorOptions = {}): Promise<void> => {
  sim = await startMarketProphitSimulator({ clock, ...options });
  sim.events$.subscribe((event) => simEvents.push(event));
};

const setup = async (simOptions: MarketProphitSimulatorOptions = {}, clientOptions: Partial<MarketProphitClientOptions> = {}): Promise<void> => {
  clock = createManualClock(START);
  simEvents = [];
  states = [];
  await startSim(simOptions);
  client = new MarketProphitClient({ baseUrl: sim.url, secretKey, reconnect: { initialDelayMs: 20, maxDelayMs: 100 }, ...clientOptions });
  client.status$.subscribe((state) => states.push(state));
};

afterEach(async () => {
  client.close();
  await sim.close();
});

/** Resolves with the next simulator event that matches (subscribe before acting). */
const nextSimEvent = (match: (event: MarketProphitSimEvent) => boolean): Promise<MarketProphitSimEvent> =>
  firstValueFrom(sim.events$.pipe(filter(match), timeout(5000)));

const subscribed = (path: string, count = 1): Promise<MarketProphitSimEvent[]> =>
  firstValueFrom(
    sim.events$.pipe(
      filter((e) => e.type === 'subscribe' && e.path === path && e.error === null),
      take(count),
      toArray(),
      timeout(5000),
    ),
  );

/** Records every value; `first(n)` waits for the first n. */
const record = <T>(source: Observable<T>) => {
  const seen = new ReplaySubject<T>();
  const subscription = source.subscribe(seen);
  return {
    subscription,
    first: (n: number): Promise<T[]> => firstValueFrom(seen.pipe(take(n), toArray(), timeout(5000))),
    all: (): Promise<T[]> => {
      subscription.unsubscribe();
      seen.complete();
      return lastValueFrom(seen.pipe(toArray()));
    },
  };
};

const count = (type: MarketProphitSimEvent['type'], path?: string): number =>
  simEvents.filter((e) => e.type === type && (path === undefined || ('path' in e && e.path === path))).length;

describe('JWT (marketprophit.md §2)', () => {
  beforeEach(() => setup());

  it('fetches a five-hour JWT from the simulator with the secret key (marketprophit.md §2.2)', async () => {
    const token = await fetchMarketProphitJwt({ baseUrl: sim.url, secretKey });
    const claims = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as { iat: number; exp: number };
    expect(claims.exp - claims.iat).toBe(5 * 3600);
  });

  it('ends with a fatal AuthRejectedError on a bad key, without retrying or connecting', async () => {
    client.close();
    client = new MarketProphitClient({ baseUrl: sim.url, secretKey: 'sk_live_not_a_key_123' });
    const statuses: ConnectionState[] = [];
    client.status$.subscribe((state) => statuses.push(state));
    const error = await firstValueFrom(client.subscribe('crowd-sentiment')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthRejectedError);
    expect((error as AuthRejectedError).fatal).toBe(true);
    expect((error as Error).message).not.toContain('sk_live_not_a_key_123');
    expect(statuses.at(-1)).toMatchObject({ status: 'closed', error });
    expect(simEvents.filter((e) => e.type === 'jwt')).toEqual([{ type: 'jwt', status: 401 }]);
    expect(count('connect') + count('refused')).toBe(0);
  });

  it('gives up with a fatal TOKEN_REJECTED after maxTokenRejections refused tokens in a row', async () => {
    client.close();
    client = new MarketProphitClient({ baseUrl: sim.url, tokens: of('not.a.jwt'), maxTokenRejections: 2, reconnect: { initialDelayMs: 10 } });
    const error = await firstValueFrom(client.subscribe('crowd-sentiment')).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'TOKEN_REJECTED', fatal: true, message: 'Market Prophit refused the JWT (2 in a row): invalid token' });
    expect(simEvents.filter((e) => e.type === 'refused')).toEqual([
      { type: 'refused', reason: 'invalid token' },
      { type: 'refused', reason: 'invalid token' },
    ]);
  });
});

describe('subscriptions (marketprophit.md §4–§7)', () => {
  it('subscribes to several paths at once and routes each record by path and params', async () => {
    await setup({ tickers: ['AAPL', 'CSCO'] });
    const acks = firstValueFrom(sim.events$.pipe(filter((e) => e.type === 'subscribe'), take(5), toArray(), timeout(5000)));
    const aapl = record(client.subscribe('/real-time/crowd-sentiment', { ticker: 'AAPL' }));
    const aaplAgain = record(client.subscribe('/real-time/crowd-sentiment', { ticker: 'AAPL' }));
    const msft = record(client.subscribe('/real-time/crowd-sentiment', { ticker: 'MSFT' }));
    const everyTicker = record(client.subscribe('crowd-sentiment-chart-data'));
    const signal = record(client.subscribe('/real-time/market-prophit-sentiment', { ticker: 'AAPL' }));
    const users = record(client.subscribe('user-sentiment'));
    expect((await acks).map((e) => 'error' in e && e.error)).toEqual([null, null, null, null, null]);

    clock.advance(30_000);
    const [crowd] = await aapl.first(1);
    expect(crowd).toEqual({ ts: minute('09:03'), ticker: 'AAPL', average_sentiment: expect.any(Number) });
    expect(await aaplAgain.first(1)).toEqual([crowd]);
    expect(await msft.first(1)).toEqual([{ ts: minute('09:03'), ticker: 'MSFT', average_sentiment: expect.any(Number) }]);
    const chart = await everyTicker.first(2);
    expect(chart.map((r) => r.ticker)).toEqual(['AAPL', 'CSCO']);
    expect(Object.keys(chart[0]!)).toEqual(['ts', 'ticker', ...MARKET_PROPHIT_VALUE_FIELDS['crowd-sentiment-chart-data']]);
    expect(Object.values(chart[0]!).slice(2).every((value) => typeof value === 'number')).toBe(true);
    const signals = await signal.first(30);
    expect(signals.map((r) => Date.parse(r.ts) - START)).toEqual(Array.from({ length: 30 }, (_, i) => i * 1000));
    expect(signals.every((r) => r.ticker === 'AAPL' && typeof r.signal_value === 'number')).toBe(true);
    const [user] = await users.first(1);
    expect(user).toEqual({ ts: expect.any(String), user_id: expect.any(String), ticker: 'AAPL', sentiment: expect.any(Number), user_score: expect.any(Number) });

    const unsubscribed = nextSimEvent((e) => e.type === 'unsubscribe');
    aapl.subscription.unsubscribe();
    expect(count('unsubscribe')).toBe(0);
    aaplAgain.subscription.unsubscribe();
    expect(await unsubscribed).toMatchObject({ path: '/real-time/crowd-sentiment', params: { ticker: 'AAPL' }, error: null });
    expect(sim.subscriptions()).toHaveLength(4);
  });

  it('sends unsubscribe on the last unsubscribe, then closes the idle connection', async () => {
    await setup();
    const subscription = client.subscribe('crowd-sentiment').subscribe();
    await subscribed('crowd-sentiment');
    const ended = firstValueFrom(sim.events$.pipe(filter((e) => e.type === 'unsubscribe' || e.type === 'disconnect'), take(2), toArray(), timeout(5000)));
    subscription.unsubscribe();
    expect((await ended).map((e) => e.type)).toEqual(['unsubscribe', 'disconnect']);
    expect(states.at(-1)).toMatchObject({ status: 'closed' });
  });

  it('accepts the data event for version A and values as JSON numbers', async () => {
    await setup({ event: 'data', numbers: 'number' });
    const stream = record(client.subscribe('/real-time/tweet-volume', { ticker: 'TSLA' }));
    await subscribed('/real-time/tweet-volume');
    clock.advance(30_000);
    expect(await stream.first(1)).toEqual([{ ts: minute('09:03'), ticker: 'TSLA', volume: expect.any(Number) }]);
  });

  it('works over HTTP long-polling too, the token riding on every request', async () => {
    await setup({}, { transports: ['polling'] });
    const stream = record(client.subscribe('crowd-sentiment', { ticker: 'EURAUD' }));
    await subscribed('crowd-sentiment');
    clock.advance(30_000);
    expect(await stream.first(1)).toEqual([{ ts: minute('09:03'), ticker: 'EURAUD', crowd_sentiment: expect.any(Number) }]);
  });

  it('errors a refused subscription with MarketProphitError and keeps the others streaming', async () => {
    await setup();
    const good = record(client.subscribe('/real-time/tweet-buzz', { ticker: 'AAPL' }));
    const unknown = await firstValueFrom(client.subscribe('/real-time/nope' as MarketProphitPath, { ticker: 'AAPL' })).catch((e: unknown) => e);
    expect(unknown).toBeInstanceOf(MarketProphitError);
    expect(unknown).toMatchObject({ code: 'SUBSCRIPTION_REFUSED', fatal: false, detail: { path: '/real-time/nope', params: { ticker: 'AAPL' } } });
    const badTicker = await firstValueFrom(client.subscribe('/real-time/tweet-buzz', { ticker: 'NO-SUCH' })).catch((e: unknown) => e);
    expect(badTicker).toMatchObject({ code: 'SUBSCRIPTION_REFUSED', fatal: false, message: expect.stringContaining("Invalid ticker 'NO-SUCH'") });
    expect((unknown as Error).message).toContain("Unknown path '/real-time/nope'");
    const noTicker = await firstValueFrom(client.subscribe('/real-time/tweet-volume')).catch((e: unknown) => e);
    expect((noTicker as Error).message).toContain("Missing required parameter 'ticker'");
    clock.advance(30_000);
    expect(await good.first(1)).toEqual([{ ts: minute('09:03'), ticker: 'AAPL', buzz: expect.any(Number) }]);
    expect(states.filter((s) => s.status === 'connected')).toHaveLength(1);
  });

  it('shares one venue subscription: subscribers leave (even inside a delivery) and join while the others stream; retry after a refusal subscribes anew', async () => {
    await setup();
    const path = '/real-time/market-prophit-sentiment';
    const a = record(client.subscribe(path, { ticker: 'AAPL' }));
    const leaverSeen: unknown[] = [];
    const leaver: Subscription = client.subscribe(path, { ticker: 'AAPL' }).subscribe((r) => {
      leaverSeen.push(r);
      leaver.unsubscribe();
    });
    await subscribed(path);
    clock.advance(3000);
    const firstThree = await a.first(3);
    expect(leaverSeen).toEqual(firstThree.slice(0, 1));
    const joiner = record(client.subscribe(path, { ticker: 'AAPL' }));
    clock.advance(1000);
    expect(await joiner.first(1)).toEqual((await a.first(4)).slice(3));
    expect(count('subscribe', path)).toBe(1);
    expect(count('unsubscribe', path)).toBe(0);

    const refused = await lastValueFrom(client.subscribe('/real-time/tweet-buzz', { ticker: 'NO-SUCH' }).pipe(retry(2))).catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: 'SUBSCRIPTION_REFUSED', fatal: false });
    expect(count('subscribe', '/real-time/tweet-buzz')).toBe(3);
    expect(client.toJSON()).toMatchObject({ subscriptions: 1, routingKeys: 1 });
  });

  it('reports err events on errors$ and the stream goes on', async () => {
    await setup();
    const stream = record(client.subscribe('/real-time/tweet-volume', { ticker: 'MSFT' }));
    await subscribed('/real-time/tweet-volume');
    const reported = firstValueFrom(client.errors$.pipe(timeout(5000)));
    sim.endpointError('/real-time/tweet-volume', 'Internal Server Error');
    expect(await reported).toMatchObject({
      code: 'ENDPOINT_ERROR',
      fatal: false,
      detail: { path: '/real-time/tweet-volume', params: { ticker: 'MSFT' } },
    });
    clock.advance(30_000);
    expect(await stream.first(1)).toEqual([{ ts: minute('09:03'), ticker: 'MSFT', volume: expect.any(Number) }]);
  });

  it('turns malformed pushes into MALFORMED errors and the stream goes on', async () => {
    const warnings: string[] = [];
    await setup({}, { logger: { warn: (msg) => warnings.push(msg) } });
    const stream = record(client.subscribe('market-prophit-sentiment', { ticker: 'CSCO' }));
    await subscribed('market-prophit-sentiment');
    clock.advance(1000);
    await stream.first(1);
    const reported = firstValueFrom(client.errors$.pipe(timeout(5000)));
    sim.faults.malformed();
    expect(await reported).toMatchObject({ code: 'MALFORMED', fatal: false, detail: { path: 'market-prophit-sentiment' } });
    clock.advance(1000);
    const records = await stream.first(2);
    expect(records.map((r) => r.ts)).toEqual(['2014-09-15T09:03:30.000Z', '2014-09-15T09:03:31.000Z']);
    expect(records[1]).toEqual({ ts: expect.any(String), ticker: 'CSCO', mp_sentiment: expect.any(Number) });
    expect(warnings).toEqual([expect.stringContaining('Malformed Market Prophit record (ts)')]);
  });
});

describe('consistency: secrets, transport, closed client, released state (issues 18, 19)', () => {
  it('shows neither the secret key nor the JWT in JSON.stringify, util.inspect or console.log of the client', async () => {
    await setup();
    const records = record(client.subscribe('/real-time/tweet-buzz', { ticker: 'AAPL' }));
    await subscribed('/real-time/tweet-buzz');
    const token = await fetchMarketProphitJwt({ baseUrl: sim.url, secretKey });
    const basic = Buffer.from(`${secretKey}:`).toString('base64');
    for (const text of [JSON.stringify(client), inspect(client), inspect(client, { showHidden: true, depth: 10 }), format('%o', client)]) {
      for (const secret of [secretKey, basic, token.split('.')[0] ?? token]) expect(text).not.toContain(secret);
    }
    expect(JSON.parse(JSON.stringify(client))).toEqual({ venue: 'marketprophit', baseUrl: sim.url, status: 'connected', subscriptions: 1, routingKeys: 1, closed: false });
    records.subscription.unsubscribe();
  });

  it('refuses a plaintext baseUrl to a non-loopback host unless allowInsecure', () => {
    const create = (options: Partial<MarketProphitClientOptions>) => new MarketProphitClient({ secretKey, ...options }).close();
    expect(() => create({ baseUrl: 'http://open.marketprophit.com' })).toThrow(expect.objectContaining({ name: 'InsecureTransportError', code: 'INSECURE_TRANSPORT', field: 'baseUrl' }));
    expect(() => create({ baseUrl: 'http://open.marketprophit.com', allowInsecure: true })).not.toThrow();
    expect(() => create({})).not.toThrow();
  });

  it('after close() every subscribe errors with CLIENT_CLOSED', async () => {
    await setup();
    client.close();
    await expect(firstValueFrom(client.subscribe('/real-time/tweet-buzz', { ticker: 'AAPL' }))).rejects.toMatchObject({ code: 'CLIENT_CLOSED', fatal: false, message: 'marketprophit: client closed' });
  });

  it('releases the per-key state (shared streams, routing keys) on the last unsubscribe of 2,000 keys', async () => {
    await setup();
    const keys = Array.from({ length: 2_000 }, (_, i) => `T${i}`);
    const subscriptions = keys.map((ticker) => client.subscribe('/real-time/tweet-buzz', { ticker }).subscribe({ error: () => undefined }));
    const crowd = client.subscribe('crowd-sentiment', { ticker: 'AAPL', window: '5m' }).subscribe({ error: () => undefined });
    expect(JSON.parse(JSON.stringify(client))).toMatchObject({ subscriptions: 2_001, routingKeys: 2_000 });
    await firstValueFrom(client.status$.pipe(filter((s) => s.status === 'connected'), timeout(5000)));
    [...subscriptions, crowd].forEach((subscription) => subscription.unsubscribe());
    expect(JSON.parse(JSON.stringify(client))).toMatchObject({ subscriptions: 0, routingKeys: 0 });
    await firstValueFrom(client.status$.pipe(filter((s) => s.status === 'closed'), timeout(5000)));
  });
});

describe('reconnects (marketprophit.md §3.2, socketio.md §7–§8)', () => {
  it('token expiry mid-stream: reconnects with the refreshed token, resubscribes once, loses and doubles nothing', async () => {
    clock = createManualClock(START);
    const simOptions = { disconnectOnExpiry: true, tokenLifetimeMs: 300_000 };
    const first = await startMarketProphitSimulator({ clock, ...simOptions });
    const tokens = new BehaviorSubject(await fetchMarketProphitJwt({ baseUrl: first.url, secretKey }));
    await first.close();
    await setup(simOptions, { tokens });
    const stream = record(client.subscribe('/real-time/crowd-sentiment', { ticker: 'AAPL' }));
    await subscribed('/real-time/crowd-sentiment');
    for (let i = 1; i <= 4; i++) {
      clock.advance(60_000);
      await stream.first(i);
    }
    tokens.next(await fetchMarketProphitJwt({ baseUrl: sim.url, secretKey }));
    clock.advance(30_000);
    await stream.first(5);
    const resubscribed = subscribed('/real-time/crowd-sentiment');
    clock.advance(30_000);
    await resubscribed;
    for (let i = 6; i <= 8; i++) {
      clock.advance(60_000);
      await stream.first(i);
    }
    const records = await stream.all();
    expect(records.map((r) => r.ts)).toEqual(['09:03', '09:04', '09:05', '09:06', '09:07', '09:08', '09:09', '09:10'].map(minute));
    expect(states.filter((s) => s.status === 'reconnecting').map((s) => s.error)).toEqual([expect.objectContaining({ code: 'DISCONNECTED', detail: { reason: 'io server disconnect' } })]);
    expect(count('subscribe', '/real-time/crowd-sentiment')).toBe(2);
    expect(count('refused')).toBe(0);
    expect(states.map((s) => s.status).slice(0, 6)).toEqual(['idle', 'connecting', 'connected', 'reconnecting', 'connecting', 'connected']);
  });

  it('an expired token on reconnect is refused, a new JWT is fetched, one resubscription follows', async () => {
    const logs: string[] = [];
    const log = (msg: string, meta?: object): void => {
      logs.push(`${msg} ${JSON.stringify(meta)}`);
    };
    await setup({ disconnectOnExpiry: true, tokenLifetimeMs: 120_000 }, { logger: { debug: log, info: log, warn: log, error: log } });
    const stream = record(client.subscribe('/real-time/crowd-sentiment', { ticker: 'GOOG' }));
    await subscribed('/real-time/crowd-sentiment');
    clock.advance(30_000);
    await stream.first(1);
    clock.advance(30_000);
    clock.advance(30_000);
    await stream.first(2);
    const resubscribed = subscribed('/real-time/crowd-sentiment');
    clock.advance(30_000);
    await resubscribed;
    clock.advance(30_000);
    await stream.first(3);
    clock.advance(60_000);
    const records = await stream.first(4);
    expect(records.map((r) => r.ts)).toEqual(['09:03', '09:04', '09:05', '09:06'].map(minute));
    expect(simEvents.filter((e) => e.type === 'refused')).toEqual([{ type: 'refused', reason: 'jwt expired' }]);
    expect(logs).toContainEqual(expect.stringContaining('Market Prophit refused the JWT (1 in a row): jwt expired'));
    const snapshots = [...logs, ...states.map((s) => `${s.error?.message} ${JSON.stringify(s)}`)].join('\n');
    expect(snapshots).not.toContain(secretKey);
    expect(snapshots).not.toMatch(/eyJ[\w-]+\./);
    expect(simEvents.filter((e) => e.type === 'jwt')).toHaveLength(2);
    expect(count('subscribe', '/real-time/crowd-sentiment')).toBe(2);
    expect(states.at(-1)).toMatchObject({ status: 'connected' });
  });

  it('server restart: reconnects and resubscribes every active subscription once', async () => {
    await setup();
    const crowd = record(client.subscribe('/real-time/crowd-sentiment', { ticker: 'AAPL' }));
    const chart = record(client.subscribe('crowd-sentiment-chart-data', { ticker: 'MSFT' }));
    await Promise.all([subscribed('/real-time/crowd-sentiment'), subscribed('crowd-sentiment-chart-data')]);
    clock.advance(30_000);
    await crowd.first(1);
    await chart.first(1);
    const { port } = sim;
    await sim.close();
    await startSim({ port });
    await Promise.all([subscribed('/real-time/crowd-sentiment'), subscribed('crowd-sentiment-chart-data')]);
    clock.advance(60_000);
    expect((await crowd.first(2)).map((r) => r.ts)).toEqual(['09:03', '09:04'].map(minute));
    expect((await chart.first(2)).map((r) => `${r.ts} ${r.ticker}`)).toEqual([`${minute('09:03')} MSFT`, `${minute('09:04')} MSFT`]);
    expect(count('subscribe')).toBe(4);
    expect(sim.subscriptions()).toHaveLength(2);
    expect(states.map((s) => s.status)).toContain('reconnecting');
    expect(states.at(-1)).toMatchObject({ status: 'connected' });
  });

  it('a stalled server is detected by the heartbeat; the client reconnects and resubscribes once resumed', async () => {
    await setup({ pingIntervalMs: 100, pingTimeoutMs: 100 });
    const stream = record(client.subscribe('/real-time/tweet-buzz', { ticker: 'AAPL' }));
    await subscribed('/real-time/tweet-buzz');
    const lost = firstValueFrom(client.status$.pipe(filter((s) => s.status === 'reconnecting'), timeout(5000)));
    sim.faults.stall();
    // Both ends time out on a stall: the client's ping timeout or the server's missing pong (transport close).
    const { error } = await lost;
    expect(error).toMatchObject({ code: 'DISCONNECTED' });
    expect(['ping timeout', 'transport close']).toContain((error as MarketProphitError).detail.reason);
    const resubscribed = subscribed('/real-time/tweet-buzz');
    sim.faults.resume();
    await resubscribed;
    clock.advance(30_000);
    expect(await stream.first(1)).toEqual([{ ts: minute('09:03'), ticker: 'AAPL', buzz: expect.any(Number) }]);
  });

  it('a dropped TCP connection and refused handshakes are retried until the server accepts again', async () => {
    await setup();
    const stream = record(client.subscribe('/real-time/tweet-buzz', { ticker: 'MSFT' }));
    await subscribed('/real-time/tweet-buzz');
    const refusedHandshake = firstValueFrom(client.status$.pipe(filter((s) => s.status === 'reconnecting' && (s.error as MarketProphitError).code === 'CONNECTION_ERROR'), timeout(5000)));
    sim.faults.refuse(10_000);
    sim.faults.drop({ graceful: false });
    await refusedHandshake;
    const resubscribed = subscribed('/real-time/tweet-buzz');
    clock.advance(10_000);
    await resubscribed;
    clock.advance(20_000);
    expect(await stream.first(1)).toEqual([{ ts: minute('09:03'), ticker: 'MSFT', buzz: expect.any(Number) }]);
    expect(count('subscribe', '/real-time/tweet-buzz')).toBe(2);
  });

  it('close() completes every subscription and ends status$ closed', async () => {
    await setup();
    const done = lastValueFrom(client.subscribe('crowd-sentiment').pipe(toArray(), timeout(5000)));
    await subscribed('crowd-sentiment');
    const disconnected = nextSimEvent((e) => e.type === 'disconnect');
    client.close();
    expect(await done).toEqual([]);
    await disconnected;
    expect(states.at(-1)).toMatchObject({ status: 'closed' });
  });
});

describe('hostile input (issue 19)', () => {
  it('a param that is not a string (nested 20 000 deep) errors that subscription with CONFIG, nothing is sent', async () => {
    await setup();
    let deep: unknown = [];
    for (let level = 1; level < 20_000; level += 1) deep = [deep];
    const error = await firstValueFrom(client.subscribe('/real-time/tweet-buzz', { ticker: deep as string })).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'MarketProphitError', code: 'CONFIG', message: 'param ticker of /real-time/tweet-buzz must be a string' });
    expect(count('subscribe')).toBe(0);
  });
});
