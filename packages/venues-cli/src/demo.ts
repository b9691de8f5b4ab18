import {
  etoroxDemoCredentials,
  fineryDemoCredentials,
  hercleDemoCredentials,
  marketProphitDemoCredentials,
  startEtoroxSimulator,
  startFinerySimulator,
  startHercleSimulator,
  startMarketProphitSimulator,
} from '@org/venue-sim';
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

/**
 * Each venue's simulator, tuned to be lively on screen: Finery 5 book changes per second
 * per instrument, eToroX a market change every 200 ms per channel (warmed up so that trades
 * start at once), Hercle a price every 300 ms per stream, Market Prophit in real time (crowd
 * sentiment every minute, Market Prophit sentiment every second; `speed` multiplies both).
 */
const START: Record<VenueName, (host: string, port: number, speed: number) => Promise<{ sim: DemoSimulator; clients: VenueClients }>> = {
  finery: async (host, port) => {
    const sim = await startFinerySimulator({ host, port, updatesPerSecond: 5 });
    return {
      sim: {
        venue: 'finery',
        url: sim.url,
        description: `WebSocket ${sim.url}  key "${fineryDemoCredentials.key}", secret "${fineryDemoCredentials.secret}" (EFX-Key/EFX-Sign headers, finery.md §2)`,
        close: () => sim.close(),
      },
      clients: { finery: { url: sim.url, ...fineryDemoCredentials } },
    };
  },
  etorox: async (host, port) => {
    const sim = await startEtoroxSimulator({ host, port, marketIntervalMs: 200 });
    sim.step(40);
    return {
      sim: {
        venue: 'etorox',
        url: sim.hubUrl(),
        description: `SignalR hub ${sim.hubUrl()}  API key "${etoroxDemoCredentials.apiKey}", private key: etoroxDemoCredentials of @org/venue-sim (etorox.md §3.1 sample, passphrase '')`,
        close: () => sim.close(),
      },
      clients: { etorox: { url: sim.url, apiKey: etoroxDemoCredentials.apiKey, privateKey: etoroxDemoCredentials.privateKey, passphrase: etoroxDemoCredentials.passphrase } },
    };
  },
  hercle: async (host, port) => {
    const sim = await startHercleSimulator({ host, port, priceIntervalMs: 300 });
    return {
      sim: { venue: 'hercle', url: sim.url, description: `SignalR hub ${sim.url}  API key (bearer token) "${hercleDemoCredentials.apiKey}"`, close: () => sim.close() },
      clients: { hercle: { url: sim.url, apiKey: hercleDemoCredentials.apiKey } },
    };
  },
  marketprophit: async (host, port, speed) => {
    const sim = await startMarketProphitSimulator({ host, port, speed });
    return {
      sim: {
        venue: 'marketprophit',
        url: sim.url,
        description: `socket.io ${sim.url}  secret key "${marketProphitDemoCredentials.secretKey}" (POST /jwt, marketprophit.md §2)${speed === 1 ? '' : `, market time ${speed}× faster`}`,
        close: () => sim.close(),
      },
      clients: { marketprophit: { baseUrl: sim.url, secretKey: marketProphitDemoCredentials.secretKey } },
    };
  },
};

/**
 * Starts the simulators of `venues` in this process, with their demo credentials.
 * Rejects (after closing what did start) when one cannot listen, e.g. a taken port.
 */
export async function startDemo(venues: readonly VenueName[], options: DemoOptions = {}): Promise<Demo> {
  const host = options.host ?? '127.0.0.1';
  const started = await Promise.allSettled(venues.map((venue, index) => START[venue](host, options.port ? options.port + index : 0, options.speed ?? 1)));
  const running = started.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  const close = async () => {
    await Promise.allSettled(running.map(({ sim }) => sim.close()));
  };
  const failed = started.find((result): result is PromiseRejectedResult => result.status === 'rejected');
  if (failed) {
    await close();
    throw failed.reason;
  }
  return { simulators: running.map(({ sim }) => sim), clients: Object.assign({}, ...running.map(({ clients }) => clients)) as VenueClients, close };
}
