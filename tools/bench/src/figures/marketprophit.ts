import { createManualClock, marketProphitDemoCredentials, startMarketProphitSimulator } from '@org/venue-sim';
import type { MarketProphitParams } from '../consumers/marketprophit';
import { framesStartingWith, saturate, saturatedStart } from '../firehose';
import { throughputFigure } from './throughput';

/**
 * A paused Market Prophit simulator (a manual clock advanced only while a connection
 * records) behind a firehose replaying the `res` pushes (`42["res",…]`, marketprophit.md
 * §7.2) of `tickers` version A subscriptions (`T0`, `T1`, …) of the sentiment path.
 */
export async function marketProphitFirehose(tickers: number): Promise<{ params: MarketProphitParams; close(): Promise<void>; ready(): Promise<void> }> {
  const clock = createManualClock();
  const sim = await startMarketProphitSimulator({ clock });
  const hose = await saturate(sim.url, framesStartingWith('42["res"'), () => clock.advance(1000));
  const params: MarketProphitParams = {
    url: hose.via(sim.url),
    secretKey: marketProphitDemoCredentials.secretKey,
    path: '/real-time/market-prophit-sentiment',
    tickers: Array.from({ length: tickers }, (_, i) => `T${i}`),
  };
  return saturatedStart(params, hose, sim);
}

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
  start: () => marketProphitFirehose(50),
});
