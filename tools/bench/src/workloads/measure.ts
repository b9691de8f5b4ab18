import type { RateSample } from './types';

/** Events seen by a consumer; the workload's subscriber increments `count`. */
export interface Counter {
  count: number;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Starts a consumer, waits for its first event, for `ready` (a firehose replaying to it) and
 * a warm-up, then counts events over `durationMs` of wall time together with the process's
 * CPU time, and stops the consumer. Fails when no event arrives within
 * `firstEventTimeoutMs` (default 15 000).
 */
export async function measureRate(
  options: { durationMs: number; warmupMs: number; firstEventTimeoutMs?: number },
  start: (counter: Counter) => Promise<() => unknown>,
  ready?: () => Promise<unknown>,
): Promise<RateSample> {
  const counter: Counter = { count: 0 };
  const stop = await start(counter);
  try {
    const deadline = Date.now() + (options.firstEventTimeoutMs ?? 15_000);
    while (counter.count === 0) {
      if (Date.now() > deadline) throw new Error('no event within the first-event timeout');
      await sleep(5);
    }
    await ready?.();
    await sleep(options.warmupMs);
    const events0 = counter.count;
    const cpu0 = process.cpuUsage();
    const wall0 = performance.now();
    await sleep(options.durationMs);
    const events = counter.count - events0;
    const wallMs = performance.now() - wall0;
    const cpu = process.cpuUsage(cpu0);
    const cpuMs = (cpu.user + cpu.system) / 1000;
    return { events, wallMs, cpuMs, perSecond: (events / wallMs) * 1000, perCpuSecond: (events / cpuMs) * 1000, busy: cpuMs / wallMs };
  } finally {
    await stop();
  }
}
