import { normalizeSymbol } from './symbols';

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
