import { createHmac } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket as NetSocket } from 'node:net';
import { Subject } from 'rxjs';
import type { Observable } from 'rxjs';
import { Server } from 'socket.io';
import type { Socket } from 'socket.io';
import { MAX_CLIENT_DEPTH, nestedDeeperThan } from '../bounded';
import { systemClock } from '../clock';
import { applyCors, corsOrigins } from '../cors';
import type { CorsOrigins } from '../cors';
import type { SimulatorOptions } from '../options';
import { createFaultHooks, createFaultState } from '../faults';
import { listen } from '../http';
import type { FaultHooks } from '../faults';
import { findMarketProphitPath, marketProphitRecords } from './paths';
import type { MarketProphitPathSpec } from './paths';
import { createTokenIssuer, marketProphitDemoCredentials } from './token';
import type { MarketProphitClaims } from './token';

/**
 * Options of {@link startMarketProphitSimulator}; every default is marketprophit.md's
 * simulator default. The clock times token lifetimes, expiry and push cadence; the seed fixes
 * the generated values (the same records for the same period).
 */
export interface MarketProphitSimulatorOptions extends SimulatorOptions {
  /** Secret keys accepted by `POST /jwt` (§2.1). Default `[marketProphitDemoCredentials.secretKey]`. */
  secretKeys?: readonly string[];
  /**
   * HS256 signing secret. A restarted simulator with the same secret accepts the old tokens.
   * Default: a public constant with the default `secretKeys`; with custom `secretKeys`, a
   * secret derived from them, so tokens signed with the public constant are refused.
   */
  jwtSecret?: string;
  /** Token lifetime in ms, whole seconds (§2.2: "every (5) hours … re-generate"). Default 18 000 000 (5 h). */
  tokenLifetimeMs?: number;
  /**
   * Origins whose browser pages may call `POST /jwt` and the socket.io polling transport
   * (CORS, `applyCors`): `'*'` (default, as the venue answered, §2.1) or exact origins.
   * @throws TypeError (from `startMarketProphitSimulator`) when neither `'*'` nor an array of strings.
   */
  origins?: CorsOrigins;
  /** Disconnect a socket (`io server disconnect`) when its token expires (§3). Default false. */
  disconnectOnExpiry?: boolean;
  /** The `streaming_access` claim; false refuses every subscription (§6). Default true. */
  streamingAccess?: boolean;
  /** Market time runs this many times faster than the clock (cadence only). Default 1. */
  speed?: number;
  /** `auto`: `res` for version A subscriptions, `data` for version B (§6); or always one of them. */
  event?: 'auto' | 'res' | 'data';
  /** Values as decimal strings (default, Aug–Sept 2014) or JSON numbers (June 2014), §7.3. */
  numbers?: 'string' | 'number';
  /** The ticker universe of all-ticker pushes (version B, user sentiment). */
  tickers?: readonly string[];
  /** Engine.IO ping period (socketio.md §2), ms. Default 25 000. */
  pingIntervalMs?: number;
  /** Engine.IO wait for a pong before closing (socketio.md §2), ms. Default 20 000. */
  pingTimeoutMs?: number;
}

/** What happened on the simulator, for tests to wait on. */
export type MarketProphitSimEvent =
  | { type: 'jwt'; status: number }
  | { type: 'connect'; socketId: string }
  | { type: 'refused'; reason: string }
  | { type: 'disconnect'; socketId: string; reason: string }
  | { type: 'subscribe' | 'unsubscribe'; socketId: string; path: string; params: Record<string, unknown>; error: string | null };

/** One active subscription of one socket. */
export interface MarketProphitSimSubscription {
  socketId: string;
  /** As subscribed: `/real-time/…` (version A) or bare (version B). */
  path: string;
  params: Record<string, unknown>;
  version: 'A' | 'B';
}

/** A running Market Prophit simulator (CONTRACTS.md venue simulator shape). */
export interface MarketProphitSimulator {
  /** Base URL of both `POST /jwt` and socket.io, e.g. `http://127.0.0.1:PORT`. */
  readonly url: string;
  /** The TCP port listened on: pass it to a new simulator to restart in place. */
  readonly port: number;
  readonly faults: FaultHooks;
  /** Hot stream of `POST /jwt` answers, connects, refusals, disconnects, subscribes and unsubscribes. */
  readonly events$: Observable<MarketProphitSimEvent>;
  /** Every active subscription of every connected socket. */
  subscriptions(): MarketProphitSimSubscription[];
  /**
   * An endpoint failure: every version A subscription of `path` (either spelling) gets an
   * `err` event `{path, params, message}` now (§4, §6). Version B has no `err` event.
   */
  endpointError(path: string, message?: string): void;
  close(): Promise<void>;
}

interface ActiveSubscription extends MarketProphitSimSubscription {
  spec: MarketProphitPathSpec;
  method?: unknown;
  event: 'res' | 'data';
}

type SubscriptionRequest = Omit<ActiveSubscription, 'socketId'> & { key: string };

/** §2.2 prose: "Every (5) hours from when the JWT was generated, re-generate a new JWT". */
const DEFAULT_TOKEN_LIFETIME_MS = 5 * 3_600_000;
/** The signing secret of the default keys: public (it is in this source). */
const PUBLIC_JWT_SECRET = 'market-prophit-simulator';

/**
 * The default signing secret: the public one for the demo key, else one derived from the
 * custom keys, so nobody without a key can sign a token the simulator accepts, and a
 * restart with the same keys still accepts the tokens it issued.
 */
const jwtSecretFor = (secretKeys: readonly string[] | undefined): string =>
  secretKeys === undefined
    ? PUBLIC_JWT_SECRET
    : createHmac('sha256', PUBLIC_JWT_SECRET).update(JSON.stringify([...secretKeys].sort())).digest('base64url');

const DEFAULT_TICKERS = ['AAPL', 'MSFT', 'CSCO', 'GOOG', 'TSLA', 'EURAUD'];
const TICKER = /^[A-Za-z0-9]{1,10}$/;

const canonical = (params: Record<string, unknown>): string =>
  JSON.stringify(Object.keys(params).sort().map((key) => [key, params[key]]));

/** Validates a `subscribe`/`unsubscribe` payload (§4 version A, §5 version B, §6). */
function parseRequest(raw: unknown, claims: MarketProphitClaims, event: MarketProphitSimulatorOptions['event']): SubscriptionRequest | string {
  if (typeof raw !== 'object' || raw === null || typeof (raw as { path?: unknown }).path !== 'string') {
    return 'Invalid subscription: expected {path, method, params}';
  }
  if (nestedDeeperThan(raw)) return `Invalid subscription: nested deeper than ${MAX_CLIENT_DEPTH} levels`;
  const { path, method, params = {} } = raw as { path: string; method?: unknown; params?: unknown };
  if (method !== undefined && (typeof method !== 'string' || method.toUpperCase() !== 'GET')) return `Method '${String(method)}' not allowed`;
  if (typeof params !== 'object' || params === null || Array.isArray(params)) return 'Invalid params: expected an object';
  const version = method !== undefined || path.startsWith('/real-time/') ? 'A' : 'B';
  const spec = findMarketProphitPath(path, version);
  if (!spec) return `Unknown path '${path}'`;
  const ticker = (params as { ticker?: unknown }).ticker;
  if (version === 'A') {
    if (spec.tickerRequired && (ticker === undefined || ticker === '')) return "Missing required parameter 'ticker'";
    if (ticker !== undefined && (typeof ticker !== 'string' || !TICKER.test(ticker))) return `Invalid ticker '${String(ticker)}'`;
  }
  if (!claims.streaming_access) return 'Streaming access denied';
  const eventName = event === 'res' || event === 'data' ? event : version === 'A' ? 'res' : 'data';
  const p = params as Record<string, unknown>;
  return { key: `${path}|${canonical(p)}`, path, params: p, version, spec, method, event: eventName };
}

/** A JSON answer of `POST /jwt` (§2.1); CORS headers are already set by `applyCors`. */
const json = (res: ServerResponse, status: number, body: unknown): void => {
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Set-Cookie': 'igloo=s%3Asimulated; Path=/; HttpOnly',
  });
  res.end(JSON.stringify(body));
};

/** The secret key of an HTTP Basic header `key:` (§2.1: user name, empty password); `undefined` for any other shape. */
const basicUser = (header: string | undefined): string | undefined => {
  const match = /^Basic\s+(\S+)$/i.exec(header ?? '');
  if (!match?.[1]) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0 || colon !== decoded.length - 1) return undefined;
  return decoded.slice(0, colon);
};

const queryToken = (socket: Socket): string | undefined => {
  const fromQuery = socket.handshake.query.token;
  const token = Array.isArray(fromQuery) ? fromQuery[0] : fromQuery;
  const fromAuth = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
  if (token) return token;
  return typeof fromAuth === 'string' && fromAuth ? fromAuth : undefined;
};

const refusal = (message: string, code: string): Error => Object.assign(new Error(message), { data: { code } });

/**
 * Starts a Market Prophit simulator (marketprophit.md): `POST /jwt` with HTTP Basic auth
 * (§2.1: a known key as user name, empty password; anything else 401) answering an HS256 JWT
 * with `iat`/`exp`, 5 h by default (§2.2), and a socket.io v4 server on the same port (§3),
 * also accepting socket.io-client 2.x (`allowEIO3`, socketio.md §9), that reads the token
 * from the handshake query (or `auth`), refuses a missing, invalid (bad signature, `iat` in
 * the future) or expired one with `connect_error` (`missing token`, `invalid token`,
 * `jwt expired`; `data.code` `credentials_required` or `invalid_token`), and serves
 * `subscribe`/`unsubscribe` of version A (`{path, method, params}`, §4) and version B
 * (`{path, params}`, §5), acknowledging `null` or an error message. While subscribed it
 * pushes `res` (A) or `data` (B) `{path, method?, params, timestamp, results}` on each
 * path's cadence (§7.1); endpoint failures arrive as `err` (§4).
 *
 * Faults (`../faults`): `drop` ends every socket (`io server disconnect`, or the TCP socket
 * destroyed when `graceful: false`); `stall` sends nothing, pings included; `malformed`
 * pushes one record with a non-numeric value and a bad `ts` on each socket's first
 * subscription (a bare string when it has none); `refuse` fails Engine.IO handshakes.
 *
 * CORS (`options.origins`, default `'*'`): `POST /jwt`, the Engine.IO polling requests and
 * their preflight `OPTIONS` carry the headers a page on another origin needs (`applyCors`).
 */
export async function startMarketProphitSimulator(options: MarketProphitSimulatorOptions = {}): Promise<MarketProphitSimulator> {
  const clock = options.clock ?? systemClock;
  const seed = options.seed ?? 1;
  const speed = options.speed ?? 1;
  const tickers = options.tickers ?? DEFAULT_TICKERS;
  const secretKeys = options.secretKeys ?? [marketProphitDemoCredentials.secretKey];
  const origins = corsOrigins(options.origins, 'Market Prophit');
  const issuer = createTokenIssuer(
    options.jwtSecret ?? jwtSecretFor(options.secretKeys),
    options.tokenLifetimeMs ?? DEFAULT_TOKEN_LIFETIME_MS,
    options.streamingAccess ?? true,
  );
  const faultState = createFaultState(clock);
  const events = new Subject<MarketProphitSimEvent>();
  const sockets = new Map<Socket, Map<string, ActiveSubscription>>();
  const rawSockets = new Set<NetSocket>();
  const timers = new Set<unknown>();
  const startMs = clock.now();
  const marketNow = (): number => startMs + (clock.now() - startMs) * speed;

  const httpServer = createServer((req: IncomingMessage, res: ServerResponse) => {
    req.resume();
    if (applyCors(origins, req, res)) return;
    if (req.method !== 'POST' || req.url?.split('?')[0] !== '/jwt') {
      json(res, 404, { type: 'invalid_request_error', message: 'Not Found' });
      return;
    }
    const key = basicUser(req.headers.authorization);
    if (key === undefined || !secretKeys.includes(key)) {
      events.next({ type: 'jwt', status: 401 });
      json(res, 401, { type: 'invalid_request_error', message: 'Invalid API key' });
      return;
    }
    void issuer.issue(clock.now()).then((token) => {
      events.next({ type: 'jwt', status: 200 });
      json(res, 200, { token });
    });
  });
  httpServer.on('connection', (socket: NetSocket) => {
    rawSockets.add(socket);
    socket.on('close', () => rawSockets.delete(socket));
  });

  const io = new Server(httpServer, {
    transports: ['websocket', 'polling'],
    serveClient: false,
    pingInterval: options.pingIntervalMs ?? 25_000,
    pingTimeout: options.pingTimeoutMs ?? 20_000,
    // socketio.md §2: the server default 1e6 bytes per message (announced as `maxPayload` in the open packet); a larger one closes that socket.
    maxHttpBufferSize: 1_000_000,
    allowRequest: (_req, callback) => callback(faultState.refusing ? 'Connections refused' : null, !faultState.refusing),
    // socketio.md §9: socket.io-client 2.x (Engine.IO 3), as the 2014 guide's client links need.
    allowEIO3: true,
  });
  // CORS on every Engine.IO request (polling handshake and polls, their preflight, error answers), before its checks.
  io.engine.use((req: IncomingMessage, res: ServerResponse, next: () => void) => {
    if (!applyCors(origins, req, res)) next();
  });

  io.use((socket, next) => {
    const token = queryToken(socket);
    if (!token) {
      events.next({ type: 'refused', reason: 'missing token' });
      next(refusal('missing token', 'credentials_required'));
      return;
    }
    void issuer.verify(token, clock.now()).then((claims) => {
      if ('refused' in claims) {
        events.next({ type: 'refused', reason: claims.refused });
        next(refusal(claims.refused, 'invalid_token'));
        return;
      }
      socket.data.claims = claims;
      next();
    });
  });

  const later = (fn: () => void, ms: number): unknown => {
    const handle = clock.setTimeout(() => {
      timers.delete(handle);
      fn();
    }, ms);
    timers.add(handle);
    return handle;
  };
  const cancel = (handle: unknown): void => {
    timers.delete(handle);
    clock.clearTimeout(handle);
  };

  io.on('connection', (socket) => {
    const claims = socket.data.claims as MarketProphitClaims;
    const subscriptions = new Map<string, ActiveSubscription>();
    sockets.set(socket, subscriptions);
    // engine.io's private sendPacket carries every frame, pings included: a stall withholds them all.
    const conn = socket.conn as unknown as { sendPacket: (...args: unknown[]) => void };
    const sendPacket = conn.sendPacket.bind(conn);
    conn.sendPacket = (...args) => {
      if (!faultState.stalled) sendPacket(...args);
    };
    const expiry = options.disconnectOnExpiry ? later(() => socket.disconnect(true), claims.exp * 1000 - clock.now()) : undefined;
    events.next({ type: 'connect', socketId: socket.id });

    const apply = (type: 'subscribe' | 'unsubscribe', raw: unknown): string | null => {
      const request = parseRequest(raw, claims, options.event);
      if (typeof request === 'string') return request;
      if (type === 'unsubscribe') subscriptions.delete(request.key);
      else if (!subscriptions.has(request.key)) {
        const { key: _key, ...subscription } = request;
        subscriptions.set(request.key, { ...subscription, socketId: socket.id });
      }
      return null;
    };
    /** Nothing thrown while handling a client's event escapes: it is acknowledged with an error, the socket and the others go on. */
    const handle = (type: 'subscribe' | 'unsubscribe') => (raw: unknown, ack?: unknown) => {
      let error: string | null;
      try {
        error = apply(type, raw);
      } catch {
        error = 'Internal Server Error';
      }
      const echo = (nestedDeeperThan(raw) ? null : raw) as { path?: unknown; params?: unknown } | null;
      events.next({
        type,
        socketId: socket.id,
        path: String(echo?.path),
        params: typeof echo?.params === 'object' && echo.params !== null ? (echo.params as Record<string, unknown>) : {},
        error,
      });
      if (typeof ack === 'function') ack(error);
    };
    socket.on('subscribe', handle('subscribe'));
    socket.on('unsubscribe', handle('unsubscribe'));
    socket.on('disconnect', (reason) => {
      sockets.delete(socket);
      if (expiry !== undefined) cancel(expiry);
      events.next({ type: 'disconnect', socketId: socket.id, reason });
    });
  });

  const push = (periodMs: number, boundary: number): void => {
    if (faultState.stalled) return;
    const timestamp = new Date(marketNow()).toISOString();
    for (const [socket, subscriptions] of sockets) {
      for (const sub of subscriptions.values()) {
        if (sub.spec.periodMs !== periodMs) continue;
        const ticker = sub.params.ticker;
        const results = marketProphitRecords({
          seed,
          spec: sub.spec,
          tickers: sub.version === 'A' && typeof ticker === 'string' ? [ticker] : tickers,
          tsMs: boundary - periodMs,
          numbers: options.numbers ?? 'string',
        });
        const method = sub.method === undefined ? {} : { method: sub.method };
        socket.emit(sub.event, { path: sub.path, ...method, params: sub.params, timestamp, results });
      }
    }
  };

  const cadence = (periodMs: number): void => {
    let last = -Infinity;
    const schedule = (): void => {
      const now = marketNow();
      const boundary = Math.max(Math.floor(now / periodMs) * periodMs + periodMs, last + periodMs);
      later(() => {
        last = boundary;
        push(periodMs, boundary);
        schedule();
      }, (boundary - now) / speed);
    };
    schedule();
  };

  const address = await listen(httpServer, options.host ?? '127.0.0.1', options.port ?? 0);
  cadence(1000);
  cadence(60_000);

  const everySubscription = function* (): Generator<[Socket, ActiveSubscription]> {
    for (const [socket, subscriptions] of sockets) for (const sub of subscriptions.values()) yield [socket, sub];
  };

  return {
    url: `http://${address.host}:${address.port}`,
    port: address.port,
    events$: events.asObservable(),
    subscriptions: () => [...everySubscription()].map(([, { socketId, path, params, version }]) => ({ socketId, path, params, version })),
    endpointError(path, message = 'Internal Server Error') {
      for (const [socket, sub] of everySubscription()) {
        if (sub.version === 'A' && (sub.path === path || sub.spec.path === path)) socket.emit('err', { path: sub.path, params: sub.params, message });
      }
    },
    faults: createFaultHooks(faultState, {
      drop({ graceful = true } = {}) {
        if (graceful) for (const socket of sockets.keys()) socket.disconnect(true);
        else for (const raw of rawSockets) raw.destroy();
      },
      malformed() {
        for (const [socket, subscriptions] of sockets) {
          const sub = subscriptions.values().next().value as ActiveSubscription | undefined;
          if (!sub) {
            socket.emit('res', 'malformed');
            continue;
          }
          const [field = 'value'] = sub.spec.values[0] ?? [];
          const record = { ts: 'not-a-time', ticker: sub.params.ticker ?? 'AAPL', [field]: 'n/a' };
          socket.emit(sub.event, { path: sub.path, params: sub.params, timestamp: new Date(marketNow()).toISOString(), results: [record] });
        }
      },
    }),
    async close() {
      for (const handle of [...timers]) cancel(handle);
      faultState.dispose();
      const closed = io.close();
      for (const raw of rawSockets) raw.destroy();
      await closed;
      events.complete();
    },
  };
}
