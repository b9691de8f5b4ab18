import type { VenuesParams } from '../consumers/venues';
import { etoroxFirehose } from './etorox';
import { fineryFirehose } from './finery-feed';
import { HERCLE_CHANNELS, hercleFirehose } from './hercle';
import { marketProphitFirehose } from './marketprophit';
import { throughputFigure } from './throughput';

/**
 * Figure 5, saturated: events per consumer CPU-second through `connectVenues().events$`
 * against the four clients alone on the same streams (Finery books of every instrument, a
 * copy per message; eToroX `marketData` of every channel; 4 Hercle price channels; 10 Market
 * Prophit subscriptions), each venue from its own firehose (figures 1, 3, 4) replaying
 * pre-encoded frames as fast as the consumer reads: every socket always has data waiting,
 * so both sides read the same mix of bytes per event-loop turn and are 100 % busy.
 * Target ≥ 0.9×.
 */
export const venuesFigure = throughputFigure({
  name: 'merged',
  number: 5,
  title: 'Merged stream events/s, saturated: connectVenues().events$ vs the four clients alone',
  venue: 'venues',
  minRatio: 0.9,
  async start() {
    const [finery, etorox, hercle, marketprophit] = await Promise.all([
      fineryFirehose(),
      etoroxFirehose(),
      hercleFirehose(HERCLE_CHANNELS.filter(([, size]) => size === 1)),
      marketProphitFirehose(10),
    ]);
    const all = [finery, etorox, hercle, marketprophit];
    const params: VenuesParams = { finery: finery.params, etorox: etorox.params, hercle: hercle.params, marketprophit: marketprophit.params };
    return {
      params,
      ready: async () => {
        await Promise.all(all.map((venue) => venue.ready()));
      },
      async close() {
        await Promise.all(all.map((venue) => venue.close()));
      },
    };
  },
});
