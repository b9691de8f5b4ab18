import type { IncomingHttpHeaders } from 'node:http';
import type { Logger } from '@org/reconnect';
import type { Observable } from 'rxjs';
import type { Clock } from '../clock';
import type { CorsOrigins } from '../cors';
import type { FaultHooks } from '../faults';

/** Options of {@link createHubServer}. Durations in milliseconds; defaults are ASP.NET Core's (signalr.md §7). */
export interface HubServerOptions {
  /** Interface to bind. Default `127.0.0.1`. */
  host?: string;
  /** TCP port; `0` (default) picks a free one, reported by `listen()`. */
  port?: number;
  /** Time source of every timer (keep-alive, client timeout, handshake and negotiate expiry, fault windows). Default `systemClock`. */
  clock?: Clock;
  /** Server Ping every this many ms to each connection (`KeepAliveInterval`). Default 15 000; `0` turns pings off. */
  keepAliveIntervalMs?: number;
  /** Close a connection that sent nothing for this long (`ClientTimeoutInterval`). Default 30 000; `0` turns the check off. */
  clientTimeoutMs?: number;
  /** Close a WebSocket that sent no handshake within this long (`HandshakeTimeout`). Default 15 000. */
  handshakeTimeoutMs?: number;
  /** Forget a negotiated connection id the client never connected with (`DisconnectTimeout`). Default 15 000. */
  negotiateTimeoutMs?: number;
  /**
   * Largest incoming message in UTF-8 bytes, complete or not, before the connection closes with
   * `Connection closed with an error.` (`MaximumReceiveMessageSize`, signalr.md §7). Default 32 768;
   * `Infinity` lifts it. WebSocket frames over max(4 MiB, this) close with status 1009.
   */
  maximumReceiveMessageSize?: number;
  /** Append `<ErrorName>: <message>` of every method error to the Completion error (`EnableDetailedErrors`). Default false. */
  detailedErrors?: boolean;
  /** Receives connection events and protocol errors. Default silent. */
  logger?: Logger;
  /**
   * Origins whose pages may call the hub's HTTP endpoints (negotiate and its preflight
   * `OPTIONS`): `'*'` (default) or exact origins. Allowed browser requests get their `Origin`
   * echoed with `Access-Control-Allow-Credentials: true`, as `@microsoft/signalr` sends
   * negotiate with credentials by default (`withCredentials: true`).
   * @throws TypeError (from `createHubServer`) when neither `'*'` nor an array of strings.
   */
  origins?: CorsOrigins;
}

/** What the `authenticate` hook sees of a negotiate or WebSocket request (signalr.md §2.1, §3). */
export interface HubRequest {
  /** From `Authorization: Bearer <token>`, else the `access_token` query parameter. */
  token?: string;
  /** Route parameters, decoded (`{ apiKey: 'KEY' }` for `/streams/v1/:apiKey/signalr`). */
  params: Record<string, string>;
  /** The request's query, as sent (negotiate: with `negotiateVersion`; WebSocket: with `id`). */
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
}

/** Options of `HubConnectionContext.close()`: the Close message (signalr.md §8). */
export interface HubCloseOptions {
  /** Close `error`: the client reports `Server returned an error on close: <error>`. */
  error?: string;
  /** Close `allowReconnect`: a client with `withAutomaticReconnect()` reconnects. Default false. */
  allowReconnect?: boolean;
}

/** One connected client, as hub methods and hooks see it (ASP.NET `HubCallerContext` + `Clients.Caller`). */
export interface HubConnectionContext {
  /** The connection id (`Context.ConnectionId`; the client's `connectionId` when it negotiated). */
  readonly id: string;
  /** The route pattern the hub was registered with. */
  readonly route: string;
  /** Route parameters of the WebSocket request, decoded. */
  readonly params: Record<string, string>;
  /** Query of the WebSocket request (keeps e.g. `correlationId`, `id`, `access_token`). */
  readonly query: URLSearchParams;
  /** Headers of the WebSocket upgrade request. */
  readonly headers: IncomingHttpHeaders;
  /** What `authenticate` returned for this connection; `undefined` without the hook. */
  readonly principal: unknown;
  /** Per-connection state for the hub's own use (subscriptions, counters). */
  readonly state: Map<string, unknown>;
  /** When the WebSocket connected, ms since the epoch (from the server's clock). */
  readonly connectedAt: number;
  /** Server → client Invocation `{"type":1,"target","arguments"}` to this connection; a no-op once closed or while stalled. */
  send(target: string, ...args: unknown[]): void;
  /** Sends a Close message, then closes the WebSocket with 1000 (signalr.md §8). */
  close(options?: HubCloseOptions): void;
}

/**
 * A hub method: receives the caller's context and the invocation's arguments. Its
 * return value (or resolved Promise value) is the Completion `result`; returning an
 * Observable makes it a stream method: each value is a StreamItem, completion a
 * Completion, unsubscription is the teardown run on CancelInvocation or disconnect
 * (signalr.md §6, §10). Throw {@link HubException} to send a message to the client.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- hub methods take the client's JSON arguments
export type HubMethod = (connection: HubConnectionContext, ...args: any[]) => unknown | Promise<unknown> | Observable<unknown>;

/** A hub: its methods (matched case-insensitively, as ASP.NET Core does) and lifecycle hooks. */
export interface HubDefinition {
  /**
   * Checks the access token of negotiate and WebSocket requests; returns the principal.
   * Throwing, or returning `undefined`, `null` or `false`, answers HTTP 401 (signalr.md §2.2).
   * Without the hook every request is accepted.
   */
  authenticate?(request: HubRequest): unknown | Promise<unknown>;
  /**
   * After the handshake response was sent (ASP.NET `OnConnectedAsync`); may be async. A
   * throw or rejected Promise sends Close `Connection closed with an error.`
   */
  onConnected?(connection: HubConnectionContext): void;
  /** When the connection ended; `error` set when it ended with an error (ASP.NET `OnDisconnectedAsync`); may be async, failures are logged. */
  onDisconnected?(connection: HubConnectionContext, error?: Error): void;
  methods: Record<string, HubMethod>;
}

/** The hub server of {@link createHubServer}. */
export interface HubServer {
  /**
   * Maps a hub at a route (`'/streams/v1/:apiKey/signalr'`); negotiate is served at
   * `<route>/negotiate`. May be called before or after `listen()`.
   * @throws Error when the route is malformed or already registered.
   */
  hub(route: string, definition: HubDefinition): void;
  /** Starts listening; resolves the base URL `http://127.0.0.1:PORT` (no trailing slash). Idempotent. */
  listen(): Promise<string>;
  /** The base URL. @throws Error before `listen()` resolved. */
  readonly url: string;
  /** Fault injection: drop, stall, malformed frame, refuse (see `FaultHooks`). */
  readonly faults: FaultHooks;
  /** Connected (handshake done) connections, of one route pattern or all. */
  connections(route?: string): HubConnectionContext[];
  /** Invocation to every connection of a route pattern; serialized once. */
  sendToAll(route: string, target: string, ...args: unknown[]): void;
  /** Invocation to one connection; a no-op when the id is unknown. */
  sendToConnection(connectionId: string, target: string, ...args: unknown[]): void;
  /** Sends Close `allowReconnect:true` to every connection, closes them and the listener; resolves when all is closed. */
  close(): Promise<void>;
}
