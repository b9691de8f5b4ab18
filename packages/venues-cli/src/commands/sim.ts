import type { VenueName } from '@org/venues';
import type { VenuesCommand } from '../command';
import { count, simSpeedOption, venueOption } from '../options';
import { runSim } from '../sim';

/** `venues sim`: the simulators alone, with their URLs and demo credentials (`src/sim.ts`). */
export const simCommand: VenuesCommand = (root, { io, setExit }) => {
  root
    .command('sim')
    .description('run the venue simulators alone and print their URLs and demo credentials, for your own code')
    .addOption(venueOption())
    .option('--host <host>', 'interface to listen on', '127.0.0.1')
    .option('--port <port>', 'first port; the chosen venues take consecutive ports in the order finery, etorox, hercle, marketprophit (default: free ports)', count)
    .addOption(simSpeedOption())
    .action(async (flags: { venue: VenueName[]; host: string; port?: number; simSpeed: number }) => {
      setExit(await runSim({ venues: flags.venue, host: flags.host, speed: flags.simSpeed, ...(flags.port ? { port: flags.port } : {}) }, io));
    });
};
