import type { SimulatorFactory } from '../registry';
import { etoroxDemoCredentials } from './credentials';
import { ETOROX_DEFAULT_INSTRUMENTS } from './market';
import { startEtoroxSimulator } from './simulator';

/**
 * The eToroX entry of the `venue-sim` CLI registry (`src/registry.ts`): starts the
 * simulator with its defaults and describes how to connect (etorox.md §1, §3.1).
 */
export const etoroxCliFactory: SimulatorFactory = async ({ host, port }) => {
  const sim = await startEtoroxSimulator({ ...(host === undefined ? {} : { host }), ...(port === undefined ? {} : { port }) });
  return {
    url: sim.url,
    close: () => sim.close(),
    describe: () =>
      [
        `etorox  ${sim.hubUrl()}`,
        `  eToroX v1 SignalR hub: setup({apiKey, nonce, timestamp, signature}), subscribe({channels, event: 'marketData', fields?}) stream.`,
        `  API key ${etoroxDemoCredentials.apiKey}; private key: the sample of etorox.md §3.1 (passphrase ''), exported as etoroxDemoCredentials.`,
        `  Channels: ${ETOROX_DEFAULT_INSTRUMENTS.map((instrument) => instrument.channel).join(', ')}.`,
      ].join('\n'),
  };
};
