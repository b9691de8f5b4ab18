import type { ChildSpec } from '../child-runner';

/** The harness process, seen from a child: ask it to act (e.g. inject a fault) and wait. */
export interface ParentLink {
  request(body: unknown): Promise<unknown>;
}

/** A workload run inside a child process; its result goes back to the figure as JSON. */
export type Workload = (spec: ChildSpec, parent: ParentLink) => Promise<unknown>;

/** What a throughput workload measures. */
export interface RateSample {
  /** Events counted in the measured window. */
  events: number;
  /** Wall-clock length of the window, ms. */
  wallMs: number;
  /** CPU time (user + system) the child spent in the window, ms. */
  cpuMs: number;
  /** `events / wallMs`, per second. */
  perSecond: number;
  /** `events / cpuMs`, per second: the rate one fully busy core of the consumer sustains. */
  perCpuSecond: number;
  /** `cpuMs / wallMs`: how busy the consumer was (1 = one core saturated; GC threads may add a little). */
  busy: number;
}
