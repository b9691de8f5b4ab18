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
