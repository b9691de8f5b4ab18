import { createHook } from 'node:async_hooks';

/** Handle types that must not outlive `close()`: sockets, servers, timers, immediates. */
const TRACKED = new Set(['TCPWRAP', 'TCPSERVERWRAP', 'Timeout', 'Immediate']);

/** Created by the test runner itself (Jest's reporter ticks in the same process when in band). */
const RUNNER = /[\\/]node_modules[\\/](@jest[\\/]|jest-)/;

/** Resources created while a tracker runs and not yet destroyed. */
export interface ResourceTracker {
  /**
   * Waits up to `timeoutMs` for every tracked resource to end, polling on timers the tracker
   * does not track; resolves what is still alive as `count type` entries (e.g.
   * `['1 Timeout']`), empty when nothing is. Stops tracking.
   */
  settle(timeoutMs: number): Promise<string[]>;
}

/**
 * Tracks every socket, server, timer and immediate created from now on (async_hooks), so a
 * run can check that closing its clients and simulators left none of them behind. Unlike
 * counting `process.getActiveResourcesInfo()`, a leak cannot hide behind an unrelated
 * handle that ended meanwhile. Unref'd timers (e.g. `AbortSignal.timeout`) cannot hold a
 * process and are not counted; nor is anything Jest itself creates.
 */
export function trackResources(): ResourceTracker {
  const live = new Map<number, { type: string; resource: object }>();
  const hook = createHook({
    init(asyncId, type, _trigger, resource) {
      if (!TRACKED.has(type) || RUNNER.test(new Error().stack ?? '')) return;
      live.set(asyncId, { type, resource });
    },
    destroy(asyncId) {
      live.delete(asyncId);
    },
  }).enable();
  const holding = () => [...live.values()].filter(({ resource }) => (resource as { hasRef?: () => boolean }).hasRef?.() !== false);
  return {
    async settle(timeoutMs) {
      const end = performance.now() + timeoutMs;
      while (holding().length > 0 && performance.now() < end) {
        hook.disable();
        const tick = new Promise((resolve) => setTimeout(resolve, 10));
        hook.enable();
        await tick;
      }
      hook.disable();
      const counts = new Map<string, number>();
      for (const { type } of holding()) counts.set(type, (counts.get(type) ?? 0) + 1);
      return [...counts].map(([type, n]) => `${n} ${type}`);
    },
  };
}
