/**
 * Property-based fuzz tests of the Market Prophit push codec (marketprophit.md §4–§7), and of
 * the client fed malformed pushes by the simulator and mutated ones by a raw socket.io server.
 */
import { decodeMarketProphitPush, MARKET_PROPHIT_VALUE_FIELDS, MarketProphitClient, MarketProphitError, parseMarketProphitRecord } from '@org/marketprophit';
import type { MarketProphitPath } from '@org/marketprophit';
import { marketProphitDemoCredentials, startMarketProphitSimulator } from '@org/venue-sim';
import fc from 'fast-check';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { filter, firstValueFrom, of, timeout } from 'rxjs';
import { Server } from 'socket.io';
import { mutatedText, mutatedValue } from './mutate';
import { useFuzzSeed } from './seed';

useFuzzSeed();

const paths = Object.keys(MARKET_PROPHIT_VALUE_FIELDS) as MarketProphitPath[];
const value = fc.oneof(
  fc.double({ min: -10, max: 10, noNaN: true }),
  fc.integer({ min: -1e6, max: 1e6 }).map((n) => (n / 1e3).toString()),
);

/** A record of `path` as the venue sends it (§7.1–§7.3): `ts`, `ticker`, the value fields, `user_id` where per user. */
const record = (path: MarketProphitPath) =>
  fc.record({
    ts: fc.constantFrom('2014-08-27T14:31:00', '2014-08-27T14:31:05.000Z', '2014-08-27T14:31+02:00'),
    ticker: fc.constantFrom('AAPL', 'EURAUD'),
    user_id: fc.oneof(fc.nat(), fc.constant('u1')),
    ...Object.fromEntries((MARKET_PROPHIT_VALUE_FIELDS[path] as readonly string[]).map((field) => [field, value])),
  });

const pathAndRecord = fc.constantFrom(...paths).chain((path) => fc.tuple(fc.constant(path), record(path)));
const push = pathAndRecord.map(([path, r]) => ({ path, params: { ticker: 'AAPL' }, timestamp: '2014-08-27T14:31:05.000Z', results: [r] }));

const isMalformed = (error: unknown) => error instanceof MarketProphitError && error.code === 'MALFORMED';

describe('marketprophit codec (fuzz)', () => {
  test('a push decodes to a results array or fails with MALFORMED, nothing else', () => {
    fc.assert(
      fc.property(fc.oneof(push, mutatedValue(push), mutatedText(push), fc.anything()), (payload) => {
        try {
          expect(Array.isArray(decodeMarketProphitPush(payload).results)).toBe(true);
        } catch (error) {
          if (!isMalformed(error)) throw error;
        }
      }),
      { numRuns: 3_000 },
    );
  });

  test('a record parses with a time, a ticker and finite numbers, or fails with MALFORMED', () => {
    fc.assert(
      fc.property(
        pathAndRecord.chain(([path, r]) => fc.tuple(fc.constant(path), fc.oneof(fc.constant(r as unknown), mutatedValue(fc.constant(r))))),
        ([path, raw]) => {
          try {
            const parsed = parseMarketProphitRecord(path, raw) as unknown as Record<string, unknown>;
            expect(typeof parsed.ts === 'string' && typeof parsed.ticker === 'string' && parsed.ticker !== '').toBe(true);
            for (const field of MARKET_PROPHIT_VALUE_FIELDS[path]) expect(Number.isFinite(parsed[field])).toBe(true);
          } catch (error) {
            if (!isMalformed(error)) throw error;
          }
        },
      ),
      { numRuns: 3_000 },
    );
  });
});

// Regression: a value field "1e400" (a decimal string beyond the double range, §7.3) once
// parsed to Infinity; it is MALFORMED.
test('a value "1e400" is MALFORMED, not Infinity', () => {
  const raw = { ts: '2014-08-27T14:31:00', ticker: 'AAPL', signal_value: '1e400' };
  expect(() => parseMarketProphitRecord('/real-time/market-prophit-sentiment', raw)).toThrow(MarketProphitError);
});

describe('marketprophit client on the simulator fed malformed pushes (fuzz)', () => {
  test('a subscription goes on through malformed pushes, each reported as MALFORMED', async () => {
    const sim = await startMarketProphitSimulator({ speed: 50 });
    const client = new MarketProphitClient({ baseUrl: sim.url, secretKey: marketProphitDemoCredentials.secretKey, reconnect: { initialDelayMs: 20, maxDelayMs: 100 } });
    const errors: unknown[] = [];
    const reported: MarketProphitError[] = [];
    const records$ = client.subscribe('/real-time/market-prophit-sentiment', { ticker: 'AAPL' });
    const subscription = records$.subscribe({ error: (e) => errors.push(e) });
    subscription.add(client.errors$.subscribe((e) => reported.push(e)));
    try {
      await firstValueFrom(records$.pipe(timeout(5_000)));
      await fc.assert(
        fc.asyncProperty(fc.integer({ min: 1, max: 5 }), async (count) => {
          const before = reported.filter(isMalformed).length;
          for (let i = 0; i < count; i += 1) sim.faults.malformed();
          const after = new Date().toISOString().slice(0, 19);
          // A record of a later second arrives: the subscription went on.
          await firstValueFrom(records$.pipe(filter((r) => r.ts.slice(0, 19) > after), timeout(5_000)));
          expect(reported.filter(isMalformed).length).toBeGreaterThanOrEqual(before + count);
          expect(errors).toEqual([]);
        }),
        { numRuns: 10, endOnFailure: true },
      );
    } finally {
      subscription.unsubscribe();
      client.close();
      await sim.close();
    }
  }, 60_000);
});

describe('marketprophit client on a socket.io server fed mutated pushes (fuzz)', () => {
  test('a subscription goes on through random and mutated pushes on res and data', async () => {
    // A minimal venue (marketprophit.md §3–§6): any token, every subscribe acknowledged.
    const http = createServer();
    const io = new Server(http, { transports: ['websocket'] });
    io.on('connection', (socket) => socket.on('subscribe', (_request: unknown, ack?: (error: null) => void) => ack?.(null)));
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    const client = new MarketProphitClient({ baseUrl: `http://127.0.0.1:${(http.address() as AddressInfo).port}`, tokens: of('fuzz-token'), reconnect: { initialDelayMs: 20, maxDelayMs: 100 } });
    const path = '/real-time/market-prophit-sentiment';
    const errors: unknown[] = [];
    const reported: unknown[] = [];
    const records$ = client.subscribe(path, { ticker: 'AAPL' });
    const subscription = records$.subscribe({ error: (e) => errors.push(e) });
    subscription.add(client.errors$.subscribe({ next: (e) => reported.push(e), error: (e) => errors.push(e) }));
    const marker = (n: number) => ({ path, method: 'get', params: { ticker: 'AAPL' }, timestamp: '2014-08-27T14:31:05.000Z', results: [{ ts: '2014-08-27T14:31:05', ticker: 'AAPL', signal_value: String(n) }] });
    const pushes = fc.array(fc.tuple(fc.constantFrom('res', 'data'), fc.oneof(mutatedValue(fc.constant(marker(0.5))), mutatedValue(push), mutatedText(push), fc.jsonValue())), { minLength: 1, maxLength: 10 });
    let round = 0;
    try {
      await new Promise<void>((resolve) => io.once('connection', (socket) => socket.once('subscribe', () => setImmediate(resolve))));
      await fc.assert(
        fc.asyncProperty(pushes, async (events) => {
          for (const [event, payload] of events) io.emit(event, payload);
          const value = (round += 1) + 0.25;
          io.emit('res', marker(value));
          // The marker record sent after the garbage arrives: the subscription went on.
          await firstValueFrom(records$.pipe(filter((r) => (r as { signal_value?: number }).signal_value === value), timeout(5_000)));
          expect(errors).toEqual([]);
        }),
        { numRuns: 25, endOnFailure: true },
      );
      expect(reported.filter(isMalformed).length).toBeGreaterThan(0);
    } finally {
      subscription.unsubscribe();
      client.close();
      await io.close();
    }
  }, 60_000);
});

/** `[[[…]]]` nested `depth` levels as JSON text: the server writes it raw, as its own encoder would overflow. */
const deepText = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);

// Found by issue 19: a push, `err` or `error` event, or a subscribe acknowledgement nested 20 000
// levels deep made the client emit a bare RangeError without a code (excerpt()'s String() fallback
// recurses on a deep array) or throw inside socket.io's callbacks. Each must be a typed event with
// a code, and the subscription goes on.
test('marketprophit client over the socket: payloads nested 20 000 deep are typed errors with a code; the stream goes on', async () => {
  const http = createServer();
  const io = new Server(http, { transports: ['websocket'], maxHttpBufferSize: 1e7 });
  const path = '/real-time/market-prophit-sentiment';
  const deep = deepText(20_000);
  // Engine.IO message packets carrying socket.io packets (socketio.md §4): EVENT `2`, ACK `3<id>`.
  io.on('connection', (socket) =>
    socket.conn.on('message', (data: unknown) => {
      const ack = /^2(\d+)\["subscribe",(.*)\]$/s.exec(String(data));
      if (!ack) return;
      const refused = ack[2]?.includes('"DEEP"');
      socket.conn.write(refused ? `3${ack[1]}[${deep}]` : `3${ack[1]}[null]`);
    }),
  );
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const client = new MarketProphitClient({ baseUrl: `http://127.0.0.1:${(http.address() as AddressInfo).port}`, tokens: of('fuzz-token'), reconnect: { initialDelayMs: 20, maxDelayMs: 100 } });
  const errors: unknown[] = [];
  const reported: MarketProphitError[] = [];
  const records$ = client.subscribe(path, { ticker: 'AAPL' });
  const subscription = records$.subscribe({ error: (e) => errors.push(e) });
  subscription.add(client.errors$.subscribe({ next: (e) => reported.push(e), error: (e) => errors.push(e) }));
  const marker = (n: number) => JSON.stringify({ path, params: { ticker: 'AAPL' }, results: [{ ts: '2014-08-27T14:31:05', ticker: 'AAPL', signal_value: String(n) }] });
  try {
    await new Promise<void>((resolve) => io.once('connection', () => setTimeout(resolve, 50)));
    await firstValueFrom(client.status$.pipe(filter((s) => s.status === 'connected'), timeout(5_000)));
    const refused = await firstValueFrom(client.subscribe(path, { ticker: 'DEEP' })).catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: 'SUBSCRIPTION_REFUSED', fatal: false, message: expect.stringContaining('[unserializable array]') });
    const send = (event: string, payload: string) => io.sockets.sockets.forEach((socket) => socket.conn.write(`2["${event}",${payload}]`));
    send('res', deep);
    send('data', `{"path":"${path}","params":{"ticker":${deep}},"results":[${deep}]}`);
    send('res', `{"path":"${path}","results":[{"ts":"2014-08-27T14:31:05","ticker":"AAPL","signal_value":${deep}}]}`);
    send('err', `{"path":"${path}","params":{"ticker":${deep}},"message":"boom"}`);
    send('err', deep);
    send('error', deep);
    send('res', marker(0.5));
    await firstValueFrom(records$.pipe(filter((r) => (r as { signal_value?: number }).signal_value === 0.5), timeout(5_000)));
    expect(reported.map((e) => e.code)).toEqual(['MALFORMED', 'MALFORMED', 'MALFORMED', 'ENDPOINT_ERROR', 'ENDPOINT_ERROR', 'CONNECTION_ERROR']);
    expect(reported.every((e) => e instanceof MarketProphitError && typeof e.message === 'string')).toBe(true);
    expect(reported[3]?.detail).toEqual({ path });
    // Every report survives serialization (a logger's JSON.stringify).
    expect(() => JSON.stringify(reported.map((e) => ({ message: e.message, ...e.detail })))).not.toThrow();
    expect(errors).toEqual([]);
  } finally {
    subscription.unsubscribe();
    client.close();
    await io.close();
  }
}, 30_000);
