/**
 * `FineryClient`: the Finery Markets WebSocket (finery.md) as RxJS Observables. One socket
 * per client, reconnected through `@org/reconnect`; feed bindings shared per
 * (feed, feedId) and re-bound once per new connection; order books maintained from
 * snapshots and level updates; requests correlated by `reqId`.
 */
import { assertSecureUrl, inspectCustom } from '@org/auth-signing';
import type { InspectFunction } from '@org/auth-signing';
import type { BackoffPolicy, ConnectionState, Logger, ReconnectingStream } from '@org/reconnect';
import { DEFAULT_CONNECT_TIMEOUT_MS, reconnect } from '@org/reconnect';
import type { Subscription } from 'rxjs';
import { Observable, Subject } from 'rxjs';
import WebSocket from 'ws';
import type { Bindings } from './bindings';
import { createBindings } from './bindings';
import { createBookUpdateBatch, scanBookUpdates } from './book-frame';
import { copiedBooks, sharedBookViews } from './book-stream';
import type { BookView } from './book-view';
import { bindingKey, createKeyCache, decodeFrame } from './codec';
import { openSocket } from './connection';
import type { HandshakeMemory, SocketOptions } from './connection';
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
  /**
   * Accept a plaintext `ws://` URL to a host that is not on loopback (e.g. behind a
   * TLS-terminating proxy on a private network). Default `false`: such a URL throws
   * `InsecureTransportError` (`@org/auth-signing`, code `INSECURE_TRANSPORT`) in the constructor.
   */
  allowInsecure?: boolean;
  /**
   * One connect attempt (TCP connect, HTTP upgrade with auth, and the `X` backend status,
   * finery.md §3) must succeed within this long, or it fails with `ConnectTimeoutError`
   * (`@org/reconnect`) and is retried; ms, default `DEFAULT_CONNECT_TIMEOUT_MS` (10 000).
   */
  connectTimeoutMs?: number;
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
  /**
   * The WebSocket class, `ws`-compatible (constructed as `new WebSocket(url, { headers,
   * handshakeTimeout })`); default `ws`'s. A transport-level hook: `@org/recorder` passes
   * a subclass that taps every frame, and an in-memory socket to replay a recording.
   */
  WebSocket?: typeof WebSocket;
  /** Clock of `receivedAt` (ms since the Unix epoch), read as each frame arrives; default `Date.now`. */
  now?: () => number;
}

/** Non-fatal incidents, reported on `FineryClient.events$` while every stream goes on. */
export type FineryEvent =
  /** A frame that does not follow the protocol was dropped (finery.md §6); the feeds it may have belonged to are re-bound. */
  | { readonly type: 'malformed-frame'; readonly error: FineryProtocolError }
  /** A crossed or inconsistent book was discarded and its feed re-bound for a fresh snapshot (finery.md §7.1). */
  | { readonly type: 'book-inconsistent'; readonly error: FineryBookError };

/** Options of `FineryClient.book`. */
export interface BookOptions {
  /** `'F'` (default, firm book for takers), `'B'` (aggregated view for makers) or `'MD'` (finery.md §7.1). */
  readonly feed?: 'B' | 'F' | 'MD';
  /** Levels per side copied into each `OrderBook`, default 25; e.g. 1 for top of book. */
  readonly depth?: number;
  /**
   * Latest-value mode, default `true`: a book is delivered after the I/O callbacks of the
   * current event-loop turn, and every message applied meanwhile is merged into it, so a
   * consumer slower than the feed gets the newest book rather than a backlog of stale ones.
   * `false`: one copy per message, synchronously.
   */
  readonly conflate?: boolean;
}

/**
 * A Finery Markets client. Nothing connects until the first subscription (to `feed`,
 * `book`, `bookView` or `request`) or `connect()`; the socket then stays open,
 * reconnecting as needed, until the last subscriber of every stream has unsubscribed (the
 * client then disconnects, and connects again on the next subscription) or `close()`.
 * Credentials live in private fields: `JSON.stringify`, `util.inspect` and `console.log`
 * of a client show none.
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

  readonly #credentials: { readonly key: string; readonly secret: string };
  private readonly options: Omit<SocketOptions, 'key' | 'secret'> & { readonly requestTimeoutMs: number; readonly logger?: Logger };
  private readonly connection: ReconnectingStream<never>;
  private readonly bindings: Bindings;
  private readonly requests: Requests;
  /** Live books by binding key, each held while it has subscribers. */
  private readonly books = new Map<string, Observable<BookView>>();
  private readonly keys = createKeyCache();
  /** The scanned book message of the frame being handled (`scanBookUpdates`), reused. */
  private readonly batch = createBookUpdateBatch();
  /** The routing key of the frame `scannable` accepted last. */
  private scannedKey: string | undefined;
  /** Scan a book frame only for a live binding (an interned key); the others are decoded (and dropped) as before. */
  private readonly scannable = (feed: string, feedId: string | number): boolean => {
    this.scannedKey = this.keys.get(feed, feedId);
    return this.scannedKey !== undefined;
  };
  private readonly events = new Subject<FineryEvent>();
  private readonly handshake: HandshakeMemory = { nonceFailures: 0, timestampFailures: 0 };
  /** Subscriptions of streams and requests; the connection runs while there is one (or after `connect()`). */
  private holders = 0;
  /** The usable socket: open and the venue reported its backend up. */
  private socket: WebSocket | undefined;
  /** The open socket before the venue reported its backend status; promoted to `socket` on `X` 0. */
  private pendingSocket: WebSocket | undefined;
  private running: Subscription | undefined;
  private closed = false;

  /**
   * Creates the client; connects nothing yet.
   *
   * @throws ReconnectConfigError (from `@org/reconnect`) when `options.reconnect` or `connectTimeoutMs` is not valid
   * @throws InsecureTransportError (from `@org/auth-signing`) for a `ws://` URL to a non-loopback host without `allowInsecure`
   */
  constructor(options: FineryClientOptions) {
    this.#credentials = { key: options.key, secret: options.secret };
    const connectTimeoutMs = options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
    this.options = {
      url: assertSecureUrl(options.url ?? FINERY_PRODUCTION_URL, { field: 'url', allowInsecure: options.allowInsecure }),
      connectTimeoutMs,
      idleTimeoutMs: options.idleTimeoutMs ?? 60_000,
      pingIntervalMs: options.pingIntervalMs ?? 20_000,
      requestTimeoutMs: options.requestTimeoutMs ?? 10_000,
      statusTimeoutMs: options.statusTimeoutMs ?? 10_000,
      WebSocket: options.WebSocket ?? WebSocket,
      now: options.now ?? Date.now,
      logger: options.logger,
    };
    this.bindings = createBindings(() => this.socket, this.keys);
    this.requests = createRequests(() => this.socket, this.options.requestTimeoutMs);
    this.connection = reconnect<never>({
      name: 'finery',
      policy: options.reconnect,
      logger: options.logger,
      connectTimeoutMs,
      connect: ({ connected, setDetail }) =>
        openSocket({ ...this.options, ...this.#credentials }, this.handshake, {
          open: (socket) => {
            this.bindings.opened();
            this.pendingSocket = socket;
          },
          frame: (text, receivedAt) => this.onFrame(text, receivedAt, connected, setDetail),
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

  /**
   * Opens the connection now instead of on the first subscription. Idempotent. The
   * connection then stays open until `close()` or until the last subscriber of every stream
   * has left after subscribing (last unsubscribe disconnects).
   */
  connect(): void {
    if (this.closed || this.running) return;
    const running = this.connection.data$.subscribe({
      error: (error: Error) => this.onLoopEnd(error),
      complete: () => this.onLoopEnd(undefined),
    });
    // A loop that ended synchronously (e.g. a credential error) must not block the next start.
    if (!running.closed) this.running = running;
  }

  /**
   * Closes the socket for good: feeds and books complete, pending requests fail with
   * `FineryConnectionError.clientClosed()`; every later `feed`, `book`, `bookView` and
   * `request` errors at subscribe with it (code `'CLIENT_CLOSED'`). Idempotent.
   */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.requests.failAll(FineryConnectionError.clientClosed());
    this.connection.close();
    this.running?.unsubscribe();
    this.onLoopEnd(undefined);
    this.events.complete();
  }

  /** What `JSON.stringify(client)` shows: the venue, URL and status, never a credential. */
  toJSON(): { venue: 'finery'; url: string; status: ConnectionState['status']; closed: boolean } {
    return { venue: 'finery', url: this.options.url, status: this.connection.state.status, closed: this.closed };
  }

  /** What `util.inspect` and `console.log` show: as `toJSON`. */
  [inspectCustom](_depth: number, options: object, inspect: InspectFunction): string {
    return `FineryClient ${inspect(this.toJSON(), options)}`;
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
   * An order book of `B`, `F` (default) or `MD` (finery.md §7.1) as safe copies: one
   * `OrderBook` (at most `depth` levels per side, integer 1e-8 units, `receivedAt` stamped
   * when the frame arrived) that the subscriber may keep. **Latest value by default**
   * (`conflate: true`): books are delivered once per event-loop turn with every message of
   * that turn applied, so a slow consumer never works through stale books; with
   * `conflate: false` every message yields a copy, synchronously. A subscriber joining a
   * live book gets the current book at once. A crossed or inconsistent book is never
   * emitted: it is discarded, reported as a `book-inconsistent` event, and the feed re-bound
   * for a fresh snapshot. After a reconnect the book is replaced by the new snapshot. Errors
   * as `feed` (e.g. `FineryApiError` 103 for an unknown instrument: only this stream ends).
   * For reading without a copy per message use `bookView`; `bookQuote(book)` gives best
   * bid/ask, mid and spread.
   */
  book(instrument: FeedId, options: BookOptions = {}): Observable<OrderBook> {
    const depth = options.depth ?? 25;
    const conflate = options.conflate ?? true;
    return this.started(() => copiedBooks(this.sharedBook(instrument, options.feed ?? 'F'), { depth, conflate }));
  }

  /**
   * The same book as `book`, without copying: every applied message emits one shared
   * `BookView` synchronously (no conflation), the same object each time, with `bestBid()`,
   * `bestAsk()`, `quote()`, `top(n, into?)`, `levels(side)` and `snapshot()` reading the live
   * book engine. **What the view returns is valid until the next emission**: read it in the
   * subscriber, and call `snapshot()` to keep a copy. All subscribers of a book share one
   * binding and one engine with `book`. Errors as `book`.
   *
   * @param options.feed `'F'` (default), `'B'` or `'MD'` (finery.md §7.1)
   */
  bookView(instrument: FeedId, options: Pick<BookOptions, 'feed'> = {}): Observable<BookView> {
    return this.started(() => this.sharedBook(instrument, options.feed ?? 'F'));
  }

  /** The live book of (feed, instrument), created on first use and released with its last subscriber. */
  private sharedBook(instrument: FeedId, feed: 'B' | 'F' | 'MD'): Observable<BookView> {
    const key = bindingKey(feed, instrument);
    let views = this.books.get(key);
    if (!views) {
      const report = (error: FineryBookError) => {
        this.options.logger?.warn?.(`finery: ${error.message}; re-binding for a fresh snapshot`);
        this.events.next({ type: 'book-inconsistent', error });
      };
      const created = sharedBookViews(this.bindings, feed, instrument, report, () => {
        if (this.books.get(key) === created) this.books.delete(key);
      });
      this.books.set(key, (views = created));
    }
    return views;
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

  /**
   * `source()` subscribed on subscribe, with the connection started; errors with
   * `FineryConnectionError.clientClosed()` once the client is closed. The connection is
   * held while any such subscription lives; after the last one ends (checked once the
   * current synchronous work is done, so an unsubscribe followed by a subscribe keeps the
   * socket) the client disconnects.
   */
  private started<T>(source: () => Observable<T>): Observable<T> {
    return new Observable<T>((subscriber) => {
      if (this.closed) {
        subscriber.error(FineryConnectionError.clientClosed());
        return undefined;
      }
      let inner: Subscription;
      try {
        inner = source().subscribe(subscriber);
      } catch (error) {
        subscriber.error(error);
        return undefined;
      }
      this.holders++;
      this.connect();
      return () => {
        inner.unsubscribe();
        if (--this.holders === 0) queueMicrotask(() => this.disconnectIfUnused());
      };
    });
  }

  /** The last subscriber left: the socket closes (status `closed`); the next subscription connects again. */
  private disconnectIfUnused(): void {
    if (this.holders > 0 || !this.running) return;
    const running = this.running;
    this.running = undefined;
    running.unsubscribe();
  }

  /**
   * Handles one inbound frame. Nothing thrown while handling it escapes: a malformed frame,
   * or any other error raised by it, becomes a `malformed-frame` event (finery.md §6).
   */
  private onFrame(text: string, receivedAt: number, connected: (detail?: Record<string, unknown>) => void, setDetail: (detail: Record<string, unknown>) => void): Error | undefined {
    try {
      // The fast path of incremental book messages of live bindings (book-frame.ts); any other
      // frame is decoded in full.
      if (scanBookUpdates(text, this.batch, this.scannable)) {
        this.bindings.updates(this.scannedKey as string, this.batch, receivedAt);
        return undefined;
      }
      const frame = decodeFrame(text, this.keys);
      switch (frame.kind) {
        case 'message':
          this.bindings.message(frame.key, frame.message, receivedAt);
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
    this.requests.failAll(cause ?? FineryConnectionError.clientClosed());
  }
}
