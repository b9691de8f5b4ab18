import {
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
import { HERCLE_CHANNELS } from './hercle';
import { throughputFigure } from './throughput';

/**
 * Figure 5: events per second through `connectVenues().events$` against the four clients
 * alone on the same streams (Finery books of every instrument, eToroX `marketData` of every
 * channel, 4 Hercle price channels, 50 Market Prophit subscriptions). The simulators run
 * at fixed rates (Finery 1 000 market events/s per instrument, eToroX and Hercle every
 * millisecond, Market Prophit at 100× speed), not on a firehose, so both sides get the
 * same mix of venues' events, whose costs differ. Target ≥ 0.9×.
 */
export const venuesFigure = throughputFigure({
  name: 'merged',
  number: 5,
  title: 'Merged stream events/s: connectVenues().events$ vs the four clients alone',
  venue: 'venues',
  minRatio: 0.9,
  async start() {
    const [finery, etorox, hercle, marketprophit] = await Promise.all([
      startFinerySimulator({ updatesPerSecond: 1000 }),
      startEtoroxSimulator({ marketIntervalMs: 1 }),
      startHercleSimulator({ priceIntervalMs: 1 }),
      startMarketProphitSimulator({ speed: 100 }),
    ]);
    const params: VenuesParams = {
      finery: { url: finery.url, ...fineryDemoCredentials, instruments: FINERY_INSTRUMENTS.map((instrument) => instrument.name) },
      etorox: { url: etorox.url, hubUrl: etorox.hubUrl(), ...etoroxDemoCredentials, channels: ETOROX_DEFAULT_INSTRUMENTS.map((instrument) => instrument.channel) },
      hercle: { url: hercle.url, apiKey: hercleDemoCredentials.apiKey, channels: HERCLE_CHANNELS.filter(([, size]) => size === 1) },
      marketprophit: {
        url: marketprophit.url,
        secretKey: marketProphitDemoCredentials.secretKey,
        path: '/real-time/market-prophit-sentiment',
        tickers: Array.from({ length: 50 }, (_, i) => `T${i}`),
      },
    };
    return { params, close: async () => void (await Promise.all([finery.close(), etorox.close(), hercle.close(), marketprophit.close()])) };
  },
});
