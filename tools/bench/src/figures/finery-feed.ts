import { FINERY_INSTRUMENTS, fineryDemoCredentials, startFinerySimulator } from '@org/venue-sim';
import type { Figure } from '../types';
import type { FineryFeedSpec } from '../workloads/finery';
import { compareRates, rateRow } from './throughput';

/**
 * Figure 1: Finery feed throughput, messages per second delivered to subscribers of
 * `client.feed('F', instrument)` (every simulator instrument) from the simulator's
 * firehose (`updatesPerSecond: 'firehose'`, paced by the socket's send buffer), against a
 * raw `ws` client doing `JSON.parse` on the same frames. Target ≥ 0.9×.
 */
export const fineryFeedFigure: Figure = {
  name: 'finery-feed',
  number: 1,
  title: "Finery feed throughput: client.feed('F', id) vs raw ws + JSON.parse",
  async run(context) {
    const sim = await startFinerySimulator({ updatesPerSecond: 'firehose' });
    try {
      const spec = (workload: string): FineryFeedSpec => ({
        workload,
        url: sim.url,
        ...fineryDemoCredentials,
        instruments: FINERY_INSTRUMENTS.map((instrument) => instrument.name),
        durationMs: context.durationMs,
        warmupMs: 0,
      });
      const samples = await compareRates(context, spec('finery-feed-ours'), spec('finery-feed-baseline'));
      return [rateRow('1 finery feed', samples, 0.9)];
    } finally {
      await sim.close();
    }
  },
};
