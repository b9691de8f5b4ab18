import { applyBookSnapshot, BookView, createBookState } from '@org/finery';
import type { Deal, Order } from '@org/finery';
import { FineryBookEvent, fineryBookEvent, fineryOrderEvents } from './finery';

// finery.md §7.3: an order and a deal of feed `O`, as the client parses them by index.
const order: Order = {
  instrument: 'BTC-EUR',
  orderType: 0,
  side: 1,
  cancelReason: 0,
  orderId: 77,
  clientOrderId: 5,
  price: 5_500_012_345_678,
  initialSize: 200_000_000,
  sizeLeft: 150_000_000,
  createdAt: 1_700_000_000_000,
  byVolume: false,
};
const deal: Deal = {
  ...order,
  dealMoment: 1_700_000_001_000,
  dealId: 901,
  aggressorSide: 0,
  dealPrice: 5_500_000_000_000,
  dealSize: 50_000_000,
  dealVolume: 2_750_000_000_000,
  dealDelta: 50_000_000,
  counterpartyId: 3,
};

test('a book divides integer 1e-8 units into decimals and keeps the level order', () => {
  const event = fineryBookEvent(
    { feed: 'F', instrument: 'ETH-BTC', bids: [[5_000_123, 100_000], [5_000_000, 1]], asks: [[5_001_000, 30_000_000_000]], receivedAt: 42, snapshot: false, seq: 3 },
    false,
    10,
  );
  expect(event).toEqual({
    venue: 'finery',
    kind: 'book',
    symbol: 'ETH-BTC',
    venueSymbol: 'ETH-BTC',
    receivedAt: 42,
    bids: [[0.05000123, 0.001], [0.05, 0.00000001]],
    asks: [[0.05001, 300]],
    snapshot: false,
    seq: 3,
    depth: 10,
  });
});

test('a book bound by numeric instrument id keeps the id as venueSymbol, and raw on request', () => {
  const book = { feed: 'B', instrument: 4955410050, bids: [], asks: [], receivedAt: 1, snapshot: true, seq: 0 } as const;
  expect(fineryBookEvent(book, true)).toMatchObject({ symbol: '4955410050', venueSymbol: '4955410050', raw: book });
});

test('orders: S and + are created, - is completed when filled or canceled otherwise', () => {
  const [created] = fineryOrderEvents({ feed: 'O', feedId: 0, action: '+', data: order }, 9, false);
  expect(created).toEqual({
    venue: 'finery',
    kind: 'order',
    symbol: 'BTC-EUR',
    venueSymbol: 'BTC-EUR',
    receivedAt: 9,
    exchangeTime: 1_700_000_000_000,
    action: 'created',
    orderId: '77',
    side: 'ask',
    price: 55_000.12345678,
    size: 1.5,
  });
  expect(fineryOrderEvents({ feed: 'O', feedId: 0, action: 'S', data: [order, { ...order, orderId: 78 }] }, 9, false).map((e) => e.kind === 'order' && e.action)).toEqual(['created', 'created']);
  const gone = (o: Order) => fineryOrderEvents({ feed: 'O', feedId: 0, action: '-', data: o }, 9, false)[0];
  expect(gone({ ...order, sizeLeft: 0 })).toMatchObject({ action: 'completed' });
  expect(gone({ ...order, cancelReason: 1 })).toMatchObject({ action: 'canceled', size: 1.5 });
});

test('a deal is a trade (aggressor side, deal price and size) followed by the order update', () => {
  const [trade, update] = fineryOrderEvents({ feed: 'O', feedId: 0, action: 'D', data: deal }, 9, false);
  expect(trade).toEqual({
    venue: 'finery',
    kind: 'trade',
    symbol: 'BTC-EUR',
    venueSymbol: 'BTC-EUR',
    receivedAt: 9,
    exchangeTime: 1_700_000_001_000,
    price: 55_000,
    size: 0.5,
    side: 'buy',
    tradeId: '901',
  });
  expect(update).toMatchObject({ kind: 'order', action: 'updated', orderId: '77', size: 1.5 });
});

describe('FineryBookEvent: the reused zero-copy book event', () => {
  const view = (bids: [number, number][], asks: [number, number][], receivedAt: number) => {
    const state = createBookState();
    expect(applyBookSnapshot(state, bids, asks)).toBeUndefined();
    const live = new BookView('F', 'ETH-BTC', state);
    live.mark(receivedAt, true);
    return live;
  };

  it('reads like fineryBookEvent of a copy of the same book, at most depth levels per side', () => {
    const live = view([[5_000_123, 100_000], [5_000_000, 1], [4_000_000, 7]], [[5_001_000, 30_000_000_000]], 42);
    const event = new FineryBookEvent('ETH-BTC', 2, false).update(live);
    expect(event).toEqual(fineryBookEvent(live.snapshot(2), false, 2));
    expect(JSON.parse(JSON.stringify(event))).toEqual(JSON.parse(JSON.stringify(fineryBookEvent(live.snapshot(2), false, 2))));
  });

  it('is rewritten in place for every message; copy() copies what stays', () => {
    const event = new FineryBookEvent('ETH-BTC', 25, true);
    const first = event.update(view([[100, 1], [90, 2]], [[110, 3]], 1));
    const kept = first.copy();
    const pair = first.bids[0];
    const second = event.update(view([[95, 4]], [[105, 5], [120, 6]], 2));
    expect(second).toBe(first);
    expect(second.bids[0]).toBe(pair);
    expect(second).toMatchObject({ receivedAt: 2, bids: [[95e-8, 4e-8]], asks: [[105e-8, 5e-8], [120e-8, 6e-8]] });
    expect(second.raw).toMatchObject({ bids: [[95, 4]], asks: [[105, 5], [120, 6]] });
    expect(kept).toEqual({ venue: 'finery', kind: 'book', symbol: 'ETH-BTC', venueSymbol: 'ETH-BTC', receivedAt: 1, snapshot: true, seq: 0, depth: 25, bids: [[1e-6, 1e-8], [9e-7, 2e-8]], asks: [[1.1e-6, 3e-8]], raw: expect.objectContaining({ bids: [[100, 1], [90, 2]] }) });
  });

  it.each([false, true])('copyOf(view) is update(view).copy() in one pass, and leaves the event as it was (raw %s)', (raw) => {
    const event = new FineryBookEvent('ETH-BTC', 2, raw);
    const before = event.update(view([[100, 1]], [[110, 3]], 1)).copy();
    const live = view([[5_000_123, 100_000], [5_000_000, 1], [4_000_000, 7]], [[5_001_000, 30_000_000_000]], 42);
    const copied = event.copyOf(live);
    expect(event.copy()).toEqual(before);
    expect(copied).toEqual(new FineryBookEvent('ETH-BTC', 2, raw).update(live).copy());
    expect(copied.bids[0]).not.toBe(event.bids[0]);
  });
});
