/**
 * `FineryClient`: the Finery Markets WebSocket (finery.md) as RxJS Observables. One socket
 * per client, reconnected through `@org/reconnect`; feed bindings shared per
 * (feed, feedId) and re-bound once per new connection; order books maintained from
 * snapshots and level updates; requests correlated by `reqId`.
 */
import type { BackoffPolicy, ConnectionState, Logger, ReconnectingStream } from '@org/reconnect';
import { reconnect } from '@org/reconnect';
import type { Subscription } from 'rxjs';
import { defer, finalize, Observable, ReplaySubject, share, Subject, throwError } from 'rxjs';
import type WebSocket from 'ws';
import type { Bindings } from './bindings';
import { createBindings } from './bindings';
import { bookStream } from './book-stream';
import { bindingKey, createKeyCache, decodeFrame } from './codec';
import { openSocket } from './connection';
import type { HandshakeMemory } from './connection';
import { FineryConnectionError, FineryProtocolError } from './errors';
import type { FineryBookError } from './errors';
import { createRequests } from './requests';
import type { Requests } from './requests';
import type { FeedId, FeedMessageOf, FeedName, FineryRequests, OrderBook } from './types';

/** Production WebSocket endpoint (finery.md §1), the default `url`. */
export const FINERY_PRODUCTION_URL = 'wss://trade.finerymarkets.com/ws';
/** Test WebSocket endpoint (finery.md §1). */
export const FINERY_TEST_URL = 'wss://test.finerymarkets.com/ws';

/** Options of `FineryClient`; durations in milliseconds. */
export interface FineryClientOptions {
  /** WebSocket URL; default `FINERY_PRODUCTION_URL`. */
  url?: string;
  /** Public API key, sent as `EFX-Key` (finery.md §2). */
  key: string;
  /** HMAC secret; signs every connect, never sent nor logged. */
  secret: string;
  /** Overrides of the reconnect backoff policy (`@org/reconnect`). */
  reconnect?: Partial<BackoffPolicy>;
  logger?: Logger;
  /**
   * No inbound frame (data, ping or pong) for this long means a stalled connection, which is
   * replaced; ms, default 60 000 (finery.md §4, §12). Checked every `min(pingIntervalMs, idleTimeoutMs / 4)`.
   */
  idleTimeoutMs?: number;
  /** WebSocket ping interval, ms; default 20 000, inside the venue's 80 s idle limit (finery.md §4). */
  pingIntervalMs?: number;
  /** A request without reply fails with `FineryTimeoutError` after this long, ms; default 10 000. */
  requestTimeoutMs?: number;
  /** An open socket without the `X` backend status (finery.md §3) after this long is replaced, ms; default 10 000. */
  statusTimeoutMs?: number;
}

/** Non-fatal incidents, reported on `FineryClient.events$` while every stream goes on. */
export type FineryEvent =
  /** A frame that does not follow the protocol was dropped (finery.md §6); the feeds it may have belonged to are re-bound. */
  | { readonly type: 'malformed-frame'; readonly error: FineryProtocolError }
  /** A crossed or inconsistent book was discarded and its feed re-bound for a fresh snapshot (finery.md §7.1). */
  | { readonly type: 'book-inconsistent'; readonly error: FineryBookError };

/**
 * A Finery Markets client. Nothing connects until the first subscription (to `feed`,
 * `book` or `request`) or `connect()`; the socket then stays open, reconnecting as needed,
 * until `close()`.
 *
 * @example
 * const client = new FineryClient({ url: FINERY_TEST_URL, key, secret });
 * client.book('BTC-USD', { feed: 'F' }).subscribe((b) => console.log(b.bids[0], b.asks[0]));
 */
export class FineryClient {
  /**
   * Connection lifecycle (`ConnectionState` of `@org/reconnect`): `connected` once the
   * venue reported its backend up (`["X",0,"Z",0]`, finery.md §3), with
   * `detail.backendStatus` (0 up, non-zero down). A non-zero `X` ends the connection with
   * `FineryConnectionError` (`backendStatus` set), shown as `reconnecting`. A fatal
   * handshake error ends it `closed` with that error.
   */
  readonly status$: Observable<ConnectionState>;
  /** Malformed frames and inconsistent books: typed, non-fatal events (hot; no replay). */
  readonly events$: Observable<FineryEvent>;

  private readonly options: Required<Omit<FineryClientOptions, 'reconnect' | 'logger'>> & Pick<FineryClientOptions, 'logger'>;
  private readonly connection: ReconnectingStream<never>;
  private readonly bindings: Bindings;
  private readonly requests: Requests;
  private readonly books = new Map<string, Observable<OrderBook>>();
  private readonly keys = createKeyCache();
  private readonly events = new Subject<FineryEvent>();
  private readonly handshake: HandshakeMemory = { failures: 0 };
  /** The usable socket: open and the venue reported its backend up. */
  private socket: WebSocket | undefined;
  /** The open socket before the venue reported its backend status; promoted to `socket` on `X` 0. */
  private pendingSocket: WebSocket | undefined;
  private running: Subscription | undefined;
  private closed = false;

  /**
   * Creates the client; connects nothing yet.
   *
   * @throws ReconnectConfigError (from `@org/reconnect`) when `options.reconnect` is not a valid policy
   */
  constructor(options: FineryClientOptions) {
    this.options = {
      url: options.url ?? FINERY_PRODUCTION_URL,
      key: options.key,
      secret: options.secret,
      idleTimeoutMs: options.idleTimeoutMs ?? 60_000,
      pingIntervalMs: options.pingIntervalMs ?? 20_000,
      requestTimeoutMs: options.requestTimeoutMs ?? 10_000,
      statusTimeoutMs: options.statusTimeoutMs ?? 10_000,
      logger: options.logger,
    };
    this.bindings = createBindings(() => this.socket, this.keys);
    this.requests = createRequests(() => this.socket, this.options.requestTimeoutMs);
    this.connection = reconnect<never>({
      name: 'finery',
      policy: options.reconnect,
      logger: options.logger,
      connect: ({ connected, setDetail }) =>
        openSocket(this.options, this.handshake, {
          open: (socket) => {
            this.bindings.opened();
            this.pendingSocket = socket;
          },
          frame: (text) => this.onFrame(text, connected, setDetail),
          ready: () => this.socket !== undefined,
          closed: () => {
            this.socket = undefined;
            this.pendingSocket = undefined;
            this.requests.connectionLost();
          },
        }),
    });
    this.status$ = this.connection.state$;
    this.events$ = this.events.asObservable();
  }

  /** Opens the connection now instead of on the first subscription. Idempotent. */
  connect(): void {
    if (this.closed || this.running) return;
    const running = this.connection.data$.subscribe({
      error: (error: Error) => this.onLoopEnd(error),
      complete: () => this.onLoopEnd(undefined),
    });
    // A loop that ended synchronously (e.g. a credential error) must not block the next start.
    if (!running.closed) this.running = running;
  }

  /** Closes the socket for good: feeds and books complete, pending requests fail with `FineryConnectionError`. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.requests.failAll(new FineryConnectionError('client closed'));
    this.connection.close();
    this.running?.unsubscribe();
    this.onLoopEnd(undefined);
    this.events.complete();
  }

  /**
   * A feed as a cold Observable of typed messages (finery.md §6, §7): `S`, `+`, `M`, `-`,
   * `D` are values; `Z` errors it with `FineryApiError` (`source: 'feed'`, the code and its
   * meaning); `U` from the venue completes it. The first subscriber of a (feed, feedId)
   * sends `bind`, the last unsubscribe sends `unbind`; concurrent subscribers share one
   * binding. Every subscriber starts with an `S`: one joining after the snapshot re-binds
   * the feed (unbind + bind), so every subscriber receives a fresh `S`, a full replace.
   * Every new connection re-binds each active feed once and starts with a fresh `S`.
   *
   * @param feed feed name, e.g. `'O'`, `'K'`, `'F'`
   * @param feedId instrument or currency name or id, master object; omit for none (finery.md §5)
   */
  feed<F extends FeedName>(feed: F, feedId?: FeedId): Observable<FeedMessageOf<F>> {
    return this.started(
      () =>
        new Observable<FeedMessageOf<F>>((subscriber) =>
          this.bindings.attach(feed, feedId, {
            message: (message) => subscriber.next(message as FeedMessageOf<F>),
            error: (error) => subscriber.error(error),
            complete: () => subscriber.complete(),
          }),
        ),
    );
  }

  /**
   * An order book of `B`, `F` (default) or `MD` (finery.md §7.1), maintained from
   * snapshots and `+ M - ~` updates on integers: one `OrderBook` per message, at most 25
   * levels per side. Subscribers of one book share it and a late one gets the current book
   * at once. A crossed or inconsistent book is never emitted: it is discarded, reported as
   * a `book-inconsistent` event, and the feed re-bound for a fresh snapshot. After a
   * reconnect the book is replaced by the new snapshot. Errors as `feed`.
   *
   * @param options.feed `'F'` (default, firm book for takers), `'B'` (aggregated view for makers) or `'MD'`
   * @param options.depth levels per side copied into each `OrderBook` (default 25); e.g. 1 for top of book
   */
  book(instrument: FeedId, options: { feed?: 'B' | 'F' | 'MD'; depth?: number } = {}): Observable<OrderBook> {
    const feed = options.feed ?? 'F';
    const depth = options.depth ?? 25;
    const cacheKey = `${bindingKey(feed, instrument)}\u0000${depth}`;
    let book$ = this.books.get(cacheKey);
    if (!book$) {
      const report = (error: FineryBookError) => {
        this.options.logger?.warn?.(`finery: ${error.message}; re-binding for a fresh snapshot`);
        this.events.next({ type: 'book-inconsistent', error });
      };
      const shared: Observable<OrderBook> = this.started(() => bookStream(this.bindings, feed, instrument, depth, report)).pipe(
        // Upstream of `share`: runs when the last subscriber leaves (or the book ends), so the entry goes with it.
        finalize(() => {
          if (this.books.get(cacheKey) === shared) this.books.delete(cacheKey);
        }),
        share({ connector: () => new ReplaySubject<OrderBook>(1), resetOnError: true, resetOnComplete: true, resetOnRefCountZero: true }),
      );
      this.books.set(cacheKey, (book$ = shared));
    }
    return book$;
  }

  /**
   * A request over the socket (finery.md §8) as a cold Observable: sends
   * `{event:'request', reqId, method, content}` on subscribe (once connected) and emits
   * the `reply`, then completes. Errors with `FineryApiError` (`source: 'request'`) for an
   * `error` at top level or a non-zero `reply.error` (e.g. `mod`'s 74 with `origId`), with
   * `FineryTimeoutError` after `requestTimeoutMs`, with `FineryConnectionError` if the
   * connection drops before the reply. Requests are never re-sent on their own.
   *
   * @param method bare REST method name: `add`, `del`, `mod`, `delAll`, `book`, `instruments`, `positions`, …
   * @param content REST body without nonce/timestamp; prices and sizes in integer 1e-8 units
   */
  request<M extends keyof FineryRequests>(method: M, content?: FineryRequests[M]['content']): Observable<FineryRequests[M]['reply']>;
  request<T = unknown>(method: string, content?: object): Observable<T>;
  request<T = unknown>(method: string, content: object = {}): Observable<T> {
    return this.started(() => this.requests.observe<T>(method, content));
  }

  /** `source` on subscribe, with the connection started; an error once the client is closed. */
  private started<T>(source: () => Observable<T>): Observable<T> {
    return defer(() => {
      if (this.closed) return throwError(() => new FineryConnectionError('client closed'));
      const result = source();
      return new Observable<T>((subscriber) => {
        const subscription = result.subscribe(subscriber);
        this.connect();
        return subscription;
      });
    });
  }

  /**
   * Handles one inbound frame. Nothing thrown while handling it escapes: a malformed frame,
   * or any other error raised by it, becomes a `malformed-frame` event (finery.md §6).
   */
  private onFrame(text: string, connected: (detail?: Record<string, unknown>) => void, setDetail: (detail: Record<string, unknown>) => void): Error | undefined {
    try {
      const frame = decodeFrame(text, this.keys);
      switch (frame.kind) {
        case 'message':
          this.bindings.message(frame.key, frame.message);
          return undefined;
        case 'status':
          return this.onStatus(frame.code, connected, setDetail);
        case 'reply':
          this.requests.reply(frame);
          return undefined;
        default:
          this.bindings.ended(frame.key, frame.kind === 'failure' ? frame.code : undefined);
          return undefined;
      }
    } catch (error) {
      this.onMalformed(error instanceof FineryProtocolError ? error : new FineryProtocolError(`frame handling failed: ${error instanceof Error ? error.message : String(error)}`, text.slice(0, 200)));
      return undefined;
    }
  }

  /**
   * A dropped frame may have carried a message of any binding: the binding it names, or
   * else every binding, is re-bound so that books and feed state restart from a fresh `S`.
   */
  private onMalformed(error: FineryProtocolError): void {
    const keys = error.feed === undefined ? this.bindings.keys() : [bindingKey(error.feed, error.feedId as FeedId)];
    this.options.logger?.warn?.(`finery: dropped a malformed frame (${error.message}); re-binding ${keys.length} feed(s)`);
    this.events.next({ type: 'malformed-frame', error });
    keys.forEach((key) => this.bindings.rebind(key));
  }

  /** `X` (finery.md §3): 0 makes the connection usable and replays bindings and requests; non-zero ends it. */
  private onStatus(code: number, connected: (detail?: Record<string, unknown>) => void, setDetail: (detail: Record<string, unknown>) => void): Error | undefined {
    if (code !== 0) {
      setDetail({ backendStatus: code });
      return new FineryConnectionError(`backend not connected (X status ${code})`, code);
    }
    if (this.socket || !this.pendingSocket) return undefined;
    const socket = this.pendingSocket;
    this.socket = socket;
    connected({ backendStatus: 0 });
    this.bindings.replay(socket);
    this.requests.flush(socket);
    return undefined;
  }

  /** The reconnect loop ended: a fatal error or exhausted retries (`error`), or `close()`. */
  private onLoopEnd(error: Error | undefined): void {
    this.running = undefined;
    const cause = this.closed ? undefined : (error ?? new FineryConnectionError('connection closed'));
    this.bindings.endAll(cause);
    this.requests.failAll(cause ?? new FineryConnectionError('client closed'));
  }
}
