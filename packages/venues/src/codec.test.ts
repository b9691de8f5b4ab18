import fc from 'fast-check';
import { FineryApiError } from '@org/finery';
import { decodeVenueEvent, encodeVenueEvent, VenueCodecError, WireError } from './codec';
import { VENUE_NAMES } from './types';
import type { VenueEvent } from './types';

const num = fc.double({ noNaN: true, noDefaultInfinity: true }).map((n) => (Object.is(n, -0) ? 0 : n));
const time = fc.integer({ min: 0, max: 2 ** 45 });
const text = fc.string({ maxLength: 12 });
const opt = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
const level = fc.tuple(num, num);
const json = fc.jsonValue({ maxDepth: 3 }).map((value) => JSON.parse(JSON.stringify(value)) as unknown);

const base = fc.record(
  { venue: fc.constantFrom(...VENUE_NAMES), symbol: text, venueSymbol: text, exchangeTime: time, receivedAt: time, raw: json },
  { requiredKeys: ['venue', 'receivedAt'] },
);
const error = fc
  .record({ name: text, message: text, code: opt(fc.oneof(text, fc.integer())), fatal: fc.boolean() })
  .map(({ name, message, code, fatal }) => Object.assign(new Error(message), { name, fatal }, code === undefined ? {} : { code }));
const state = fc.record(
  {
    status: fc.constantFrom('idle', 'connecting', 'connected', 'reconnecting', 'closed' as const),
    attempt: fc.nat(),
    since: time,
    error,
    delayMs: fc.nat(),
    detail: fc.dictionary(text, fc.oneof(text, fc.integer())),
  },
  { requiredKeys: ['status', 'attempt', 'since'] },
);
const bodies = {
  book: fc.record(
    { bids: fc.array(level, { maxLength: 5 }), asks: fc.array(level, { maxLength: 5 }), snapshot: fc.boolean(), seq: fc.nat(), venueSequence: fc.nat(), depth: fc.nat() },
    { requiredKeys: ['bids', 'asks', 'snapshot', 'seq', 'depth'] },
  ),
  trade: fc.record({ price: num, size: num, side: fc.constantFrom('buy', 'sell' as const), tradeId: text }, { requiredKeys: ['price', 'size'] }),
  order: fc.record(
    { action: fc.constantFrom('created', 'updated', 'canceled', 'completed' as const), orderId: text, side: fc.constantFrom('bid', 'ask' as const), price: num, size: num },
    { requiredKeys: ['action', 'orderId'] },
  ),
  quote: fc.record({ bid: num, ask: num, size: num, quoteId: text }, { requiredKeys: [] }),
  balance: fc.record({ asset: text, available: num, allocated: num, sequence: fc.nat() }, { requiredKeys: ['asset', 'available'] }),
  sentiment: fc.record({ metric: text, value: num, fields: fc.dictionary(text, fc.oneof(num, text)) }),
  status: fc.record({ state }),
  error: fc.record({ error, fatal: fc.boolean() }),
};
const event: fc.Arbitrary<VenueEvent> = fc.oneof(
  ...Object.entries(bodies).map(([kind, body]) =>
    fc.tuple(base, body as fc.Arbitrary<object>).map(([b, fields]) => ({ ...b, kind, ...fields }) as VenueEvent),
  ),
);

/** What an event is once its errors crossed the wire: plain `{ name, message, code?, fatal }`. */
const plain = (value: unknown): unknown =>
  JSON.parse(JSON.stringify(value, (_k, v: unknown) => (v instanceof Error ? { ...v, name: v.name, message: v.message } : v)));

test('decode(encode(event)) deep-equals the event, errors as WireError with name, message, code and fatal', () => {
  fc.assert(
    fc.property(event, (original) => {
      const decoded = decodeVenueEvent(encodeVenueEvent(original));
      expect(plain(decoded)).toEqual(plain(original));
      expect(encodeVenueEvent(decoded)).toBe(encodeVenueEvent(original));
      if (decoded.kind === 'error') expect(decoded.error).toBeInstanceOf(WireError);
      if (decoded.kind === 'status' && decoded.state.error) expect(decoded.state.error).toBeInstanceOf(WireError);
    }),
    { numRuns: 500 },
  );
});

test('bytes decode like strings, a trailing newline is allowed, v: 1 comes first', () => {
  const trade: VenueEvent = { venue: 'etorox', kind: 'trade', symbol: 'ETH-USD', receivedAt: 5, price: 230.01, size: 18.421, raw: { a: [1] } };
  const line = encodeVenueEvent(trade);
  expect(line.startsWith('{"v":1,"venue":"etorox"')).toBe(true);
  expect(decodeVenueEvent(Buffer.from(`${line}\n`))).toEqual(trade);
  expect(decodeVenueEvent(new TextEncoder().encode(line))).toEqual(trade);
});

test('a venue error keeps its name, message, numeric code and fatal flag', () => {
  const original = new FineryApiError(3, 'handshake', true);
  const decoded = decodeVenueEvent(encodeVenueEvent({ venue: 'finery', kind: 'error', receivedAt: 1, error: original, fatal: true }));
  expect(decoded).toMatchObject({ kind: 'error', fatal: true });
  const error = (decoded as Extract<VenueEvent, { kind: 'error' }>).error as WireError;
  expect([error.name, error.message, error.code, error.fatal]).toEqual(['FineryApiError', original.message, 3, true]);
});

const bad: readonly [string, string, RegExp][] = [
  ['garbage', 'INVALID_JSON', /not JSON/],
  ['{"v":1,"venue":"finery","kind":"bo', 'INVALID_JSON', /not JSON/],
  ['', 'INVALID_JSON', /not JSON/],
  ['{"v":2,"venue":"finery","kind":"book","receivedAt":1,"bids":[],"asks":[]}', 'UNSUPPORTED_VERSION', /v is 2/],
  ['{"venue":"finery","kind":"book","receivedAt":1,"bids":[],"asks":[]}', 'UNSUPPORTED_VERSION', /v is missing/],
  ['[1,2]', 'INVALID_EVENT', /not a JSON object/],
  ['null', 'INVALID_EVENT', /not a JSON object/],
  ['{"v":1,"venue":"finery","kind":"candle","receivedAt":1}', 'INVALID_EVENT', /unknown kind "candle"/],
  ['{"v":1,"venue":"kraken","kind":"trade","receivedAt":1,"price":1,"size":1}', 'INVALID_EVENT', /venue is invalid/],
  ['{"v":1,"venue":"finery","kind":"book","receivedAt":1,"bids":[[1]],"asks":[]}', 'INVALID_EVENT', /bids is invalid/],
  ['{"v":1,"venue":"finery","kind":"book","receivedAt":1,"bids":[],"asks":[],"seq":0,"depth":25}', 'INVALID_EVENT', /snapshot is missing/],
  ['{"v":1,"venue":"finery","kind":"book","receivedAt":1,"bids":[],"asks":[],"snapshot":1,"seq":0,"depth":25}', 'INVALID_EVENT', /snapshot is invalid/],
  ['{"v":1,"venue":"etorox","kind":"book","receivedAt":1,"bids":[],"asks":[],"snapshot":true,"seq":0,"depth":0,"venueSequence":"7"}', 'INVALID_EVENT', /venueSequence is invalid/],
  ['{"v":1,"venue":"finery","kind":"trade","receivedAt":1,"price":"1","size":1}', 'INVALID_EVENT', /price is invalid/],
  ['{"v":1,"venue":"finery","kind":"error","receivedAt":1,"fatal":false,"error":"boom"}', 'INVALID_EVENT', /error is invalid/],
  ['{"v":1,"venue":"finery","kind":"toString","receivedAt":1}', 'INVALID_EVENT', /unknown kind/],
  // Lines that start as encodeVenueEvent writes them but are not what it writes:
  ['{"v":1,"venue":"finery","kind":"trade","receivedAt":1,"price":1,"size":1,"v":2}', 'UNSUPPORTED_VERSION', /v is 2/],
  ['{"v":1,}', 'INVALID_JSON', /not JSON/],
  ['{"v":1,"venue":"finery","kind":"trade","receivedAt":1,"price":1,"size":1,}', 'INVALID_JSON', /not JSON/],
];

test('an invalid line says where JSON.parse of the whole line stops', () => {
  const line = '{"v":1,"venue":"finery","kind":"trade","receivedAt":1,"price":1,"size":1,}';
  let expected = '';
  try {
    JSON.parse(line);
  } catch (error) {
    expected = (error as Error).message;
  }
  expect(() => decodeVenueEvent(line)).toThrow(`not JSON (${expected})`);
});

test.each(bad)('decode of %j is a VenueCodecError %s', (line, code, reason) => {
  let thrown: unknown;
  try {
    decodeVenueEvent(line);
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(VenueCodecError);
  expect(thrown).toMatchObject({ code, fatal: false, reason: expect.stringMatching(reason), sample: line.slice(0, 200) });
});

test('decode never throws anything but a VenueCodecError, whatever the input', () => {
  const inputs = fc.oneof(fc.string(), fc.jsonValue().map((v) => JSON.stringify({ v: 1, ...(typeof v === 'object' ? v : { x: v }) })));
  fc.assert(
    fc.property(inputs, (line) => {
      try {
        decodeVenueEvent(line);
      } catch (error) {
        expect(error).toBeInstanceOf(VenueCodecError);
      }
    }),
    { numRuns: 500 },
  );
});

test('lines over maxLength are refused before parsing', () => {
  expect(() => decodeVenueEvent('x'.repeat(11), { maxLength: 10 })).toThrow(expect.objectContaining({ code: 'TOO_LARGE' }));
});
