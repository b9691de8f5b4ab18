import { EtoroxItemError } from '@org/etorox';
import type { EtoroxBook, EtoroxEvent } from '@org/etorox';
import { etoroxBookEvent, etoroxEvent } from './etorox';

// etorox.md §6.1: the documented public order_canceled item, as the client decodes it.
const canceled: EtoroxEvent = {
  name: 'order_canceled',
  id: '0222057e-8fa4-4e3b-8bd3-8c95622dc4f5',
  market: 'btcusd',
  side: 'bid',
  price: 1.43,
  volume: 1.2,
  origin_volume: 1.2,
  delta: -1.2,
  state: 'cancelled',
  updated_at: '2020-07-28T13:44:53.798Z',
  snapshot_id: '234989823423',
};

test('order items become order events with action, side, price and remaining size', () => {
  expect(etoroxEvent(canceled, 5, false)).toEqual({
    venue: 'etorox',
    kind: 'order',
    symbol: 'BTC-USD',
    venueSymbol: 'btcusd',
    receivedAt: 5,
    exchangeTime: Date.parse('2020-07-28T13:44:53.798Z'),
    action: 'canceled',
    orderId: '0222057e-8fa4-4e3b-8bd3-8c95622dc4f5',
    side: 'bid',
    price: 1.43,
    size: 1.2,
  });
  expect(etoroxEvent({ ...canceled, name: 'order_created', updated_at: undefined }, 5, false)).not.toHaveProperty('exchangeTime');
  expect(etoroxEvent({ ...canceled, name: 'order_completed' }, 5, false)).toMatchObject({ action: 'completed' });
});

test('a public trade has no side; a private one gets the aggressor side from side and execution type', () => {
  const trade: EtoroxEvent = { name: 'trade_completed', tid: 't-1', market: 'ethusdc', price: 231.5, amount: 1, created_at: '2020-07-28T13:44:53.798Z' };
  expect(etoroxEvent(trade, 5, true)).toEqual({
    venue: 'etorox',
    kind: 'trade',
    symbol: 'ETH-USDC',
    venueSymbol: 'ethusdc',
    receivedAt: 5,
    exchangeTime: Date.parse('2020-07-28T13:44:53.798Z'),
    price: 231.5,
    size: 1,
    tradeId: 't-1',
    raw: trade,
  });
  expect(etoroxEvent({ ...trade, side: 'bid', execution_type: 'taker' }, 5, false)).toMatchObject({ side: 'buy' });
  expect(etoroxEvent({ ...trade, side: 'bid', execution_type: 'maker' }, 5, false)).toMatchObject({ side: 'sell' });
  expect(etoroxEvent({ ...trade, side: 'ask', execution_type: 'taker' }, 5, false)).toMatchObject({ side: 'sell' });
});

test('an unreadable item becomes a non-fatal error event', () => {
  const error = new EtoroxItemError('missing price', 'btcusd');
  expect(etoroxEvent({ name: 'error', market: 'btcusd', error, item: [1] }, 5, true)).toEqual({
    venue: 'etorox',
    kind: 'error',
    error,
    fatal: false,
    receivedAt: 5,
    raw: [1],
  });
});

test('a book keeps its aggregated levels and its provenance, snapshot_id as venueSequence', () => {
  const book = { channel: 'btceth', bids: [[41, 2]], asks: [[41.5, 0.25], [42, 1]], orders: 3, snapshotId: '234989823423', snapshot: true, seq: 0, receivedAt: 5 } as EtoroxBook;
  expect(etoroxBookEvent(book, false)).toEqual({
    venue: 'etorox',
    kind: 'book',
    symbol: 'BTC-ETH',
    venueSymbol: 'btceth',
    receivedAt: 5,
    bids: [[41, 2]],
    asks: [[41.5, 0.25], [42, 1]],
    snapshot: true,
    seq: 0,
    venueSequence: 234_989_823_423,
    depth: 2,
  });
  expect(etoroxBookEvent({ ...book, snapshotId: 'x', snapshot: false, seq: 4 }, false)).toMatchObject({ snapshot: false, seq: 4 });
  expect(etoroxBookEvent({ ...book, snapshotId: 'x' }, false)).not.toHaveProperty('venueSequence');
});
