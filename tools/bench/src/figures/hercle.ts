import { hercleDemoCredentials, startHercleSimulator } from '@org/venue-sim';
import type { HercleParams } from '../consumers/hercle';
import { firehoseClock } from '../firehose-clock';
import { throughputFigure } from './throughput';

/** 40 price channels: four pairs, sizes 1 to 10 (hercle.md §4.1: a stream per pair and size). */
export const HERCLE_CHANNELS: [string, number][] = ['BTCUSDT', 'ETHUSDT', 'BTCEUR', 'ETHEUR'].flatMap((pair) =>
  Array.from({ length: 10 }, (_, i): [string, number] => [pair, i + 1]),
);

/**
 * Figure 3 (Hercle): price updates per second through `HercleClient.prices()` against a bare
 * `@microsoft/signalr` `HubConnection` with `on('subscriptions')`, both on the same 40 price
 * channels of one simulator whose price cadence (`priceIntervalMs: 1`) runs on a firehose
 * clock. Target ≥ 0.9×.
 */
export const hercleFigure = throughputFigure({
  name: 'hercle',
  number: 3,
  title: 'Hercle events/s: HercleClient vs bare @microsoft/signalr HubConnection',
  venue: 'hercle',
  minRatio: 0.9,
  async start() {
    const sim = await startHercleSimulator({ clock: firehoseClock(1), priceIntervalMs: 1 });
    const params: HercleParams = { url: sim.url, apiKey: hercleDemoCredentials.apiKey, channels: HERCLE_CHANNELS };
    return { params, close: () => sim.close() };
  },
});
