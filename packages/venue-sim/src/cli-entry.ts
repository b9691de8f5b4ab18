import type { RunningSimulator, SimulatorFactory, SimulatorStartOptions } from './registry';

/**
 * Builds a `venue-sim` CLI registry entry (`./registry.ts`) from a simulator's start
 * function: the CLI's `host`/`port` go to `start`, the simulator's `url` and `close()`
 * are passed through, and `describe(sim)` gives the lines printed after start (URL,
 * credentials, what to send). Rejects as `start` does (e.g. `EADDRINUSE`).
 */
export function cliEntry<S extends Pick<RunningSimulator, 'url' | 'close'>>(
  start: (options: SimulatorStartOptions) => Promise<S>,
  describe: (sim: S) => readonly string[],
): SimulatorFactory {
  return async (options) => {
    const sim = await start(options);
    return { url: sim.url, close: () => sim.close(), describe: () => describe(sim).join('\n') };
  };
}
