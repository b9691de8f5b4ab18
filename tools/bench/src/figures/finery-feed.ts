import { FINERY_INSTRUMENTS, fineryDemoCredentials, startFinerySimulator } from '@org/venue-sim';
import type { FineryParams } from '../consumers/finery';
import { framesStartingWith, saturate, saturatedStart } from '../firehose';
import { throughputFigure } from './throughput';

/**
 * A paused Finery simulator (stepped only while a connection records) behind a firehose
 * replaying the feed `F` messages (finery.md §7.1) of every instrument: the first frames of
 * a binding are its snapshots, so each replayed cycle starts every book afresh.
 */
export async function fineryFirehose(): Promise<{ params: FineryParams; close(): Promise<void>; ready(): Promise<void> }> {
  const sim = await startFinerySimulator({ updatesPerSecond: 0 });
  const hose = await saturate(sim.url, framesStartingWith('["F",'), () => sim.step(5));
  const params: FineryParams = { url: hose.via(sim.url), ...fineryDemoCredentials, instruments: FINERY_INSTRUMENTS.map((instrument) => instrument.name) };
  return saturatedStart(params, hose, sim);
}

/**
 * Figure 1: Finery feed throughput, saturated: messages per consumer CPU-second delivered to
 * subscribers of `client.feed('F', instrument)` (every simulator instrument) from a firehose
 * replaying pre-encoded `F` frames, against a raw `ws` client doing `JSON.parse` on the same
 * frames. Target ≥ 0.9×.
 */
export const fineryFeedFigure = throughputFigure({
  name: 'finery-feed',
  number: 1,
  title: "Finery feed throughput, saturated: client.feed('F', id) vs raw ws + JSON.parse",
  venue: 'finery',
  minRatio: 0.9,
  start: fineryFirehose,
});
