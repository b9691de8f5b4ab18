import { FINERY_INSTRUMENTS, fineryDemoCredentials, startFinerySimulator } from '@org/venue-sim';
import type { FineryParams } from '../consumers/finery';
import { throughputFigure } from './throughput';

/**
 * Figure 1: Finery feed throughput, messages per second delivered to subscribers of
 * `client.feed('F', instrument)` (every simulator instrument) from the simulator's
 * firehose (`updatesPerSecond: 'firehose'`, paced by the socket's send buffer), against a
 * raw `ws` client doing `JSON.parse` on the same frames. Target ≥ 0.9×.
 */
export const fineryFeedFigure = throughputFigure({
  name: 'finery-feed',
  number: 1,
  title: "Finery feed throughput: client.feed('F', id) vs raw ws + JSON.parse",
  venue: 'finery',
  minRatio: 0.9,
  async start() {
    const sim = await startFinerySimulator({ updatesPerSecond: 'firehose' });
    const params: FineryParams = { url: sim.url, ...fineryDemoCredentials, instruments: FINERY_INSTRUMENTS.map((instrument) => instrument.name) };
    return { params, close: () => sim.close() };
  },
});
