import type { HercleBalances } from '@org/hercle';
import { hercleBalanceEvents, herclePriceEvent } from './hercle';

test('a price update is a quote: bid is what the client receives, ask what it pays', () => {
  const update = { id: 'p-1', buyPrice: 65_010.5, sellPrice: 64_990.25, size: 0.5, pair: 'BTCUSDT', markPrice: 65_000, timestamp: '2026-01-01T12:00:00.000Z', receivedAt: 7 };
  expect(herclePriceEvent(update, false)).toEqual({
    venue: 'hercle',
    kind: 'quote',
    symbol: 'BTC-USDT',
    venueSymbol: 'BTCUSDT',
    exchangeTime: Date.parse('2026-01-01T12:00:00.000Z'),
    receivedAt: 7,
    bid: 64_990.25,
    ask: 65_010.5,
    size: 0.5,
    quoteId: 'p-1',
  });
  expect(herclePriceEvent({ ...update, timestamp: 'not a time' }, false)).not.toHaveProperty('exchangeTime');
});

test('a balance snapshot is one balance event per asset with the snapshot sequence', () => {
  const snapshot: HercleBalances = {
    userId: 'u',
    sequence: 12,
    deleted: false,
    assets: [
      { name: 'BTC', available: 9.5, allocated: 0.5 },
      { name: 'EUR', available: 1000, allocated: 0 },
    ],
  };
  expect(hercleBalanceEvents(snapshot, 7, false)).toEqual([
    { venue: 'hercle', kind: 'balance', receivedAt: 7, asset: 'BTC', available: 9.5, allocated: 0.5, sequence: 12 },
    { venue: 'hercle', kind: 'balance', receivedAt: 7, asset: 'EUR', available: 1000, allocated: 0, sequence: 12 },
  ]);
  expect(hercleBalanceEvents({ ...snapshot, deleted: true }, 7, false)).toEqual([]);
});
