import { Subject } from 'rxjs';
import type { Logger } from '@org/reconnect';
import { systemClock } from '../clock';
import type { SimulatorOptions } from '../options';
import type { FaultHooks } from '../faults';
import { createHubServer, serializeItem } from '../signalr';
import { etoroxDemoCredentials } from './credentials';
import { ETOROX_DEFAULT_INSTRUMENTS, alternateWireItem, channelMarketBook, createChannelMarket, stepChannelMarket } from './market';
import type { EtoroxChannelMarket, EtoroxInstrument, EtoroxSimBook } from './market';
import { createSeededRandom } from '../random';
import { createEtoroxSetupVerifier } from './setup';
import { createSubscribeMethod, stateOf } from './streams';
import type { ConnectionState, EtoroxSimSubscription, FeedValue } from './streams';

/** The hub route (etorox.md §1): the API key is a path segment. */
export const ETOROX_HUB_ROUTE = '/streams/v1/:apiKey/signalr';

/**
 * Options of {@link startEtoroxSimulator}. Durations in milliseconds. The clock times the
 * market cadence, setup deadline, maximum age, replay windows and keep-alive; the seed fixes
 * order ids, prices and sizes.
 */
export interface EtoroxSimulatorOptions extends SimulatorOptions {
  /** Channels and their reference prices. Default {@link ETOROX_DEFAULT_INSTRUMENTS}. */
  instruments?: readonly EtoroxInstrument[];
  /** Every channel makes one market change this often. Default 250; `0` pauses the market (drive it with `step()`). */
  marketIntervalMs?: number;
  /**
   * Which of the documented item forms to send (etorox.md §6.2): `documented` (default:
   * `update_at` on the public cancel, `delta` of updates and `amount` as decimal strings,
   * `snapshot_id` a string) or `alternate` (`updated_at`, JSON numbers throughout).
   */
  itemVariant?: 'documented' | 'alternate';
  /** API key → PEM public key accepted by `setup`. Default: {@link etoroxDemoCredentials}. */
  keys?: Readonly<Record<string, string>>;
  /** A connection without a successful `setup` after this long is closed (etorox.md §7). Default 10 000. */
  setupTimeoutMs?: number;
  /** Connections older than this are closed (etorox.md §7). Default 86 400 000 (24 h). */
  maxConnectionAgeMs?: number;
  /** Largest accepted `|now − timestamp|` of `setup` (etorox.md §3). Default 30 000. */
  timestampWindowMs?: number;
  /** How long a `setup` nonce stays used (etorox.md §3). Default 600 000. */
  nonceRetentionMs?: number;
  /** SignalR keep-alive Ping interval (etorox.md §7). Default 15 000. */
  keepAliveIntervalMs?: number;
  /** Close a client silent for this long (etorox.md §7). Default 30 000. */
  clientTimeoutMs?: number;
  /** The hub server's connection events and protocol errors (`Logger` of `@org/reconnect`). Default silent. */
  logger?: Logger;
}

/** One connected client, as `connections()` reports it. */
export interface EtoroxSimConnection {
  id: string;
  correlationId: string | null;
  /** The API key of the hub path. */
  apiKey: string;
  connectedAt: number;
  /** `setup` succeeded on this connection. */
  identified: boolean;
}

/** A running eToroX simulator (etorox.md §1–§7). */
export interface EtoroxSimulator {
  /** Base URL `http://127.0.0.1:PORT`; the hub is at `hubUrl(apiKey)`. */
  readonly url: string;
  /** `http://127.0.0.1:PORT/streams/v1/{apiKey}/signalr` (etorox.md §1). Default key: the demo key. */
  hubUrl(apiKey?: string): string;
  /** Shared fault hooks of the hub (drop, stall, malformed frame, refuse). */
  readonly faults: FaultHooks;
  /** The channel's resting orders aggregated into `[price, volume]` levels, and the last `snapshot_id`. @throws Error for an unknown channel. */
  book(channel: string): EtoroxSimBook & { snapshotId: string; orders: number };
  /** Advances every channel by `count` market changes now (default 1), e.g. with a paused market. */
  step(count?: number): void;
  /** Sends `item` as it is (no field encoding) to every `subscribe` stream of `channel`, e.g. a malformed item. @throws Error for an unknown channel. */
  sendItem(channel: string, item: unknown): void;
  /** Open `subscribe` streams. */
  subscriptions(): EtoroxSimSubscription[];
  /** Connected clients. */
  connections(): EtoroxSimConnection[];
  /** Closes every connection and the listener; stops the market. */
  close(): Promise<void>;
}

/**
 * Starts the eToroX v1 simulator: an ASP.NET Core SignalR hub at `/streams/v1/:apiKey/signalr`
 * (etorox.md §1, §4) over the hub emulator, negotiated or not, keeping `correlationId`.
 *
 * - `setup({apiKey, nonce, timestamp, signature})` (etorox.md §3, §5.1): RSA-SHA256 against
 *   the registered public key, timestamp window, nonce replay; answers `{status:'success'}`
 *   or `{status:'error', message}` and then closes with a Close message carrying the reason.
 * - `subscribe({channels, event, fields?})` (etorox.md §5.2): a server stream of the public
 *   items of a seeded order-level market (etorox.md §6.1), one topic per channel + event;
 *   with sorted `fields` every item is a bare array (absent fields `null`). Errors
 *   (stream Completion): `Setup required`, `Topic '<channel>/<event>' is already subscribed`,
 *   `Unknown or inactive topic '<channel>/<event>'`, `Fields must be sorted alphanumerically`.
 * - Lifecycle (etorox.md §7): no successful `setup` within `setupTimeoutMs` → Close; older
 *   than `maxConnectionAgeMs` → Close; never `allowReconnect`.
 *
 * Default credentials: {@link etoroxDemoCredentials}. Stream items are public messages only.
 */
export async function startEtoroxSimulator(options: EtoroxSimulatorOptions = {}): Promise<EtoroxSimulator> {
  const clock = options.clock ?? systemClock;
  const random = createSeededRandom(options.seed ?? 1);
  const markets = new Map<string, EtoroxChannelMarket>();
  const feeds = new Map<string, Subject<FeedValue>>();
  for (const instrument of options.instruments ?? ETOROX_DEFAULT_INSTRUMENTS) {
    markets.set(instrument.channel, createChannelMarket(instrument, random));
    feeds.set(instrument.channel, new Subject());
  }
  const verifier = createEtoroxSetupVerifier({
    keys: new Map(Object.entries(options.keys ?? { [etoroxDemoCredentials.apiKey]: etoroxDemoCredentials.publicKey })),
    timestampWindowMs: options.timestampWindowMs,
    nonceRetentionMs: options.nonceRetentionMs,
  });
  const setupTimeoutMs = options.setupTimeoutMs ?? 10_000;
  const maxConnectionAgeMs = options.maxConnectionAgeMs ?? 86_400_000;
  const alternate = options.itemVariant === 'alternate';

  const server = createHubServer({
    host: options.host,
    port: options.port,
    keepAliveIntervalMs: options.keepAliveIntervalMs,
    clientTimeoutMs: options.clientTimeoutMs,
    logger: options.logger,
    clock,
  });

  const step = (count = 1): void => {
    const time = new Date(clock.now()).toISOString();
    for (let i = 0; i < count; i += 1) {
      for (const [channel, market] of markets) {
        const feed = feeds.get(channel);
        for (const documented of stepChannelMarket(market, random, time)) {
          if (!feed?.observed) continue;
          const item = alternate ? alternateWireItem(documented) : documented;
          feed.next({ item, json: serializeItem(item) });
        }
      }
    }
  };

  const subscribe = createSubscribeMethod(feeds);

  server.hub(ETOROX_HUB_ROUTE, {
    onConnected(connection) {
      const state: ConnectionState = { identified: false, topics: new Map(), timers: [] };
      connection.state.set('etorox', state);
      state.timers.push(
        clock.setTimeout(() => {
          if (!state.identified) connection.close({ error: 'Setup was not performed in time' });
        }, setupTimeoutMs),
        clock.setTimeout(() => connection.close({ error: 'Connection exceeded the maximum connection age' }), maxConnectionAgeMs),
      );
    },
    onDisconnected(connection) {
      for (const timer of stateOf(connection)?.timers ?? []) clock.clearTimeout(timer);
    },
    methods: {
      setup(connection, argument: unknown) {
        const result = verifier.verify(connection.params.apiKey ?? '', argument, clock.now());
        if (result.status === 'success') stateOf(connection).identified = true;
        // etorox.md §5.1 simulator default: answer first, then hang up with the reason.
        else setImmediate(() => connection.close({ error: result.message }));
        return result;
      },
      subscribe,
    },
  });

  const url = await server.listen();
  const ticker = options.marketIntervalMs === 0 ? undefined : clock.setInterval(() => step(), options.marketIntervalMs ?? 250);
  const market = (channel: string): EtoroxChannelMarket => {
    const found = markets.get(channel);
    if (!found) throw new Error(`Unknown channel '${channel}'`);
    return found;
  };

  return {
    url,
    hubUrl: (apiKey = etoroxDemoCredentials.apiKey) => `${url}/streams/v1/${encodeURIComponent(apiKey)}/signalr`,
    faults: server.faults,
    book(channel) {
      const found = market(channel);
      return { ...channelMarketBook(found), snapshotId: String(found.snapshotId), orders: found.orders.size };
    },
    step,
    sendItem(channel, item) {
      market(channel);
      feeds.get(channel)?.next({ raw: serializeItem(item) });
    },
    subscriptions: () => server.connections(ETOROX_HUB_ROUTE).flatMap((connection) => [...(stateOf(connection)?.topics.values() ?? [])]),
    connections: () =>
      server.connections(ETOROX_HUB_ROUTE).map((connection) => ({
        id: connection.id,
        correlationId: connection.query.get('correlationId'),
        apiKey: connection.params.apiKey ?? '',
        connectedAt: connection.connectedAt,
        identified: stateOf(connection)?.identified ?? false,
      })),
    async close() {
      if (ticker !== undefined) clock.clearInterval(ticker);
      for (const feed of feeds.values()) feed.complete();
      await server.close();
    },
  };
}
