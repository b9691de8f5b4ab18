import type { VenueName } from '@org/venues';
import { startDemo } from './demo';
import type { CliIo } from './io';
import { EXIT } from './io';

/**
 * `venues sim`: starts the chosen simulators on `host` (from `port` on, or free ports),
 * prints each one's endpoint and demo credentials on stdout, and runs until `io.stopped`;
 * then closes them and resolves 0. Rejects when a simulator cannot listen.
 */
export async function runSim(options: { venues: readonly VenueName[]; host?: string; port?: number; speed?: number }, io: CliIo): Promise<number> {
  const demo = await startDemo(options.venues, { ...(options.host ? { host: options.host } : {}), ...(options.port ? { port: options.port } : {}), ...(options.speed ? { speed: options.speed } : {}) });
  for (const sim of demo.simulators) io.out(`${sim.venue.padEnd(13)} ${sim.description}`);
  io.info('venues sim: simulators running. Point your clients at the URLs above; Ctrl+C to stop.');
  await io.stopped;
  await demo.close();
  return EXIT.ok;
}
