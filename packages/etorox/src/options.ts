import type { BackoffPolicy, Logger } from '@org/reconnect';
import { EtoroxConfigError } from './errors';

/** Options of {@link EtoroxClient}. Durations in milliseconds. */
export interface EtoroxClientOptions {
  /** Hub URL (etorox.md §1); a URL without a path gets `/streams/v1/{apiKey}/signalr`. One of `url`/`host` is required. */
  url?: string;
  /** Streaming host of the developer app; the hub is `https://{host}/streams/v1/{apiKey}/signalr`. */
  host?: string;
  /** API key (UUID) of the API token (etorox.md §2). */
  apiKey: string;
  /** RSA private key, PEM; the documented form is encrypted PKCS#8 (etorox.md §2). */
  privateKey: string;
  /** Passphrase of `privateKey`. Default `''`, as documented (etorox.md §2). */
  passphrase?: string;
  /** Open the WebSocket without negotiate (etorox.md §4). Default `false`. */
  skipNegotiation?: boolean;
  /** The venue closes connections older than this (etorox.md §7); the client recycles at 90 % of it. Default 86 400 000 (24 h). */
  maxConnectionAgeMs?: number;
  /** Longest overlap of the old and the new connection while recycling. Default 10 000. */
  recycleOverlapMs?: number;
  /** No frame from the hub for this long drops the connection (signalr.md §7). Default 30 000. */
  serverTimeoutMs?: number;
  /**
   * Accept a plaintext `http://`/`ws://` `url` to a host that is not on loopback (e.g. behind a
   * TLS-terminating proxy on a private network). Default `false`: such a URL throws
   * `InsecureTransportError` (`@org/auth-signing`, code `INSECURE_TRANSPORT`) in the constructor.
   */
  allowInsecure?: boolean;
  /**
   * One connect attempt (negotiate, WebSocket upgrade, SignalR handshake and `setup`, etorox.md §4)
   * must succeed within this long, or it is abandoned (its socket closed) with
   * `ConnectTimeoutError` (`@org/reconnect`) and retried. Default `DEFAULT_CONNECT_TIMEOUT_MS` (10 000).
   */
  connectTimeoutMs?: number;
  /** Backoff of the reconnect loop (`@org/reconnect`). */
  reconnect?: Partial<BackoffPolicy>;
  /** Default silent. Never receives secrets. */
  logger?: Logger;
  /**
   * The WebSocket class of the hub connection (`@microsoft/signalr`'s `WebSocket` option; it
   * is constructed as `new WebSocket(url, undefined, { headers })`); default `ws`'s. A
   * transport-level hook: `@org/recorder` passes a subclass that taps every frame, and an
   * in-memory socket to replay a recording.
   */
  WebSocket?: new (url: string, protocols?: string | string[], options?: { headers?: Record<string, string> }) => object;
  /** Clock of `EtoroxBook.receivedAt` (ms since the Unix epoch), read as each change is applied; default `Date.now` (a recording's replay passes its own). */
  now?: () => number;
}

/** What {@link EtoroxClient.subscribe} asks for (etorox.md §5.2). */
export interface EtoroxSubscribeOptions {
  /** Instrument channels, e.g. `['btcusd', 'ethusd']` (etorox.md §6). */
  channels: readonly string[];
  /** Default `marketData`; `orderbook` is its pre-2020 name (etorox.md §6). */
  event?: string;
  /** Only these fields (any order; the client sorts them and adds `name`, `id`, `tid`, `snapshot_id`). */
  fields?: readonly string[];
}

/** How {@link EtoroxClient.book} builds and hands out books (etorox.md §6.3). */
export interface EtoroxBookOptions {
  /** Default `marketData`; `orderbook` is its pre-2020 name (etorox.md §6). */
  event?: string;
  /**
   * Default `true`: latest value. Every event is applied to the order-level book at once, but
   * a book (`EtoroxBook`, its levels sorted) is built only when one is delivered: once per turn
   * of the event loop (`conflate` of `@org/reconnect`), so a consumer slower than the feed gets
   * the newest book, not a backlog of stale ones. `false`: one book per change, synchronously.
   */
  conflate?: boolean;
}

/** A positive duration option, or its default. @throws EtoroxConfigError otherwise */
export function optionDuration(
  options: EtoroxClientOptions,
  field: 'maxConnectionAgeMs' | 'recycleOverlapMs' | 'serverTimeoutMs',
  fallback: number,
): number {
  const value = options[field] ?? fallback;
  if (typeof value !== 'number' || !(value > 0)) throw new EtoroxConfigError(field, 'must be a positive number of milliseconds');
  return value;
}
