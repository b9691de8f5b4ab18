/**
 * Send-to-delivery latency at a fixed rate, in one process: the harness triggers one
 * simulator send, stamps the moment, and the subscriber stamps the delivery; one update in
 * flight at a time, one every `intervalMs`.
 */

import { createSignal } from './signal';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** A consumer under test: started with the callback its subscriber calls per update; resolves with its stop function. */
export type LatencyConsumer = (delivered: () => void) => Promise<() => unknown>;

/**
 * Starts `consumer`, sends `warmup` updates (readiness and JIT), then `samples` updates
 * `intervalMs` apart with `trigger`, and resolves with each latency in ms. An update not
 * delivered within `timeoutMs` (default 5 000) fails the run.
 */
export async function measureLatency(
  options: { samples: number; warmup: number; intervalMs: number; timeoutMs?: number },
  consumer: LatencyConsumer,
  trigger: () => void,
): Promise<number[]> {
  const deliveries = createSignal();
  const stop = await consumer(() => deliveries.deliver());
  const once = async (timeoutMs = options.timeoutMs ?? 5000): Promise<number> => {
    const delivered = deliveries.next(timeoutMs);
    const sent = performance.now();
    trigger();
    return (await delivered) - sent;
  };
  try {
    // Readiness: the first update may wait for the subscription to reach the simulator.
    for (let i = 0; ; i++) {
      try {
        await once(1000);
        break;
      } catch (error) {
        if (i >= 15) throw error;
      }
    }
    for (let i = 0; i < options.warmup; i++) await once();
    const latencies: number[] = [];
    for (let i = 0; i < options.samples; i++) {
      const started = performance.now();
      latencies.push(await once());
      await sleep(Math.max(0, options.intervalMs - (performance.now() - started)));
    }
    return latencies;
  } finally {
    await stop();
  }
}
