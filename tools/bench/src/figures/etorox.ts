import { ETOROX_DEFAULT_INSTRUMENTS, etoroxDemoCredentials, startEtoroxSimulator } from '@org/venue-sim';
import type { EtoroxParams } from '../consumers/etorox';
import { signalrRecords, saturate, saturatedStart } from '../firehose';
import { throughputFigure } from './throughput';

/**
 * A paused eToroX simulator (stepped only while a connection records) behind a firehose
 * replaying the SignalR stream items (`{"type":2,…}`, etorox.md §5.2) of the `marketData`
 * topic of every simulator channel.
 */
export async function etoroxFirehose(): Promise<{ params: EtoroxParams; close(): Promise<void>; ready(): Promise<void> }> {
  const sim = await startEtoroxSimulator({ marketIntervalMs: 0 });
  const hose = await saturate(sim.url, signalrRecords('{"type":2,'), () => sim.step(1));
  const params: EtoroxParams = {
    url: hose.via(sim.url),
    hubUrl: hose.via(sim.hubUrl()),
    ...etoroxDemoCredentials,
    channels: ETOROX_DEFAULT_INSTRUMENTS.map((instrument) => instrument.channel),
  };
  return saturatedStart(params, hose, sim);
}

/**
 * Figure 3 (eToroX), saturated: order and trade items per consumer CPU-second through
 * `EtoroxClient.subscribe()` against a bare `@microsoft/signalr` `HubConnection` with
 * `setup` + `stream('subscribe')`, both on the `marketData` topic of every simulator channel,
 * from a firehose replaying the pre-encoded SignalR stream items (`{"type":2,…}`, signalr.md,
 * etorox.md §5.2) the paused simulator sent on that connection. Target ≥ 0.9×.
 */
export const etoroxFigure = throughputFigure({
  name: 'etorox',
  number: 3,
  title: 'eToroX events/s, saturated: EtoroxClient vs bare @microsoft/signalr HubConnection',
  venue: 'etorox',
  minRatio: 0.9,
  start: etoroxFirehose,
});
