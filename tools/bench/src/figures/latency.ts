import {
  createManualClock,
  etoroxDemoCredentials,
  fineryDemoCredentials,
  hercleDemoCredentials,
  marketProphitDemoCredentials,
  startEtoroxSimulator,
  startFinerySimulator,
  startHercleSimulator,
  startMarketProphitSimulator,
} from '@org/venue-sim';
import { etoroxOurs, etoroxRaw } from '../consumers/etorox';
import type { EtoroxParams } from '../consumers/etorox';
import { fineryOurs, fineryRaw } from '../consumers/finery';
import type { FineryParams } from '../consumers/finery';
import { hercleOurs, hercleRaw } from '../consumers/hercle';
import type { HercleParams } from '../consumers/hercle';
import { marketProphitOurs, marketProphitRaw } from '../consumers/marketprophit';
import type { MarketProphitParams } from '../consumers/marketprophit';
import { alternate } from '../alternate';
import type { LatencyConsumer } from '../latency';
import { measureLatency } from '../latency';
import { percentileRows } from '../stats';
import { steppedClock } from '../stepped-clock';
import type { Figure, FigureContext, Row } from '../types';

/** One venue's latency setup: a simulator whose sends the harness triggers, and the two consumers. */
interface LatencyVenue {
  trigger(): void;
  ours: LatencyConsumer;
  baseline: LatencyConsumer;
  close(): Promise<void>;
}

/** Finery: `setBook` publishes one `M` on feed `F` (finery.md §7.1); the `S` after binding arrives before any trigger. */
async function finery(): Promise<LatencyVenue> {
  const sim = await startFinerySimulator({ updatesPerSecond: 0 });
  const { bids, asks } = sim.book('BTC-USD');
  const params: FineryParams = { url: sim.url, ...fineryDemoCredentials, instruments: ['BTC-USD'] };
  let flip = false;
  return {
    trigger() {
      flip = !flip;
      const [best, ...rest] = bids;
      sim.setBook('BTC-USD', [[best![0], best![1] + (flip ? 1 : 0)], ...rest], asks);
    },
    ours: (delivered) => fineryOurs(params, delivered),
    baseline: (delivered) => fineryRaw(params, delivered),
    close: () => sim.close(),
  };
}

/** Market Prophit: a manual clock steps the one-second cadence (marketprophit.md §7.1); one version A subscription. */
async function marketProphit(): Promise<LatencyVenue> {
  const clock = createManualClock();
  const sim = await startMarketProphitSimulator({ clock });
  const params: MarketProphitParams = { url: sim.url, secretKey: marketProphitDemoCredentials.secretKey, path: '/real-time/market-prophit-sentiment', tickers: ['AAPL'] };
  return {
    trigger: () => clock.advance(1000),
    ours: (delivered) => marketProphitOurs(params, delivered),
    baseline: (delivered) => marketProphitRaw(params, delivered),
    close: () => sim.close(),
  };
}

/** Hercle: the price cadence (`priceIntervalMs: 1`) runs on a stepped clock; one price channel (hercle.md §4.1). */
async function hercle(): Promise<LatencyVenue> {
  const clock = steppedClock(1);
  const sim = await startHercleSimulator({ clock, priceIntervalMs: 1 });
  const params: HercleParams = { url: sim.url, apiKey: hercleDemoCredentials.apiKey, channels: [['BTCUSDT', 1]] };
  return {
    trigger: () => clock.step(),
    ours: (delivered) => hercleOurs(params, delivered),
    baseline: (delivered) => hercleRaw(params, delivered),
    close: () => sim.close(),
  };
}

/** eToroX: the market paused (`marketIntervalMs: 0`), `step()` makes one change on each channel (etorox.md §6); one channel subscribed. */
async function etorox(): Promise<LatencyVenue> {
  const sim = await startEtoroxSimulator({ marketIntervalMs: 0 });
  const params: EtoroxParams = { url: sim.url, hubUrl: sim.hubUrl(), ...etoroxDemoCredentials, channels: ['btcusd'] };
  return {
    trigger: () => sim.step(),
    ours: (delivered) => etoroxOurs(params, delivered),
    baseline: (delivered) => etoroxRaw(params, delivered),
    close: () => sim.close(),
  };
}

const VENUES: [string, () => Promise<LatencyVenue>][] = [
  ['finery', finery],
  ['etorox', etorox],
  ['hercle', hercle],
  ['marketprophit', marketProphit],
];

async function venueRows(context: FigureContext, name: string, start: () => Promise<LatencyVenue>): Promise<Row[]> {
  const venue = await start();
  try {
    const options = { samples: context.quick ? 60 : 200, warmup: context.quick ? 20 : 50, intervalMs: 5 };
    const samples = await alternate(
      context.runs,
      () => measureLatency(options, venue.ours, venue.trigger),
      () => measureLatency(options, venue.baseline, venue.trigger),
    );
    return percentileRows(`6 latency ${name}`, 'ms send→delivery', samples.ours.flat(), samples.baseline.flat(), { rateHz: 1000 / options.intervalMs });
  } finally {
    await venue.close();
  }
}

/**
 * Figure 6: latency p50/p99 from the simulator's send to the subscriber's delivery, one
 * update every 5 ms (at most 200/s, one in flight), ours against the raw baseline per
 * venue, alternating runs. The issue sets no target: reported.
 */
export const latencyFigure: Figure = {
  name: 'latency',
  number: 6,
  title: 'Latency p50/p99 simulator send → subscriber, ours vs raw baseline per venue',
  async run(context) {
    const rows: Row[] = [];
    for (const [name, start] of VENUES) {
      context.log(`  ${name}`);
      rows.push(
        ...(await venueRows(context, name, start).catch((error: Error) => {
          throw new Error(`${name}: ${error.message}`);
        })),
      );
    }
    return rows;
  },
};
