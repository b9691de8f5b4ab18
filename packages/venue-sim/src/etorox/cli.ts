import { cliEntry } from '../cli-entry';
import { etoroxDemoCredentials } from './credentials';
import { ETOROX_DEFAULT_INSTRUMENTS } from './market';
import { startEtoroxSimulator } from './simulator';

/**
 * The `venue-sim start etorox` entry for `../registry.ts`: a simulator with its defaults on
 * `host`/`port`, described with the hub URL, the demo credentials and what to invoke
 * (etorox.md §1, §3.1, §5).
 */
export const etoroxCliFactory = cliEntry(startEtoroxSimulator, (sim) => [
  `etorox  ${sim.hubUrl()}`,
  `  eToroX v1 SignalR hub: setup({apiKey, nonce, timestamp, signature}), subscribe({channels, event: 'marketData', fields?}) stream.`,
  `  API key ${etoroxDemoCredentials.apiKey}; private key: the sample of etorox.md §3.1 (passphrase ''), exported as etoroxDemoCredentials.`,
  `  Channels: ${ETOROX_DEFAULT_INSTRUMENTS.map((instrument) => instrument.channel).join(', ')}.`,
]);
