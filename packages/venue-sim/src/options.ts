import type { Clock } from './clock';

/**
 * Options every venue simulator takes (each `start<Venue>Simulator` options interface
 * extends this one with its own).
 */
export interface SimulatorOptions {
  /** Interface to bind. Default `127.0.0.1`. */
  host?: string;
  /** TCP port; `0` (default) picks a free one. Pass a stopped simulator's port to restart it in place. */
  port?: number;
  /** Time source of every timer and timestamp of the simulator (cadence, deadlines, expiries, keep-alive). Default `systemClock`. */
  clock?: Clock;
  /** Seed of the simulated market and generated ids: the same seed gives the same market. Default 1. */
  seed?: number;
}
