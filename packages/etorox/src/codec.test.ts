import fc from 'fast-check';
import { decodeEtoroxItem, ETOROX_MAX_ITEM_DEPTH, etoroxEventKey, etoroxRequestFields } from './codec';

describe('decodeEtoroxItem', () => {
  it('reads the documented public order_canceled (etorox.md §6.1) with update_at', () => {
    const item = {
      origin_volume: 1.2, price: 1.43, id: '0222057e-8fa4-4e3b-8bd3-8c95622dc4f5', volume: 1.2, delta: -1.2, market: 'btcusd',
      name: 'order_canceled', side: 'bid', state: 'cancelled', update_at: '2020-07-28T13:44:53.798Z', snapshot_id: '234989823423',
    };
    expect(decodeEtoroxItem(item, 'btcusd')).toEqual({
      name: 'order_canceled', market: 'btcusd', id: item.id, side: 'bid', price: 1.43, volume: 1.2, delta: -1.2, origin_volume: 1.2,
      state: 'cancelled', updated_at: item.update_at, snapshot_id: '234989823423',
    });
  });

  it('accepts decimal strings, the private trade keys and a numeric snapshot_id (etorox.md §6.2)', () => {
    expect(decodeEtoroxItem({ name: 'order_updated', id: 'o', side: 'ask', price: 2, volume: 0.5, delta: '-1.5' }, 'btcusd')).toMatchObject({ delta: -1.5 });
    expect(
      decodeEtoroxItem({ name: 'trade_completed', id: 't', price: 9500, volume: 0.25, side: 'bid', execution_type: 'maker', snapshot_id: 7 }, 'btcusd'),
    ).toEqual({ name: 'trade_completed', market: 'btcusd', tid: 't', price: 9500, amount: 0.25, side: 'bid', execution_type: 'maker', snapshot_id: '7' });
    expect(decodeEtoroxItem({ name: 'trade_completed', tid: 't', price: 1, amount: '1.000000000000000000' }, 'x')).toMatchObject({ amount: 1 });
  });

  it('turns an array back into an object in the order of the fields sent, null meaning absent', () => {
    const fields = etoroxRequestFields(['volume', 'price']);
    expect(fields).toEqual(['id', 'name', 'price', 'snapshot_id', 'tid', 'volume']);
    expect(decodeEtoroxItem(['o1', 'order_created', 1.2, '9', null, 0.5], 'btcusd', fields)).toEqual({
      name: 'order_created', market: 'btcusd', id: 'o1', price: 1.2, snapshot_id: '9', volume: 0.5,
    });
    expect(decodeEtoroxItem([null, 'trade_completed', 1.2, '10', 't1', null], 'btcusd', fields)).toEqual({
      name: 'trade_completed', market: 'btcusd', tid: 't1', price: 1.2, snapshot_id: '10',
    });
  });

  it.each([
    ['a non-object', 'text', undefined, 'Expected an object item'],
    ['an object for fields', { name: 'order_created' }, ['name'], 'Expected an array item for a subscription with fields'],
    ['an unknown name', { name: 'order_exploded' }, undefined, 'Unknown item name "order_exploded"'],
    ['a bad side', { name: 'order_created', id: 'o', side: 'buy', price: 1, volume: 1 }, undefined, 'Field side has an invalid value'],
    ['a missing volume', { name: 'order_created', id: 'o', side: 'bid', price: 1 }, undefined, 'Field volume is missing'],
    ['a non-decimal delta', { name: 'order_updated', id: 'o', side: 'bid', price: 1, volume: 1, delta: '1,5' }, undefined, 'Field delta has an invalid value'],
    ['a price beyond the double range', { name: 'order_created', id: 'o', side: 'bid', price: '1e400', volume: 1 }, undefined, 'Field price has an invalid value'],
    ['a volume infinite in 1e-8 units', { name: 'order_created', id: 'o', side: 'bid', price: 1, volume: 1e301 }, undefined, 'Field volume has an invalid value'],
    ['a negative amount', { name: 'trade_completed', tid: 't', price: 1, amount: '-1' }, undefined, 'Field amount has an invalid value'],
  ])('returns an error event for %s', (_case, item, fields, message) => {
    expect(decodeEtoroxItem(item, 'btcusd', fields)).toEqual({ name: 'error', market: 'btcusd', item, error: expect.objectContaining({ message, fatal: false }) });
  });
});

/** `[[[…]]]` nested `depth` levels, built without recursion. */
function nested(depth: number): unknown {
  let value: unknown = [];
  for (let level = 1; level < depth; level += 1) value = [value];
  return value;
}

describe('decodeEtoroxItem on hostile items (bounded work, never throws)', () => {
  it('turns a 100 000-level item into an error event whose item is a placeholder, and its key is computable', () => {
    for (const item of [nested(100_000), { name: 'order_created', id: nested(100_000), side: 'bid', price: 1, volume: 1 }]) {
      const event = decodeEtoroxItem(item, 'btcusd');
      expect(event).toMatchObject({ name: 'error', item: `[item nested deeper than ${ETOROX_MAX_ITEM_DEPTH} levels]` });
      expect(() => JSON.stringify(event)).not.toThrow();
      expect(etoroxEventKey(event)).toContain('error|');
    }
  });

  it('keeps a shallow bad item as received, and reads a huge array item without trouble', () => {
    const shallow = { name: 'order_created', id: [[1]], side: 'bid', price: 1, volume: 1 };
    expect(decodeEtoroxItem(shallow, 'btcusd')).toMatchObject({ name: 'error', item: shallow });
    const huge = new Array(1_000_000).fill(1);
    expect(decodeEtoroxItem(huge, 'btcusd', ['name', 'price'])).toMatchObject({ name: 'error', error: { message: 'Array item has 1000000 values, fields has 2' } });
    expect(decodeEtoroxItem(huge, 'btcusd')).toMatchObject({ name: 'error', error: { message: 'Expected an object item' } });
  });

  it('an unserializable error item (BigInt) still has a de-duplication key', () => {
    const event = decodeEtoroxItem({ name: 'order_created', id: 1n }, 'btcusd');
    expect(event.name).toBe('error');
    expect(etoroxEventKey(event)).toBe('error|unserializable|Field id has an invalid value');
  });
});

/**
 * The decoder before its straight-line fast path (a loop of keyed stores over field tables),
 * kept as the reference the fast path must equal, field order and error messages included.
 */
function referenceDecode(item: unknown, channel: string, fields?: readonly string[]): unknown {
  type Kind = 'string' | 'decimal' | 'size' | 'side' | 'id';
  const orderFields = Object.entries({ id: 'string', market: 'string', side: 'side', price: 'size', volume: 'size', delta: 'decimal', origin_volume: 'size', state: 'string', updated_at: 'string', snapshot_id: 'id', strategy: 'string', tif: 'string', expiration_date: 'string' } satisfies Record<string, Kind>);
  const tradeFields = Object.entries({ tid: 'string', market: 'string', price: 'size', amount: 'size', created_at: 'string', snapshot_id: 'id', side: 'side', order_id: 'string', execution_type: 'string' } satisfies Record<string, Kind>);
  const aliases: Partial<Record<string, string>> = { updated_at: 'update_at', tid: 'id', amount: 'volume' };
  const number = (value: unknown) => {
    const parsed = typeof value === 'number' ? value : typeof value === 'string' && /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(value) ? Number(value) : Number.NaN;
    return Number.isFinite(parsed * 1e8) ? parsed : undefined;
  };
  const read = (kind: Kind, value: unknown): unknown => {
    if (kind === 'string') return typeof value === 'string' ? value : undefined;
    if (kind === 'side') return value === 'bid' || value === 'ask' ? value : undefined;
    if (kind === 'id') return typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value)) ? String(value) : undefined;
    const parsed = number(value);
    return kind === 'decimal' || (parsed !== undefined && parsed >= 0) ? parsed : undefined;
  };
  try {
    let raw: Record<string, unknown>;
    if (fields) {
      if (!Array.isArray(item)) throw new Error('Expected an array item for a subscription with fields');
      if (item.length !== fields.length) throw new Error(`Array item has ${item.length} values, fields has ${fields.length}`);
      raw = Object.fromEntries(fields.map((field, i) => [field, item[i]]));
    } else {
      if (typeof item !== 'object' || item === null || Array.isArray(item)) throw new Error('Expected an object item');
      raw = item as Record<string, unknown>;
    }
    const isOrder = typeof raw.name === 'string' && ['order_created', 'order_updated', 'order_canceled', 'order_completed'].includes(raw.name);
    if (!isOrder && raw.name !== 'trade_completed') throw new Error(`Unknown item name ${JSON.stringify(raw.name)}`);
    const event: Record<string, unknown> = { name: raw.name, market: channel };
    for (const [key, kind] of isOrder ? orderFields : tradeFields) {
      const wire = raw[key] ?? (aliases[key] === undefined ? undefined : raw[aliases[key]]);
      if (wire === undefined || wire === null) continue;
      const parsed = read(kind, wire);
      if (parsed === undefined) throw new Error(`Field ${key} has an invalid value`);
      event[key] = parsed;
    }
    for (const key of isOrder ? ['id', 'side', 'price', 'volume'] : ['tid', 'price', 'amount']) {
      const requested = !fields || fields.includes(key) || (key === 'tid' && fields.includes('id'));
      if (requested && event[key] === undefined) throw new Error(`Field ${key} is missing`);
    }
    return event;
  } catch (error) {
    return { error: (error as Error).message };
  }
}

describe('decodeEtoroxItem fast path', () => {
  const keys = ['id', 'tid', 'market', 'side', 'price', 'volume', 'amount', 'delta', 'origin_volume', 'state', 'updated_at', 'update_at', 'snapshot_id', 'strategy', 'tif', 'expiration_date', 'created_at', 'order_id', 'execution_type'];
  const value = fc.oneof(
    fc.constantFrom('bid', 'ask', 'buy', '1.5', '-2', '1e400', '1,5', '', 'x', null, 7, -3, 1e301, Number.NaN, 0),
    fc.double(),
    fc.string({ maxLength: 4 }),
    fc.constant([1]),
  );
  const name = fc.constantFrom('order_created', 'order_updated', 'order_canceled', 'order_completed', 'trade_completed', 'order_exploded', 3);
  const comparable = (event: unknown) =>
    (event as { name?: string }).name === 'error' ? { error: (event as { error: Error }).error.message } : { keys: Object.keys(event as object), event };
  const expected = (reference: unknown) => ('error' in (reference as object) ? reference : { keys: Object.keys(reference as object), event: reference });

  it('equals the keyed-store reference on object items, field order and errors included', () => {
    fc.assert(
      fc.property(name, fc.boolean(), fc.dictionary(fc.constantFrom(...keys), value, { maxKeys: 6 }), (itemName, valid, fieldsOf) => {
        // Half the items start from a valid order or trade, so that decoded events are compared too.
        const base = valid ? { id: 'o1', tid: 't1', side: 'bid', price: '1.25', volume: 2, amount: 0.5 } : {};
        const item = { name: itemName, ...base, ...fieldsOf };
        expect(comparable(decodeEtoroxItem(item, 'btcusd'))).toEqual(expected(referenceDecode(item, 'btcusd')));
      }),
      { numRuns: 1000 },
    );
  });

  it('equals the reference on array items with a fields list', () => {
    fc.assert(
      fc.property(name, fc.subarray(keys, { minLength: 1 }), fc.array(value, { minLength: keys.length, maxLength: keys.length }), (itemName, chosen, values) => {
        const fields = etoroxRequestFields(chosen) as string[];
        const item = fields.map((field, i) => (field === 'name' ? itemName : values[i]));
        expect(comparable(decodeEtoroxItem(item, 'ethusd', fields))).toEqual(expected(referenceDecode(item, 'ethusd', fields)));
      }),
      { numRuns: 1000 },
    );
  });
});
