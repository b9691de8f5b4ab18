import { describeSelection, leftOut, parseSymbols, parseVenues, venuesOptions } from './selection';

test('venues are validated and put in display order', () => {
  expect(parseVenues('marketprophit, Finery,finery')).toEqual(['finery', 'marketprophit']);
  expect(() => parseVenues('finery,nasdaq')).toThrow('unknown venue "nasdaq"');
});

test('symbols go to each venue in its own form; venue:ID goes to that venue as written', () => {
  expect(parseSymbols('BTC-USD,eth/usdc,AAPL,hercle:BTCUSDT,etorox:btcusdex')).toEqual({
    finery: ['BTC-USD', 'ETH-USDC'],
    etorox: ['btcusd', 'ethusdc', 'btcusdex'],
    hercle: ['BTCUSDT', 'ETHUSDC'],
    marketprophit: ['AAPL'],
  });
  // A venue's own form of a pair is that pair.
  expect(parseSymbols('btcusd')).toEqual({ finery: ['BTC-USD'], etorox: ['btcusd'], hercle: ['BTCUSDT'], marketprophit: [] });
  expect(() => parseSymbols('kraken:XBT')).toThrow('unknown venue "kraken"');
});

test('a venue without symbols is left out; one without a selection keeps its defaults', () => {
  const clients = { hercle: { apiKey: 'k' }, marketprophit: { secretKey: 's' }, finery: { key: 'k', secret: 's' } };
  const options = venuesOptions(clients, { hercle: ['BTCUSDT'], marketprophit: [] }, true);
  expect(options).toEqual({
    raw: true,
    finery: { client: clients.finery },
    hercle: { client: clients.hercle, prices: [{ pair: 'BTCUSDT', size: 1 }] },
  });
});

test('a chosen venue that --symbols gives nothing is named, with what it takes', () => {
  expect(leftOut(['etorox', 'marketprophit'], parseSymbols('btcusd'))).toEqual([
    'marketprophit: left out, --symbols names nothing it streams (it takes a ticker such as AAPL, or marketprophit:ID)',
  ]);
  expect(leftOut(['finery'], {})).toEqual([]);
});

test('what --symbols gives each chosen venue is described with the symbol its events carry: BTC-USD is Hercle BTCUSDT, events BTC-USDT', () => {
  const selection = parseSymbols('BTC-USD,AAPL');
  expect(describeSelection(['finery', 'etorox', 'hercle', 'marketprophit'], selection)).toBe(
    'finery BTC-USD; etorox btcusd (events say BTC-USD); hercle BTCUSDT (events say BTC-USDT: Hercle quotes USD as USDT); marketprophit AAPL',
  );
  expect(describeSelection(['hercle'], parseSymbols('eth-btc,hercle:BTCUSDT'))).toBe('hercle ETHBTC (events say ETH-BTC), BTCUSDT (events say BTC-USDT: Hercle quotes USD as USDT)');
  expect(describeSelection(['finery'], {})).toBeUndefined();
  expect(describeSelection(['finery'], { finery: [], hercle: ['BTCUSDT'] })).toBeUndefined();
});
