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
