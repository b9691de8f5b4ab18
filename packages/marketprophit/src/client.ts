import { assertSecureUrl, fetchMarketProphitJwt, inspectCustom, jwtTokens, redactSecrets } from '@org/auth-signing';
import type { InspectFunction } from '@org/auth-signing';
import { createSubscriptionRegistry, DEFAULT_CONNECT_TIMEOUT_MS, fanOut, reconnect } from '@org/reconnect';
import type { BackoffPolicy, ConnectContext, ConnectionState, Logger, ReconnectingStream, SubscriptionRegistry } from '@org/reconnect';
import { catchError, defer, EMPTY, ignoreElements, map, merge, Observable, ReplaySubject, share, shareReplay, startWith, Subject, switchMap, takeUntil, throwError } from 'rxjs';
import { io } from 'socket.io-client';
import type { Socket } from 'socket.io-client';
import { decodeMarketProphitErr, decodeMarketProphitPush, excerpt, parseMarketProphitRecord } from './codec';
import { MarketProphitError } from './errors';
import { createOneParamKeys, forgetKey, keyCount, rememberKey, routingKey, subscriptionKey } from './routing';
import type { OneParamKeys } from './routing';
import type { MarketProphitParams, MarketProphitPath, MarketProphitRecord, SentimentRecord } from './types';

/** Options of {@link MarketProphitClient}. Durations in milliseconds. */
export interface MarketProphitClientOptions {
  /** REST and socket.io base (marketprophit.md §1). Default `https://open.marketprophit.com`. */
  baseUrl?: string;
  /**
   * Accept a plaintext `http://` `baseUrl` to a host that is not on loopback, where the secret
   * key (Basic auth of `POST /jwt`) and the JWT would travel in clear. Default `false`: such a
   * URL throws `InsecureTransportError` (`@org/auth-signing`, code `INSECURE_TRANSPORT`) in the constructor.
   */
  allowInsecure?: boolean;
  /** Secret key (`sk_live_…`) for `POST /jwt` (§2.1). Required unless `tokens` is given. */
  secretKey?: string;
  /**
   * Source of JWTs, e.g. your own proxy route (§2.1: keep the secret key server-side).
   * Default `jwtTokens(() => fetchMarketProphitJwt({ baseUrl, secretKey }))` of
   * `@org/auth-signing`: a fresh token before each one expires (§2.2). It is subscribed
   * while the client is connected or reconnecting, and subscribed again (a new fetch) after
   * the server refuses a token.
   */
  tokens?: Observable<string>;
  /** Overrides of `@org/reconnect`'s `DEFAULT_BACKOFF_POLICY`. */
  reconnect?: Partial<BackoffPolicy>;
  /** Silent by default. Messages never contain the secret key or a token. */
  logger?: Logger;
  /** Wait for a `subscribe` acknowledgement before reconnecting (socketio.md §6). Default 10 000. */
  ackTimeoutMs?: number;
  /** Consecutive handshake refusals of fresh tokens before `TOKEN_REJECTED` turns fatal. Default 3. */
  maxTokenRejections?: number;
  /** Engine.IO transports, in order (socketio.md §2). Default `['websocket']`. */
  transports?: ('websocket' | 'polling')[];
  /**
   * Milliseconds a connection attempt (token fetch, TCP connect, socket.io handshake) may take
   * before it is retried: `DEFAULT_CONNECT_TIMEOUT_MS` of `@org/reconnect` (10 000) by default.
   * The default token fetch gives up after half of it, so a hanging `POST /jwt` is reported as
   * such (`AuthRequestError`) on `status$` (`reconnecting`).
   */
  connectTimeoutMs?: number;
}

interface Subscription {
  readonly path: MarketProphitPath;
  readonly params: Readonly<Record<string, string>>;
  /** The `subscribe`/`unsubscribe` payload: version A `{path, method, params}` (§4) or B `{path, params}` (§5). */
  readonly request: object;
  next(record: SentimentRecord): void;
  fail(error: Error): void;
}

interface Live {
  readonly socket: Socket;
  fail(error: Error): void;
}

const DEFAULT_BASE_URL = 'https://open.marketprophit.com';

/** A decoding failure as the typed `MALFORMED` error: a `MarketProphitError` as it is, anything else (a `RangeError` from a hostile payload) wrapped. */
const asMalformed = (error: unknown): MarketProphitError =>
  error instanceof MarketProphitError ? error : new MarketProphitError('MALFORMED', `Malformed Market Prophit push: ${error instanceof Error ? error.name : 'error'} while reading it`, false);

/**
 * Parses `raw` as a record of `entry`'s path and emits it when its ticker is the subscribed
 * one (case-insensitively); returns what parsing threw, else undefined.
 */
const deliver = (entry: Subscription, raw: unknown): unknown => {
  let record: SentimentRecord;
  try {
    record = parseMarketProphitRecord(entry.path, raw);
  } catch (error) {
    return error;
  }
  const ticker = entry.params.ticker;
  if (ticker === undefined || ticker === record.ticker || ticker.toUpperCase() === record.ticker.toUpperCase()) entry.next(record);
  return undefined;
};

/**
 * Market Prophit sentiment over socket.io v4 (marketprophit.md, socketio.md) as RxJS.
 *
 * - JWTs come from `tokens` (by default fetched with the secret key and refreshed before
 *   they expire, §2.2); each connection attempt opens a new socket whose handshake query
 *   carries the latest token (§3, §3.2), so a reconnect always presents a fresh one.
 * - The connection is lazy: the first `subscribe` connects, the last unsubscribe closes it.
 *   Drops, server restarts, handshake failures and expired tokens are retried with the
 *   `reconnect` backoff; after each connect every active subscription is sent exactly once
 *   from the subscription registry (§3.2, socketio.md §8: nothing is emitted while
 *   disconnected, the send buffer is cleared on connect).
 * - Rejected credentials end everything without retries: `AuthRejectedError` (HTTP 401 from
 *   `POST /jwt`) or `MarketProphitError` `TOKEN_REJECTED` with `fatal: true`.
 * - A refused subscription (unknown path, bad ticker) is non-fatal and ends that stream only.
 *   After `close()` every `subscribe` errors with `MarketProphitError` `CLIENT_CLOSED`.
 * - The secret key lives in a private field: `JSON.stringify`, `util.inspect` and
 *   `console.log` of a client show none (`toJSON()` shows the URL, status and live subscriptions).
 *
 * @example
 * const client = new MarketProphitClient({ secretKey: process.env.MARKETPROPHIT_SECRET_KEY });
 * client.subscribe('/real-time/crowd-sentiment', { ticker: 'AAPL' })
 *   .subscribe((r) => console.log(r.ts, r.ticker, r.average_sentiment));
 */
export class MarketProphitClient {
  /** Connection lifecycle (`@org/reconnect` `ConnectionState`): idle, connecting, connected, reconnecting, closed. */
  readonly status$: Observable<ConnectionState>;
  /**
   * Non-fatal problems that do not end any stream (hot, completes on `close()`):
   * `ENDPOINT_ERROR` (`err` events, §4), `MALFORMED` pushes or records (each also logged
   * with `warn`), `CONNECTION_ERROR` for a server `error` event.
   */
  readonly errors$: Observable<MarketProphitError>;

  private readonly baseUrl: string;
  readonly #secretKey: string | undefined;
  private readonly logger: Logger;
  private readonly ackTimeoutMs: number;
  private readonly maxTokenRejections: number;
  private readonly transports: ('websocket' | 'polling')[];
  private readonly errors = new Subject<MarketProphitError>();
  private readonly closed = new ReplaySubject<void>(1);
  private readonly refreshTokens = new Subject<void>();
  private readonly tokens$: Observable<{ token: string; seq: number }>;
  private readonly connection: ReconnectingStream<never>;
  private readonly session$: Observable<never>;
  private readonly registry: SubscriptionRegistry<string, Subscription> = createSubscriptionRegistry();
  private readonly shared = new Map<string, Observable<SentimentRecord>>();
  /** The keys of `shared` with one param, for routing pushes; same lifetime as `shared`. */
  private readonly oneParamKeys: OneParamKeys = createOneParamKeys();
  private live: Live | undefined;
  private isClosed = false;
  private rejectedSeq = 0;
  private tokenRejections = 0;

  /**
   * @throws MarketProphitError `CONFIG` when neither `secretKey` nor `tokens` is given
   * @throws InsecureTransportError (`@org/auth-signing`) for an `http://` `baseUrl` to a non-loopback host without `allowInsecure`
   * @throws TypeError `Invalid URL` when `baseUrl` is not an absolute URL
   */
  constructor(options: MarketProphitClientOptions) {
    this.baseUrl = assertSecureUrl((options.baseUrl ?? DEFAULT_BASE_URL).replace(/\/+$/, ''), { field: 'baseUrl', allowInsecure: options.allowInsecure });
    this.#secretKey = options.secretKey;
    this.logger = options.logger ?? {};
    this.ackTimeoutMs = options.ackTimeoutMs ?? 10_000;
    this.maxTokenRejections = options.maxTokenRejections ?? 3;
    this.transports = options.transports ?? ['websocket'];
    const secretKey = options.secretKey;
    if (!options.tokens && !secretKey) throw new MarketProphitError('CONFIG', 'secretKey is required unless tokens is given', true);
    const connectTimeoutMs = options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
    const fetchTimeoutMs = Math.min(10_000, connectTimeoutMs / 2);
    // One fetch per attempt (`maxAttempts: 1`): a failure errors the attempt, so the reconnect
    // loop publishes it as `reconnecting` (and logs it) and retries with its backoff.
    const source =
      options.tokens ??
      jwtTokens((signal) => fetchMarketProphitJwt({ baseUrl: this.baseUrl, secretKey: secretKey ?? '', signal, timeoutMs: fetchTimeoutMs, allowInsecure: options.allowInsecure }), { maxAttempts: 1 });
    let seq = 0;
    this.tokens$ = this.refreshTokens.pipe(
      startWith(undefined),
      switchMap(() => source),
      map((token) => ({ token, seq: ++seq })),
      shareReplay({ bufferSize: 1, refCount: true }),
    );
    this.connection = reconnect<never>({
      name: 'marketprophit',
      policy: options.reconnect,
      connectTimeoutMs,
      logger: this.logger,
      connect: (context) => this.attempt(context),
    });
    this.status$ = this.connection.state$;
    this.errors$ = this.errors.asObservable();
    // Holds the token source between attempts so refreshes continue; its errors reach the loop through the attempt.
    const keepTokens = this.tokens$.pipe(
      ignoreElements(),
      catchError(() => EMPTY),
    );
    this.session$ = merge(keepTokens, this.connection.data$).pipe(takeUntil(this.closed), share());
  }

  /**
   * Subscribes to `path` (§7) with `params` (e.g. `{ ticker: 'AAPL' }`): records as they are
   * pushed by `res` or `data` events (§4, §5), numbers parsed (§7.3), routed by the echoed
   * path and params. Version A paths are sent as `{path, method: 'get', params}`, version B
   * names as `{path, params}`. Subscribers of the same (path, params) share one venue
   * subscription; the last unsubscribe sends `unsubscribe`. With a `ticker`, only that
   * ticker's records are emitted.
   *
   * Errors: `MarketProphitError` `SUBSCRIPTION_REFUSED` when the acknowledgement carries an
   * error (non-fatal: this subscription only, e.g. an unknown path or ticker); every fatal
   * connection error (`AuthRejectedError`, `TOKEN_REJECTED`, `RetriesExhaustedError`);
   * `CLIENT_CLOSED` when subscribed after `close()`; `CONFIG` for a param that is not a
   * string. Completes on `close()`. The state of a
   * (path, params) is released with its last subscriber.
   */
  subscribe<P extends MarketProphitPath>(path: P, params: MarketProphitParams = {}): Observable<MarketProphitRecord<P>> {
    const clean: Record<string, string> = {};
    let invalid: string | undefined;
    for (const [name, value] of Object.entries(params)) {
      if (typeof value === 'string') clean[name] = value;
      else if (value !== undefined) invalid ??= name;
    }
    return defer(() => {
      if (this.isClosed) return throwError(() => new MarketProphitError('CLIENT_CLOSED', 'marketprophit: client closed', false));
      // A non-string param (e.g. an object nested 20 000 deep from untyped code) is never sent nor turned into a key.
      if (invalid !== undefined) return throwError(() => new MarketProphitError('CONFIG', `param ${invalid} of ${path} must be a string`, true, { path }));
      const key = subscriptionKey(path, clean);
      let stream = this.shared.get(key);
      if (!stream) {
        rememberKey(this.oneParamKeys, path, clean, key);
        stream = this.venueSubscription(key, path, clean);
        this.shared.set(key, stream);
      }
      return stream as Observable<MarketProphitRecord<P>>;
    });
  }

  /**
   * Ends the connection and every subscription (they complete); `status$` ends `closed`. Every
   * later `subscribe` errors with `MarketProphitError` `CLIENT_CLOSED`. Idempotent.
   */
  close(): void {
    this.isClosed = true;
    this.closed.next();
    this.connection.close();
    this.errors.complete();
  }

  /** What `JSON.stringify(client)` shows: URL, status and the live subscriptions and routing keys, never a credential or token. */
  toJSON(): { venue: 'marketprophit'; baseUrl: string; status: ConnectionState['status']; subscriptions: number; routingKeys: number; closed: boolean } {
    return {
      venue: 'marketprophit',
      baseUrl: this.baseUrl,
      status: this.connection.state.status,
      subscriptions: this.shared.size,
      routingKeys: keyCount(this.oneParamKeys),
      closed: this.isClosed,
    };
  }

  /** What `util.inspect` and `console.log` show: as `toJSON`. */
  [inspectCustom](_depth: number, options: object, inspect: InspectFunction): string {
    return `MarketProphitClient ${inspect(this.toJSON(), options)}`;
  }

  /** The venue subscription of (path, params), shared by its subscribers: made with the first, released with the last. */
  private venueSubscription(key: string, path: MarketProphitPath, params: Record<string, string>): Observable<SentimentRecord> {
    const request = path.startsWith('/real-time/') ? { path, method: 'get', params } : { path, params };
    const shared = fanOut<SentimentRecord>((sink) => {
      const entry: Subscription = { path, params, request, next: sink.next, fail: sink.error };
      this.registry.add(key, entry);
      const session = this.session$.subscribe({ error: sink.error, complete: sink.complete });
      if (this.live?.socket.connected) this.sendSubscribe(this.live, key, entry);
      return () => {
        // The last subscriber left (or the subscription was refused or ended): release its per-key state.
        if (this.shared.get(key) === shared) {
          this.shared.delete(key);
          forgetKey(this.oneParamKeys, path, params);
        }
        if (this.registry.get(key) !== entry) {
          session.unsubscribe();
          return;
        }
        this.registry.delete(key);
        // socket.io drops events that arrive right before a disconnect: keep the connection until acknowledged.
        void this.sendUnsubscribe(entry).then(() => session.unsubscribe());
      };
    });
    return shared;
  }

  private sendSubscribe(live: Live, key: string, entry: Subscription): void {
    live.socket.timeout(this.ackTimeoutMs).emit('subscribe', entry.request, (timedOut: Error | null, refusal?: unknown) => {
      if (this.live !== live || this.registry.get(key) !== entry) return;
      if (timedOut) {
        live.fail(new MarketProphitError('CONNECTION_ERROR', `No subscribe acknowledgement for ${entry.path} within ${this.ackTimeoutMs} ms`, false));
      } else if (refusal !== null && refusal !== undefined) {
        this.registry.delete(key);
        entry.fail(new MarketProphitError('SUBSCRIPTION_REFUSED', `Market Prophit refused ${entry.path}: ${excerpt(refusal)}`, false, { path: entry.path, params: entry.params }));
      } else {
        this.logger.debug?.('marketprophit: subscribed', { path: entry.path, params: entry.params });
      }
    });
  }

  /** Sends `unsubscribe` (§4); resolves on its acknowledgement, its timeout, a disconnect, or at once when not connected. */
  private sendUnsubscribe(entry: Subscription): Promise<void> {
    const live = this.live;
    if (!live?.socket.connected) return Promise.resolve();
    return new Promise((resolve) => {
      live.socket.timeout(this.ackTimeoutMs).emit('unsubscribe', entry.request, (timedOut: Error | null, refusal?: unknown) => {
        if (timedOut || (refusal !== null && refusal !== undefined)) {
          this.logger.warn?.('marketprophit: unsubscribe not acknowledged', { path: entry.path, refusal: timedOut?.message ?? excerpt(refusal) });
        }
        resolve();
      });
    });
  }

  /** One connection attempt for the reconnect loop: waits for a usable token, opens one socket. */
  private attempt({ connected }: ConnectContext): Observable<never> {
    return new Observable<never>((subscriber) => {
      let socket: Socket | undefined;
      const fail = (error: Error): void => subscriber.error(error);
      const tokens = this.tokens$.subscribe({
        next: ({ token, seq }) => {
          if (!socket && seq > this.rejectedSeq) socket = this.open(token, seq, connected, fail);
        },
        error: (error: unknown) => {
          // A failed refresh keeps an open socket (the server does not drop it on expiry, §3);
          // the next attempt fetches again. Before the connect, and when fatal, it ends the attempt.
          if (socket?.connected && (error as { fatal?: unknown } | null)?.fatal !== true) {
            this.logger.warn?.(`marketprophit: token refresh failed, keeping the open socket: ${(error as Error).message}`);
          } else {
            fail(error instanceof Error ? error : new Error(String(error)));
          }
        },
      });
      return () => {
        tokens.unsubscribe();
        if (this.live?.socket === socket) this.live = undefined;
        socket?.removeAllListeners();
        socket?.disconnect();
      };
    });
  }

  private open(token: string, seq: number, connected: () => void, fail: (error: Error) => void): Socket {
    const socket = io(this.baseUrl, { transports: this.transports, reconnection: false, forceNew: true, query: { token } });
    const redact = (text: string): string => redactSecrets(text, [this.#secretKey, token]);
    socket.on('connect', () => {
      this.tokenRejections = 0;
      socket.sendBuffer = [];
      const live = { socket, fail };
      this.live = live;
      connected();
      this.registry.replay((entry, key) => this.sendSubscribe(live, key, entry));
    });
    socket.on('connect_error', (error: Error & { data?: { code?: unknown } }) => {
      const message = redact(error.message);
      if (socket.active) {
        fail(new MarketProphitError('CONNECTION_ERROR', `Market Prophit connection failed: ${message}`, false));
      } else if (error.data?.code === 'invalid_token' || error.data?.code === 'credentials_required' || /token|jwt/i.test(message)) {
        this.rejectedSeq = Math.max(this.rejectedSeq, seq);
        this.tokenRejections += 1;
        const fatal = this.tokenRejections >= this.maxTokenRejections;
        if (!fatal) this.refreshTokens.next();
        fail(new MarketProphitError('TOKEN_REJECTED', `Market Prophit refused the JWT (${this.tokenRejections} in a row): ${message}`, fatal));
      } else {
        fail(new MarketProphitError('CONNECTION_REFUSED', `Market Prophit refused the connection: ${message}`, false));
      }
    });
    socket.on('disconnect', (reason: string) => {
      fail(new MarketProphitError('DISCONNECTED', `Market Prophit socket disconnected: ${reason}`, false, { reason }));
    });
    socket.on('res', (payload: unknown) => this.onPush(payload));
    socket.on('data', (payload: unknown) => this.onPush(payload));
    socket.on('err', (payload: unknown) => this.report(decodeMarketProphitErr(payload)));
    socket.on('error', (payload: unknown) => {
      const text = redact(payload instanceof Error ? payload.message : excerpt(payload));
      this.report(new MarketProphitError('CONNECTION_ERROR', `Market Prophit error event: ${text}`, false));
    });
    return socket;
  }

  private report(error: MarketProphitError): void {
    this.logger.warn?.(`marketprophit: ${error.message}`, { code: error.code, ...error.detail });
    this.errors.next(error);
  }

  /**
   * Routes a push (§4, §5) to its subscriptions: by echoed path and params, else by path, else
   * to all. Nothing thrown while handling it escapes: anything that is not already a
   * `MarketProphitError` (e.g. a `RangeError` from a hostile payload) is reported as `MALFORMED`.
   */
  private onPush(payload: unknown): void {
    try {
      this.route(payload);
    } catch (error) {
      this.report(asMalformed(error));
    }
  }

  private route(payload: unknown): void {
    const push = decodeMarketProphitPush(payload);
    const exactKey = push.path !== undefined && push.params ? routingKey(this.oneParamKeys, push.path, push.params) : undefined;
    const exact = exactKey === undefined ? undefined : this.registry.get(exactKey);
    if (exact) {
      for (const raw of push.results) {
        const problem = deliver(exact, raw);
        if (problem !== undefined) this.report(asMalformed(problem));
      }
      return;
    }
    const targets = this.registry.keys().flatMap((key) => {
      const entry = this.registry.get(key) as Subscription;
      return push.path === undefined || entry.path === push.path ? [entry] : [];
    });
    if (targets.length === 0) {
      this.logger.debug?.('marketprophit: push for no active subscription dropped', { path: push.path });
      return;
    }
    for (const raw of push.results) {
      let problem: unknown;
      let parsed = false;
      for (const entry of targets) {
        const error = deliver(entry, raw);
        if (error === undefined) parsed = true;
        else problem ??= error;
      }
      if (!parsed) this.report(asMalformed(problem));
    }
  }
}
