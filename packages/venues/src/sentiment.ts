import type { MarketProphitParams, MarketProphitPath } from '@org/marketprophit';

/** A Market Prophit path and its parameters (marketprophit.md §4, §7). */
export interface MarketProphitSubscription {
  readonly path: MarketProphitPath;
  readonly params?: MarketProphitParams;
}

/**
 * The crowd sentiment and the Market Prophit sentiment of each ticker (marketprophit.md
 * §7.2): two subscriptions per ticker, for `connectVenues({ marketprophit: { subscriptions } })`.
 */
export const sentimentSubscriptions = (tickers: readonly string[]): MarketProphitSubscription[] =>
  tickers.flatMap((ticker) => [
    { path: '/real-time/crowd-sentiment', params: { ticker } },
    { path: '/real-time/market-prophit-sentiment', params: { ticker } },
  ]);
