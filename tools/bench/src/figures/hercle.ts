import { hercleDemoCredentials, startHercleSimulator } from '@org/venue-sim';
import type { HercleParams } from '../consumers/hercle';
import { signalrRecords, saturate, saturatedStart } from '../firehose';
import { steppedClock } from '../stepped-clock';
import { throughputFigure } from './throughput';

/** 40 price channels: four pairs, sizes 1 to 10 (hercle.md §4.1: a stream per pair and size). */
export const HERCLE_CHANNELS: [string, number][] = ['BTCUSDT', 'ETHUSDT', 'BTCEUR', 'ETHEUR'].flatMap((pair) =>
  Array.from({ length: 10 }, (_, i): [string, number] => [pair, i + 1]),
);

/**
 * A paused Hercle simulator (its price cadence stepped only while a connection records)
 * behind a firehose replaying the `subscriptions` invocations (hercle.md §2, §4.1) of
 * `channels` ([pair, size]).
 */
export async function hercleFirehose(channels: [string, number][]): Promise<{ params: HercleParams; close(): Promise<void>; ready(): Promise<void> }> {
  const clock = steppedClock(1);
  const sim = await startHercleSimulator({ clock, priceIntervalMs: 1 });
  const hose = await saturate(sim.url, signalrRecords('{"type":1,"target":"subscriptions"'), () => clock.step());
  return saturatedStart({ url: hose.via(sim.url), apiKey: hercleDemoCredentials.apiKey, channels }, hose, sim);
}

/**
 * Figure 3 (Hercle), saturated: price updates per consumer CPU-second through
 * `HercleClient.prices()` against a bare `@microsoft/signalr` `HubConnection` with
 * `on('subscriptions')`, both on the same 40 price channels, from a firehose replaying the
 * pre-encoded `subscriptions` invocations (hercle.md §2, §4.1) the paused simulator (its price
 * cadence stepped only while a connection records) sent on that connection. Target ≥ 0.9×.
 */
export const hercleFigure = throughputFigure({
  name: 'hercle',
  number: 3,
  title: 'Hercle events/s, saturated: HercleClient vs bare @microsoft/signalr HubConnection',
  venue: 'hercle',
  minRatio: 0.9,
  start: () => hercleFirehose(HERCLE_CHANNELS),
});
