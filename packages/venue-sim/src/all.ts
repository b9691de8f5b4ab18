import { etoroxDemoCredentials, startEtoroxSimulator } from './etorox';
import type { EtoroxSimulator, EtoroxSimulatorOptions } from './etorox';
import { fineryDemoCredentials, startFinerySimulator } from './finery';
import type { FinerySimulator, FinerySimulatorOptions } from './finery';
import { hercleDemoCredentials, startHercleSimulator } from './hercle';
import type { HercleSimulator, HercleSimulatorOptions } from './hercle';
import { marketProphitDemoCredentials, startMarketProphitSimulator } from './marketprophit';
import type { MarketProphitSimulator, MarketProphitSimulatorOptions } from './marketprophit';

/** The four venue simulators, in the order they take consecutive ports. */
export const SIMULATOR_VENUES = ['finery', 'etorox', 'hercle', 'marketprophit'] as const;

/** A venue with a simulator: `finery`, `etorox`, `hercle`, `marketprophit`. */
export type SimulatorVenue = (typeof SIMULATOR_VENUES)[number];

/** The running simulator of each venue. */
export interface VenueSimulators {
  finery: FinerySimulator;
  etorox: EtoroxSimulator;
  hercle: HercleSimulator;
  marketprophit: MarketProphitSimulator;
}

/**
 * The client options of each venue for its simulator: its URL and demo credentials, the
 * shape of `@org/finery`'s `FineryClientOptions`, `@org/etorox`'s `EtoroxClientOptions`,
 * `@org/hercle`'s `HercleClientOptions` and `@org/marketprophit`'s `MarketProphitClientOptions`.
 */
export interface SimulatorClientOptions {
  finery: { url: string; key: string; secret: string };
  etorox: { url: string; apiKey: string; privateKey: string; passphrase: string };
  hercle: { url: string; apiKey: string };
  marketprophit: { baseUrl: string; secretKey: string };
}

/** Options of {@link startSimulators}. Times in milliseconds. */
export interface StartSimulatorsOptions<V extends SimulatorVenue = SimulatorVenue> {
  /** The simulators to start; default all four. */
  venues?: readonly V[];
  /** Interface to listen on; default `127.0.0.1`. */
  host?: string;
  /** First port; the venues take consecutive ports in {@link SIMULATOR_VENUES} order of `venues`. Default 0: free ports. */
  port?: number;
  /** Options of each simulator (`host` and `port` above win). */
  finery?: FinerySimulatorOptions;
  etorox?: EtoroxSimulatorOptions;
  hercle?: HercleSimulatorOptions;
  marketprophit?: MarketProphitSimulatorOptions;
}

/** Running simulators of {@link startSimulators}. */
export interface Simulators<V extends SimulatorVenue = SimulatorVenue> {
  /** Each venue's simulator, for its controls and faults. */
  readonly simulators: Pick<VenueSimulators, V>;
  /** Each venue's client options (URL and demo credentials). */
  readonly clients: Pick<SimulatorClientOptions, V>;
  /**
   * A `connectVenues` config of `@org/venues` for them: `{ finery: { client }, … }`. Spread
   * each entry to add stream options: `{ ...config.finery, instruments: ['BTC-USD'] }`.
   */
  readonly config: { [K in V]: { client: SimulatorClientOptions[K] } };
  /** What a client connects to: Finery's WebSocket URL, eToroX's base URL (the hub is below it), Hercle's hub URL, Market Prophit's base URL. */
  readonly urls: Record<V, string>;
  /**
   * The environment of the package README examples for them: `FINERY_URL`, `FINERY_KEY`,
   * `FINERY_SECRET`, `ETOROX_URL`, `ETOROX_API_KEY`, `ETOROX_PASSPHRASE`, `HERCLE_URL`,
   * `HERCLE_API_KEY`, `MARKETPROPHIT_URL`, `MARKETPROPHIT_SECRET_KEY` (the private key of
   * eToroX is a file, `ETOROX_PRIVATE_KEY_FILE`: write `etoroxDemoCredentials.privateKey`).
   */
  readonly env: Record<string, string>;
  /** Closes every simulator; never rejects. */
  close(): Promise<void>;
}

type Started = { [K in SimulatorVenue]: { sim: VenueSimulators[K]; client: SimulatorClientOptions[K]; url: string; env: Record<string, string> } };

const START: { [K in SimulatorVenue]: (options: StartSimulatorsOptions, port: number) => Promise<Started[K]> } = {
  finery: async (options, port) => {
    const sim = await startFinerySimulator({ ...options.finery, ...listen(options, port) });
    return { sim, url: sim.url, client: { url: sim.url, ...fineryDemoCredentials }, env: { FINERY_URL: sim.url, FINERY_KEY: fineryDemoCredentials.key, FINERY_SECRET: fineryDemoCredentials.secret } };
  },
  etorox: async (options, port) => {
    const sim = await startEtoroxSimulator({ ...options.etorox, ...listen(options, port) });
    const { apiKey, privateKey, passphrase } = etoroxDemoCredentials;
    return { sim, url: sim.url, client: { url: sim.url, apiKey, privateKey, passphrase }, env: { ETOROX_URL: sim.url, ETOROX_API_KEY: apiKey, ETOROX_PASSPHRASE: passphrase } };
  },
  hercle: async (options, port) => {
    const sim = await startHercleSimulator({ ...options.hercle, ...listen(options, port) });
    return { sim, url: sim.url, client: { url: sim.url, apiKey: hercleDemoCredentials.apiKey }, env: { HERCLE_URL: sim.url, HERCLE_API_KEY: hercleDemoCredentials.apiKey } };
  },
  marketprophit: async (options, port) => {
    const sim = await startMarketProphitSimulator({ ...options.marketprophit, ...listen(options, port) });
    const { secretKey } = marketProphitDemoCredentials;
    return { sim, url: sim.url, client: { baseUrl: sim.url, secretKey }, env: { MARKETPROPHIT_URL: sim.url, MARKETPROPHIT_SECRET_KEY: secretKey } };
  },
};

function listen(options: StartSimulatorsOptions, port: number): { host?: string; port: number } {
  return options.host === undefined ? { port } : { host: options.host, port };
}

/**
 * Starts the simulators of `options.venues` (default all four) with their demo credentials,
 * in parallel, and gives what connects to them: each client's options, a `connectVenues`
 * config, the URLs and the environment of the README examples.
 *
 * @throws rejects with the first listen error (e.g. `EADDRINUSE` for a taken `port`), after closing the simulators that did start
 */
export async function startSimulators<V extends SimulatorVenue = SimulatorVenue>(options: StartSimulatorsOptions<V> = {}): Promise<Simulators<V>> {
  const venues = (options.venues ?? SIMULATOR_VENUES) as readonly V[];
  const results = await Promise.allSettled(venues.map((venue, index) => START[venue](options, options.port ? options.port + index : 0)));
  const running = results.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  const close = async (): Promise<void> => {
    await Promise.allSettled(running.map(({ sim }) => sim.close()));
  };
  const failed = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
  if (failed) {
    await close();
    throw failed.reason;
  }
  const byVenue = <T>(pick: (started: Started[SimulatorVenue]) => T) => Object.fromEntries(venues.map((venue, index) => [venue, pick(running[index]!)]));
  return {
    simulators: byVenue((started) => started.sim) as Pick<VenueSimulators, V>,
    clients: byVenue((started) => started.client) as Pick<SimulatorClientOptions, V>,
    config: byVenue((started) => ({ client: started.client })) as { [K in V]: { client: SimulatorClientOptions[K] } },
    urls: byVenue((started) => started.url) as Record<V, string>,
    env: Object.assign({}, ...running.map((started) => started.env)) as Record<string, string>,
    close,
  };
}

/** {@link startSimulators} of all four venues: `const { config, close } = await startAllSimulators();` then `connectVenues(config)`. */
export function startAllSimulators(options: Omit<StartSimulatorsOptions, 'venues'> = {}): Promise<Simulators> {
  return startSimulators(options);
}
