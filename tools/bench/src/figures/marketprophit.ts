import { createManualClock, marketProphitDemoCredentials, startMarketProphitSimulator } from '@org/venue-sim';
import type { MarketProphitParams } from '../consumers/marketprophit';
import { framesStartingWith, saturate, saturatedStart } from '../firehose';
import { throughputFigure } from './throughput';

/**
 * Figure 4, saturated: Market Prophit records per consumer CPU-second through
 * `MarketProphitClient` against bare `socket.io-client`, both subscribed to the same 50
 * version A subscriptions (`/real-time/market-prophit-sentiment`, one ticker each, one record
 * per push), from a firehose replaying the pre-encoded `res` pushes (`42["res",…]`,
 * socketio.md, marketprophit.md §7.2) the paused simulator (a manual clock advanced only while
 * a connection records) sent on that connection. Target ≥ 0.9×.
 */
export const marketProphitFigure = throughputFigure({
  name: 'marketprophit',
  number: 4,
  title: 'Market Prophit events/s, saturated: MarketProphitClient vs bare socket.io-client',
  venue: 'marketprophit',
  minRatio: 0.9,
  async start() {
    const clock = createManualClock();
    const sim = await startMarketProphitSimulator({ clock });
    const hose = await saturate(sim.url, framesStartingWith('42["res"'), () => clock.advance(1000));
    const params: MarketProphitParams = {
      url: hose.via(sim.url),
      secretKey: marketProphitDemoCredentials.secretKey,
      path: '/real-time/market-prophit-sentiment',
      tickers: Array.from({ length: 50 }, (_, i) => `T${i}`),
    };
    return saturatedStart(params, hose, sim);
  },
});
