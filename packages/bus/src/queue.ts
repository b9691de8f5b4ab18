import type { VenueEventKind } from '@org/venues';
import { isConflatable } from './naming';

/** One encoded event waiting to be published. */
export interface QueuedMessage {
  /** Where it goes: the NATS subject or the Redis stream key. */
  readonly key: string;
  readonly kind: VenueEventKind;
  /**
   * Its id, `<ms>-<n>`: strictly increasing per key within one publisher (ms = the event's
   * `receivedAt`, or the key's previous ms when the clock went back; n counts events of that
   * key in that ms). The same message keeps its id across retries, so the engine can drop a
   * second copy (JetStream `Nats-Msg-Id`, the Redis entry id).
   */
  readonly id: string;
  /** The event as one `encodeVenueEvent` line. */
  readonly payload: string;
  /** UTF-8 bytes of `payload`. */
  readonly bytes: number;
  /** Never replaced by a newer event of its key (a `snapshot` book: a reset must reach the consumers). */
  readonly pinned?: boolean;
}

/** Bounds of the publish queue. */
export interface QueueLimits {
  /** Most events held (default 10 000). */
  readonly maxEvents: number;
  /** Most payload bytes held (default 16 MiB). */
  readonly maxBytes: number;
}

/** 10 000 events, 16 MiB. */
export const DEFAULT_QUEUE_LIMITS: QueueLimits = Object.freeze({ maxEvents: 10_000, maxBytes: 16 * 1024 * 1024 });

interface Entry {
  message: QueuedMessage;
  /** Whether a newer event of the same key may replace it. */
  readonly conflatable: boolean;
}

/**
 * The bounded publish queue and its backpressure policy, in this order:
 * 1. a book or quote replaces the unsent book or quote of the same key in place (counted on
 *    `conflated`): a slow or absent engine gets the latest book of each symbol, not a backlog.
 *    A `snapshot` book (`pinned`) is never replaced: the next books queue behind it. Conflated
 *    books skip `BookEvent.seq` numbers (each book is a whole book, so nothing is lost);
 * 2. every other event (trades, orders, balances, sentiment, status, errors) is kept in order;
 * 3. when the queue holds more than `maxEvents` events or `maxBytes` bytes, the oldest events
 *    are dropped, whatever their kind, until it fits (counted on `dropped`).
 * Memory is bounded by the limits (plus one message larger than `maxBytes`, dropped at once).
 */
export class PublishQueue {
  readonly limits: QueueLimits;
  #items: (Entry | undefined)[] = [];
  #head = 0;
  #bytes = 0;
  /** The queued conflatable entry of each key. */
  readonly #latest = new Map<string, Entry>();
  #dropped = 0;
  #conflated = 0;

  constructor(limits: Partial<QueueLimits> = {}) {
    this.limits = { ...DEFAULT_QUEUE_LIMITS, ...limits };
    if (!(this.limits.maxEvents >= 1) || !(this.limits.maxBytes >= 1)) throw new RangeError(`bus queue limits must be ≥ 1: ${JSON.stringify(this.limits)}`);
  }

  /** Events held. */
  get size(): number {
    return this.#items.length - this.#head;
  }

  /** Payload bytes held. */
  get bytes(): number {
    return this.#bytes;
  }

  /** Events dropped by the bounds so far. */
  get dropped(): number {
    return this.#dropped;
  }

  /** Books and quotes replaced by a newer one of the same key so far. */
  get conflated(): number {
    return this.#conflated;
  }

  /** Queues `message` by the policy above; returns how many events this push dropped. */
  push(message: QueuedMessage): number {
    const conflatable = isConflatable(message.kind) && message.pinned !== true;
    const queued = conflatable ? this.#latest.get(message.key) : undefined;
    if (queued) {
      this.#bytes += message.bytes - queued.message.bytes;
      queued.message = message;
      this.#conflated++;
    } else {
      // A pinned book ends the conflation of its key: later books queue behind it.
      if (message.pinned === true) this.#latest.delete(message.key);
      const entry: Entry = { message, conflatable };
      this.#items.push(entry);
      this.#bytes += message.bytes;
      if (conflatable) this.#latest.set(message.key, entry);
    }
    let dropped = 0;
    while (this.size > 0 && (this.size > this.limits.maxEvents || this.#bytes > this.limits.maxBytes)) {
      this.#shift();
      dropped++;
    }
    this.#dropped += dropped;
    return dropped;
  }

  /** Removes and returns the oldest events, at most `max`. */
  take(max: number): QueuedMessage[] {
    const batch: QueuedMessage[] = [];
    while (batch.length < max && this.size > 0) batch.push(this.#shift());
    return batch;
  }

  #shift(): QueuedMessage {
    const entry = this.#items[this.#head] as Entry;
    this.#items[this.#head++] = undefined;
    this.#bytes -= entry.message.bytes;
    if (entry.conflatable && this.#latest.get(entry.message.key) === entry) this.#latest.delete(entry.message.key);
    if (this.#head === this.#items.length) {
      this.#items = [];
      this.#head = 0;
    } else if (this.#head >= 1024 && this.#head * 2 >= this.#items.length) {
      this.#items = this.#items.slice(this.#head);
      this.#head = 0;
    }
    return entry.message;
  }
}

/**
 * Gives each key's messages their {@link QueuedMessage.id}: `<ms>-<n>`, strictly increasing
 * per key (ms never goes back; n restarts at 0 in each new ms).
 */
export class MessageIds {
  readonly #last = new Map<string, { ms: number; n: number }>();

  /** The next id of `key` for an event received at `receivedAt` (ms since the Unix epoch). */
  next(key: string, receivedAt: number): string {
    const at = Number.isFinite(receivedAt) ? Math.max(0, Math.floor(receivedAt)) : 0;
    const last = this.#last.get(key);
    if (last && last.ms >= at) {
      last.n++;
      return `${last.ms}-${last.n}`;
    }
    this.#last.set(key, { ms: at, n: 0 });
    return `${at}-0`;
  }
}
