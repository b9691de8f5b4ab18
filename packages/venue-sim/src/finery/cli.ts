import { cliEntry } from '../cli-entry';
import { FINERY_INSTRUMENTS } from './reference';
import { fineryDemoCredentials, startFinerySimulator } from './server';

/**
 * The `venue-sim start finery` entry for `../registry.ts`: a simulator with its defaults on
 * `host`/`port`, described with the demo credentials and what to send (finery.md §2, §5, §8).
 */
export const fineryCliFactory = cliEntry(startFinerySimulator, (sim) => [
  `finery  ${sim.url}`,
  `  headers EFX-Key "${fineryDemoCredentials.key}", EFX-Content {"nonce":N,"timestamp":ms}, EFX-Sign = base64 HMAC-SHA384 of EFX-Content with secret "${fineryDemoCredentials.secret}"`,
  `  send {"event":"bind","feed":"F","feedId":"BTC-USD"} -> ["F","BTC-USD","S",[bids,asks]] then "M" level updates`,
  `  send {"event":"request","reqId":1,"method":"instruments","content":{}}; instruments ${FINERY_INSTRUMENTS.map((i) => i.name).join(', ')}`,
]);
