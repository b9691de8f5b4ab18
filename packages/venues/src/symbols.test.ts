import { normalizeSymbol, toVenueSymbol } from './symbols';
import type { VenueName } from './types';

test.each([
  ['BTC-EUR', 'BTC-EUR'],
  ['btcusd', 'BTC-USD'],
  ['BTCUSDT', 'BTC-USDT'],
  ['ethusdc', 'ETH-USDC'],
  ['btcusdex', 'BTC-USDEX'],
  ['xrpbtc', 'XRP-BTC'],
  ['btc/usd', 'BTC-USD'],
  ['AAPL', 'AAPL'],
  ['USD', 'USD'],
])('%s becomes %s', (venueSymbol, symbol) => {
  expect(normalizeSymbol(venueSymbol)).toBe(symbol);
});

test('ids keep normalizing the same way past the memo bound', () => {
  for (let i = 0; i < 5000; i++) expect(normalizeSymbol(`t${i}usd`)).toBe(`T${i}-USD`);
  expect(normalizeSymbol('btcusd')).toBe('BTC-USD');
  expect(normalizeSymbol('T4999USD')).toBe('T4999-USD');
});

test.each([
  ['BTC-USD', { finery: 'BTC-USD', etorox: 'btcusd', hercle: 'BTCUSDT', marketprophit: undefined }],
  ['btcusd', { finery: 'BTC-USD', etorox: 'btcusd', hercle: 'BTCUSDT', marketprophit: undefined }],
  ['ETH-BTC', { finery: 'ETH-BTC', etorox: 'ethbtc', hercle: 'ETHBTC', marketprophit: undefined }],
  ['BTC-USDT', { finery: 'BTC-USDT', etorox: 'btcusdt', hercle: 'BTCUSDT', marketprophit: undefined }],
  ['aapl', { finery: undefined, etorox: undefined, hercle: undefined, marketprophit: 'AAPL' }],
])('%s is each venue’s own id', (symbol, ids) => {
  for (const [venue, id] of Object.entries(ids)) expect(toVenueSymbol(venue as VenueName, symbol)).toBe(id);
});
