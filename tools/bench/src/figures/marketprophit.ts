import { marketProphitDemoCredentials, startMarketProphitSimulator } from '@org/venue-sim';
import type { MarketProphitParams } from '../consumers/marketprophit';
import { firehoseClock } from '../firehose-clock';
import { throughputFigure } from './throughput';

/**
 * Figure 4: Market Prophit events per second through `MarketProphitClient` against bare
 * `socket.io-client`, both subscribed to the same 50 version A subscriptions
 * (`/real-time/market-prophit-sentiment`, one ticker each, one record per push) on one
 * simulator whose push cadence runs on a firehose clock. Target ≥ 0.9×.
 */
export const marketProphitFigure = throughputFigure({
  name: 'marketprophit',
  number: 4,
  title: 'Market Prophit events/s: MarketProphitClient vs bare socket.io-client',
  venue: 'marketprophit',
  minRatio: 0.9,
  async start() {
    const sim = await startMarketProphitSimulator({ clock: firehoseClock(Number.POSITIVE_INFINITY) });
    const params: MarketProphitParams = {
      url: sim.url,
      secretKey: marketProphitDemoCredentials.secretKey,
      path: '/real-time/market-prophit-sentiment',
      tickers: Array.from({ length: 50 }, (_, i) => `T${i}`),
    };
    return { params, close: () => sim.close() };
  },
});
