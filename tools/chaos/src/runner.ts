import { runInThisContext } from 'node:vm';
import type { LogLine } from './log';
import { linesWithSecrets } from './log';
import { createRandom } from './random';
import type { Random } from './random';
import { trackResources } from './resources';
import { quantile } from './stats';
import type { FaultKind, VenueHarness } from './venue';
import { delay, waitUntil } from './wait';

/** Starts one venue's harness with a seed, writing its client's log lines to `lines`. */
export type HarnessFactory = (seed: number, lines: LogLine[]) => Promise<VenueHarness>;

export interface ChaosOptions {
  /** Seeds the fault schedule and the simulated markets. */
  seed: number;
  /** Faults to inject. */
  faults: number;
  venues: readonly HarnessFactory[];
  /** Longest wait for a recovery, ms. Default 20 000. */
  recoveryTimeoutMs?: number;
  /** Progress lines (default none). */
  print?: (line: string) => void;
}

export interface ChaosReport {
  readonly seed: number;
  readonly injected: number;
  readonly recovered: number;
  /** Milliseconds from each fault's end to the venue streaming again, one per recovery. */
  readonly recoveryMs: readonly number[];
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** Faults injected per `venue/kind`. */
  readonly byFault: Readonly<Record<string, number>>;
  /** The slowest recoveries, `venue/kind` and milliseconds, slowest first. */
  readonly slowest: readonly { readonly fault: string; readonly ms: number }[];
  readonly violations: readonly string[];
}

/**
 * One seeded chaos run: starts every venue (simulator on loopback, client with active
 * subscriptions), then injects `faults` random faults, one at a time. After each fault it
 * waits for the venue to stream again and checks every venue: each subscription present
 * exactly once on the simulator, books equal to the simulator's, no stream errored or
 * completed, no unhandled rejection or uncaught exception, no secret in a log line. At the
 * end it closes every client and simulator and checks that no socket or timer is left.
 */
export async function runChaos(options: ChaosOptions): Promise<ChaosReport> {
  // Jest gives tests a copy of `process`; the handlers belong on the real one.
  const real = runInThisContext('process') as NodeJS.Process;
  const random: Random = createRandom(options.seed);
  const print = options.print ?? (() => undefined);
  const recoveryTimeoutMs = options.recoveryTimeoutMs ?? 20_000;
  const violations: string[] = [];
  const recoveryMs: number[] = [];
  const recoveries: { fault: string; ms: number }[] = [];
  const byFault: Record<string, number> = {};
  const lines: LogLine[] = [];
  let scanned = 0;
  let injected = 0;
  const violate = (text: string) => {
    violations.push(`[seed ${options.seed}, fault ${injected}] ${text}`);
    print(`VIOLATION ${violations[violations.length - 1]}`);
  };
  const onUnhandled = (error: unknown) => violate(`unhandled: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
  real.on('unhandledRejection', onUnhandled);
  real.on('uncaughtException', onUnhandled);
  const resources = trackResources();

  const venues: VenueHarness[] = [];
  let paused = false;
  let ticker: NodeJS.Timeout | undefined;
  try {
    for (const [index, start] of options.venues.entries()) venues.push(await start(options.seed + index, lines));
    ticker = setInterval(() => {
      if (!paused) venues.forEach((venue) => venue.tick());
    }, 20);

    /** Streaming again: connected, the simulator sees each subscription once, the streams deliver. */
    const recovered = (venue: VenueHarness, since: number, connectionBefore: string | undefined) => {
      if (venue.status()?.status !== 'connected' || venue.subscriptionProblem() !== undefined) return false;
      const reconnected = venue.connectionId() !== connectionBefore;
      return venue.probes.every((p) => p.count > 0 && (p.lastAt >= since || (!p.continuous && !reconnected)));
    };

    const checkAll = async () => {
      for (const venue of venues) {
        const settled = await waitUntil(() => recovered(venue, -Infinity, venue.connectionId()), recoveryTimeoutMs);
        if (!settled) violate(`${venue.name}: not settled (${venue.status()?.status}): ${venue.subscriptionProblem() ?? 'streams silent'}`);
        for (const p of venue.probes) {
          if (p.errors.length > 0) violate(`${p.name} errored: ${p.errors.map(String).join('; ')}`);
          if (p.completed) violate(`${p.name} completed`);
          p.errors = [];
        }
      }
      paused = true;
      try {
        for (const venue of venues) {
          if (!(await waitUntil(() => venue.bookProblem() === undefined, 5_000))) violate(`${venue.name} book: ${venue.bookProblem()}`);
        }
      } finally {
        paused = false;
      }
      for (const found of linesWithSecrets(lines.slice(scanned), venues.flatMap((v) => v.secrets))) violate(found);
      scanned = lines.length;
    };

    await checkAll();
    for (injected = 1; injected <= options.faults; injected += 1) {
      const venue = random.pick(venues);
      const kind: FaultKind = random.pick(venue.faults);
      const key = `${venue.name}/${kind}`;
      byFault[key] = (byFault[key] ?? 0) + 1;
      const connectionBefore = venue.connectionId();
      await venue.inject(kind, random);
      const start = performance.now();
      if (await waitUntil(() => recovered(venue, start, connectionBefore), recoveryTimeoutMs)) {
        recoveryMs.push(performance.now() - start);
        recoveries.push({ fault: `#${injected} ${key}`, ms: performance.now() - start });
      } else {
        violate(`${key}: no recovery within ${recoveryTimeoutMs} ms (${venue.status()?.status}; ${venue.subscriptionProblem() ?? 'streams silent'})`);
      }
      await checkAll();
      if (injected % 25 === 0) print(`${injected} faults, ${recoveryMs.length} recovered, p99 ${quantile(recoveryMs, 0.99).toFixed(0)} ms`);
    }
    injected = options.faults;
  } finally {
    for (const venue of venues) {
      const left = await venue.closeClient();
      if (left) violate(`${venue.name} close(): ${left}`);
    }
    if (ticker) clearInterval(ticker);
    await Promise.all(venues.map((venue) => venue.closeSimulator()));
    for (const found of linesWithSecrets(lines.slice(scanned), venues.flatMap((v) => v.secrets))) violate(found);
    const left = await resources.settle(5_000);
    if (left.length > 0) violate(`left behind after close(): ${left.join(', ')}`);
    await delay(0);
    real.off('unhandledRejection', onUnhandled);
    real.off('uncaughtException', onUnhandled);
  }
  return {
    seed: options.seed,
    injected,
    recovered: recoveryMs.length,
    recoveryMs,
    p50Ms: quantile(recoveryMs, 0.5),
    p99Ms: quantile(recoveryMs, 0.99),
    byFault,
    slowest: recoveries.sort((a, b) => b.ms - a.ms).slice(0, 3),
    violations,
  };
}

/** The summary lines a run prints: faults injected, recovered, p99 recovery time, violations. */
export function formatReport(report: ChaosReport): string {
  const faults = Object.entries(report.byFault)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, n]) => `${key} ${n}`)
    .join(', ');
  return [
    `chaos seed ${report.seed}: faults injected ${report.injected}, recovered ${report.recovered}, ` +
      `recovery p50 ${report.p50Ms.toFixed(0)} ms, p99 ${report.p99Ms.toFixed(0)} ms, violations ${report.violations.length}`,
    `  faults: ${faults}`,
    `  slowest recoveries: ${report.slowest.map((r) => `${r.fault} ${r.ms.toFixed(0)} ms`).join(', ')}`,
    ...report.violations.map((v) => `  violation: ${v}`),
  ].join('\n');
}
