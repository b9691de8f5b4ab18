import { alternate } from '../alternate';
import type { ChildSpec } from '../child-runner';
import { runChild } from '../child-runner';
import { median, pairRatios, round } from '../stats';
import type { Figure, FigureContext, Row } from '../types';
import type { RateSample } from '../workloads/types';

/**
 * Runs the `ours` and `baseline` throughput workloads in fresh child processes, after one
 * discarded warm-up run, alternately, `context.runs` times each, against the same simulator (running in the
 * harness process, so producer and consumer each have a core).
 */
export function compareRates(
  context: FigureContext,
  ours: ChildSpec,
  baseline: ChildSpec,
  ready?: () => Promise<void>,
): Promise<{ ours: RateSample[]; baseline: RateSample[] }> {
  // With a firehose the child is measured once the firehose replays to it (its `{ replaying: true }` request).
  const options = { profileDir: context.profileDir, onRequest: ready ? () => ready() : undefined };
  const firehose = ready !== undefined;
  const run = (spec: ChildSpec) => async () => {
    const sample = await runChild<RateSample>({ ...spec, firehose, durationMs: context.durationMs, warmupMs: context.quick ? 200 : 500 }, options);
    context.log(`  ${spec.workload}: ${Math.round(sample.perSecond)} events/s wall, ${Math.round(sample.perCpuSecond)} per CPU-s, consumer ${Math.round(sample.busy * 100)} % busy`);
    return sample;
  };
  // One discarded run first: the simulator's JIT warms up, so the first measured run is not
  // fed by a cold producer.
  return runChild<RateSample>({ ...baseline, firehose, durationMs: context.quick ? 300 : 1000, warmupMs: 0 }, options).then(() => alternate(context.runs, run(ours), run(baseline)));
}

/**
 * The table row of a throughput comparison. The figure is events per CPU-second of the
 * consumer process (the rate one fully busy core sustains), which stays meaningful whether
 * the consumer or the simulator is the bottleneck; wall-clock rates are kept in `detail`.
 * `ours` and `baseline` are medians; the ratio is the median of the ratios of the runs
 * made back to back (run i of each side), which cancels drift in the machine's load better
 * than the ratio of the medians. `detail.pairRatios` shows the spread.
 */
export function rateRow(figure: string, samples: { ours: RateSample[]; baseline: RateSample[] }, minRatio: number, firehose = false): Row {
  const ours = median(samples.ours.map((s) => s.perCpuSecond));
  const baseline = median(samples.baseline.map((s) => s.perCpuSecond));
  const pairs = pairRatios(
    samples.ours.map((s) => s.perCpuSecond),
    samples.baseline.map((s) => s.perCpuSecond),
  );
  const r = pairs.length > 0 ? median(pairs) : null;
  const busy = { ours: round(median(samples.ours.map((s) => s.busy)), 3), baseline: round(median(samples.baseline.map((s) => s.busy)), 3) };
  const percent = (x: number) => `${Math.round(x * 100)}`;
  return {
    figure,
    // Saturated figures say how busy both consumers were (median of the runs, % of one core).
    metric: firehose ? `events/s per CPU-s, busy ${percent(busy.ours)}/${percent(busy.baseline)} %` : 'events/s per consumer CPU-s',
    ours: round(ours),
    baseline: round(baseline),
    ratio: r === null ? null : round(r, 3),
    target: `≥ ${minRatio}×`,
    pass: r !== null && r >= minRatio,
    detail: {
      firehose,
      consumerBusy: busy,
      pairRatios: pairs.map((x) => round(x, 3)),
      wallEventsPerSecond: { ours: round(median(samples.ours.map((s) => s.perSecond))), baseline: round(median(samples.baseline.map((s) => s.perSecond))) },
      samplesPerCpuSecond: { ours: samples.ours.map((s) => round(s.perCpuSecond)), baseline: samples.baseline.map((s) => round(s.perCpuSecond)) },
      eventsPerRun: { ours: samples.ours.map((s) => s.events), baseline: samples.baseline.map((s) => s.events) },
    },
  };
}

/** A throughput figure: a simulator in the harness process, `<venue>-ours` against `<venue>-baseline` in child processes. */
export interface ThroughputFigureOptions {
  name: string;
  number: number;
  title: string;
  /** The workloads' prefix, e.g. `finery` for `finery-ours` / `finery-baseline`. */
  venue: string;
  minRatio: number;
  /** The row's label after the number (default `name`). */
  label?: string;
  /** More rows: other workloads of ours, each measured against the same baseline in its own alternation. */
  more?: readonly { label: string; workload: string; minRatio: number }[];
  /**
   * Starts the simulator; resolves with the consumer parameters (JSON), how to stop it and,
   * for a firehose, `ready()`: resolves once the firehose replays to the connected consumer.
   */
  start(): Promise<{ params: object; close(): Promise<void>; ready?: () => Promise<void> }>;
}

/** Builds a {@link Figure} from {@link ThroughputFigureOptions}; its one row is {@link rateRow}. */
export function throughputFigure(options: ThroughputFigureOptions): Figure {
  return {
    name: options.name,
    number: options.number,
    title: options.title,
    async run(context) {
      const sim = await options.start();
      try {
        const spec = (workload: string): ChildSpec => ({ ...sim.params, workload });
        const baseline = spec(`${options.venue}-baseline`);
        const rows = [{ label: options.label ?? options.name, workload: `${options.venue}-ours`, minRatio: options.minRatio }, ...(options.more ?? [])];
        const result: Row[] = [];
        for (const row of rows) {
          const samples = await compareRates(context, spec(row.workload), baseline, sim.ready);
          result.push(rateRow(`${options.number} ${row.label}`, samples, row.minRatio, sim.ready !== undefined));
        }
        return result;
      } finally {
        await sim.close();
      }
    },
  };
}
