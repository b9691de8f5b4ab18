import { asyncScheduler, BehaviorSubject, defer, Observable, of, share } from 'rxjs';
import type { SchedulerLike, Subscription } from 'rxjs';
import { backoffDelay, DEFAULT_BACKOFF_POLICY, validateBackoffPolicy } from './backoff';
import type { BackoffPolicy } from './backoff';
import { classifyError } from './classify';
import type { ErrorKind } from './classify';
import { ConnectionClosedError, ConnectTimeoutError, ReconnectConfigError, RetriesExhaustedError } from './errors';
import type { Logger } from './logger';
import type { MaintenanceWindow } from './maintenance';
import { withToJSON } from './state';
import type { ConnectionState, ConnectionStatus } from './state';

/** Milliseconds an attempt may take to connect when `ReconnectOptions.connectTimeoutMs` is not given. */
export const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;

/**
 * What the connect factory receives on every attempt.
 *
 * - `attempt`: retry number of this attempt: `0` for the first connect, `1` for the first retry,
 *   ... (back to `0` semantics after a stable connection: see `BackoffPolicy.stableAfterMs`).
 * - `connected(detail?)`: marks THIS attempt as connected: `state$` turns `connected` and the
 *   stable timer starts. Call it when the transport is usable (socket open and authenticated,
 *   SignalR `start()` resolved, socket.io `connect` event) — typically right before replaying the
 *   subscription registry. The first value emitted by the connection Observable marks it
 *   connected as well, whichever comes first; later calls only merge `detail`. Calls from an
 *   attempt that has already ended are ignored.
 * - `setDetail(detail)`: merges venue extras into `ConnectionState.detail` and re-publishes the
 *   current status (same `status` and `since`), e.g. Finery's backend status. Ignored once the
 *   attempt has ended. Detail is per attempt: every new attempt starts without it.
 */
export interface ConnectContext {
  readonly attempt: number;
  connected(detail?: Record<string, unknown>): void;
  setDetail(detail: Record<string, unknown>): void;
}

/** Options of {@link reconnect}. */
export interface ReconnectOptions<T> {
  /**
   * Called anew on every attempt (so credentials, signatures, nonces and tokens are fresh):
   * returns a cold Observable that opens one connection on subscribe, emits its data, errors when
   * the connection fails or drops (with `fatal: true` on errors that must not be retried),
   * and closes the connection on unsubscribe. Completing counts as a drop
   * (`ConnectionClosedError`, transient). A synchronous throw counts as an error of the attempt.
   */
  readonly connect: (context: ConnectContext) => Observable<T>;
  /** Overrides of `DEFAULT_BACKOFF_POLICY` (a client's `options.reconnect`). */
  readonly policy?: Partial<BackoffPolicy>;
  /**
   * Milliseconds an attempt may take to reach its connected moment (`connected()` or a first
   * value) before it ends with a transient `ConnectTimeoutError`: `DEFAULT_CONNECT_TIMEOUT_MS`
   * (10 000) by default, `Infinity` waits forever. Catches a TCP connect, HTTP upgrade, SignalR
   * negotiate/handshake or token fetch that stalls.
   */
  readonly connectTimeoutMs?: number;
  /** Error classification, `classifyError` by default (fatal iff `error.fatal === true`). */
  readonly classify?: (error: unknown) => ErrorKind;
  /**
   * A retry that would fire inside this window waits until the window ends instead (plus a random
   * `0..jitter × initialDelayMs` ms so that clients do not all return at once), and the
   * `reconnecting` state carries `detail.maintenanceUntil` (ms epoch) (hercle.md §7).
   */
  readonly maintenance?: MaintenanceWindow;
  /** Timers and `now()` (ms epoch) of the loop, `asyncScheduler` by default. */
  readonly scheduler?: SchedulerLike;
  /** Uniform random in [0, 1) for jitter, `Math.random` by default. */
  readonly random?: () => number;
  /**
   * Transitions are logged: `connecting` debug, `connected` info, `reconnecting` warn, a fatal end
   * error, with the error's message as given: redact secrets when you build the error.
   */
  readonly logger?: Logger;
  /** Prefix of log messages, e.g. `'finery'`. */
  readonly name?: string;
}

/**
 * A reconnecting connection: one loop shared by every subscriber of `data$`.
 *
 * - `data$`: lazy and shared: the first subscriber starts the loop, the last unsubscribe ends it
 *   (`closed`) and tears everything down (connection and timers); a later subscriber starts a new
 *   loop. Emits the data of every connection in turn; errors with the original error when it is
 *   fatal, or with `RetriesExhaustedError` after `maxAttempts`; completes after `close()`.
 * - `state$`: the current {@link ConnectionState} on subscribe, then every transition; starts
 *   `idle`, each loop ends `closed`; after `close()` it emits `closed` and completes (a late
 *   subscriber gets the final `closed` snapshot, then completion).
 * - `state`: the current snapshot.
 * - `close()`: ends the loop for good (`data$` completes, `state$` emits `closed` and completes).
 *   Idempotent.
 */
export interface ReconnectingStream<T> {
  readonly data$: Observable<T>;
  readonly state$: Observable<ConnectionState>;
  readonly state: ConnectionState;
  close(): void;
}

/**
 * The reconnect loop (tRPC wsClient style: everything is re-evaluated on each attempt). On every
 * attempt it calls `connect(context)` and subscribes to the returned Observable. A transient
 * error (or completion) ends the attempt; the loop publishes `reconnecting` with `delayMs` =
 * `backoffDelay(policy, attempt)` (first retry immediate, explicit `schedule` first, then
 * exponential with jitter), stretched to the end of a `maintenance` window that the retry
 * would hit, and then tries again. A fatal error (`classify`) or more than `maxAttempts`
 * consecutive retries end the loop with an error. The attempt count resets once a connection
 * stayed connected `stableAfterMs`. Nothing is replayed by the loop itself: replay your
 * `SubscriptionRegistry` inside `connect` once connected (signalr.md §9, socketio.md §8).
 *
 * @throws ReconnectConfigError synchronously when the merged policy or `connectTimeoutMs` is invalid
 * @example
 * const subs = createSubscriptionRegistry<string, string>();
 * let socket: WebSocket | undefined;
 * const conn = reconnect<Frame>({
 *   name: 'finery',
 *   policy: options.reconnect,
 *   logger: options.logger,
 *   connect: ({ connected }) => new Observable<Frame>((subscriber) => {
 *     const ws = new WebSocket(url, { headers: fineryAuthHeaders(credentials) }); // fresh signature
 *     ws.on('open', () => { socket = ws; connected(); subs.replay((msg) => ws.send(msg)); });
 *     ws.on('message', (raw) => subscriber.next(decode(raw)));
 *     ws.on('close', (code) => subscriber.error(new FineryConnectionError(code))); // fatal: false
 *     return () => { socket = undefined; ws.close(); };
 *   }).pipe(idleTimeout(30_000)),
 * });
 * const status$ = conn.state$;          // the client's status$
 * conn.data$.subscribe(handleFrame);     // starts connecting
 * conn.close();                          // the client's close()
 */
export function reconnect<T>(options: ReconnectOptions<T>): ReconnectingStream<T> {
  const policy: BackoffPolicy = { ...DEFAULT_BACKOFF_POLICY, ...options.policy };
  validateBackoffPolicy(policy);
  const connectTimeoutMs = options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
  if (!(connectTimeoutMs > 0)) throw new ReconnectConfigError('connectTimeoutMs', 'must be > 0 or Infinity');
  const scheduler = options.scheduler ?? asyncScheduler;
  const classify = options.classify ?? classifyError;
  const random = options.random ?? Math.random;
  const log = options.logger ?? {};
  const prefix = options.name ? `${options.name}: ` : '';
  const states = new BehaviorSubject<ConnectionState>(withToJSON({ status: 'idle', attempt: 0, since: scheduler.now() }));
  let stopLoop: (() => void) | undefined;
  let isClosed = false;

  const publish = (
    status: ConnectionStatus,
    attempt: number,
    extra: { error?: Error; delayMs?: number; detail?: Record<string, unknown>; since?: number } = {}
  ) => {
    const state: { -readonly [K in keyof ConnectionState]: ConnectionState[K] } = {
      status,
      attempt,
      since: extra.since ?? scheduler.now(),
    };
    if (extra.error) state.error = extra.error;
    if (extra.delayMs !== undefined) state.delayMs = extra.delayMs;
    if (extra.detail) state.detail = extra.detail;
    states.next(withToJSON(state));
  };

  const loop$ = new Observable<T>((subscriber) => {
    if (isClosed) {
      subscriber.complete();
      return;
    }
    let retry = 0;
    let ended = false;
    let endAttempt = () => {};
    let wait: Subscription | undefined;

    const finish = (error?: Error) => {
      if (ended) return;
      ended = true;
      stopLoop = undefined;
      endAttempt();
      wait?.unsubscribe();
      publish('closed', retry, error ? { error } : {});
      if (error) {
        log.error?.(`${prefix}connection closed: ${error.message}`, { attempt: retry });
        subscriber.error(error);
      } else {
        log.info?.(`${prefix}connection closed`);
      }
    };
    stopLoop = () => {
      finish();
      subscriber.complete();
    };

    const onFailure = (reason: unknown) => {
      const error = reason instanceof Error ? reason : new Error(String(reason));
      if (classify(reason) === 'fatal') {
        finish(error);
        return;
      }
      retry += 1;
      if (retry > policy.maxAttempts) {
        finish(new RetriesExhaustedError(retry - 1, error));
        return;
      }
      let delayMs = backoffDelay(policy, retry, random);
      const now = scheduler.now();
      let detail: Record<string, unknown> | undefined;
      if (options.maintenance?.contains(now + delayMs)) {
        const windowEnd = options.maintenance.end(now + delayMs);
        delayMs = windowEnd - now + Math.round(random() * policy.jitter * policy.initialDelayMs);
        detail = { maintenanceUntil: windowEnd };
      }
      publish('reconnecting', retry, { error, delayMs, ...(detail ? { detail } : {}) });
      log.warn?.(`${prefix}connection lost, reconnecting in ${delayMs} ms: ${error.message}`, {
        attempt: retry,
        delayMs,
        ...detail,
      });
      wait = scheduler.schedule(startAttempt, delayMs);
    };

    function startAttempt(): void {
      const attempt = retry;
      let live = true;
      let isConnected = false;
      let detail: Record<string, unknown> | undefined;
      let since = scheduler.now();
      let stable: Subscription | undefined;
      let connectTimer: Subscription | undefined;
      let connection: Subscription | undefined;
      const republish = () =>
        publish(isConnected ? 'connected' : 'connecting', attempt, { since, ...(detail ? { detail } : {}) });
      const setDetail = (extra: Record<string, unknown>) => {
        if (!live) return;
        detail = { ...detail, ...extra };
        republish();
      };
      const markConnected = (extra?: Record<string, unknown>) => {
        if (!live) return;
        if (isConnected) {
          if (extra) setDetail(extra);
          return;
        }
        isConnected = true;
        connectTimer?.unsubscribe();
        if (extra) detail = { ...detail, ...extra };
        since = scheduler.now();
        republish();
        log.info?.(`${prefix}connected`, { attempt });
        stable = scheduler.schedule(() => {
          retry = 0;
        }, policy.stableAfterMs);
      };
      endAttempt = () => {
        live = false;
        connectTimer?.unsubscribe();
        stable?.unsubscribe();
        connection?.unsubscribe();
      };
      const fail = (reason: unknown) => {
        if (!live) return;
        endAttempt();
        onFailure(reason);
      };

      publish('connecting', attempt, { since });
      log.debug?.(`${prefix}connecting`, { attempt });
      if (connectTimeoutMs !== Infinity) {
        connectTimer = scheduler.schedule(() => fail(new ConnectTimeoutError(connectTimeoutMs)), connectTimeoutMs);
      }
      try {
        connection = options.connect({ attempt, connected: markConnected, setDetail }).subscribe({
          next: (value) => {
            if (!live) return;
            if (!isConnected) markConnected();
            subscriber.next(value);
          },
          error: fail,
          complete: () => fail(new ConnectionClosedError()),
        });
        if (!live) connection.unsubscribe();
      } catch (error) {
        fail(error);
      }
    }

    startAttempt();
    return () => finish();
  });

  return {
    data$: loop$.pipe(share()),
    state$: defer(() => (isClosed ? of(states.getValue()) : states.asObservable())),
    get state() {
      return states.getValue();
    },
    close() {
      if (isClosed) return;
      isClosed = true;
      if (stopLoop) stopLoop();
      else if (states.getValue().status !== 'closed') publish('closed', 0);
      states.complete();
    },
  };
}
