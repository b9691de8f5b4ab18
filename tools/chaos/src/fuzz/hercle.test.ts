/**
 * Property-based fuzz tests of the Hercle envelope codec (hercle.md §2, §4, §5), and of the
 * client on the simulator fed mutated envelopes.
 */
import { decodeEnvelope, HercleClient, HERCLE_MAX_DEPTH, HercleProtocolError } from '@org/hercle';
import type { HercleEvent, HerclePriceUpdate } from '@org/hercle';
import { hercleDemoCredentials, startHercleSimulator } from '@org/venue-sim';
import fc from 'fast-check';
import { filter, firstValueFrom, timeout } from 'rxjs';
import { mutatedText, mutatedValue } from './mutate';
import { useFuzzSeed } from './seed';

useFuzzSeed();

const price = fc.integer({ min: 1, max: 1e9 }).map((n) => n / 100);

/** `execution.feeds.priceUpdate` data (hercle.md §4.1). */
const priceData = fc.record({
  id: fc.uuid(),
  pair: fc.constantFrom('BTCUSDT', 'ETHUSDT'),
  size: fc.constantFrom(0.5, 2),
  buyPrice: price,
  sellPrice: price,
  markPrice: price,
  timestamp: fc.constant('2020-01-01T00:00:00.000Z'),
});

const subjects = fc.constantFrom(
  'execution.feeds.priceUpdate',
  'execution.pairs',
  'execution.order.executed',
  'account.balances.snapshot',
  'preChecksError',
  'execution.order.error',
  'something.new',
);

/** Envelopes as the hub sends them: `data` a JSON string (hercle.md §2). */
const envelope = fc.tuple(subjects, fc.oneof(priceData, fc.jsonValue())).map(([subject, data]) => ({
  channel: 'subscriptions',
  topic: 'feeds',
  subject,
  type: 'message',
  clientId: 'hx-fuzz',
  data: JSON.stringify(data),
}));
const priceEnvelope = priceData.map((data) => ({ channel: 'subscriptions', subject: 'execution.feeds.priceUpdate', type: 'message', data: JSON.stringify(data) }));

/** Mutations inside the envelope and inside its `data` string (numbers overflowing a double included). */
const mutatedEnvelope = fc.oneof(mutatedValue(envelope), fc.tuple(envelope, mutatedText(priceData)).map(([e, data]) => ({ ...e, data })), fc.anything());

describe('hercle envelope codec (fuzz)', () => {
  test('decoding never throws; a typed price update has finite prices', () => {
    fc.assert(
      fc.property(mutatedEnvelope, fc.constantFrom('executionEvents', 'subscriptions') as fc.Arbitrary<'executionEvents' | 'subscriptions'>, (payload, target) => {
        const event = decodeEnvelope(target, payload);
        expect(['message', 'error', 'other', 'malformed']).toContain(event.kind);
        if (event.kind === 'malformed') expect(event.error).toBeInstanceOf(HercleProtocolError);
        if (event.kind === 'message' && event.subject === 'execution.feeds.priceUpdate') {
          const data = event.data as HerclePriceUpdate;
          expect([data.buyPrice, data.sellPrice, data.size].every(Number.isFinite)).toBe(true);
        }
      }),
      { numRuns: 3_000 },
    );
  });
});

// Found by this suite: a priceUpdate whose data held 1e400 decoded as a typed price with an
// infinite size; fixed in @org/hercle, kept as a regression case.
test('hercle: a priceUpdate with "size":1e400 is malformed, never a typed price', () => {
  const data = '{"id":"00000000-0000-1000-8000-000000000000","pair":"BTCUSDT","size":1e400,"buyPrice":0.01,"sellPrice":0.01,"markPrice":0.01,"timestamp":"2020-01-01T00:00:00.000Z"}';
  const event = decodeEnvelope('subscriptions', { channel: 'subscriptions', subject: 'execution.feeds.priceUpdate', type: 'message', data });
  expect(event.kind).toBe('malformed');
});

describe('hercle client on the simulator fed mutated envelopes (fuzz)', () => {
  test('a price stream goes on through mutated envelopes on both targets', async () => {
    const sim = await startHercleSimulator({ priceIntervalMs: 20 });
    const client = new HercleClient({ url: sim.url, apiKey: hercleDemoCredentials.apiKey, reconnect: { initialDelayMs: 20, maxDelayMs: 100 }, maintenance: null });
    const errors: unknown[] = [];
    const prices$ = client.prices('BTCUSDT', 0.5);
    const subscription = prices$.subscribe({ error: (e) => errors.push(e) });
    subscription.add(client.events$.subscribe({ error: (e) => errors.push(e) }));
    try {
      await firstValueFrom(prices$.pipe(timeout(5_000)));
      await fc.assert(
        fc.asyncProperty(fc.array(fc.oneof(mutatedEnvelope, mutatedValue(priceEnvelope)), { minLength: 1, maxLength: 8 }), async (payloads) => {
          for (const payload of payloads) sim.sendToAll(payloads.length % 2 === 0 ? 'subscriptions' : 'executionEvents', payload);
          const after = new Date().toISOString();
          // An update the simulator issued after the garbage arrives: the stream went on.
          await firstValueFrom(prices$.pipe(filter((p) => p.timestamp > after), timeout(5_000)));
          expect(errors).toEqual([]);
        }),
        { numRuns: 20, endOnFailure: true },
      );
    } finally {
      subscription.unsubscribe();
      client.close();
      await sim.close();
    }
  }, 60_000);
});

/** `[[[…]]]` nested `depth` levels, as JSON text and as a value (built without recursion). */
const deepText = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);
function deepValue(depth: number): unknown {
  let value: unknown = [];
  for (let level = 1; level < depth; level += 1) value = [value];
  return value;
}

// Found by issue 19: an error envelope whose data nested 100 000 levels deep made decodeEnvelope
// throw (JSON.stringify / String recursion) inside the SignalR callback, and the envelope vanished
// without an event. Each hostile envelope must now arrive as one malformed event over the socket.
test('hercle client over the socket: deep, huge and overflowing envelopes are malformed events; prices go on', async () => {
  const sim = await startHercleSimulator({ priceIntervalMs: 20 });
  const client = new HercleClient({ url: sim.url, apiKey: hercleDemoCredentials.apiKey, maintenance: null });
  const errors: unknown[] = [];
  const malformed: HercleEvent[] = [];
  const prices$ = client.prices('BTCUSDT', 0.5);
  const subscription = prices$.subscribe({ error: (e) => errors.push(e) });
  subscription.add(client.events$.subscribe({ next: (e) => e.kind === 'malformed' && malformed.push(e), error: (e) => errors.push(e) }));
  const hostile: [string, unknown][] = [
    ['preChecksError', deepText(100_000)],
    ['execution.order.error', deepText(100_000)],
    ['banking.transfer.created', deepText(100_000)],
    ['preChecksError', deepValue(2_000)],
    ['execution.pairs', `[{"name":"BTCUSDT","x":${deepText(HERCLE_MAX_DEPTH)}}]`],
    ['execution.pairs', JSON.stringify(new Array(200_000).fill(7))],
    ['execution.feeds.priceUpdate', '{"id":"p","pair":"BTCUSDT","size":0.5,"buyPrice":1e400,"sellPrice":1,"markPrice":1,"timestamp":"2020-01-01T00:00:00.000Z"}'],
  ];
  try {
    await firstValueFrom(prices$.pipe(timeout(5_000)));
    for (const [subject, data] of hostile) sim.sendToAll('executionEvents', { channel: 'executionEvents', subject, type: 'message', clientId: 'hx-fuzz', data });
    sim.sendToAll('subscriptions', deepValue(2_000));
    const after = new Date().toISOString();
    await firstValueFrom(prices$.pipe(filter((p) => p.timestamp > after), timeout(5_000)));
    expect(malformed.map((e) => e.subject)).toEqual([...hostile.map(([subject]) => subject), undefined]);
    expect(malformed.every((e) => e.kind === 'malformed' && e.error instanceof HercleProtocolError)).toBe(true);
    expect(errors).toEqual([]);
  } finally {
    subscription.unsubscribe();
    client.close();
    await sim.close();
  }
}, 30_000);
