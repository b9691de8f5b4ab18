import {
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
import type { FaultHooks } from '@org/venue-sim';
import { runChild } from '../child-runner';
import { round } from '../stats';
import type { Figure, FigureContext, Row } from '../types';
import type { ChurnResult, ChurnSpec, ClientChurnSpec, IdleResult, IdleSpec } from '../workloads/memory';

const MB = 1024 * 1024;
/** The simulator's market runs at this many updates per second per instrument, 40 times its default of 5. */
const UPDATES_PER_SECOND = 200;
const SIMULATED_MS = 10 * 60_000;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** A running simulator for the client-churn rows: its faults and the connections holding a subscription. */
interface ChurnVenue {
  venue: ClientChurnSpec['venue'];
  params: object;
  faults: FaultHooks;
  subscribedConnections(): string[];
  close(): Promise<void>;
}

const CHURN_VENUES: (() => Promise<ChurnVenue>)[] = [
  async () => {
    const sim = await startEtoroxSimulator({ marketIntervalMs: 20 });
    const params = { url: sim.url, hubUrl: sim.hubUrl(), ...etoroxDemoCredentials, channels: ['btcusd', 'ethusd'] };
    return { venue: 'etorox', params, faults: sim.faults, subscribedConnections: () => sim.subscriptions().map((s) => s.connectionId), close: () => sim.close() };
  },
  async () => {
    const sim = await startHercleSimulator({ priceIntervalMs: 20 });
    const params = { url: sim.url, apiKey: hercleDemoCredentials.apiKey, channels: [['BTCUSDT', 1], ['ETHUSDT', 1]] };
    return { venue: 'hercle', params, faults: sim.faults, subscribedConnections: () => sim.priceSubscriptions().map((s) => s.connectionId), close: () => sim.close() };
  },
  async () => {
    const sim = await startMarketProphitSimulator({ speed: 50 });
    const params = { url: sim.url, secretKey: marketProphitDemoCredentials.secretKey, path: '/real-time/market-prophit-sentiment', tickers: ['AAPL', 'MSFT'] };
    return { venue: 'marketprophit', params, faults: sim.faults, subscribedConnections: () => sim.subscriptions().map((s) => s.socketId), close: () => sim.close() };
  },
];

/**
 * Drops every connection, then waits until a subscription is held on a connection that did
 * not exist before (the client reconnected and subscribed again).
 */
async function dropAndAwaitResubscription(venue: ChurnVenue): Promise<void> {
  const before = new Set(venue.subscribedConnections());
  venue.faults.drop();
  const deadline = Date.now() + 15_000;
  while (!venue.subscribedConnections().some((id) => !before.has(id))) {
    if (Date.now() > deadline) throw new Error(`${venue.venue}: no subscription on a new connection within 15 s of the drop`);
    await sleep(2);
  }
}

/** The client-churn row of one venue. */
async function clientChurnRow(context: FigureContext, start: () => Promise<ChurnVenue>): Promise<Row> {
  const venue = await start();
  try {
    const spec: ClientChurnSpec = {
      workload: 'memory-client-churn',
      venue: venue.venue,
      params: { ...venue.params, reconnect: { stableAfterMs: 0 } },
      reconnects: context.quick ? 20 : 100,
    };
    const result = await runChild<ChurnResult>(spec, { exposeGc: true, profileDir: context.profileDir, timeoutMs: 300_000, onRequest: () => dropAndAwaitResubscription(venue) });
    const growth = (result.heapAfter - result.heapBefore) / MB;
    context.log(`  ${venue.venue} client churn: ${result.reconnects} reconnects in ${Math.round(result.wallMs)} ms, heap ${round(result.heapBefore / MB)} → ${round(result.heapMiddle / MB)} → ${round(result.heapAfter / MB)} MB`);
    return {
      figure: `8 memory ${venue.venue}`,
      metric: `heap growth MB, ${result.reconnects} reconnects + client churn`,
      ours: round(growth, 3),
      baseline: null,
      ratio: null,
      target: '< 2 MB',
      pass: growth < 2,
      detail: { ...result, secondHalfGrowthMB: round((result.heapAfter - result.heapMiddle) / MB, 3) },
    };
  } finally {
    await venue.close();
  }
}

/**
 * Figure 8: memory. Churn: heap growth of a child process (`--expose-gc`) holding a
 * `FineryClient` through 100 reconnects (20 with `--quick`) with subscribe/unsubscribe churn
 * of every instrument's book and feed, while the simulator's market runs at 200 updates/s per
 * instrument for at least ten minutes of its default pace (15 s). Client churn (eToroX,
 * Hercle, Market Prophit): the same 100 reconnects of a persistent client while a second
 * client is opened, fed and closed each cycle. Target < 2 MB. Idle: heap retained per held
 * `MarketProphitClient.subscribe()` on a quiet stream (1 000 of them).
 */
export const memoryFigure: Figure = {
  name: 'memory',
  number: 8,
  title: 'Memory: heap growth over churn and 100 reconnects; bytes per idle subscription',
  async run(context) {
    const rows: Row[] = [];
    const finery = await startFinerySimulator({ updatesPerSecond: UPDATES_PER_SECOND });
    try {
      const spec: ChurnSpec = {
        workload: 'memory-finery-churn',
        url: finery.url,
        ...fineryDemoCredentials,
        instruments: FINERY_INSTRUMENTS.map((instrument) => instrument.name),
        reconnects: context.quick ? 20 : 100,
        minDurationMs: context.quick ? 2_000 : (SIMULATED_MS * 5) / UPDATES_PER_SECOND,
      };
      const result = await runChild<ChurnResult>(spec, {
        exposeGc: true,
        profileDir: context.profileDir,
        timeoutMs: 300_000,
        onRequest: () => finery.faults.drop(),
      });
      const growth = (result.heapAfter - result.heapBefore) / MB;
      context.log(`  churn: ${result.reconnects} reconnects in ${Math.round(result.wallMs)} ms, heap ${round(result.heapBefore / MB)} → ${round(result.heapMiddle / MB)} → ${round(result.heapAfter / MB)} MB`);
      rows.push({
        figure: '8 memory finery',
        metric: `heap growth MB, ${result.reconnects} reconnects`,
        ours: round(growth, 3),
        baseline: null,
        ratio: null,
        target: '< 2 MB',
        pass: growth < 2,
        detail: { ...result, secondHalfGrowthMB: round((result.heapAfter - result.heapMiddle) / MB, 3), simulatedMinutes: round((result.wallMs * UPDATES_PER_SECOND) / 5 / 60_000, 3) },
      });
    } finally {
      await finery.close();
    }
    for (const start of CHURN_VENUES) rows.push(await clientChurnRow(context, start));
    const marketProphit = await startMarketProphitSimulator();
    try {
      const spec: IdleSpec = { workload: 'memory-marketprophit-idle', url: marketProphit.url, secretKey: marketProphitDemoCredentials.secretKey, subscriptions: 1000 };
      const result = await runChild<IdleResult>(spec, { exposeGc: true, profileDir: context.profileDir, onRequest: () => marketProphit.subscriptions().length });
      rows.push({
        figure: '8 memory marketprophit',
        metric: 'retained bytes per idle subscription',
        ours: round(result.bytesPerSubscription, 3),
        baseline: null,
        ratio: null,
        target: 'report',
        pass: null,
        detail: { ...result },
      });
    } finally {
      await marketProphit.close();
    }
    return rows;
  },
};
