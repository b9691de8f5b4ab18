import { applyEtoroxEvent, bookQuote, clearEtoroxOrderBook, createEtoroxOrderBook, etoroxBookLevels } from './book';
import type { EtoroxBook, EtoroxOrderEvent } from './types';

const order = (name: EtoroxOrderEvent['name'], id: string, side: 'bid' | 'ask', price: number, volume: number, snapshot_id?: string) =>
  ({ name, id, market: 'btcusd', side, price, volume, ...(snapshot_id ? { snapshot_id } : {}) }) as EtoroxOrderEvent;

describe('order-level book', () => {
  it('keeps orders by id and aggregates exact levels (etorox.md §6.3)', () => {
    const book = createEtoroxOrderBook('btcusd');
    for (const event of [
      order('order_created', 'a', 'bid', 100.5, 0.1),
      order('order_created', 'b', 'bid', 100.5, 0.2),
      order('order_created', 'c', 'bid', 99, 1),
      order('order_created', 'd', 'ask', 101, 3),
      order('order_created', 'e', 'ask', 102, 4),
      order('order_updated', 'd', 'ask', 101, 1.5),
      order('order_canceled', 'c', 'bid', 99, 1),
      order('order_completed', 'e', 'ask', 102, 4, '42'),
    ]) {
      expect(applyEtoroxEvent(book, event)).toBe(true);
    }
    expect(etoroxBookLevels(book)).toEqual({ channel: 'btcusd', bids: [[100.5, 0.3]], asks: [[101, 1.5]], orders: 3, receivedAt: 0, snapshotId: '42', snapshot: true, seq: 0 });
  });

  it('ignores trades, errors, other channels and removals of unknown orders; an update of an unknown order adds it', () => {
    const book = createEtoroxOrderBook('btcusd');
    expect(applyEtoroxEvent(book, { name: 'trade_completed', tid: 't', market: 'btcusd', price: 1, amount: 1 })).toBe(false);
    expect(applyEtoroxEvent(book, { ...order('order_created', 'x', 'bid', 1, 1), market: 'ethusd' })).toBe(false);
    expect(applyEtoroxEvent(book, order('order_canceled', 'nobody', 'bid', 1, 1))).toBe(false);
    expect(applyEtoroxEvent(book, order('order_updated', 'late', 'ask', 5, 2))).toBe(true);
    expect(etoroxBookLevels(book)).toMatchObject({ bids: [], asks: [[5, 2]], orders: 1 });
  });

  it('moves an updated order between levels, and clears', () => {
    const book = createEtoroxOrderBook('btcusd');
    applyEtoroxEvent(book, order('order_created', 'a', 'ask', 10, 1));
    applyEtoroxEvent(book, order('order_created', 'b', 'ask', 10, 2));
    applyEtoroxEvent(book, order('order_updated', 'a', 'ask', 11, 0.5));
    expect(etoroxBookLevels(book)).toMatchObject({ asks: [[10, 2], [11, 0.5]], orders: 2 });
    applyEtoroxEvent(book, order('order_updated', 'b', 'ask', 10, 0));
    expect(etoroxBookLevels(book)).toMatchObject({ asks: [[11, 0.5]], orders: 1 });
    clearEtoroxOrderBook(book);
    expect(etoroxBookLevels(book)).toMatchObject({ bids: [], asks: [], orders: 0 });
  });
});

describe('bookQuote', () => {
  it('gives best bid/ask with sizes, mid and spread, in decimals (default) and in 1e-8 units, without float drift', () => {
    const book: Pick<EtoroxBook, 'bids' | 'asks'> = { bids: [[100.2, 0.3], [100.1, 5]], asks: [[100.3, 1.5], [101, 2]] };
    expect(100.3 - 100.2).not.toBe(0.1);
    expect(bookQuote(book)).toEqual({ bid: 100.2, bidSize: 0.3, ask: 100.3, askSize: 1.5, mid: 100.25, spread: 0.1 });
    expect(bookQuote(book, 'decimal')).toEqual(bookQuote(book));
    expect(bookQuote(book, 'units')).toEqual({ bid: 10_020_000_000, bidSize: 30_000_000, ask: 10_030_000_000, askSize: 150_000_000, mid: 10_025_000_000, spread: 10_000_000 });
  });

  it('is undefined while a side is empty', () => {
    expect(bookQuote({ bids: [[1, 1]], asks: [] })).toBeUndefined();
    expect(bookQuote({ bids: [], asks: [[1, 1]] }, 'units')).toBeUndefined();
    expect(bookQuote(etoroxBookLevels(createEtoroxOrderBook('btcusd')))).toBeUndefined();
  });
});
