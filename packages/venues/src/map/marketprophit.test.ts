import type { MarketProphitRecord } from '@org/marketprophit';
import { sentimentEvent } from './marketprophit';

test('a record is a sentiment event: the path value field, the ticker and ts as exchange time', () => {
  const record: MarketProphitRecord<'/real-time/crowd-sentiment-z-score'> = { ts: '2014-08-29T14:31:00.000Z', ticker: 'EURAUD', z_score: -1.25 };
  expect(sentimentEvent('/real-time/crowd-sentiment-z-score', record, 3, false)).toEqual({
    venue: 'marketprophit',
    kind: 'sentiment',
    symbol: 'EURAUD',
    venueSymbol: 'EURAUD',
    exchangeTime: Date.parse('2014-08-29T14:31:00.000Z'),
    receivedAt: 3,
    metric: 'z_score',
    value: -1.25,
    fields: record,
  });
});

test('a user sentiment record takes its first value field and keeps every field', () => {
  const record: MarketProphitRecord<'user-sentiment'> = { ts: 'unreadable', ticker: 'AAPL', user_id: '42', sentiment: 0.5, user_score: 3 };
  const event = sentimentEvent('user-sentiment', record, 3, true);
  expect(event).toMatchObject({ metric: 'sentiment', value: 0.5, fields: { user_id: '42', user_score: 3 }, raw: record });
  expect(event).not.toHaveProperty('exchangeTime');
});
