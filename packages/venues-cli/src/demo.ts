import { etoroxDemoCredentials, fineryDemoCredentials, hercleDemoCredentials, marketProphitDemoCredentials, startSimulators } from '@org/venue-sim';
import type { Simulators } from '@org/venue-sim';
import type { VenueName } from '@org/venues';
import type { VenueClients } from './selection';

/** Where the demo simulators listen. */
export interface DemoOptions {
  /** Default `127.0.0.1`. */
  readonly host?: string;
  /** First port; the venues take consecutive ports in `VENUE_NAMES` order. Default 0: free ports. */
  readonly port?: number;
  /** Market clock speed of the Market Prophit simulator: 1 (default) is real time, so that `exchangeTime` is honest. */
  readonly speed?: number;
}

/** A running simulator of the demo. */
export interface DemoSimulator {
  readonly venue: VenueName;
  readonly url: string;
  /** How to connect: endpoint and demo credentials, one or more lines. */
  readonly description: string;
  close(): Promise<void>;
}

/** The simulators with the clients that connect to them. */
export interface Demo {
  readonly simulators: readonly DemoSimulator[];
  readonly clients: VenueClients;
  /** Closes every simulator; never rejects. */
  close(): Promise<void>;
}

/** How to connect to each venue's simulator: endpoint and demo credentials; the eToroX URL shown is its hub. */
const DESCRIBE: Record<VenueName, (sims: Simulators, speed: number) => { url: string; description: string }> = {
  finery: ({ urls }) => ({
    url: urls.finery,
    description: `WebSocket ${urls.finery}  key "${fineryDemoCredentials.key}", secret "${fineryDemoCredentials.secret}" (EFX-Key/EFX-Sign headers, finery.md §2)`,
  }),
  etorox: ({ simulators }) => ({
    url: simulators.etorox.hubUrl(),
    description: `SignalR hub ${simulators.etorox.hubUrl()}  API key "${etoroxDemoCredentials.apiKey}", private key: etoroxDemoCredentials of @org/venue-sim (etorox.md §3.1 sample, passphrase '')`,
  }),
  hercle: ({ urls }) => ({ url: urls.hercle, description: `SignalR hub ${urls.hercle}  API key (bearer token) "${hercleDemoCredentials.apiKey}"` }),
  marketprophit: ({ urls }, speed) => ({
    url: urls.marketprophit,
    description: `socket.io ${urls.marketprophit}  secret key "${marketProphitDemoCredentials.secretKey}" (POST /jwt, marketprophit.md §2)${speed === 1 ? '' : `, market time ${speed}× faster`}`,
  }),
};

/**
 * Starts the simulators of `venues` in this process, with their demo credentials.
 * Rejects (after closing what did start) when one cannot listen, e.g. a taken port.
 */
export async function startDemo(venues: readonly VenueName[], options: DemoOptions = {}): Promise<Demo> {
  const speed = options.speed ?? 1;
  // Tuned to be lively on screen: Finery 5 book changes per second per instrument, eToroX a
  // market change every 200 ms per channel (warmed up below so that trades start at once),
  // Hercle a price every 300 ms per stream, Market Prophit in real time (crowd sentiment
  // every minute, Market Prophit sentiment every second; `speed` multiplies both).
  const sims = await startSimulators({
    venues,
    ...(options.host ? { host: options.host } : {}),
    ...(options.port ? { port: options.port } : {}),
    finery: { updatesPerSecond: 5 },
    etorox: { marketIntervalMs: 200 },
    hercle: { priceIntervalMs: 300 },
    marketprophit: { speed },
  });
  if (venues.includes('etorox')) sims.simulators.etorox.step(40);
  return {
    simulators: venues.map((venue) => {
      const { url, description } = DESCRIBE[venue](sims, speed);
      const simulator = sims.simulators[venue];
      return { venue, url, description, close: () => simulator.close() };
    }),
    clients: sims.clients,
    close: () => sims.close(),
  };
}
