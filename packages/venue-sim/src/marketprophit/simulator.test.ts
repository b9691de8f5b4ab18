import { decodeJwt, SignJWT } from 'jose';
import { filter, firstValueFrom, take, timeout, toArray } from 'rxjs';
import { io } from 'socket.io-client';
import type { Socket } from 'socket.io-client';
import { createManualClock } from '../clock';
import type { ManualClock } from '../clock';
import { startMarketProphitSimulator } from './simulator';
import type { MarketProphitSimulator, MarketProphitSimulatorOptions } from './simulator';
import { marketProphitDemoCredentials } from './token';

type Push = { path: string; method?: string; params: Record<string, unknown>; timestamp: string; results: Record<string, unknown>[] };

const START = Date.UTC(2014, 8, 15, 9, 3, 30);
let clock: ManualClock;
let sim: MarketProphitSimulator;
const sockets: Socket[] = [];

const start = async (options: MarketProphitSimulatorOptions = {}): Promise<void> => {
  clock = createManualClock(START);
  sim = await startMarketProphitSimulator({ clock, ...options });
};

const postJwt = (secretKey: string, path = '/jwt'): Promise<Response> =>
  fetch(`${sim.url}${path}`, { method: 'POST', headers: { authorization: `Basic ${Buffer.from(`${secretKey}:`).toString('base64')}` } });

const token = async (): Promise<string> => ((await (await postJwt(marketProphitDemoCredentials.secretKey)).json()) as { token: string }).token;

const open = (query: Record<string, string>): Socket => {
  const socket = io(sim.url, { transports: ['websocket'], query, reconnection: false, forceNew: true });
  sockets.push(socket);
  return socket;
};

const once = <T>(socket: Socket, event: string): Promise<T> =>
  new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${event} within 5 s`)), 5000);
    socket.once(event, (value: T) => {
      clearTimeout(timer);
      resolve(value);
    });
  });

const connected = async (): Promise<Socket> => {
  const socket = open({ token: await token() });
  await once(socket, 'connect');
  return socket;
};

const ack = (socket: Socket, event: 'subscribe' | 'unsubscribe', request: unknown): Promise<unknown> =>
  socket.timeout(5000).emitWithAck(event, request) as Promise<unknown>;

afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.disconnect();
  await sim.close();
});

describe('POST /jwt (marketprophit.md §2)', () => {
  beforeEach(() => start());

  it('answers an HS256 token with iat and a five-hour exp for the demo key (§2.2)', async () => {
    const response = await postJwt(marketProphitDemoCredentials.secretKey);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const { token: jwt } = (await response.json()) as { token: string };
    const claims = decodeJwt(jwt);
    expect(JSON.parse(Buffer.from(jwt.split('.')[0]!, 'base64url').toString())).toEqual({ typ: 'JWT', alg: 'HS256' });
    expect(claims.iat).toBe(START / 1000);
    expect(claims.exp).toBe(START / 1000 + 5 * 3600);
    expect(claims.streaming_access).toBe(true);
    expect(jwt).not.toContain(marketProphitDemoCredentials.secretKey);
  });

  it('answers 401 invalid_request_error for a bad key and 404 elsewhere', async () => {
    const bad = await postJwt('sk_live_wrong');
    expect(bad.status).toBe(401);
    expect(await bad.json()).toEqual({ type: 'invalid_request_error', message: 'Invalid API key' });
    expect((await postJwt(marketProphitDemoCredentials.secretKey, '/token')).status).toBe(404);
  });

  it('answers 401 for a Basic auth with a password: the password must be empty (§2.1)', async () => {
    const withPassword = await postJwt(`${marketProphitDemoCredentials.secretKey}:hunter2`);
    expect(withPassword.status).toBe(401);
    const noColon = await fetch(`${sim.url}/jwt`, {
      method: 'POST',
      headers: { authorization: `Basic ${Buffer.from(marketProphitDemoCredentials.secretKey).toString('base64')}` },
    });
    expect(noColon.status).toBe(401);
  });
});

describe('token checks (marketprophit.md §2.2, §3)', () => {
  const sign = (secret: string, iat: number) =>
    new SignJWT({ streaming_access: true })
      .setProtectedHeader({ typ: 'JWT', alg: 'HS256' })
      .setIssuedAt(iat)
      .setExpirationTime(iat + 3600)
      .sign(new TextEncoder().encode(secret));
  const refusal = async (jwt: string): Promise<string> => (await once<Error>(open({ token: jwt }), 'connect_error')).message;

  it('with custom secretKeys, refuses tokens signed with the public default secret and accepts its own', async () => {
    await start({ secretKeys: ['sk_live_private'] });
    expect(await refusal(await sign('market-prophit-simulator', START / 1000))).toBe('invalid token');
    const own = (await (await postJwt('sk_live_private')).json()) as { token: string };
    await once(open({ token: own.token }), 'connect');
  });

  it('a restart with the same custom secretKeys accepts the tokens issued before', async () => {
    await start({ secretKeys: ['sk_live_private'] });
    const { token: jwt } = (await (await postJwt('sk_live_private')).json()) as { token: string };
    await sim.close();
    await start({ secretKeys: ['sk_live_private'] });
    await once(open({ token: jwt }), 'connect');
  });

  it('refuses a token whose iat is in the future', async () => {
    await start();
    expect(await refusal(await sign('market-prophit-simulator', START / 1000 + 60))).toBe('invalid token');
    await once(open({ token: await sign('market-prophit-simulator', START / 1000) }), 'connect');
  });
});

describe('socket.io handshake (marketprophit.md §3)', () => {
  beforeEach(() => start({ disconnectOnExpiry: true, tokenLifetimeMs: 60_000 }));

  it.each([
    ['missing token', {}, 'credentials_required'],
    ['invalid token', { token: 'not.a.jwt' }, 'invalid_token'],
  ])('refuses a %s with connect_error', async (message, query, code) => {
    const error = await once<Error & { data?: unknown }>(open(query), 'connect_error');
    expect(error.message).toBe(message);
    expect(error.data).toEqual({ code });
  });

  it('refuses an expired token and disconnects a socket when its token expires', async () => {
    const jwt = await token();
    const socket = open({ token: jwt });
    await once(socket, 'connect');
    const reason = once<string>(socket, 'disconnect');
    clock.advance(60_000);
    expect(await reason).toBe('io server disconnect');
    const error = await once<Error>(open({ token: jwt }), 'connect_error');
    expect(error.message).toBe('jwt expired');
  });

  it('also accepts the token from the handshake auth payload', async () => {
    const socket = io(sim.url, { transports: ['websocket'], auth: { token: await token() }, reconnection: false, forceNew: true });
    sockets.push(socket);
    await once(socket, 'connect');
  });

  it('fails the Engine.IO handshake while refusing, then accepts again', async () => {
    const jwt = await token();
    sim.faults.refuse(1000);
    const error = await once<Error>(open({ token: jwt }), 'connect_error');
    expect(error.message).toMatch(/error/i);
    clock.advance(1000);
    await once(open({ token: jwt }), 'connect');
  });
});

describe('subscriptions (marketprophit.md §4–§7)', () => {
  it('acknowledges version A, pushes res per ticker on the minute, and stops after unsubscribe', async () => {
    await start();
    const socket = await connected();
    const request = { path: '/real-time/crowd-sentiment', method: 'get', params: { ticker: 'AAPL' } };
    expect(await ack(socket, 'subscribe', request)).toBeNull();
    expect(await ack(socket, 'subscribe', request)).toBeNull();
    const push = once<Push>(socket, 'res');
    clock.advance(30_000);
    expect(await push).toEqual({
      ...request,
      timestamp: '2014-09-15T09:04:00.000Z',
      results: [{ ts: '2014-09-15T09:03:00.000Z', ticker: 'AAPL', average_sentiment: expect.stringMatching(/^-?\d+(\.\d+)?(e-\d+)?$/) }],
    });
    expect(sim.subscriptions()).toEqual([{ socketId: socket.id, path: request.path, params: request.params, version: 'A' }]);
    expect(await ack(socket, 'unsubscribe', { ...request, method: 'GET' })).toBeNull();
    expect(sim.subscriptions()).toEqual([]);
    expect(await ack(socket, 'subscribe', { path: 'crowd-sentiment', params: {} })).toBeNull();
    const res: Push[] = [];
    socket.on('res', (p: Push) => res.push(p));
    const next = once<Push>(socket, 'data');
    clock.advance(60_000);
    expect((await next).timestamp).toBe('2014-09-15T09:05:00.000Z');
    expect(res).toEqual([]);
  });

  it('pushes version B data for every ticker with the chart-data fields', async () => {
    await start({ tickers: ['CSCO', 'EURAUD'] });
    const socket = await connected();
    expect(await ack(socket, 'subscribe', { path: 'market-prophit-sentiment-chart-data', params: {} })).toBeNull();
    const push = once<Push>(socket, 'data');
    clock.advance(1000);
    const { path, params, results } = await push;
    expect({ path, params }).toEqual({ path: 'market-prophit-sentiment-chart-data', params: {} });
    expect(results.map((r) => r.ticker)).toEqual(['CSCO', 'EURAUD']);
    expect(Object.keys(results[0]!)).toEqual([
      'ts',
      'ticker',
      'mp_sentiment',
      'mp_sentiment_moving_average',
      'mp_sentiment_z_score',
      'mp_sentiment_z_score_moving_avg',
    ]);
    expect(results[0]!.ts).toBe('2014-09-15T09:03:30.000Z');
  });

  it('sends user sentiment for every user and ticker, as JSON numbers when asked, on the data event when asked', async () => {
    await start({ tickers: ['AAPL'], numbers: 'number', event: 'data' });
    const socket = await connected();
    expect(await ack(socket, 'subscribe', { path: '/real-time/user-sentiment', method: 'GET', params: {} })).toBeNull();
    const push = once<Push>(socket, 'data');
    clock.advance(1000);
    const { results } = await push;
    expect(results).toHaveLength(2);
    for (const record of results) {
      expect(record).toEqual({ ts: expect.any(String), user_id: expect.any(String), ticker: 'AAPL', sentiment: expect.any(Number), user_score: expect.any(Number) });
    }
  });

  it('refuses unknown paths, other methods, missing or bad tickers and missing streaming access', async () => {
    await start();
    const socket = await connected();
    expect(await ack(socket, 'subscribe', { path: '/real-time/nope', method: 'get', params: { ticker: 'AAPL' } })).toBe("Unknown path '/real-time/nope'");
    expect(await ack(socket, 'subscribe', { path: '/historical/crowd-sentiment', method: 'get', params: { ticker: 'AAPL' } })).toBe(
      "Unknown path '/historical/crowd-sentiment'",
    );
    expect(await ack(socket, 'subscribe', { path: '/real-time/tweet-volume', method: 'POST', params: { ticker: 'AAPL' } })).toBe("Method 'POST' not allowed");
    expect(await ack(socket, 'subscribe', { path: '/real-time/tweet-buzz', method: 'get', params: {} })).toBe("Missing required parameter 'ticker'");
    expect(await ack(socket, 'subscribe', { path: '/real-time/tweet-buzz', method: 'get', params: { ticker: 'A-B' } })).toBe("Invalid ticker 'A-B'");
    expect(await ack(socket, 'subscribe', 'crowd-sentiment')).toMatch(/^Invalid subscription/);
    expect(sim.subscriptions()).toEqual([]);
    await sim.close();
    await start({ streamingAccess: false });
    expect(await ack(await connected(), 'subscribe', { path: 'crowd-sentiment', params: {} })).toBe('Streaming access denied');
  });

  it('runs market time faster with speed: a minute of pushes per real second', async () => {
    await start({ speed: 60 });
    const socket = await connected();
    await ack(socket, 'subscribe', { path: '/real-time/crowd-sentiment', method: 'get', params: { ticker: 'AAPL' } });
    const first = once<Push>(socket, 'res');
    clock.advance(500);
    expect(await first).toMatchObject({ timestamp: '2014-09-15T09:04:00.000Z', results: [{ ts: '2014-09-15T09:03:00.000Z' }] });
    const second = once<Push>(socket, 'res');
    clock.advance(1000);
    expect(await second).toMatchObject({ timestamp: '2014-09-15T09:05:00.000Z', results: [{ ts: '2014-09-15T09:04:00.000Z' }] });
  });

  it('sends endpoint errors as err to version A subscriptions', async () => {
    await start();
    const socket = await connected();
    await ack(socket, 'subscribe', { path: '/real-time/tweet-volume', method: 'get', params: { ticker: 'MSFT' } });
    const err = once(socket, 'err');
    sim.endpointError('/real-time/tweet-volume', 'try again later');
    expect(await err).toEqual({ path: '/real-time/tweet-volume', params: { ticker: 'MSFT' }, message: 'try again later' });
  });
});

describe('faults', () => {
  beforeEach(() => start());

  it('malformed pushes a record with a non-numeric value on the first subscription', async () => {
    const socket = await connected();
    await ack(socket, 'subscribe', { path: 'crowd-sentiment', params: {} });
    const push = once<Push>(socket, 'data');
    sim.faults.malformed();
    expect((await push).results).toEqual([{ ts: 'not-a-time', ticker: 'AAPL', crowd_sentiment: 'n/a' }]);
  });

  it('stall withholds pushes until resumed; drop disconnects every socket', async () => {
    const socket = await connected();
    await ack(socket, 'subscribe', { path: 'market-prophit-sentiment', params: {} });
    sim.faults.stall();
    clock.advance(1000);
    sim.faults.resume();
    const push = once<Push>(socket, 'data');
    clock.advance(1000);
    expect((await push).results[0]!.ts).toBe('2014-09-15T09:03:31.000Z');
    const disconnects = firstValueFrom(sim.events$.pipe(filter((e) => e.type === 'disconnect'), take(1), timeout(5000)));
    const reason = once<string>(socket, 'disconnect');
    sim.faults.drop();
    expect(await reason).toBe('io server disconnect');
    expect(await disconnects).toMatchObject({ type: 'disconnect', socketId: expect.any(String) });
  });

  it('drop without grace destroys the TCP sockets', async () => {
    const socket = await connected();
    const reason = once<string>(socket, 'disconnect');
    sim.faults.drop({ graceful: false });
    expect(await reason).toBe('transport close');
  });
});

describe('events$', () => {
  it('reports tokens, connects, subscribes with their acknowledgement, and refusals', async () => {
    await start();
    const seen = firstValueFrom(sim.events$.pipe(take(4), toArray(), timeout(5000)));
    const socket = await connected();
    await ack(socket, 'subscribe', { path: 'crowd-sentiment', params: {} });
    await once(open({ token: 'bad' }), 'connect_error');
    expect((await seen).map((e) => e.type)).toEqual(['jwt', 'connect', 'subscribe', 'refused']);
  });
});
