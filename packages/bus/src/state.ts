/**
 * The connection of a publisher or consumer to its engine:
 * - `connecting`: the first connection is being made;
 * - `connected`: the engine answers (a publisher's last batch was acknowledged);
 * - `reconnecting`: the engine is slow or down: the client reconnects by itself, a publisher
 *   keeps events in its bounded queue and retries, `error` says what failed;
 * - `closed`: `close()` or unsubscribe, or a fatal error (`error`).
 */
export type BusStatus = 'connecting' | 'connected' | 'reconnecting' | 'closed';

/**
 * One snapshot of a publisher or consumer, as its `state$` emits it: at every change of
 * `status` at once, and while counters move at most once per `statusIntervalMs` (default
 * 1 000 ms; the first drop after a quiet period at once).
 *
 * Counters are running totals since the start, in events:
 * - `queued`, `queuedBytes`: held in the publish queue now (publishers; 0 for consumers);
 * - `published`: acknowledged by the engine (publishers) or emitted (consumers);
 * - `dropped`: publishers: dropped by the queue's bounds (drop-oldest); consumers: messages
 *   that could not be read and whose subject or key names no venue (those that name one
 *   become `ErrorEvent`s instead);
 * - `conflated`: books and quotes replaced in the queue by a newer one of the same key.
 */
export interface BusState {
  /** `nats` or `redis`. */
  readonly engine: string;
  readonly status: BusStatus;
  /** ms since the Unix epoch when `status` began. */
  readonly since: number;
  /** `reconnecting`: what failed; `closed`: the fatal error, absent on a normal close. */
  readonly error?: Error;
  readonly queued: number;
  readonly queuedBytes: number;
  readonly published: number;
  readonly dropped: number;
  readonly conflated: number;
}

/** The counters of a {@link BusState}. */
export type BusCounters = Pick<BusState, 'queued' | 'queuedBytes' | 'published' | 'dropped' | 'conflated'>;
