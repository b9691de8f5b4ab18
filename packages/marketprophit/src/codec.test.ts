import fc from 'fast-check';
import { decodeMarketProphitErr, decodeMarketProphitPush, parseMarketProphitRecord } from './codec';
import { MarketProphitError } from './errors';

const record = { ts: '2014-08-12T20:38:00.000Z', ticker: 'AAPL', average_sentiment: '0.3671460543121055' };

describe('decodeMarketProphitPush (marketprophit.md §4, §5)', () => {
  it('accepts a push object, a bare array, a single record and any of them as JSON text', () => {
    const push = { path: 'crowd-sentiment', params: {}, timestamp: '2014-09-15T05:06:01.321Z', results: [record] };
    expect(decodeMarketProphitPush(push)).toBe(push);
    expect(decodeMarketProphitPush([record])).toEqual({ results: [record] });
    expect(decodeMarketProphitPush(record)).toEqual({ results: [record] });
    expect(decodeMarketProphitPush(JSON.stringify(push))).toEqual(push);
  });

  it.each([['malformed'], [42], [null], [{ path: 'x', results: 'nope' }], [{ path: 7, results: [] }], [{ hello: 'world' }]])(
    'rejects %j as MALFORMED',
    (payload) => {
      expect(() => decodeMarketProphitPush(payload)).toThrow(expect.objectContaining({ code: 'MALFORMED', fatal: false }));
    },
  );
});

describe('parseMarketProphitRecord (marketprophit.md §7)', () => {
  it('parses decimal strings and JSON numbers to numbers and keeps ts as sent', () => {
    expect(parseMarketProphitRecord('/real-time/crowd-sentiment', record)).toEqual({ ...record, average_sentiment: 0.3671460543121055 });
    expect(parseMarketProphitRecord('/real-time/tweet-volume', { ts: record.ts, ticker: 'TSLA', volume: 17, extra: 'dropped' })).toEqual({
      ts: record.ts,
      ticker: 'TSLA',
      volume: 17,
    });
  });

  it('accepts both spellings of the z-score moving average of the chart-data paths', () => {
    const raw = { ts: record.ts, ticker: 'CSCO', mp_sentiment: '0.1', mp_sentiment_moving_average: '-0.2', mp_sentiment_z_score: '1e-3', mp_sentiment_z_score_moving_avg: '.5' };
    expect(parseMarketProphitRecord('market-prophit-sentiment-chart-data', raw)).toEqual({
      ts: record.ts,
      ticker: 'CSCO',
      mp_sentiment: 0.1,
      mp_sentiment_moving_average: -0.2,
      mp_sentiment_z_score: 0.001,
      mp_sentiment_z_score_moving_average: 0.5,
    });
  });

  it('accepts every decimal form and ISO-8601 layout of §7.3', () => {
    for (const value of ['-1.', '+.5', '1E-05', '2e+3', ' 2.5 ']) {
      expect(parseMarketProphitRecord('/real-time/crowd-sentiment', { ...record, average_sentiment: value })).toMatchObject({ average_sentiment: Number(value) });
    }
    for (const ts of ['2014-08-12T20:38', '2014-08-12T20:38Z', '2014-08-12T20:38:00.5+05:30', '2014-08-12T20:38:00-0530', '2014-08-12T20:38:00.123456Z']) {
      expect(parseMarketProphitRecord('/real-time/crowd-sentiment', { ...record, ts })).toMatchObject({ ts });
    }
  });

  it('reads user_id as a string', () => {
    expect(parseMarketProphitRecord('user-sentiment', { ts: record.ts, ticker: 'AAPL', user_id: 1024, sentiment: 1, user_score: '0.7' })).toEqual({
      ts: record.ts,
      ticker: 'AAPL',
      user_id: '1024',
      sentiment: 1,
      user_score: 0.7,
    });
  });

  it.each([
    ['a non-numeric value', { ...record, average_sentiment: 'n/a' }, 'average_sentiment'],
    ['a missing value', { ts: record.ts, ticker: 'AAPL' }, 'average_sentiment'],
    ['a lone dot', { ...record, average_sentiment: '.' }, 'average_sentiment'],
    ['an exponent without digits', { ...record, average_sentiment: '1e+' }, 'average_sentiment'],
    ['two dots', { ...record, average_sentiment: '1.2.3' }, 'average_sentiment'],
    ['a hexadecimal string', { ...record, average_sentiment: '0x10' }, 'average_sentiment'],
    ['a decimal beyond the double range', { ...record, average_sentiment: '1e400' }, 'average_sentiment'],
    ['Infinity', { ...record, average_sentiment: '-Infinity' }, 'average_sentiment'],
    ['an unparsable ts', { ...record, ts: 'yesterday' }, 'ts'],
    ['a ts with a space for T', { ...record, ts: '2014-08-12 20:38' }, 'ts'],
    ['a ts with a fraction without digits', { ...record, ts: '2014-08-12T20:38:00.+0530' }, 'ts'],
    ['a ts with a short zone', { ...record, ts: '2014-08-12T20:38:00+05:3' }, 'ts'],
    ['a ts with trailing text', { ...record, ts: '2014-08-12T20:38:00ZZ' }, 'ts'],
    ['a date without a time', { ...record, ts: '2014-08-12' }, 'ts'],
    ['an empty ticker', { ...record, ticker: '' }, 'ticker'],
  ])('rejects %s as MALFORMED naming the field', (_, raw, field) => {
    let error: unknown;
    try {
      parseMarketProphitRecord('/real-time/crowd-sentiment', raw);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(MarketProphitError);
    expect(error).toMatchObject({ code: 'MALFORMED', detail: { path: '/real-time/crowd-sentiment' } });
    expect((error as Error).message).toContain(`(${field})`);
  });
});

describe('decodeMarketProphitErr (marketprophit.md §4)', () => {
  it('reads {path, params, message} and bare strings as transient ENDPOINT_ERRORs', () => {
    expect(decodeMarketProphitErr({ path: '/real-time/tweet-buzz', params: { ticker: 'AAPL' }, message: 'boom' })).toMatchObject({
      code: 'ENDPOINT_ERROR',
      fatal: false,
      message: 'Market Prophit endpoint error on /real-time/tweet-buzz: boom',
      detail: { path: '/real-time/tweet-buzz', params: { ticker: 'AAPL' } },
    });
    expect(decodeMarketProphitErr('rate limited')).toMatchObject({ code: 'ENDPOINT_ERROR', message: 'Market Prophit endpoint error: rate limited' });
  });
});

describe('parseMarketProphitRecord fast paths (number strings, repeated ts)', () => {
  // The value rule before the fast path: Number() of the trimmed text, finite, not empty, no 0x/0o/0b prefix.
  const reference = (value: unknown): number | undefined => {
    if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
    if (typeof value !== 'string') return undefined;
    const number = Number(value);
    const text = value.trim();
    return !Number.isFinite(number) || text === '' || /^0[xob]/i.test(text) ? undefined : number;
  };
  const parse = (value: unknown, ts = '2014-08-12T20:38:00Z') => {
    try {
      return parseMarketProphitRecord('/real-time/crowd-sentiment', { ts, ticker: 'AAPL', average_sentiment: value }).average_sentiment;
    } catch {
      return undefined;
    }
  };

  it('reads a value exactly as the reference rule does', () => {
    const text = fc.oneof(
      fc.string({ maxLength: 8 }),
      fc.double().map(String),
      fc.constantFrom(' 1', '1 ', '-1', '-.5', '.5', '+1', '0x10', '-0x10', '0b1', '0o7', '', ' ', '1e400', '-Infinity', 'Infinity', '1_0', '\n2', '0', '00.5', '9e-9'),
      fc.tuple(fc.constantFrom('', ' ', '-', '.', '0', '\t'), fc.nat().map(String)).map(([a, b]) => a + b),
    );
    fc.assert(fc.property(fc.oneof(text, fc.double(), fc.constant(null)), (value) => expect(parse(value)).toEqual(reference(value))), { numRuns: 3000 });
  });

  it('still rejects a bad ts after a good one, and a good ts after a bad one is read', () => {
    expect(parse('1', '2014-08-12T20:38:00Z')).toBe(1);
    expect(parse('1', '2014-08-12T20:38:00Z')).toBe(1);
    expect(parse('1', '')).toBeUndefined();
    expect(parse('1', '2014-08-12 20:38')).toBeUndefined();
    expect(parse('2', '2014-08-12T20:39:00Z')).toBe(2);
  });
});
