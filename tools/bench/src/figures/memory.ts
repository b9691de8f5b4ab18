import { FINERY_INSTRUMENTS, fineryDemoCredentials, marketProphitDemoCredentials, startFinerySimulator, startMarketProphitSimulator } from '@org/venue-sim';
import { runChild } from '../child-runner';
import { round } from '../stats';
import type { Figure, Row } from '../types';
import type { ChurnResult, ChurnSpec, IdleResult, IdleSpec } from '../workloads/memory';

const MB = 1024 * 1024;
/** The simulator's market runs at this many updates per second per instrument, 40 times its default of 5. */
const UPDATES_PER_SECOND = 200;
const SIMULATED_MS = 10 * 60_000;

/**
 * Figure 8: memory. Churn: heap growth of a child process (`--expose-gc`) holding a
 * `FineryClient` through 100 reconnects (20 with `--quick`) with subscribe/unsubscribe churn
 * of every instrument's book and feed, while the simulator's market runs at 200 updates/s per
 * instrument for at least ten minutes of its default pace (15 s). Target < 2 MB. Idle: heap
 * retained per held `MarketProphitClient.subscribe()` on a quiet stream (1 000 of them).
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
      context.log(`  churn: ${result.reconnects} reconnects in ${Math.round(result.wallMs)} ms, heap ${round(result.heapBefore / MB)} → ${round(result.heapAfter / MB)} MB`);
      rows.push({
        figure: '8 memory finery',
        metric: `heap growth MB, ${result.reconnects} reconnects`,
        ours: round(growth, 3),
        baseline: null,
        ratio: null,
        target: '< 2 MB',
        pass: growth < 2,
        detail: { ...result, simulatedMinutes: round((result.wallMs * UPDATES_PER_SECOND) / 5 / 60_000, 3) },
      });
    } finally {
      await finery.close();
    }
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
