import { bindingKey, createKeyCache, decodeFrame, encodeBind, encodeRequest, MAX_BOOK_SIDE_ENTRIES, MAX_FEED_ID_DEPTH } from './codec';
import { FineryProtocolError } from './errors';

describe('codec (finery.md §5, §6, §7, §8)', () => {
  it('encodes bind, unbind and request', () => {
    expect(encodeBind('bind', 'B', 42)).toBe('{"event":"bind","feed":"B","feedId":42}');
    expect(encodeBind('unbind', 'K', undefined)).toBe('{"event":"unbind","feed":"K"}');
    expect(encodeRequest(7, 'del', { clientOrderId: 123 })).toBe('{"event":"request","reqId":7,"method":"del","content":{"clientOrderId":123}}');
  });

  it('keys bindings by feed and deep-equal feed id', () => {
    expect(bindingKey('F', { instrument: 'BTC-EUR', clientId: 5 })).toBe(bindingKey('F', { clientId: 5, instrument: 'BTC-EUR' }));
    expect(bindingKey('F', 'BTC-EUR')).not.toBe(bindingKey('F', { instrument: 'BTC-EUR' }));
    expect(bindingKey('B', '1')).not.toBe(bindingKey('B', 1));
    expect(bindingKey('K', undefined)).toBe(bindingKey('K', 0));
  });

  it('bounds object feed ids: deep enough for masters, a RangeError beyond for ids given by the caller', () => {
    const deepest = JSON.parse(`${'{"a":'.repeat(MAX_FEED_ID_DEPTH - 1)}1${'}'.repeat(MAX_FEED_ID_DEPTH - 1)}`) as Record<string, unknown>;
    expect(bindingKey('MD', deepest)).toContain('"a"');
    expect(() => bindingKey('MD', { x: deepest })).not.toThrow();
    expect(() => bindingKey('MD', { x: { y: deepest } })).toThrow(RangeError);
  });

  it('interns keys of retained bindings only, and releases them', () => {
    const keys = createKeyCache();
    keys.retain('F', 'BTC-USD', bindingKey('F', 'BTC-USD'));
    keys.retain('F', { instrument: 'BTC-USD' }, bindingKey('F', { instrument: 'BTC-USD' }));
    expect(keys.size).toBe(1);
    for (let i = 0; i < 1_000; i++) decodeFrame(`["T${i}",${i},"S",0]`, keys);
    expect(keys.size).toBe(1);
    expect(decodeFrame('["F","BTC-USD","S",[[],[]]]', keys)).toMatchObject({ key: bindingKey('F', 'BTC-USD') });
    keys.release('F', 'BTC-USD');
    expect(keys.size).toBe(0);
  });

  it('decodes status, failures with bare and wrapped codes, and U', () => {
    expect(decodeFrame('["X",0,"Z",0]')).toEqual({ kind: 'status', code: 0 });
    expect(decodeFrame('["K",0,"Z",[2]]')).toEqual({ kind: 'failure', key: bindingKey('K', 0), code: 2 });
    expect(decodeFrame('["B",42,"U",0]')).toEqual({ kind: 'unbound', key: bindingKey('B', 42) });
  });

  it('decodes every documented K snapshot form and short positions', () => {
    const full = decodeFrame('["K",0,"S",[17,[["BTC",5,1,9,-9]]]]');
    expect(full).toMatchObject({ message: { data: { nextId: 17, positions: [{ currency: 'BTC', value: 5, counterpartyId: 1, maxReachablePosition: 9, minReachablePosition: -9 }] } } });
    expect(decodeFrame('["K",0,"S",[["USD",-5,3]]]')).toMatchObject({ message: { data: { positions: [{ currency: 'USD', value: -5, counterpartyId: 3 }] } } });
  });

  it('decodes I with C-tagged currency updates routed to feed I', () => {
    const frame = decodeFrame('["C",0,"+",["XRP",9,1,50000000,"crypto"]]');
    expect(frame).toEqual({ kind: 'message', key: bindingKey('I', 0), message: { feed: 'I', feedId: 0, action: '+', item: 'currency', data: { name: 'XRP', id: 9, balanceStep: 1, usdValuation: 50000000, type: 'crypto' } } });
  });

  it('parses deals by index, tolerating older shorter layouts', () => {
    const order = ['BTC-USD', 4, 0, 0, 11, 0, 0, 100, 0, 1700000000000, 0];
    const deal22 = [...order.slice(0, 10), 1700000000001, 77, 0, 6000, 100, 6, 0, 1, 0, 101, 0, 0];
    expect(decodeFrame(JSON.stringify(['O', 0, 'D', deal22]))).toMatchObject({ message: { data: { dealId: 77, dealSize: 100, takerOrderOwnerId: 101, dealType: 0 } } });
    expect((decodeFrame(JSON.stringify(['O', 0, 'D', deal22])) as { message: { data: object } }).message.data).not.toHaveProperty('liquiditySource');
  });

  it('reads request replies and errors', () => {
    expect(decodeFrame('{"event":"request","reqId":7,"error":9,"param":"price"}')).toEqual({ kind: 'reply', reqId: 7, reply: undefined, error: 9, param: 'price' });
    expect(decodeFrame('{"event":"request","reqId":8,"reply":{"error":0}}')).toMatchObject({ reqId: 8, reply: { error: 0 } });
  });

  it('decodes book snapshots and updates as [bids, asks], a removal without size included', () => {
    expect(decodeFrame('["F","BTC-USD","S",[[[2,1]],[[3,4]]]]')).toEqual({ kind: 'message', key: bindingKey('F', 'BTC-USD'), message: { feed: 'F', feedId: 'BTC-USD', action: 'S', data: [[[2, 1]], [[3, 4]]] } });
    expect(decodeFrame('["B",4,"M",[[["-",2]],[["~",3,4]],"extra"]]')).toMatchObject({ message: { action: 'M', data: [[['-', 2]], [['~', 3, 4]]] } });
  });

  it('names the binding of a malformed message when the envelope is readable', () => {
    expect(() => decodeFrame('["F","BTC-USD","S",[[[1.5,1]],[]]]')).toThrow(expect.objectContaining({ feed: 'F', feedId: 'BTC-USD' }));
  });

  it.each([
    ['not JSON', '["F","BTC-USD","M",[[["+",1'],
    ['a short envelope', '["F","BTC-USD"]'],
    ['a float price', '["F","BTC-USD","S",[[[1.5,1]],[]]]'],
    ['a price beyond 2^53', '["F","BTC-USD","M",[[["+",9007199254740993,1]],[]]]'],
    ['an unknown update action', '["F","BTC-USD","M",[[["*",1,1]],[]]]'],
    ['an update that is not an array', '["F","BTC-USD","M",[[],[7]]]'],
    ['an update without size that is not a removal', '["F","BTC-USD","M",[[["+",1]],[]]]'],
    ['a level that is not an array', '["F","BTC-USD","S",[[],["1,1"]]]'],
    ['a book action other than S and M', '["F","BTC-USD","+",[[],[]]]'],
    ['an unknown action', '["F","BTC-USD","Q",[[],[]]]'],
    ['a reply without reqId', '{"event":"request","reply":{}}'],
    ['a bare number', '42'],
    ['a feed id nested 5 000 levels deep', `["F",${'{"a":'.repeat(5_000)}1${'}'.repeat(5_000)},"S",[[],[]]]`],
    ['a Z whose feed id is nested 5 000 levels deep', `["K",${'['.repeat(5_000)}${']'.repeat(5_000)},"Z",2]`],
    ['a feed id with 100 000 values', `["F",{"a":[${Array(100_000).fill(1).join(',')}]},"S",[[],[]]]`],
    ['a book side with too many updates', JSON.stringify(['F', 'BTC-USD', 'M', [Array.from({ length: MAX_BOOK_SIDE_ENTRIES + 1 }, (_, i) => ['+', i + 1, 1]), []]])],
  ])('rejects %s with FineryProtocolError', (_name, text) => {
    expect(() => decodeFrame(text)).toThrow(FineryProtocolError);
  });
});
