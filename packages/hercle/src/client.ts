import type { HubConnection } from '@microsoft/signalr';
import { assertSecureUrl, bearerToken, inspectCustom, redactError, redactSecrets } from '@org/auth-signing';
import type { InspectFunction } from '@org/auth-signing';
import { conflate, createSubscriptionRegistry, DEFAULT_CONNECT_TIMEOUT_MS, fanOut, reconnect, weeklyWindow } from '@org/reconnect';
import type { BackoffPolicy, ConnectionState, Logger, MaintenanceWindow, ReconnectingStream } from '@org/reconnect';
import { BehaviorSubject, catchError, defer, EMPTY, exhaustMap, filter, finalize, ignoreElements, map, merge, Observable, of, ReplaySubject, share, Subject, switchMap, take, takeUntil, tap, throwError, timer } from 'rxjs';
import { decodeEnvelope, ofSubject, PRICE_UPDATE } from './codec';
import { connectHub } from './connection';
import { HercleConfigError, HercleConnectionError } from './errors';
import { createPriceRoutes } from './price-routes';
import type { PriceChannel } from './price-routes';
import { exchange } from './reply';
import { HERCLE_PRODUCTION_URL } from './types';
import type {
  HercleBalances,
  HercleEvent,
  HercleExecutedOrder,
  HercleMessage,
  HercleOrder,
  HerclePair,
  HerclePairPrice,
  HercleOtherMessage,
  HerclePriceUpdate,
  HercleRequestForQuote,
  HercleSide,
  HercleSubject,
  HercleSubjectData,
  HercleTrade,
  HercleTransaction,
} from './types';

/** The documented reconnect delays (hercle.md §7), in ms; then a capped backoff that never gives up. */
export const HERCLE_RECONNECT_SCHEDULE: readonly number[] = Object.freeze([0, 2000, 5000, 10000, 30000]);

/**
 * The weekly maintenance window as documented, every Wednesday 10:00–11:00 GMT+1, i.e.
 * 09:00–10:00 UTC (hercle.md §7). If the venue means Central European time, summer time moves
 * it an hour earlier: pass `weeklyWindow({ day: 3, start: '09:00', durationMs: 7_200_000,
 * utcOffsetMinutes: 60 })` as `maintenance` to cover both readings.
 */
export const HERCLE_MAINTENANCE_WINDOW: MaintenanceWindow = weeklyWindow({ day: 3, start: '10:00', durationMs: 3_600_000, utcOffsetMinutes: 60 });

/** Options of {@link HercleClient}. */
export interface HercleClientOptions {
  /** Hub URL. Default {@link HERCLE_PRODUCTION_URL}; see also `HERCLE_SANDBOX_URL` (hercle.md §1). */
  url?: string;
  /**
   * Accept a plaintext `http://`/`ws://` `url` to a host that is not on loopback (e.g. behind a
   * TLS-terminating proxy on a private network). Default `false`: such a URL throws
   * `InsecureTransportError` (`@org/auth-signing`, code `INSECURE_TRANSPORT`) in the constructor.
   */
  allowInsecure?: boolean;
  /**
   * One connect attempt (key function, negotiate, WebSocket and SignalR handshake, signalr.md §2)
   * must succeed within this long, or it is given up with `ConnectTimeoutError` (`@org/reconnect`,
   * shown as `reconnecting`) and retried; the negotiate request is aborted after as long, so no
   * socket is left behind. ms, default `DEFAULT_CONNECT_TIMEOUT_MS` (10 000).
   */
  connectTimeoutMs?: number;
  /** The API key (the bearer token, hercle.md §1), or a function read again on every connect. */
  apiKey: string | (() => string | Promise<string>);
  /** Prefix of the per-call ClientIds, at most 24 characters. Default `hx-` + 8 random hex digits. */
  clientId?: string;
  /** Overrides of the reconnect policy; default schedule {@link HERCLE_RECONNECT_SCHEDULE}, never gives up. */
  reconnect?: Partial<BackoffPolicy>;
  /** Retries that would fall inside this window wait for its end. Default {@link HERCLE_MAINTENANCE_WINDOW}; `null` for none. */
  maintenance?: MaintenanceWindow | null;
  /** How long a command waits for its reply after the invocation, ms. Default 10 000. */
  replyTimeoutMs?: number;
  /**
   * How long the connection stays open after the last stream or command unsubscribed, ms, so
   * that commands in a row share one connection (about 1 ms per command on loopback instead
   * of a new negotiate + WebSocket each). Default 1000; 0 closes at once.
   */
  lingerMs?: number;
  /**
   * A connection that received no frame (data or ping) for this long is closed and reconnected,
   * ms. Default 30 000, SignalR's; the hub pings every 15 s (signalr.md §7).
   */
  serverTimeoutMs?: number;
  logger?: Logger;
  /** Clock of `HerclePriceUpdate.receivedAt` (ms since the Unix epoch), read as each envelope arrives; default `Date.now`. */
  now?: () => number;
}

/** Per-call options of the commands. */
export interface HercleCommandOptions {
  /** The ClientId of this call (≤ 36 characters, hercle.md §2), e.g. to find the order later with `getOrdersByClientId`. Default: a new per-call id. */
  clientId?: string;
}

/** How {@link HercleClient.prices} hands out price updates (hercle.md §4.1). */
export interface HerclePriceOptions {
  /**
   * Default `false`: every price update, synchronously, as its frame is handled: a price is
   * something to trade on (its `id` goes to `placeOtcOrder`, hercle.md §4.2), so none is
   * dropped unless asked. `true`: latest value: updates arriving while one is pending replace
   * it, and the pending one is delivered on the next macrotask (`conflate` of
   * `@org/reconnect`), so a consumer slower than the feed (a display, a pricing loop) gets
   * the newest price instead of a backlog. Per subscriber: the shared channel is the same.
   */
  conflate?: boolean;
}

/** A date range page of the paginated queries (hercle.md §4.2): range ≤ 7 days, `page` 0-based, `pageSize` 5–50. */
export interface HerclePageQuery {
  start: Date | string;
  end: Date | string;
  page?: number;
  pageSize?: number;
}

/** An RFQ request (hercle.md §4.2): give `size` (base units) or `amount` (quote currency); the other is sent as 0. */
export interface HercleRfqRequest {
  pair: string;
  side: HercleSide;
  size?: number;
  amount?: number;
  /** Uses `CreateRequestForQuoteWithCustomExpiration` (max 240 s); default expiry 15 s. */
  expirationSeconds?: number;
}

const iso = (value: Date | string): string => (typeof value === 'string' ? value : value.toISOString());

/**
 * Hercle client (hercle.md): one SignalR connection to `ExecutionLiveServer/v1`, opened when
 * the first stream or command is subscribed and closed `lingerMs` after the last one unsubscribed,
 * reconnected by `@org/reconnect` (schedule [0, 2000, 5000, 10000, 30000] ms, then a capped
 * backoff that never gives up; retries inside the weekly maintenance window wait for its end).
 * Every stream and command errors with {@link HercleAuthError} (fatal) when the key is refused.
 * An unknown pair errors only its own price stream (non-fatal `HercleError` `PRECHECKS`). After
 * `close()` every stream and command errors with `HercleConnectionError` code `'CLIENT_CLOSED'`.
 * The key lives in private fields: `JSON.stringify`, `util.inspect` and `console.log` of a
 * client show none (`toJSON()` shows the URL, status and the number of live price streams).
 *
 * @throws AuthConfigError (from `@org/auth-signing`) when `apiKey` is an empty string
 * @throws HercleConfigError when `clientId` is longer than 24 characters
 * @throws InsecureTransportError (from `@org/auth-signing`) for a plaintext `url` to a non-loopback host without `allowInsecure`
 * @throws ReconnectConfigError (from `@org/reconnect`) for an invalid `reconnect` policy or `connectTimeoutMs`
 */
export class HercleClient {
  /** Connection state: idle → connecting → connected → reconnecting … → closed. */
  readonly status$: Observable<ConnectionState>;
  /** Every envelope of `executionEvents` and `subscriptions`, decoded (hercle.md §2); holds the connection open while subscribed. */
  readonly events$: Observable<HercleEvent>;

  private readonly incoming = new Subject<HercleEvent>();
  private readonly current = new BehaviorSubject<HubConnection | undefined>(undefined);
  private readonly closed = new ReplaySubject<void>(1);
  private readonly link: ReconnectingStream<HubConnection>;
  private readonly hold$: Observable<never>;
  private readonly channels = createSubscriptionRegistry<string, PriceChannel>();
  /** The shared price stream of each (pair, size) while it has subscribers; released with the last one. */
  private readonly priceStreams = new Map<string, Observable<HerclePriceUpdate>>();
  private readonly priceRoutes = createPriceRoutes();
  private readonly prefix: string;
  private readonly replyTimeoutMs: number;
  private readonly log: Logger;
  /** Clock of `HerclePriceUpdate.receivedAt` (`HercleClientOptions.now`). */
  private readonly now: () => number;
  readonly #url: string;
  /** The key as last read (for redaction); private, so that no serialization or inspection reveals it. */
  #lastToken: string | undefined;
  private calls = 0;
  private isClosed = false;

  constructor(options: HercleClientOptions) {
    const token = typeof options.apiKey === 'function' ? options.apiKey : bearerToken(options.apiKey);
    if (options.clientId !== undefined && (options.clientId.length === 0 || options.clientId.length > 24)) {
      throw new HercleConfigError('clientId', 'must be 1 to 24 characters long');
    }
    this.prefix = options.clientId ?? `hx-${Math.floor(Math.random() * 0x100000000).toString(16).padStart(8, '0')}`;
    this.replyTimeoutMs = options.replyTimeoutMs ?? 10_000;
    this.log = options.logger ?? {};
    this.now = options.now ?? Date.now;
    const url = (this.#url = assertSecureUrl(options.url ?? HERCLE_PRODUCTION_URL, { field: 'url', allowInsecure: options.allowInsecure }));
    const connectTimeoutMs = options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
    const maintenance = options.maintenance === undefined ? HERCLE_MAINTENANCE_WINDOW : options.maintenance;
    this.link = reconnect<HubConnection>({
      name: 'hercle',
      policy: { schedule: HERCLE_RECONNECT_SCHEDULE, ...options.reconnect },
      connectTimeoutMs,
      ...(maintenance ? { maintenance } : {}),
      ...(options.logger ? { logger: options.logger } : {}),
      connect: ({ connected }) =>
        connectHub({
          url,
          accessToken: async () => (this.#lastToken = await token()),
          onEnvelope: (target, payload) => this.receive(decodeEnvelope(target, payload)),
          secrets: () => [this.#lastToken],
          requestTimeoutMs: connectTimeoutMs,
          ...(options.serverTimeoutMs !== undefined ? { serverTimeoutMs: options.serverTimeoutMs } : {}),
        }).pipe(
          tap((connection) => {
            connected({ connectionId: connection.connectionId });
            this.current.next(connection);
            // A reconnect restores nothing (signalr.md §9): re-issue every live price channel once.
            this.channels.replay((channel) => this.sendPriceCommand(connection, 'SubscribePairPriceChannel', channel));
          }),
          finalize(() => this.current.next(undefined)),
        ),
    });
    this.status$ = this.link.state$;
    const lingerMs = options.lingerMs ?? 1000;
    this.hold$ = this.link.data$.pipe(ignoreElements(), share({ resetOnRefCountZero: lingerMs > 0 ? () => timer(lingerMs) : true }));
    this.events$ = this.guard(merge(this.hold$, this.incoming));
  }

  /**
   * Price updates of one (pair, size) (hercle.md §4.1; `size` in base units), shared: the first
   * subscriber sends `SubscribePairPriceChannel`, the last unsubscribe sends
   * `UnsubscribePairPriceChannel` and releases the channel's state, and every reconnect
   * re-issues the subscribe exactly once. Errors with {@link HercleError} when the venue rejects
   * the subscription (unknown pair, size): non-fatal, only this stream ends.
   *
   * Delivery: every update by default; `{ conflate: true }` for the latest value per turn of
   * the event loop (see {@link HerclePriceOptions}).
   */
  prices(pair: string, size: number, options: HerclePriceOptions = {}): Observable<HerclePriceUpdate> {
    const updates = defer(() => (this.isClosed ? throwError(() => HercleConnectionError.clientClosed()) : this.sharedPrices(pair, size)));
    return options.conflate ? updates.pipe(conflate()) : updates;
  }

  /** The live shared stream of (pair, size), created on its first subscriber and released with its last. */
  private sharedPrices(pair: string, size: number): Observable<HerclePriceUpdate> {
    const key = `${pair}|${size}`;
    let stream = this.priceStreams.get(key);
    if (!stream) {
      const channel: PriceChannel = { pair, size, clientId: this.nextClientId() };
      // Completed by close() from within, not through guard()'s takeUntil: one operator less per update and subscriber.
      const created: Observable<HerclePriceUpdate> = fanOut<HerclePriceUpdate>((sink) => {
        this.channels.add(key, channel);
        // Updates go straight from receive() to the subscribers: one Map look-up per envelope, whatever the number of channels.
        const route = this.priceRoutes.open(channel, sink);
        const connection = this.current.value;
        if (connection) this.sendPriceCommand(connection, 'SubscribePairPriceChannel', channel);
        const hold = this.hold$.subscribe({ error: sink.error });
        const closing = this.closed.subscribe(sink.complete);
        return () => {
          closing.unsubscribe();
          hold.unsubscribe();
          if (!this.priceRoutes.close(route)) return;
          this.channels.delete(key);
          if (this.priceStreams.get(key) === created) this.priceStreams.delete(key);
          const current = this.current.value;
          if (current) this.sendPriceCommand(current, 'UnsubscribePairPriceChannel', channel);
        };
      });
      this.priceStreams.set(key, (stream = created));
    }
    return stream;
  }

  /**
   * Balance snapshots (hercle.md §4.3, §6): sends `GetBalances` on every (re)connect and every
   * `refreshMs` if given, and emits every `account.balances.snapshot` received, dropping any whose
   * `sequence` is lower than the last one emitted (logged at debug).
   */
  balances(options: { refreshMs?: number } = {}): Observable<HercleBalances> {
    return this.guard(
      defer(() => {
        let last = -Infinity;
        const snapshots$ = this.incoming.pipe(
          ofSubject('account.balances.snapshot'),
          map((e) => e.data),
          filter((balances) => {
            if (balances.sequence < last) {
              this.log.debug?.('hercle: dropped a stale balance snapshot', { sequence: balances.sequence, last });
              return false;
            }
            last = balances.sequence;
            return true;
          }),
        );
        const requests$ = this.current.pipe(
          filter((connection) => connection !== undefined),
          switchMap(() =>
            (options.refreshMs ? timer(0, options.refreshMs) : of(0)).pipe(
              exhaustMap(() =>
                this.getBalances().pipe(
                  ignoreElements(),
                  catchError((error: Error) => {
                    this.log.warn?.(`hercle: GetBalances failed: ${error.message}`);
                    return EMPTY;
                  }),
                ),
              ),
            ),
          ),
        );
        return merge(this.hold$, snapshots$, requests$);
      }),
    );
  }

  /** `GetPairs` → `execution.pairs` (hercle.md §4.1). */
  getPairs(options?: HercleCommandOptions): Observable<HerclePair[]> {
    return this.request('GetPairs', [], 'execution.pairs', options);
  }

  /** `GetBalances` → `account.balances.snapshot` (hercle.md §4.3). */
  getBalances(options?: HercleCommandOptions): Observable<HercleBalances> {
    return this.request('GetBalances', [], 'account.balances.snapshot', options);
  }

  /** `GetPairSizeByAmount(Pair, Side, Amount)` → `execution.pair.price`; `amount` in the quote currency (hercle.md §4.1). */
  getPairSizeByAmount(pair: string, side: HercleSide, amount: number, options?: HercleCommandOptions): Observable<HerclePairPrice> {
    return this.request('GetPairSizeByAmount', [pair, side, amount], 'execution.pair.price', options);
  }

  /**
   * `PlaceOtcOrder(PriceId, Side, Slippage)` → `execution.order.executed` (hercle.md §4.2):
   * `priceId` from a price update, `slippage` in percent (1.0 = 1 %). The venue needs the price
   * channel to be active: keep `prices(pair, size)` subscribed until the reply. A cancelled order
   * (status 2 with `statusError`, e.g. expired price or slippage exceeded) errors with
   * {@link HercleError} `ORDER_CANCELLED`.
   */
  placeOtcOrder(priceId: string, side: HercleSide, slippage: number, options?: HercleCommandOptions): Observable<HercleExecutedOrder> {
    return this.request('PlaceOtcOrder', [priceId, side, slippage], 'execution.order.executed', options);
  }

  /** `CreateRequestForQuote` (or `…WithCustomExpiration` with `expirationSeconds`) → `account.requestForQuote.created` (hercle.md §4.2). */
  createRequestForQuote(rfq: HercleRfqRequest, options?: HercleCommandOptions): Observable<HercleRequestForQuote> {
    const args = [rfq.pair, rfq.side, rfq.size ?? 0, rfq.amount ?? 0];
    return rfq.expirationSeconds === undefined
      ? this.request('CreateRequestForQuote', args, 'account.requestForQuote.created', options)
      : this.request('CreateRequestForQuoteWithCustomExpiration', [...args, rfq.expirationSeconds], 'account.requestForQuote.created', options);
  }

  /** `AcceptRequestForQuote(RequestForQuoteId)` → `execution.order.executed`; before the RFQ expires (hercle.md §4.2). */
  acceptRequestForQuote(requestForQuoteId: string, options?: HercleCommandOptions): Observable<HercleExecutedOrder> {
    return this.request('AcceptRequestForQuote', [requestForQuoteId], 'execution.order.executed', options);
  }

  /** `GetOrdersByClientId(OrderClientId)` → `account.orders.snapshot` (hercle.md §4.2). */
  getOrdersByClientId(orderClientId: string, options?: HercleCommandOptions): Observable<HercleOrder[]> {
    return this.request('GetOrdersByClientId', [orderClientId], 'account.orders.snapshot', options);
  }

  /** `GetTradesByClientId(TradeClientId)` → `account.trades.snapshot` (hercle.md §4.2). */
  getTradesByClientId(tradeClientId: string, options?: HercleCommandOptions): Observable<HercleTrade[]> {
    return this.request('GetTradesByClientId', [tradeClientId], 'account.trades.snapshot', options);
  }

  /** `GetOrdersPaginated(StartDate, EndDate, Page, PageSize)` → `account.orders.snapshot` (hercle.md §4.2). */
  getOrdersPaginated(query: HerclePageQuery, options?: HercleCommandOptions): Observable<HercleOrder[]> {
    return this.request('GetOrdersPaginated', this.pageArgs(query), 'account.orders.snapshot', options);
  }

  /** `GetTradesPaginated(StartDate, EndDate, Page, PageSize)` → `account.trades.snapshot` (hercle.md §4.2). */
  getTradesPaginated(query: HerclePageQuery, options?: HercleCommandOptions): Observable<HercleTrade[]> {
    return this.request('GetTradesPaginated', this.pageArgs(query), 'account.trades.snapshot', options);
  }

  /** `GetTransactionsPaginated(StartDate, EndDate, Page, PageSize)` → `account.transactions.snapshot` (hercle.md §4.2). */
  getTransactionsPaginated(query: HerclePageQuery, options?: HercleCommandOptions): Observable<HercleTransaction[]> {
    return this.request('GetTransactionsPaginated', this.pageArgs(query), 'account.transactions.snapshot', options);
  }

  /** `GetHistoricalTradesPaginated(StartDate, EndDate, Page, PageSize)` — range ≤ 30 days → `account.trades.snapshot` (hercle.md §4.2). */
  getHistoricalTradesPaginated(query: HerclePageQuery, options?: HercleCommandOptions): Observable<HercleTrade[]> {
    return this.request('GetHistoricalTradesPaginated', this.pageArgs(query), 'account.trades.snapshot', options);
  }

  /** `GetHistoricalTransactionsPaginated(StartDate, EndDate, Page, PageSize)` — range ≤ 30 days → `account.transactions.snapshot` (hercle.md §4.2). */
  getHistoricalTransactionsPaginated(query: HerclePageQuery, options?: HercleCommandOptions): Observable<HercleTransaction[]> {
    return this.request('GetHistoricalTransactionsPaginated', this.pageArgs(query), 'account.transactions.snapshot', options);
  }

  /**
   * Any hub method (hercle.md §4): invokes `method(clientId, ...args)` positionally and emits the
   * first envelope that carries the call's ClientId, whatever its subject. Error subjects become
   * {@link HercleError}; a method without a reply ends in {@link HercleTimeoutError}.
   */
  command(method: string, ...args: unknown[]): Observable<HercleMessage | HercleOtherMessage> {
    return this.call(method, args, undefined, this.nextClientId());
  }

  /**
   * Ends the client for good: the connection closes, every stream completes, a pending command
   * errors with `HercleConnectionError.clientClosed()`, `status$` ends `closed`; every later
   * stream and command errors at subscribe with it (code `'CLIENT_CLOSED'`). Idempotent.
   */
  close(): void {
    if (this.isClosed) return;
    this.isClosed = true;
    this.closed.next();
    this.closed.complete();
    this.link.close();
  }

  /** What `JSON.stringify(client)` shows: venue, URL, status and live price streams, never the key. */
  toJSON(): { venue: 'hercle'; url: string; status: ConnectionState['status']; priceStreams: number; closed: boolean } {
    return { venue: 'hercle', url: this.#url, status: this.link.state.status, priceStreams: this.priceStreams.size, closed: this.isClosed };
  }

  /** What `util.inspect` and `console.log` show: as `toJSON`. */
  [inspectCustom](_depth: number, options: object, inspect: InspectFunction): string {
    return `HercleClient ${inspect(this.toJSON(), options)}`;
  }

  /** One envelope, decoded as its frame arrived: a price update is stamped with `receivedAt` (see `HerclePriceUpdate`). */
  private receive(event: HercleEvent): void {
    // Nobody listens while only prices are streamed (no events$, balances or command in
    // flight): skip RxJS's Subject.next, which allocates even with no observer (24 ns here).
    if (event.kind === 'message' && event.subject === PRICE_UPDATE) {
      event.data.receivedAt = this.now();
      if (this.incoming.observed) this.incoming.next(event);
      this.priceRoutes.deliver(event.data);
      return;
    }
    if (event.kind === 'malformed') {
      this.log.warn?.(`hercle: malformed envelope on ${event.target}: ${event.error.message}`, { subject: event.subject });
    }
    if (this.incoming.observed) this.incoming.next(event);
    this.priceRoutes.fail(event);
  }

  /**
   * `stream` until `close()`: then it completes (`'complete'`, streams) or errors with
   * `HercleConnectionError.clientClosed()` (`'error'`, commands); a subscription after `close()`
   * errors with it at once.
   */
  private guard<T>(stream: Observable<T>, whenClosed: 'complete' | 'error' = 'complete'): Observable<T> {
    return defer(() => {
      if (this.isClosed) return throwError(() => HercleConnectionError.clientClosed());
      if (whenClosed === 'complete') return stream.pipe(takeUntil(this.closed));
      return new Observable<T>((subscriber) => {
        const inner = stream.subscribe(subscriber);
        const closing = this.closed.subscribe(() => subscriber.error(HercleConnectionError.clientClosed()));
        return () => {
          closing.unsubscribe();
          inner.unsubscribe();
        };
      });
    });
  }

  private nextClientId(): string {
    this.calls += 1;
    return `${this.prefix}-${this.calls.toString(36)}`;
  }

  private pageArgs(query: HerclePageQuery): unknown[] {
    return [iso(query.start), iso(query.end), query.page ?? 0, query.pageSize ?? 50];
  }

  private sendPriceCommand(connection: HubConnection, method: string, channel: PriceChannel): void {
    connection.invoke(method, channel.clientId, channel.pair, channel.size).catch((error: Error) => {
      // An invocation cut by our own close() or a connection already replaced is no news (signalr.md §8).
      const expected = this.isClosed || this.current.value !== connection;
      const log = expected ? this.log.debug : this.log.warn;
      log?.call(this.log, `hercle: ${method} ${channel.pair} ${channel.size} failed: ${this.redact(error.message)}`);
    });
  }

  private request<S extends HercleSubject>(method: string, args: unknown[], subject: S, options?: HercleCommandOptions): Observable<HercleSubjectData[S]> {
    return this.call(method, args, subject, options?.clientId ?? this.nextClientId()).pipe(map((event) => event.data as HercleSubjectData[S]));
  }

  /** Waits for a connection, then runs the {@link exchange}; holds the connection meanwhile. */
  private call(method: string, args: unknown[], subject: string | undefined, clientId: string): Observable<HercleMessage | HercleOtherMessage> {
    const reply$ = this.current.pipe(
      filter((connection): connection is HubConnection => connection !== undefined),
      take(1),
      switchMap((connection) =>
        exchange({
          connection,
          current$: this.current,
          incoming$: this.incoming,
          method,
          args,
          clientId,
          subject,
          timeoutMs: this.replyTimeoutMs,
          redact: (text) => this.redact(text),
          redactError: (error) => redactError(error, [this.#lastToken]),
        }),
      ),
    );
    return this.guard(merge(this.hold$, reply$).pipe(take(1)), 'error');
  }

  private redact(text: string): string {
    return redactSecrets(text, [this.#lastToken]);
  }
}
