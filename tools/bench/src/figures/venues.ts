import {
  createManualClock,
  ETOROX_DEFAULT_INSTRUMENTS,
  etoroxDemoCredentials,
  FINERY_INSTRUMENTS,
  fineryDemoCredentials,
  hercleDemoCredentials,
  marketProphitDemoCredentials,
  startEtoroxSimulator,
  startFinerySimulator,
  startHercleSimulator,
  startMarketProphitSimulator,
} from '@org/venue-sim';
import type { VenuesParams } from '../consumers/venues';
import { steppedClock } from '../stepped-clock';
import { HERCLE_CHANNELS } from './hercle';
import { throughputFigure } from './throughput';

/** Market ticks per second; each tick sends a fixed batch on every venue. */
const TICKS_PER_SECOND = 400;

/**
 * Drives the four paused simulators at a fixed pace: each tick makes one market step on
 * every Finery instrument and eToroX channel, one price update per Hercle channel and one
 * second of Market Prophit records. Late ticks are caught up, so both sides of the figure
 * see the same mix of venues' events whatever the machine's load.
 */
function drive(tick: () => void): () => void {
  const intervalMs = 1000 / TICKS_PER_SECOND;
  const started = performance.now();
  let done = 0;
  const timer = setInterval(() => {
    const due = Math.min(Math.floor((performance.now() - started) / intervalMs) - done, 20);
    for (let i = 0; i < due; i++) tick();
    done += Math.max(due, 0);
  }, intervalMs);
  return () => clearInterval(timer);
}

/**
 * Figure 5: events per second through `connectVenues().events$` against the four clients
 * alone on the same streams (Finery books of every instrument, eToroX `marketData` of every
 * channel, 4 Hercle price channels, 10 Market Prophit subscriptions). The simulators are
 * paused and stepped together at a fixed pace (`drive`), not run on a firehose, so that
 * both sides get the same mix of venues' events, whose costs differ. Target ≥ 0.9×.
 */
export const venuesFigure = throughputFigure({
  name: 'merged',
  number: 5,
  title: 'Merged stream events/s: connectVenues().events$ vs the four clients alone',
  venue: 'venues',
  minRatio: 0.9,
  async start() {
    const hercleClock = steppedClock(1);
    const marketProphitClock = createManualClock();
    const [finery, etorox, hercle, marketprophit] = await Promise.all([
      startFinerySimulator({ updatesPerSecond: 0 }),
      startEtoroxSimulator({ marketIntervalMs: 0 }),
      startHercleSimulator({ clock: hercleClock, priceIntervalMs: 1 }),
      startMarketProphitSimulator({ clock: marketProphitClock }),
    ]);
    const stop = drive(() => {
      finery.step(1);
      etorox.step(1);
      hercleClock.step();
      marketProphitClock.advance(1000);
    });
    const params: VenuesParams = {
      finery: { url: finery.url, ...fineryDemoCredentials, instruments: FINERY_INSTRUMENTS.map((instrument) => instrument.name) },
      etorox: { url: etorox.url, hubUrl: etorox.hubUrl(), ...etoroxDemoCredentials, channels: ETOROX_DEFAULT_INSTRUMENTS.map((instrument) => instrument.channel) },
      hercle: { url: hercle.url, apiKey: hercleDemoCredentials.apiKey, channels: HERCLE_CHANNELS.filter(([, size]) => size === 1) },
      marketprophit: {
        url: marketprophit.url,
        secretKey: marketProphitDemoCredentials.secretKey,
        path: '/real-time/market-prophit-sentiment',
        tickers: Array.from({ length: 10 }, (_, i) => `T${i}`),
      },
    };
    return {
      params,
      async close() {
        stop();
        await Promise.all([finery.close(), etorox.close(), hercle.close(), marketprophit.close()]);
      },
    };
  },
});
