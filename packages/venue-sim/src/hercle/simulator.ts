import type { Logger } from '@org/reconnect';
import { systemClock } from '../clock';
import type { CorsOrigins } from '../cors';
import type { SimulatorOptions } from '../options';
import type { FaultHooks } from '../faults';
import { createHubServer } from '../signalr';
import type { HubConnectionContext, HubMethod } from '../signalr';
import { HERCLE_COMMANDS, runHercleCommand } from './commands';
import type { HercleSession } from './commands';
import { createHercleVenue } from './venue';
import type { HercleVenue, HercleVenueOptions } from './venue';
import { encodeEnvelope } from './wire';
import type { HercleBalancesData, HercleReply, HercleTarget } from './wire';

/** The hub route (hercle.md §1). */
export const HERCLE_HUB_PATH = '/ExecutionLiveServer/v1';

/** An API key the simulator accepts by default (hercle.md §1: the key is the bearer token). */
export const hercleDemoCredentials = Object.freeze({ apiKey: 'hercle-sim-demo-key' });

/**
 * Options of {@link startHercleSimulator}; every field has a default. The clock times price
 * cadence, expiries and timestamps; the seed fixes the price walk and generated ids.
 */
export interface HercleSimulatorOptions extends HercleVenueOptions, SimulatorOptions {
  /** Accepted API keys. Default `[hercleDemoCredentials.apiKey]`; any other key gets HTTP 401. */
  apiKeys?: readonly string[];
  /** Interval of price updates per (pair, size), ms; the first update goes out at once. Default 1000 (hercle.md §4.1). */
  priceIntervalMs?: number;
  /** How long `startMaintenance()` refuses connections, ms. Default 60 000. */
  maintenanceMs?: number;
  /** Hub server Ping interval, ms. Default 15 000 (signalr.md §7). */
  keepAliveIntervalMs?: number;
  /** The hub server's connection events and protocol errors (`Logger` of `@org/reconnect`). Default silent. */
  logger?: Logger;
  /** Origins whose browser pages may negotiate (CORS, `HubServerOptions.origins`). Default `'*'`. */
  origins?: CorsOrigins;
}

/** One hub method invocation the simulator received (for tests and the demo). */
export interface HercleReceivedCommand {
  connectionId: string;
  method: string;
  args: unknown[];
  /** ms since the epoch (simulator clock). */
  at: number;
}

/** A running Hercle simulator (hercle.md): the hub `/ExecutionLiveServer/v1` on the SignalR emulator. */
export interface HercleSimulator {
  /** The hub URL the client connects to, `http://127.0.0.1:PORT/ExecutionLiveServer/v1`. */
  readonly url: string;
  readonly faults: FaultHooks;
  /** The venue state (market, account, RFQs) the commands act on. */
  readonly venue: HercleVenue;
  /**
   * Maintenance (hercle.md §7): refuses new connections for `durationMs` (default
   * `maintenanceMs`; negotiate answers HTTP 503) and ends every connection: with a Close
   * message `{"error":"Scheduled maintenance","allowReconnect":true}` by default, or
   * (`graceful: false`) by dropping the socket without one, the unclean close hercle.md §7
   * describes as its default.
   */
  startMaintenance(options?: { durationMs?: number; graceful?: boolean }): void;
  /** Sets a pair's mid price, e.g. to trip the slippage check of `PlaceOtcOrder`. */
  setMidPrice(pair: string, mid: number): void;
  /** The current balance snapshot (same as `GetBalances`). */
  balances(): HercleBalancesData;
  /**
   * Hub method invocations received, oldest first, optionally of one method: the latest ones,
   * at most 1 000 and at most 1 MiB of arguments (as JSON text) in all, so a client that sends
   * large arguments cannot grow the simulator's memory.
   */
  received(method?: string): HercleReceivedCommand[];
  /** Active price subscriptions of every connection. */
  priceSubscriptions(): { connectionId: string; pair: string; size: number }[];
  /** Sends a raw envelope (any payload) to every connection on `target`: fault and ordering tests. */
  sendToAll(target: HercleTarget, payload: unknown): void;
  close(): Promise<void>;
}

interface PriceSubscription {
  pair: string;
  size: number;
  clientId: string;
  timer: unknown;
}

const SUBSCRIPTIONS = 'hercle.subscriptions';

/** Invocations `received()` keeps [inferred]. */
const RECEIVED_LIMIT = 1_000;
/** Characters of JSON arguments `received()` keeps in all [inferred]. */
const RECEIVED_ARGS_BUDGET = 1_048_576;

/** The JSON length of `args`; arguments that cannot be serialized count as the whole budget. */
function argsSize(args: readonly unknown[]): number {
  try {
    return JSON.stringify(args).length;
  } catch {
    return RECEIVED_ARGS_BUDGET;
  }
}

function subscriptionsOf(connection: HubConnectionContext): Map<string, PriceSubscription> {
  let subs = connection.state.get(SUBSCRIPTIONS) as Map<string, PriceSubscription> | undefined;
  if (!subs) {
    subs = new Map();
    connection.state.set(SUBSCRIPTIONS, subs);
  }
  return subs;
}

/**
 * Starts the Hercle simulator: API key as bearer token (unknown key → negotiate 401), the
 * commands of hercle.md §4.1–§4.3 with replies on `executionEvents` (void Completion
 * first, then the envelope with `data` as a JSON string and the caller's ClientId, §2–§3),
 * price updates on `subscriptions` per (pair, size), `preChecksError` / `*.error` errors
 * (§5), one balance sequence (§6) and a maintenance mode (§7).
 */
export async function startHercleSimulator(options: HercleSimulatorOptions = {}): Promise<HercleSimulator> {
  const clock = options.clock ?? systemClock;
  const venue = createHercleVenue(clock, options);
  const apiKeys = new Set(options.apiKeys ?? [hercleDemoCredentials.apiKey]);
  const priceIntervalMs = options.priceIntervalMs ?? 1000;
  const log: { entry: HercleReceivedCommand; size: number }[] = [];
  let logSize = 0;
  /** Keeps the latest invocations within {@link RECEIVED_LIMIT} entries and {@link RECEIVED_ARGS_BUDGET} characters of arguments. */
  const record = (entry: HercleReceivedCommand) => {
    const size = argsSize(entry.args);
    log.push({ entry, size });
    logSize += size;
    while (log.length > RECEIVED_LIMIT || (logSize > RECEIVED_ARGS_BUDGET && log.length > 1)) logSize -= (log.shift() as { size: number }).size;
  };
  const server = createHubServer({
    host: options.host,
    port: options.port,
    clock,
    keepAliveIntervalMs: options.keepAliveIntervalMs,
    logger: options.logger,
    origins: options.origins,
  });

  const deliver = (connection: HubConnectionContext, replies: readonly HercleReply[]) => {
    for (const reply of replies) connection.send(reply.target, encodeEnvelope(reply));
  };

  const session = (connection: HubConnectionContext): HercleSession => ({
    subscribe(pair, size, clientId) {
      const subs = subscriptionsOf(connection);
      const key = `${pair}|${size}`;
      if (subs.has(key)) return;
      const pairInfo = venue.market.pair(pair);
      if (!pairInfo) return;
      const push = () =>
        deliver(connection, [{ target: 'subscriptions', subject: 'execution.feeds.priceUpdate', clientId, data: venue.market.quote(pairInfo, size, true) }]);
      subs.set(key, { pair, size, clientId, timer: clock.setInterval(push, priceIntervalMs) });
      setImmediate(push);
    },
    isSubscribed: (pair, size) => subscriptionsOf(connection).has(`${pair}|${size}`),
    unsubscribe(pair, size) {
      const subs = subscriptionsOf(connection);
      const key = `${pair}|${size}`;
      const sub = subs.get(key);
      if (!sub) return;
      clock.clearInterval(sub.timer);
      subs.delete(key);
    },
  });

  const methods: Record<string, HubMethod> = {};
  for (const method of Object.keys(HERCLE_COMMANDS)) {
    methods[method] = (connection, ...args: unknown[]) => {
      record({ connectionId: connection.id, method, args, at: clock.now() });
      const replies = runHercleCommand(venue, session(connection), method, args);
      // Void Completion first, then the reply (hercle.md §3 simulator default).
      setImmediate(() => deliver(connection, replies));
      return undefined;
    };
  }

  server.hub(HERCLE_HUB_PATH, {
    authenticate: (request) => (request.token !== undefined && apiKeys.has(request.token) ? { apiKey: request.token } : undefined),
    onDisconnected(connection) {
      for (const sub of subscriptionsOf(connection).values()) clock.clearInterval(sub.timer);
      subscriptionsOf(connection).clear();
    },
    methods,
  });
  const base = await server.listen();

  return {
    url: `${base}${HERCLE_HUB_PATH}`,
    faults: server.faults,
    venue,
    startMaintenance({ durationMs = options.maintenanceMs ?? 60_000, graceful = true } = {}) {
      server.faults.refuse(durationMs);
      server.faults.drop({ graceful, allowReconnect: true, error: 'Scheduled maintenance' });
    },
    setMidPrice: (pair, mid) => venue.market.setMid(pair, mid),
    balances: () => venue.account.balances(),
    received: (method) => log.map(({ entry }) => entry).filter((entry) => method === undefined || entry.method === method),
    priceSubscriptions: () =>
      server.connections(HERCLE_HUB_PATH).flatMap((connection) =>
        [...subscriptionsOf(connection).values()].map(({ pair, size }) => ({ connectionId: connection.id, pair, size })),
      ),
    sendToAll: (target, payload) => server.sendToAll(HERCLE_HUB_PATH, target, payload),
    close: () => server.close(),
  };
}
