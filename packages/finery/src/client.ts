/**
 * `FineryClient`: the Finery Markets WebSocket (finery.md) as RxJS Observables. One socket
 * per client, reconnected through `@org/reconnect`; feed bindings shared per
 * (feed, feedId) and re-bound once per new connection; order books maintained from
 * snapshots and level updates; requests correlated by `reqId`.
 */
import type { BackoffPolicy, ConnectionState, Logger, SubscriptionRegistry } from '@org/reconnect';
import { createSubscriptionRegistry, reconnect } from '@org/reconnect';
import type { ReconnectingStream } from '@org/reconnect';
import type { Subscription } from 'rxjs';
import { Observable, ReplaySubject, share, Subject } from 'rxjs';
import type WebSocket from 'ws';
import { applyBookSnapshot, applyBookUpdates, bookLevels, createBookState } from './book';
import { bindingKey, decodeFrame, encodeBind, encodeRequest } from './codec';
import type { InboundFrame } from './codec';
import { openSocket } from './connection';
import type { HandshakeMemory } from './connection';
import { FineryApiError, FineryBookError, FineryConnectionError, FineryProtocolError, FineryTimeoutError } from './errors';
import type { BookMessage, FeedId, FeedMessage, FeedMessageOf, FeedName, FineryRequests, OrderBook } from './types';

/** Pause before re-binding a book whose fresh snapshot was itself inconsistent, ms. */
const BAD_SNAPSHOT_REBIND_MS = 1000;

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

interface BindingListener {
  message(message: FeedMessage): void;
  error(error: Error): void;
  complete(): void;
  /** The binding was sent again (new connection or re-bind): a fresh `S` follows. */
  rebound?(): void;
}

interface Binding {
  readonly feed: string;
  readonly feedId: FeedId | undefined;
  readonly listeners: Set<BindingListener>;
  /** A re-bind for a fresh snapshot is under way; no second one until the `S` arrives. */
  rebinding: boolean;
  /** The `S` of the current bind arrived: a listener joining now needs a re-bind to get one. */
  snapshotSeen: boolean;
}

interface PendingRequest {
  readonly method: string;
  readonly text: string;
  sent: boolean;
  resolve(reply: unknown): void;
  reject(error: Error): void;
}

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
  private readonly bindings: SubscriptionRegistry<string, Binding> = createSubscriptionRegistry();
  /** `U`/`Z 101` answers still expected for unbinds sent on the current socket, by binding key. */
  private readonly pendingUnbinds = new Map<string, number>();
  private readonly pending = new Map<number, PendingRequest>();
  private readonly books = new Map<string, Observable<OrderBook>>();
  private readonly events = new Subject<FineryEvent>();
  private readonly handshake: HandshakeMemory = { failures: 0 };
  /** The usable socket: open and the venue reported its backend up. */
  private socket: WebSocket | undefined;
  /** The open socket before the venue reported its backend status; promoted to `socket` on `X` 0. */
  private pendingSocket: WebSocket | undefined;
  private running: Subscription | undefined;
  private closed = false;
  private requestIds = 0;

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
    this.connection = reconnect<never>({
      name: 'finery',
      policy: options.reconnect,
      logger: options.logger,
      connect: ({ connected, setDetail }) =>
        openSocket(this.options, this.handshake, {
          open: (socket) => {
            this.pendingUnbinds.clear();
            this.pendingSocket = socket;
          },
          frame: (text) => this.onFrame(text, connected, setDetail),
          ready: () => this.socket !== undefined,
          closed: () => this.onSocketClosed(),
        }),
    });
    this.status$ = this.connection.state$;
    this.events$ = this.events.asObservable();
  }

  /** Opens the connection now instead of on the first subscription. Idempotent. */
  connect(): void {
    if (this.closed || this.running) return;
    this.running = this.connection.data$.subscribe({
      error: (error: Error) => this.onFatal(error),
      complete: () => this.onFatal(new FineryConnectionError('client closed')),
    });
  }

  /** Closes the socket for good: feeds and books complete, pending requests fail with `FineryConnectionError`. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.connection.close();
    this.running?.unsubscribe();
    this.running = undefined;
    this.endAll(undefined);
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
    return new Observable<FeedMessageOf<F>>((subscriber) =>
      this.attach(feed, feedId, {
        message: (message) => subscriber.next(message as FeedMessageOf<F>),
        error: (error) => subscriber.error(error),
        complete: () => subscriber.complete(),
      }),
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
    const key = bindingKey(feed, instrument);
    const cacheKey = `${key}\u0000${depth}`;
    let book$ = this.books.get(cacheKey);
    if (!book$) {
      book$ = this.createBook(feed, instrument, key, depth).pipe(
        share({ connector: () => new ReplaySubject<OrderBook>(1), resetOnError: true, resetOnComplete: true, resetOnRefCountZero: true }),
      );
      this.books.set(cacheKey, book$);
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
    return new Observable<T>((subscriber) => {
      if (this.closed) {
        subscriber.error(new FineryConnectionError('client closed'));
        return undefined;
      }
      const reqId = ++this.requestIds;
      const request: PendingRequest = {
        method,
        text: encodeRequest(reqId, method, content),
        sent: false,
        resolve: (reply) => {
          subscriber.next(reply as T);
          subscriber.complete();
        },
        reject: (error) => subscriber.error(error),
      };
      this.pending.set(reqId, request);
      const timer = setTimeout(() => request.reject(new FineryTimeoutError(method, this.options.requestTimeoutMs)), this.options.requestTimeoutMs);
      if (this.socket) this.sendRequest(request);
      this.connect();
      return () => {
        clearTimeout(timer);
        this.pending.delete(reqId);
      };
    });
  }

  private sendRequest(request: PendingRequest): void {
    request.sent = true;
    this.socket?.send(request.text);
  }

  private createBook(feed: 'B' | 'F' | 'MD', instrument: FeedId, key: string, depth: number): Observable<OrderBook> {
    return new Observable<OrderBook>((subscriber) => {
      const state = createBookState();
      let live = false;
      let retry: NodeJS.Timeout | undefined;
      const detach = this.attach(feed, instrument, {
        message: (message) => {
          const m = message as BookMessage;
          const snapshot = m.action === 'S';
          if (!snapshot && !live) return;
          const reason = snapshot ? applyBookSnapshot(state, m.data[0], m.data[1]) : applyBookUpdates(state, m.data[0], m.data[1]);
          if (reason !== undefined) {
            live = false;
            const error = new FineryBookError(`${feed} ${JSON.stringify(instrument)}: ${reason}`, feed, instrument);
            this.options.logger?.warn?.(`finery: ${error.message}; re-binding for a fresh snapshot`);
            this.events.next({ type: 'book-inconsistent', error });
            // A bad update asks for a fresh snapshot now; a bad snapshot is asked again after a pause, not in a loop.
            if (!snapshot) this.rebind(key);
            else retry ??= setTimeout(() => {
              retry = undefined;
              this.rebind(key);
            }, BAD_SNAPSHOT_REBIND_MS);
            return;
          }
          live = true;
          subscriber.next({ feed, instrument, bids: bookLevels(state, 'bids', depth), asks: bookLevels(state, 'asks', depth), receivedAt: Date.now() });
        },
        error: (error) => subscriber.error(error),
        complete: () => subscriber.complete(),
        rebound: () => {
          live = false;
        },
      });
      return () => {
        if (retry) clearTimeout(retry);
        detach();
      };
    });
  }

  /**
   * Adds a listener to the binding of (feed, feedId), binding first if needed; returns the
   * detach function. A listener joining after the binding's `S` re-binds it, so that it
   * starts with a fresh `S` too (every `S` is a full replace for the other listeners).
   */
  private attach(feed: string, feedId: FeedId | undefined, listener: BindingListener): () => void {
    if (this.closed) {
      listener.error(new FineryConnectionError('client closed'));
      return () => undefined;
    }
    const key = bindingKey(feed, feedId);
    let binding = this.bindings.get(key);
    if (!binding) {
      binding = { feed, feedId, listeners: new Set(), rebinding: false, snapshotSeen: false };
      this.bindings.add(key, binding);
      this.socket?.send(encodeBind('bind', feed, feedId));
    } else if (binding.snapshotSeen) {
      this.rebind(key);
    }
    binding.listeners.add(listener);
    this.connect();
    const own = binding;
    return () => {
      if (!own.listeners.delete(listener) || own.listeners.size > 0 || this.bindings.get(key) !== own) return;
      this.bindings.delete(key);
      if (this.socket) {
        this.pendingUnbinds.set(key, (this.pendingUnbinds.get(key) ?? 0) + 1);
        this.socket.send(encodeBind('unbind', feed, feedId));
      }
    };
  }

  /** Unbinds and binds again for a fresh snapshot (finery.md §7.1), once at a time. */
  private rebind(key: string): void {
    const binding = this.bindings.get(key);
    if (!binding || binding.rebinding || !this.socket) return;
    binding.rebinding = true;
    binding.snapshotSeen = false;
    this.pendingUnbinds.set(key, (this.pendingUnbinds.get(key) ?? 0) + 1);
    this.socket.send(encodeBind('unbind', binding.feed, binding.feedId));
    this.socket.send(encodeBind('bind', binding.feed, binding.feedId));
    binding.listeners.forEach((l) => l.rebound?.());
  }

  private onFrame(text: string, connected: (detail?: Record<string, unknown>) => void, setDetail: (detail: Record<string, unknown>) => void): Error | undefined {
    let frame: InboundFrame;
    try {
      frame = decodeFrame(text);
    } catch (error) {
      if (!(error instanceof FineryProtocolError)) throw error;
      this.onMalformed(error);
      return undefined;
    }
    switch (frame.kind) {
      case 'message': {
        const binding = this.bindings.get(frame.key);
        if (!binding) return undefined;
        if (frame.message.action === 'S') {
          binding.rebinding = false;
          binding.snapshotSeen = true;
        }
        for (const listener of binding.listeners) listener.message(frame.message);
        return undefined;
      }
      case 'status':
        return this.onStatus(frame.code, connected, setDetail);
      case 'reply':
        this.onReply(frame);
        return undefined;
      default:
        this.onBindingEnd(frame.key, frame.kind === 'failure' ? frame.code : undefined);
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
    keys.forEach((key) => this.rebind(key));
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
    this.bindings.replay((binding) => {
      binding.rebinding = false;
      binding.snapshotSeen = false;
      socket.send(encodeBind('bind', binding.feed, binding.feedId));
      binding.listeners.forEach((l) => l.rebound?.());
    });
    for (const request of this.pending.values()) if (!request.sent) this.sendRequest(request);
    return undefined;
  }

  /** `Z` or `U` on a binding (finery.md §6): answers to our own unbinds are expected; otherwise the binding ends. */
  private onBindingEnd(key: string, code: number | undefined): void {
    const expected = this.pendingUnbinds.get(key) ?? 0;
    if (expected > 0 && (code === undefined || code === 101)) {
      this.pendingUnbinds.set(key, expected - 1);
      return;
    }
    if (code === 100) return;
    const binding = this.bindings.get(key);
    if (!binding) return;
    this.bindings.delete(key);
    for (const listener of [...binding.listeners]) {
      if (code === undefined) listener.complete();
      else listener.error(new FineryApiError(code, 'feed', false, { feed: binding.feed, feedId: binding.feedId ?? 0 }));
    }
  }

  /** Request reply (finery.md §8): `error` at top level or a non-zero `reply.error` fails it. */
  private onReply(frame: Extract<InboundFrame, { kind: 'reply' }>): void {
    const request = this.pending.get(frame.reqId);
    if (!request) return;
    this.pending.delete(frame.reqId);
    const wrapped = frame.reply !== null && typeof frame.reply === 'object' ? (frame.reply as Record<string, unknown>) : undefined;
    if (frame.error !== undefined && frame.error !== 0) {
      request.reject(new FineryApiError(frame.error, 'request', false, frame.param === undefined ? { method: request.method } : { method: request.method, param: frame.param }));
    } else if (wrapped && typeof wrapped.error === 'number' && wrapped.error !== 0) {
      const { error, ...details } = wrapped;
      request.reject(new FineryApiError(error as number, 'request', false, { method: request.method, ...details }));
    } else {
      request.resolve(frame.reply);
    }
  }

  private onSocketClosed(): void {
    this.socket = undefined;
    this.pendingSocket = undefined;
    for (const request of [...this.pending.values()]) {
      if (request.sent) request.reject(new FineryConnectionError(`connection lost before the reply to '${request.method}'`));
    }
  }

  /** The reconnect loop ended (fatal error, retries exhausted) or the client closed. */
  private onFatal(error: Error): void {
    this.running = undefined;
    this.endAll(this.closed ? undefined : error);
  }

  private endAll(error: Error | undefined): void {
    const bindings = this.bindings.keys().map((key) => this.bindings.get(key) as Binding);
    this.bindings.clear();
    for (const binding of bindings) {
      for (const listener of [...binding.listeners]) {
        if (error) listener.error(error);
        else listener.complete();
      }
    }
    for (const request of [...this.pending.values()]) request.reject(error ?? new FineryConnectionError('client closed'));
  }
}
