import { applyEtoroxEvent, clearEtoroxOrderBook, createEtoroxOrderBook, etoroxBookLevels } from './book';
import type { EtoroxOrderEvent } from './types';

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
    expect(etoroxBookLevels(book)).toEqual({ channel: 'btcusd', bids: [[100.5, 0.3]], asks: [[101, 1.5]], orders: 3, snapshotId: '42', snapshot: true, seq: 0 });
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
