import fc from 'fast-check';
import { from, lastValueFrom, toArray } from 'rxjs';
import { decodeEnvelope, HERCLE_MAX_DEPTH, isErrorSubject, ofSubject } from './codec';

const envelope = (subject: string, data: unknown) => ({ channel: 'executionEvents', topic: 'Account', subject, type: 'message', clientId: 'c1', data });

describe('decodeEnvelope (hercle.md §2, §5)', () => {
  it('parses data given as a JSON string and keeps the raw string', () => {
    const raw = '{"userId":"u","sequence":123,"assets":[{"name":"BTC","available":0.5,"allocated":0}],"deleted":false}';
    expect(decodeEnvelope('executionEvents', envelope('account.balances.snapshot', raw))).toEqual({
      kind: 'message',
      target: 'executionEvents',
      channel: 'executionEvents',
      topic: 'Account',
      type: 'message',
      clientId: 'c1',
      subject: 'account.balances.snapshot',
      raw,
      data: { userId: 'u', sequence: 123, assets: [{ name: 'BTC', available: 0.5, allocated: 0 }], deleted: false },
    });
  });

  it('accepts data already parsed as an object', () => {
    const event = decodeEnvelope('executionEvents', envelope('execution.pairs', [{ name: 'BTCUSDT' }]));
    expect(event).toMatchObject({ kind: 'message', subject: 'execution.pairs', data: [{ name: 'BTCUSDT' }] });
  });

  it('reads the error reason from statusError, then message', () => {
    expect(decodeEnvelope('executionEvents', envelope('execution.order.error', '{"statusError":"Insufficient","message":"m"}'))).toMatchObject({ kind: 'error', reason: 'Insufficient' });
    expect(decodeEnvelope('executionEvents', envelope('preChecksError', '{"message":"PageSize too big","field":"PageSize"}'))).toMatchObject({
      kind: 'error',
      reason: 'PageSize too big',
      data: { field: 'PageSize' },
    });
    expect(decodeEnvelope('executionEvents', envelope('account.kyc.error', '"KYC pending"'))).toMatchObject({ kind: 'error', reason: 'KYC pending' });
    expect(isErrorSubject('execution.order.executed')).toBe(false);
  });

  it('passes untyped subjects through as other', () => {
    expect(decodeEnvelope('executionEvents', envelope('banking.transfer.created', '{"id":1}'))).toMatchObject({ kind: 'other', data: { id: 1 } });
  });

  it.each([
    ['a non-object envelope', 'text'],
    ['an envelope without subject', { data: '{}' }],
    ['data that is not JSON', envelope('execution.feeds.priceUpdate', '{"id":')],
    ['data of the wrong shape', envelope('execution.feeds.priceUpdate', '{"id":"p","pair":"BTCUSDT"}')],
    [
      'a price beyond the float range',
      envelope('execution.feeds.priceUpdate', '{"id":"p","pair":"BTCUSDT","size":1e400,"buyPrice":1,"sellPrice":1}'),
    ],
  ])('returns a malformed event for %s', (_label, payload) => {
    const event = decodeEnvelope('subscriptions', payload);
    expect(event.kind).toBe('malformed');
    expect(event.kind === 'malformed' && event.error.code).toBe('PROTOCOL');
  });
});

describe('ofSubject', () => {
  it('keeps the well-formed messages of one subject', async () => {
    const events = [
      decodeEnvelope('executionEvents', envelope('execution.pairs', '[]')),
      decodeEnvelope('executionEvents', envelope('account.balances.snapshot', '{"sequence":1,"assets":[]}')),
      decodeEnvelope('executionEvents', envelope('account.balances.snapshot', '{"sequence":')),
    ];
    const kept = await lastValueFrom(from(events).pipe(ofSubject('account.balances.snapshot'), toArray()));
    expect(kept.map((e) => e.data.sequence)).toEqual([1]);
  });
});

describe('decodeEnvelope on hostile envelopes (bounded work, never throws)', () => {
  const deepText = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);
  const deepValue = (depth: number): unknown => {
    let value: unknown = [];
    for (let level = 1; level < depth; level += 1) value = [value];
    return value;
  };

  it.each([
    ['error data 100 000 levels deep', envelope('preChecksError', deepText(100_000))],
    ['*.error data 100 000 levels deep', envelope('execution.order.error', deepText(100_000))],
    ['untyped data 100 000 levels deep', envelope('banking.transfer.created', deepText(100_000))],
    ['data as a deep object', envelope('preChecksError', deepValue(100_000))],
    ['typed data with a deep extra field', envelope('execution.pairs', `[{"name":"BTCUSDT","x":${deepText(HERCLE_MAX_DEPTH)}}]`)],
    ['a price update with a deep extra field', envelope('execution.feeds.priceUpdate', `{"id":"p","pair":"BTCUSDT","size":1,"buyPrice":2,"sellPrice":1,"x":${deepText(HERCLE_MAX_DEPTH)}}`)],
  ])('returns a malformed event for %s', (_label, payload) => {
    const event = decodeEnvelope('executionEvents', payload);
    expect(event).toMatchObject({ kind: 'malformed', subject: payload.subject, error: { code: 'PROTOCOL', message: expect.stringContaining('nested deeper than 64') } });
    expect(() => JSON.stringify({ ...event, raw: undefined })).not.toThrow();
  });

  it('returns a malformed event for a deep non-object envelope, with a placeholder raw', () => {
    expect(decodeEnvelope('subscriptions', deepValue(100_000))).toMatchObject({ kind: 'malformed', raw: '[unserializable array]' });
  });

  it('accepts data nested exactly to the limit', () => {
    const event = decodeEnvelope('executionEvents', envelope('banking.transfer.created', deepText(HERCLE_MAX_DEPTH)));
    expect(event.kind).toBe('other');
  });
});

describe('decodeEnvelope fast path for the price subjects', () => {
  const field = fc.oneof(fc.string({ maxLength: 3 }), fc.double(), fc.constantFrom(null, true, Number.POSITIVE_INFINITY, '1', Number.NaN), fc.constant({}));
  // The generic rule the spelled-out checks replace: each listed field a string, or a finite number.
  const generic = (data: unknown, types: Record<string, 'string' | 'number'>) =>
    typeof data === 'object' && data !== null && !Array.isArray(data) &&
    Object.entries(types).every(([name, type]) => (type === 'number' ? Number.isFinite((data as Record<string, unknown>)[name]) : typeof (data as Record<string, unknown>)[name] === type));

  it.each([
    ['execution.pair.price', { id: 'string', price: 'number', size: 'number' }],
    ['execution.feeds.priceUpdate', { id: 'string', pair: 'string', size: 'number', buyPrice: 'number', sellPrice: 'number' }],
  ] as const)('%s is a message exactly when the generic shape rule holds, with the same fields', (subject, types) => {
    fc.assert(
      fc.property(fc.record({ id: field, pair: field, price: field, size: field, buyPrice: field, sellPrice: field }, { requiredKeys: [] }), fc.boolean(), (data, asString) => {
        const payload = { channel: 'subscriptions', subject, clientId: 'c', data: asString ? JSON.stringify(data) : data };
        const event = decodeEnvelope('subscriptions', payload);
        const parsed = asString ? JSON.parse(JSON.stringify(data)) : data;
        expect(event.kind).toBe(generic(parsed, types) ? 'message' : 'malformed');
        expect(Object.keys(event)).toEqual(['target', 'channel', 'clientId', ...(asString ? ['raw'] : []), 'kind', 'subject', event.kind === 'message' ? 'data' : 'error']);
      }),
    );
  });

  it('a subject named like an Object.prototype member is an other event, not a message', () => {
    expect(decodeEnvelope('subscriptions', { subject: 'constructor', data: '{}' })).toMatchObject({ kind: 'other', subject: 'constructor', data: {} });
  });
});
