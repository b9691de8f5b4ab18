import { alternate } from '../alternate';
import type { ChildSpec } from '../child-runner';
import { runChild } from '../child-runner';
import { median, ratio, round } from '../stats';
import type { Figure, FigureContext, Row } from '../types';
import type { RateSample } from '../workloads/types';

/**
 * Runs the `ours` and `baseline` throughput workloads in fresh child processes, after one
 * discarded warm-up run, alternately, `context.runs` times each, against the same simulator (running in the
 * harness process, so producer and consumer each have a core).
 */
export function compareRates(context: FigureContext, ours: ChildSpec, baseline: ChildSpec): Promise<{ ours: RateSample[]; baseline: RateSample[] }> {
  const run = (spec: ChildSpec) => async () => {
    const sample = await runChild<RateSample>({ ...spec, durationMs: context.durationMs, warmupMs: context.quick ? 200 : 500 }, { profileDir: context.profileDir });
    context.log(`  ${spec.workload}: ${Math.round(sample.perSecond)} events/s wall, ${Math.round(sample.perCpuSecond)} per CPU-s`);
    return sample;
  };
  // One discarded run first: the simulator's JIT warms up, so the first measured run is not
  // fed by a cold producer.
  return runChild<RateSample>({ ...baseline, durationMs: context.quick ? 300 : 1000, warmupMs: 0 }).then(() => alternate(context.runs, run(ours), run(baseline)));
}

/**
 * The table row of a throughput comparison. The figure is events per CPU-second of the
 * consumer process (the rate one fully busy core sustains), which stays meaningful whether
 * the consumer or the simulator is the bottleneck; wall-clock rates are kept in `detail`.
 * `ours` and `baseline` are medians; the ratio is the median of the ratios of the runs
 * made back to back (run i of each side), which cancels drift in the machine's load better
 * than the ratio of the medians. `detail.pairRatios` shows the spread.
 */
export function rateRow(figure: string, samples: { ours: RateSample[]; baseline: RateSample[] }, minRatio: number): Row {
  const ours = median(samples.ours.map((s) => s.perCpuSecond));
  const baseline = median(samples.baseline.map((s) => s.perCpuSecond));
  const pairRatios = samples.ours.map((s, i) => ratio(s.perCpuSecond, samples.baseline[i]?.perCpuSecond ?? null)).filter((r): r is number => r !== null);
  const r = pairRatios.length > 0 ? median(pairRatios) : null;
  return {
    figure,
    metric: 'events/s per consumer CPU-s',
    ours: round(ours),
    baseline: round(baseline),
    ratio: r === null ? null : round(r, 3),
    target: `≥ ${minRatio}×`,
    pass: r !== null && r >= minRatio,
    detail: {
      pairRatios: pairRatios.map((x) => round(x, 3)),
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
  /** Starts the simulator; resolves with the consumer parameters (JSON) and how to stop it. */
  start(): Promise<{ params: object; close(): Promise<void> }>;
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
        const spec = (variant: string): ChildSpec => ({ ...sim.params, workload: `${options.venue}-${variant}` });
        const samples = await compareRates(context, spec('ours'), spec('baseline'));
        return [rateRow(`${options.number} ${options.name}`, samples, options.minRatio)];
      } finally {
        await sim.close();
      }
    },
  };
}
