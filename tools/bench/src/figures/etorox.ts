import { ETOROX_DEFAULT_INSTRUMENTS, etoroxDemoCredentials, startEtoroxSimulator } from '@org/venue-sim';
import type { EtoroxParams } from '../consumers/etorox';
import { firehoseClock } from '../firehose-clock';
import { throughputFigure } from './throughput';

/**
 * Figure 3 (eToroX): order and trade items per second through `EtoroxClient.subscribe()`
 * against a bare `@microsoft/signalr` `HubConnection` with `setup` + `stream('subscribe')`,
 * both on the `marketData` topic of every simulator channel, whose market cadence
 * (`marketIntervalMs: 1`) runs on a firehose clock. Target ≥ 0.9×.
 */
export const etoroxFigure = throughputFigure({
  name: 'etorox',
  number: 3,
  title: 'eToroX events/s: EtoroxClient vs bare @microsoft/signalr HubConnection',
  venue: 'etorox',
  minRatio: 0.9,
  async start() {
    const sim = await startEtoroxSimulator({ clock: firehoseClock(1), marketIntervalMs: 1 });
    const params: EtoroxParams = {
      url: sim.url,
      hubUrl: sim.hubUrl(),
      ...etoroxDemoCredentials,
      channels: ETOROX_DEFAULT_INSTRUMENTS.map((instrument) => instrument.channel),
    };
    return { params, close: () => sim.close() };
  },
});
