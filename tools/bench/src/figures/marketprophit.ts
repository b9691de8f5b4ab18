import { marketProphitDemoCredentials, startMarketProphitSimulator } from '@org/venue-sim';
import { firehoseClock } from '../firehose-clock';
import type { Figure } from '../types';
import type { MarketProphitSpec } from '../workloads/marketprophit';
import { compareRates, rateRow } from './throughput';

const TICKERS = Array.from({ length: 50 }, (_, i) => `T${i}`);

/**
 * Figure 4: Market Prophit events per second through `MarketProphitClient` against bare
 * `socket.io-client`, both subscribed to the same 50 version A subscriptions
 * (`/real-time/market-prophit-sentiment`, one ticker each, one record per push) on one
 * simulator whose push cadence runs on a firehose clock. Target ≥ 0.9×.
 */
export const marketProphitFigure: Figure = {
  name: 'marketprophit',
  number: 4,
  title: 'Market Prophit events/s: MarketProphitClient vs bare socket.io-client',
  async run(context) {
    const sim = await startMarketProphitSimulator({ clock: firehoseClock(Number.POSITIVE_INFINITY) });
    try {
      const spec = (workload: string): MarketProphitSpec => ({
        workload,
        url: sim.url,
        secretKey: marketProphitDemoCredentials.secretKey,
        path: '/real-time/market-prophit-sentiment',
        tickers: TICKERS,
        durationMs: context.durationMs,
        warmupMs: 0,
      });
      const samples = await compareRates(context, spec('marketprophit-ours'), spec('marketprophit-baseline'));
      return [rateRow('4 marketprophit', samples, 0.9)];
    } finally {
      await sim.close();
    }
  },
};
