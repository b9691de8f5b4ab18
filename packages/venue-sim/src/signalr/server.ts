import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { systemClock } from '../clock';
import { applyCors, corsOrigins } from '../cors';
import { createFaultHooks, createFaultState } from '../faults';
import { closeServer, listen, rejectUpgrade } from '../http';
import type { Connection, ConnectionSettings } from './connection';
import { CONNECTION_ERROR_TEXT, createConnection } from './connection';
import type { RegisteredHub } from './hub';
import { findHub, registerHub } from './hub';
import { accessToken, negotiateBody, negotiateVersion } from './negotiate';
import { MALFORMED_FRAME, PING_FRAME, encodeInvocation } from './protocol';
import type { HubRequest, HubServer, HubServerOptions } from './types';

/** A negotiated connection id waiting for its WebSocket (signalr.md §2.3, §3). */
interface Negotiated {
  readonly connectionId: string;
  readonly hub: RegisteredHub;
  /** Set once the WebSocket connected: a second one gets 409. */
  connected: boolean;
  expiry: unknown;
}

const NEGOTIATE_SUFFIX = '/negotiate';

/**
 * Creates an ASP.NET Core SignalR hub server (WebSockets transport, JSON hub protocol)
 * that the official `@microsoft/signalr` client and `@aspnet/signalr` 1.x accept
 * unchanged (signalr.md §1–§11): negotiate v0/v1 at `POST <route>/negotiate`, WebSocket
 * connections with or without a negotiated `id`, bearer-token checks, handshake,
 * invocations, streams, keep-alive pings, client timeout, Close messages and fault hooks.
 * Every HTTP response carries CORS headers for `options.origins` and preflight `OPTIONS`
 * requests are answered (`applyCors`), so that browser pages on another origin negotiate;
 * WebSockets are not subject to CORS. Nothing listens until `listen()`.
 *
 * ```ts
 * const server = createHubServer({ keepAliveIntervalMs: 15_000 });
 * server.hub('/streams/v1/:apiKey/signalr', {
 *   authenticate: ({ token }) => (token === 'secret' ? { user: 'demo' } : undefined),
 *   methods: {
 *     Echo: (_connection, text: string) => text,
 *     Counter: (_connection, count: number) => interval(100).pipe(take(count)),
 *   },
 * });
 * const url = await server.listen(); // 'http://127.0.0.1:PORT'
 * ```
 */
export function createHubServer(options: HubServerOptions = {}): HubServer {
  const clock = options.clock ?? systemClock;
  const keepAliveIntervalMs = options.keepAliveIntervalMs ?? 15_000;
  const clientTimeoutMs = options.clientTimeoutMs ?? 30_000;
  const negotiateTimeoutMs = options.negotiateTimeoutMs ?? 15_000;
  const logger = options.logger;
  const origins = corsOrigins(options.origins, 'SignalR hub');
  const faultState = createFaultState(clock);
  const settings: ConnectionSettings = {
    clock,
    faults: faultState,
    handshakeTimeoutMs: options.handshakeTimeoutMs ?? 15_000,
    maximumReceiveMessageSize: options.maximumReceiveMessageSize ?? 32_768,
    detailedErrors: options.detailedErrors ?? false,
    logger,
  };
  const hubs: RegisteredHub[] = [];
  /** Negotiated connections by the id the client puts on the WebSocket URL (token for v1, connection id for v0). */
  const negotiated = new Map<string, Negotiated>();
  /** Handshaken connections by connection id, and per route pattern. */
  const byId = new Map<string, Connection>();
  const byRoute = new Map<string, Set<Connection>>();
  /** Every accepted WebSocket, handshaken or not. */
  const sockets = new Set<Connection>();
  const http = createServer((request, response) => {
    handleRequest(request, response).catch((error: unknown) => {
      logger?.error?.('SignalR negotiate failed', { error: String(error) });
      if (!response.headersSent) response.writeHead(500);
      response.end();
    });
  });
  const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false, maxPayload: webSocketMaxPayload(settings.maximumReceiveMessageSize) });
  let baseUrl: string | undefined;
  let listening: Promise<string> | undefined;
  let closing: Promise<void> | undefined;
  const timers: unknown[] = [];

  http.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    handleUpgrade(request, socket, head).catch((error: unknown) => {
      logger?.error?.('SignalR upgrade failed', { error: String(error) });
      rejectUpgrade(socket, 500);
    });
  });

  async function handleRequest(request: IncomingMessage, response: ServerResponse): Promise<void> {
    request.resume();
    if (applyCors(origins, request, response)) return;
    const url = new URL(request.url ?? '/', 'http://localhost');
    const pathname = url.pathname.endsWith('/') ? url.pathname.slice(0, -1) : url.pathname;
    const found = pathname.toLowerCase().endsWith(NEGOTIATE_SUFFIX)
      ? findHub(hubs, pathname.slice(0, -NEGOTIATE_SUFFIX.length))
      : undefined;
    if (found === undefined) return void respond(response, 404, 'text/plain', 'Not Found');
    if (request.method !== 'POST') return void respond(response, 405, 'text/plain', '');
    if (faultState.refusing || closing !== undefined) return void respond(response, 503, 'text/plain', '');
    const version = negotiateVersion(url.searchParams);
    if (typeof version !== 'number') return void respond(response, 200, 'application/json', JSON.stringify(version));
    const principal = await authenticate(found.hub, request, url.searchParams, found.params);
    if (principal === REJECTED) return void respond(response, 401, 'text/plain', '');
    const connectionId = randomUUID();
    const key = version >= 1 ? randomUUID() : connectionId;
    const entry: Negotiated = { connectionId, hub: found.hub, connected: false, expiry: undefined };
    entry.expiry = clock.setTimeout(() => {
      if (!entry.connected) negotiated.delete(key);
    }, negotiateTimeoutMs);
    negotiated.set(key, entry);
    respond(response, 200, 'application/json', negotiateBody(version, connectionId, key));
  }

  async function handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const found = findHub(hubs, url.pathname);
    if (found === undefined) return rejectUpgrade(socket, 404);
    if (faultState.refusing || closing !== undefined) return rejectUpgrade(socket, 503);
    const id = url.searchParams.get('id');
    const entry = id === null ? undefined : negotiated.get(id);
    if (id !== null) {
      if (entry === undefined || entry.hub !== found.hub) return rejectUpgrade(socket, 404, 'No Connection with that ID');
      if (entry.connected) return rejectUpgrade(socket, 409);
    }
    const principal = await authenticate(found.hub, request, url.searchParams, found.params);
    if (principal === REJECTED) return rejectUpgrade(socket, 401);
    if (entry !== undefined) {
      if (entry.connected) return rejectUpgrade(socket, 409);
      entry.connected = true;
      clock.clearTimeout(entry.expiry);
    }
    wss.handleUpgrade(request, socket, head, (ws) => {
      const connection = createConnection(
        {
          id: entry?.connectionId ?? randomUUID(),
          hub: found.hub,
          socket: ws,
          params: found.params,
          query: url.searchParams,
          headers: request.headers,
          principal,
          onConnected: (accepted) => {
            byId.set(accepted.context.id, accepted);
            let routeSet = byRoute.get(accepted.context.route);
            if (routeSet === undefined) byRoute.set(accepted.context.route, (routeSet = new Set()));
            routeSet.add(accepted);
          },
          onClosed: (closed) => {
            sockets.delete(closed);
            if (id !== null) negotiated.delete(id);
            if (byId.get(closed.context.id) === closed) byId.delete(closed.context.id);
            byRoute.get(closed.context.route)?.delete(closed);
          },
        },
        settings,
      );
      sockets.add(connection);
    });
  }

  async function authenticate(
    hub: RegisteredHub,
    request: IncomingMessage,
    query: URLSearchParams,
    params: Record<string, string>,
  ): Promise<unknown> {
    const check = hub.definition.authenticate;
    if (check === undefined) return undefined;
    const hubRequest: HubRequest = { token: accessToken(request.headers, query), params, query, headers: request.headers };
    try {
      const principal = await check.call(hub.definition, hubRequest);
      return principal === undefined || principal === null || principal === false ? REJECTED : principal;
    } catch (error) {
      logger?.debug?.('SignalR authentication rejected', { route: hub.route.pattern, error: String(error) });
      return REJECTED;
    }
  }

  function keepAlive(): void {
    if (faultState.stalled) return;
    for (const connection of byId.values()) connection.send(PING_FRAME);
  }

  /** ASP.NET Core closes a connection silent for `ClientTimeoutInterval`; not while the server itself stalls. */
  function checkClientTimeouts(): void {
    if (faultState.stalled) return;
    const now = clock.now();
    for (const connection of sockets) {
      if (connection.connected && now - connection.lastReceivedAt > clientTimeoutMs) {
        connection.close(
          { error: CONNECTION_ERROR_TEXT, allowReconnect: true },
          new Error('Client hasn\'t sent a message/ping within the configured ClientTimeoutInterval.'),
        );
      }
    }
  }

  const faults = createFaultHooks(faultState, {
    drop(dropOptions = {}) {
      for (const connection of [...sockets]) {
        if (dropOptions.graceful === false) connection.terminate();
        else connection.close({ error: dropOptions.error, allowReconnect: dropOptions.allowReconnect ?? true });
      }
    },
    malformed() {
      for (const connection of byId.values()) connection.sendRaw(MALFORMED_FRAME);
    },
  });

  return {
    faults,
    get url() {
      if (baseUrl === undefined) throw new Error('The hub server is not listening: await listen() first.');
      return baseUrl;
    },
    hub(route, definition) {
      const registered = registerHub(route, definition);
      if (hubs.some((hub) => hub.route.pattern === route)) throw new Error(`A hub is already mapped at '${route}'.`);
      hubs.push(registered);
    },
    listen() {
      listening ??= listen(http, options.host ?? '127.0.0.1', options.port ?? 0).then((address) => {
        baseUrl = `http://${address.host}:${address.port}`;
        if (keepAliveIntervalMs > 0 && Number.isFinite(keepAliveIntervalMs)) {
          timers.push(clock.setInterval(keepAlive, keepAliveIntervalMs));
        }
        if (clientTimeoutMs > 0 && Number.isFinite(clientTimeoutMs)) {
          timers.push(clock.setInterval(checkClientTimeouts, Math.max(1, Math.min(1000, Math.ceil(clientTimeoutMs / 4)))));
        }
        return baseUrl;
      });
      return listening;
    },
    connections(route) {
      const selected = route === undefined ? byId.values() : (byRoute.get(route)?.values() ?? []);
      return Array.from(selected, (connection) => connection.context);
    },
    sendToAll(route, target, ...args) {
      const connections = byRoute.get(route);
      if (connections === undefined || connections.size === 0 || faultState.stalled) return;
      const message = encodeInvocation(target, args);
      for (const connection of connections) connection.send(message);
    },
    sendToConnection(connectionId, target, ...args) {
      byId.get(connectionId)?.context.send(target, ...args);
    },
    close() {
      closing ??= closeAll();
      return closing;
    },
  };

  async function closeAll(): Promise<void> {
    for (const timer of timers) clock.clearInterval(timer);
    for (const entry of negotiated.values()) clock.clearTimeout(entry.expiry);
    negotiated.clear();
    faultState.dispose();
    const open = [...sockets];
    for (const connection of open) connection.close({ allowReconnect: true });
    const fallback = setTimeout(() => open.forEach((connection) => connection.terminate()), 2000);
    await Promise.all(open.map((connection) => connection.ended));
    clearTimeout(fallback);
    wss.close();
    if (listening === undefined) return;
    await closeServer(http);
  }
}

/**
 * Largest WebSocket frame a connection may send, bytes [inferred]: ASP.NET Core reads frames
 * as a stream and stops at `MaximumReceiveMessageSize`; `ws` buffers whole frames, so a frame
 * over 4 MiB (or the message limit, when larger) closes with WebSocket status 1009 before it is
 * held in memory. 4 MiB leaves room for the JS client, which batches the messages queued in
 * one turn into one frame (signalr.md §5); a message over the limit inside such a frame gets
 * the hub's Close.
 */
function webSocketMaxPayload(maximumReceiveMessageSize: number): number {
  return Number.isFinite(maximumReceiveMessageSize) ? Math.max(4 * 1_048_576, maximumReceiveMessageSize) : 0;
}

/** Marker for a rejected credential. */
const REJECTED = Symbol('rejected');

function respond(response: ServerResponse, status: number, contentType: string, body: string): void {
  response.writeHead(status, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(body) });
  response.end(body);
}

