import { encodeVenueEvent } from '@org/venues';
import type { VenueEvent } from '@org/venues';
import { asyncScheduler, Observable, race, Subject, take, timer } from 'rxjs';
import type { MonoTypeOperatorFunction, SchedulerLike, Subscription } from 'rxjs';
import { MessageIds, PublishQueue } from './queue';
import type { QueuedMessage, QueueLimits } from './queue';
import { StateReporter } from './reporter';
import type { StateReporterOptions } from './reporter';
import type { BusState } from './state';

/** A connected engine client, as the publisher uses it. */
export interface BusTransport {
  /**
   * Publishes a batch in order; resolves once the engine acknowledged every message of it,
   * rejects when any failed (the publisher then sends the whole batch again, same ids: the
   * engine drops the copies it already has).
   */
  send(batch: readonly QueuedMessage[]): Promise<void>;
  /** Closes the client. */
  close(): Promise<void>;
}

/** What an engine package gives {@link startPublisher}. */
export interface PublisherEngine {
  /** `nats` or `redis`: `BusState.engine`. */
  readonly engine: string;
  /** The subject or key of an event. */
  keyOf(event: VenueEvent): string;
  /**
   * Makes the client (it reconnects by itself afterwards) and reports its connection changes
   * through `report` (`reconnecting` with the error when it lost the engine, `connected` when
   * it is back). Rejects when the first connection fails (the publisher retries).
   */
  connect(report: (status: 'connected' | 'reconnecting', error?: Error) => void): Promise<BusTransport>;
}

/** Options every publisher takes (`publishToNats`, `publishToRedis`). */
export interface PublishOptions extends StateReporterOptions {
  /** Bounds of the publish queue: {@link DEFAULT_QUEUE_LIMITS} (10 000 events, 16 MiB). */
  readonly queue?: Partial<QueueLimits>;
  /** Most messages sent per batch (default 256). */
  readonly batchSize?: number;
  /** Delays between retries of a failed batch or connection, ms: doubling from `initialDelayMs` (100) to `maxDelayMs` (2 000). */
  readonly retry?: { readonly initialDelayMs?: number; readonly maxDelayMs?: number };
  /** `close()` waits at most this long for the queue to drain, ms (default 5 000). */
  readonly flushTimeoutMs?: number;
  /** Called with each batch once the engine acknowledged it (in order; for tests, benches and audit trails). */
  readonly onPublished?: (batch: readonly QueuedMessage[]) => void;
}

/** A running publisher. */
export interface BusPublisher {
  /** Its state: status and counters (see {@link BusState}), the latest replayed; completes after `closed`. */
  readonly state$: Observable<BusState>;
  /** Its state now. */
  readonly state: BusState;
  /** Resolves when everything queued so far was acknowledged (or dropped). */
  flush(): Promise<void>;
  /**
   * Stops taking events, waits for the queue to drain (at most `flushTimeoutMs`), closes the
   * client and resolves the final state. What was still queued then is counted on `dropped`.
   * Idempotent. Also runs when the events complete or fail.
   */
  close(): Promise<BusState>;
}

/** The error of a failed send or connection, as an `Error`. */
const asError = (error: unknown): Error => (error instanceof Error ? error : new Error(String(error)));

/**
 * Publishes every event of `events$` through `engine` (subscribing at once), with the bounded
 * queue's backpressure policy ({@link PublishQueue}): events are encoded
 * (`encodeVenueEvent`), queued, and sent in batches of up to `batchSize` while the engine
 * keeps up; while it is slow or down the queue conflates books and quotes per key and drops
 * the oldest events beyond its bounds, counting them, and the failed batch is retried with
 * backoff until the client is back. An event that cannot be encoded (a `raw` that is not
 * JSON) is counted on `dropped`. Never throws; errors show on `state$`.
 */
export function startPublisher(events$: Observable<VenueEvent>, engine: PublisherEngine, options: PublishOptions = {}): BusPublisher {
  const queue = new PublishQueue(options.queue);
  const ids = new MessageIds();
  const batchSize = Math.max(1, options.batchSize ?? 256);
  const initialDelayMs = options.retry?.initialDelayMs ?? 100;
  const maxDelayMs = options.retry?.maxDelayMs ?? 2_000;
  const scheduler: SchedulerLike = options.scheduler ?? asyncScheduler;
  let published = 0;
  let lost = 0;
  let inflight: QueuedMessage[] | undefined;
  const reporter = new StateReporter(
    engine.engine,
    () => ({
      queued: queue.size + (inflight?.length ?? 0),
      queuedBytes: queue.bytes + (inflight ?? []).reduce((sum, message) => sum + message.bytes, 0),
      published,
      dropped: queue.dropped + lost,
      conflated: queue.conflated,
    }),
    options,
  );
  let transport: BusTransport | undefined;
  let closed = false;
  let closing: Promise<BusState> | undefined;
  const wake = new Subject<void>();
  let idle: (() => void)[] = [];
  let pumping = false;

  const pause = (attempt: number): Promise<void> =>
    new Promise((resolve) => {
      const ms = Math.min(maxDelayMs, initialDelayMs * 2 ** Math.min(attempt, 30));
      race(timer(ms, scheduler), wake).pipe(take(1)).subscribe(() => resolve());
    });

  const report = (status: 'connected' | 'reconnecting', error?: Error): void => {
    reporter.setStatus(status, error);
    if (status === 'connected') wake.next();
  };

  const isIdle = (): boolean => queue.size === 0 && inflight === undefined;

  const pump = async (): Promise<void> => {
    let attempt = 0;
    try {
      while (!closed) {
        if (!transport) {
          try {
            transport = await engine.connect(report);
          } catch (error) {
            reporter.setStatus('reconnecting', asError(error));
            await pause(attempt++);
            continue;
          }
          if (closed) break;
          reporter.setStatus('connected');
        }
        inflight ??= queue.take(batchSize);
        if (inflight.length === 0) {
          inflight = undefined;
          break;
        }
        try {
          await transport.send(inflight);
          published += inflight.length;
          options.onPublished?.(inflight);
          inflight = undefined;
          attempt = 0;
          reporter.setStatus('connected');
          reporter.changed();
        } catch (error) {
          if (closed) break;
          reporter.setStatus('reconnecting', asError(error));
          await pause(attempt++);
        }
      }
    } finally {
      pumping = false;
    }
    if (isIdle()) {
      const waiting = idle;
      idle = [];
      for (const resolve of waiting) resolve();
    } else if (!closed) schedule();
  };

  const schedule = (): void => {
    if (pumping || closed) return;
    pumping = true;
    queueMicrotask(() => void pump());
  };

  const flush = (): Promise<void> => (isIdle() && !pumping ? Promise.resolve() : new Promise((resolve) => idle.push(resolve)));

  const close = (error?: Error): Promise<BusState> => {
    closing ??= (async () => {
      input?.unsubscribe();
      await new Promise<void>((resolve) => {
        const timeout = timer(options.flushTimeoutMs ?? 5_000, scheduler).subscribe(() => resolve());
        void flush().then(() => {
          timeout.unsubscribe();
          resolve();
        });
      });
      closed = true;
      lost += queue.take(Infinity).length + (inflight?.length ?? 0);
      inflight = undefined;
      wake.next();
      const client = transport;
      transport = undefined;
      await client?.close().catch(() => undefined);
      reporter.close(error);
      for (const resolve of idle.splice(0)) resolve();
      return reporter.value;
    })();
    return closing;
  };

  let input: Subscription | undefined;
  const subscription = events$.subscribe({
    next(event) {
      if (closed) return;
      const key = engine.keyOf(event);
      let payload: string;
      try {
        payload = encodeVenueEvent(event);
      } catch {
        lost++;
        reporter.changed();
        return;
      }
      const pinned = event.kind === 'book' && event.snapshot === true;
      queue.push({ key, kind: event.kind, id: ids.next(key, event.receivedAt), payload, bytes: Buffer.byteLength(payload), ...(pinned ? { pinned } : {}) });
      reporter.changed();
      schedule();
    },
    error: (error: unknown) => void close(asError(error)),
    complete: () => void close(),
  });
  if (closing) subscription.unsubscribe();
  else input = subscription;
  schedule();

  return {
    get state$() {
      return reporter.state$;
    },
    get state() {
      return reporter.value;
    },
    flush,
    close: () => close(),
  };
}

/**
 * The operator form of a publisher: `events$.pipe(publishing((e$) => publishToNats(e$, …)))`
 * publishes every event and passes it on unchanged. Each subscription starts its own
 * publisher; unsubscribing or the source's end closes it (flushing the queue).
 * `onPublisher` receives it (for its `state$`).
 */
export function publishing(start: (events$: Observable<VenueEvent>) => BusPublisher, onPublisher?: (publisher: BusPublisher) => void): MonoTypeOperatorFunction<VenueEvent> {
  return (source) =>
    new Observable<VenueEvent>((subscriber) => {
      const events = new Subject<VenueEvent>();
      const publisher = start(events);
      onPublisher?.(publisher);
      const subscription = source.subscribe({
        next(event) {
          events.next(event);
          subscriber.next(event);
        },
        error(error: unknown) {
          events.error(error);
          subscriber.error(error);
        },
        complete() {
          events.complete();
          subscriber.complete();
        },
      });
      return () => {
        subscription.unsubscribe();
        void publisher.close();
      };
    });
}
