/** One line of the results table: a figure's measurement of ours against the baseline. */
export interface Row {
  /** Figure number and name, e.g. `4 marketprophit`. */
  figure: string;
  /** What is measured, e.g. `events/s` or `p99 latency ms`. */
  metric: string;
  ours: number;
  /** The raw baseline measured side by side in the same run; `null` when the figure has none. */
  baseline: number | null;
  /** `ours / baseline` (higher is better for rates; for times and bytes the row says so in `target`). */
  ratio: number | null;
  /** The target in words, e.g. `≥ 0.9×`; `report` when the issue sets none. */
  target: string;
  /** Whether the target is met; `null` when there is no target. */
  pass: boolean | null;
  /** Samples, spreads and conditions behind the numbers. */
  detail?: Record<string, unknown>;
}

/** What every figure gets from the runner. */
export interface FigureContext {
  /** `--quick`: short runs, fewer alternations (well under a minute for everything). */
  readonly quick: boolean;
  /** Alternating runs per variant (ours, baseline, ours, baseline, ...). */
  readonly runs: number;
  /** Measured duration of one throughput run, ms. */
  readonly durationMs: number;
  /** Run the child processes under `node --cpu-prof`, writing profiles to this folder. */
  readonly profileDir?: string;
  /** Progress messages (stderr). */
  log(message: string): void;
}

/** One benchmark figure of issue 9: a module added when its client lands. */
export interface Figure {
  /** The `--only` name, e.g. `marketprophit`. */
  readonly name: string;
  /** Issue 9 figure number. */
  readonly number: number;
  readonly title: string;
  run(context: FigureContext): Promise<Row[]>;
}
