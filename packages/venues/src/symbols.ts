import type { VenueName } from './types';

/**
 * One symbol form for every venue: `BASE-QUOTE` in upper case (`BTC-USD`), or the bare
 * ticker for instruments without a quote currency (Market Prophit's `AAPL`). The venue's
 * own id is always kept beside it as `venueSymbol`.
 */

/**
 * Quote currencies recognised at the end of a separator-less pair name, longest first so
 * that `BTCUSDT` splits as `BTC-USDT`, not `BTCUSD-T`. eToroX's `x`/`ex` suffixed
 * currencies (`usdex`, `eurx`: etorox.md §4) are listed before their plain forms.
 */
const QUOTES = ['USDEX', 'EUREX', 'GBPEX', 'USDT', 'USDC', 'EURX', 'USDX', 'GBPX', 'USD', 'EUR', 'GBP', 'CHF', 'JPY', 'BTC', 'ETH'] as const;

/** Symbols already normalized, by venue id: a venue streams a handful of ids over and over. */
const normalized = new Map<string, string>();
/** Bound of `normalized`, so that a feed of ever-new ids cannot grow it without limit. */
const NORMALIZED_LIMIT = 4096;

/**
 * Normalizes a venue's instrument id: `BTC-EUR` (Finery), `btcusd` (eToroX, etorox.md §4),
 * `BTCUSDT` (Hercle, hercle.md §5), `BTC/USD`, `btc_usd`. An id with no known quote
 * suffix is returned in upper case as it is (a stock ticker, or an unknown pair).
 * Pure; results are memoized per id (at most 4096 ids, then the memo starts over), so
 * the hot path of the merged stream pays one `Map` look-up per event.
 */
export function normalizeSymbol(venueSymbol: string): string {
  let symbol = normalized.get(venueSymbol);
  if (symbol === undefined) {
    symbol = normalize(venueSymbol);
    if (normalized.size >= NORMALIZED_LIMIT) normalized.clear();
    normalized.set(venueSymbol, symbol);
  }
  return symbol;
}

function normalize(venueSymbol: string): string {
  const upper = venueSymbol.trim().toUpperCase();
  const separated = upper.split(/[-/_:]/);
  if (separated.length === 2 && separated[0] && separated[1]) return `${separated[0]}-${separated[1]}`;
  for (const quote of QUOTES) {
    if (upper.length > quote.length + 1 && upper.endsWith(quote)) {
      return `${upper.slice(0, -quote.length)}-${quote}`;
    }
  }
  return upper;
}

/**
 * A normalized symbol as the venue's own id, or `undefined` when the venue has no id of
 * that form (a pair for Market Prophit, a ticker for the pair venues). The rules:
 *
 * | venue | form | `BTC-USD` | `ETH-BTC` | `AAPL` |
 * | --- | --- | --- | --- | --- |
 * | finery | `BASE-QUOTE` (finery.md §7.6) | `BTC-USD` | `ETH-BTC` | — |
 * | etorox | lower case, no separator (etorox.md §4) | `btcusd` | `ethbtc` | — |
 * | hercle | upper case, no separator; USD as `USDT` (hercle.md §4.1: Hercle quotes dollars in USDT) | `BTCUSDT` | `ETHBTC` | — |
 * | marketprophit | the ticker itself (marketprophit.md §7) | — | — | `AAPL` |
 *
 * Whether the venue lists that id is the venue's to say: an id it does not list ends its
 * stream with that venue's unknown-symbol error. Accepts any form `normalizeSymbol` reads
 * (`btcusd` is `BTC-USD`).
 */
export function toVenueSymbol(venue: VenueName, symbol: string): string | undefined {
  const normalized = normalizeSymbol(symbol);
  const dash = normalized.indexOf('-');
  if (venue === 'marketprophit') return dash < 0 ? normalized : undefined;
  if (dash < 0) return undefined;
  const base = normalized.slice(0, dash);
  const quote = normalized.slice(dash + 1);
  switch (venue) {
    case 'finery':
      return normalized;
    case 'etorox':
      return `${base}${quote}`.toLowerCase();
    case 'hercle':
      return `${base}${quote === 'USD' ? 'USDT' : quote}`;
  }
}
