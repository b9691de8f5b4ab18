import { etoroxCliFactory } from './etorox/cli';
import { fineryCliFactory } from './finery/cli';
import { hercleCliFactory } from './hercle/cli';
import { marketProphitCliFactory } from './marketprophit/cli';
import type { SimulatorOptions } from './options';
import { ECHO_ROUTE, startEchoHub } from './signalr/echo';

/** Options the CLI passes to every simulator factory: where to listen. */
export type SimulatorStartOptions = Pick<SimulatorOptions, 'host' | 'port'>;

/** A running simulator as the CLI sees it. */
export interface RunningSimulator {
  /** What a client connects to. */
  readonly url: string;
  close(): Promise<void>;
  /** One or more lines for the terminal: URL, credentials, what to call. */
  describe(): string;
}

/** Starts one simulator; rejects when it cannot listen (e.g. the port is taken). */
export type SimulatorFactory = (options: SimulatorStartOptions) => Promise<RunningSimulator>;

/**
 * The simulators `venue-sim start <name...>` knows, by name: the four venue simulators
 * (each with its defaults and demo credentials) and the SignalR demo hub.
 */
export const simulators: Record<string, SimulatorFactory> = {
  finery: fineryCliFactory,
  etorox: etoroxCliFactory,
  hercle: hercleCliFactory,
  marketprophit: marketProphitCliFactory,
  'signalr-echo': async (options) => {
    const server = await startEchoHub(options);
    const url = server.url + ECHO_ROUTE;
    return {
      url,
      close: () => server.close(),
      describe: () =>
        `signalr-echo  ${url}\n  SignalR hub (JSON protocol, WebSockets). Methods: Echo(text), Broadcast(text) -> Message(connectionId, text), Counter(count, intervalMs) stream, Fail(text).`,
    };
  },
};
