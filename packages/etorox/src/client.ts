import type { ISubscription } from '@microsoft/signalr';
import { assertSecureUrl, inspectCustom } from '@org/auth-signing';
import { conflate, createSubscriptionRegistry, DEFAULT_CONNECT_TIMEOUT_MS, reconnect } from '@org/reconnect';
import type { ConnectContext, ConnectionState, Logger, ReconnectingStream } from '@org/reconnect';
import type { EtoroxCredentials, InspectFunction } from '@org/auth-signing';
import { Observable, Subject, defer, filter, finalize, map, merge } from 'rxjs';
import type { Subscription } from 'rxjs';
import { applyEtoroxEvent, clearEtoroxOrderBook, createEtoroxOrderBook, etoroxBookLevels } from './book';
import { decodeEtoroxItem, etoroxRequestFields } from './codec';
import { etoroxHubUrl, openHubSession, redact } from './connection';
import type { HubSession, HubSettings, SetupMemory } from './connection';
import { EtoroxConnectionError, EtoroxGapError, EtoroxSubscribeError } from './errors';
import { optionDuration } from './options';
import type { EtoroxBookOptions, EtoroxClientOptions, EtoroxSubscribeOptions } from './options';
import { coversFields, createTopic, firstDelivery } from './topic';
import type { Topic } from './topic';
import type { EtoroxBook, EtoroxClientEvent, EtoroxEvent, EtoroxPartialEvent } from './types';

/** Keys kept per topic during one overlap before the old connection is closed anyway. */
const MAX_DEDUPE_KEYS = 100_000;
/** Hub completions in a row without an item before a topic fails. */
const MAX_EMPTY_ENDS = 3;
/** Longest delay `setTimeout` takes (about 24.8 days). */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * eToroX v1 streaming client (etorox.md) over `@microsoft/signalr`, as RxJS Observables.
 *
 * - Connects lazily on the first subscription and closes the connection after the last.
 * - Every connection (etorox.md §7.1): new `correlationId`, negotiate, handshake, `setup`
 *   with a new nonce, timestamp and RSA-SHA256 signature, then one `subscribe` stream per
 *   active topic (channel + event), exactly once.
 * - Drops reconnect with the backoff of `@org/reconnect` (SignalR's own automatic
 *   reconnect is off); `status$` reports each transition.
 * - Before `maxConnectionAgeMs` (24 h) the client opens a second connection, subscribes
 *   every topic on it, and closes the old one once both delivered the same event (or after
 *   `recycleOverlapMs`), removing duplicates by event identity: no gap, no duplicate.
 *
 * Errors: a refused `setup` ends every subscription with the fatal `EtoroxAuthError` (a
 * timestamp refusal is retried 3 times first); an unusable key with `AuthConfigError`
 * (`@org/auth-signing`); a refused topic (an unknown channel) ends that topic's subscribers
 * with the non-fatal `EtoroxSubscribeError`, every other topic goes on; `RetriesExhaustedError`
 * after `reconnect.maxAttempts`. A malformed item is an `error` event; the stream goes on. A
 * connect attempt (negotiate, WebSocket upgrade, handshake, `setup`) that takes longer than
 * `connectTimeoutMs` is abandoned with `ConnectTimeoutError` (`reconnecting`), its socket closed.
 * After `close()` every method errors with `EtoroxConnectionError` code `'CLIENT_CLOSED'`.
 * Credentials live in private fields: `JSON.stringify`, `util.inspect` and `console.log` of a
 * client show none.
 */
export class EtoroxClient {
  /**
   * Connection state (`@org/reconnect` `ConnectionState`): `idle`, `connecting`, `connected`,
   * `reconnecting`, `closed`; while connected, `detail.correlationId` is the one of the
   * connection in use (updated by a recycle, which keeps the status `connected`).
   */
  readonly status$: Observable<ConnectionState>;
  /** Gaps the client detected in a topic's stream, typed (`EtoroxGapError`), non-fatal (hot; no replay). */
  readonly events$: Observable<EtoroxClientEvent>;
  private readonly events = new Subject<EtoroxClientEvent>();
  /** Hub URL, key, passphrase: private, so that no serialization or inspection reveals them. */
  readonly #settings: HubSettings;
  readonly #setupMemory: SetupMemory = { timestampFailures: 0 };
  private readonly logger: Logger;
  /** Clock of `EtoroxBook.receivedAt` (`EtoroxClientOptions.now`). */
  private readonly now: () => number;
  private readonly maxAgeMs: number;
  private readonly overlapMs: number;
  private readonly topics = createSubscriptionRegistry<string, Topic>();
  private readonly loop: ReconnectingStream<HubSession>;
  /** Identified connections, oldest first; the last one is current. */
  private live: HubSession[] = [];
  private loopSubscription: Subscription | undefined;
  private overlapTimer: ReturnType<typeof setTimeout> | undefined;
  private isClosed = false;

  /**
   * Connects on the first subscription, not here.
   * @throws EtoroxConfigError without `url`/`host`, for a malformed `url`, or a duration that is not positive
   * @throws InsecureTransportError (`@org/auth-signing`) for an `http://`/`ws://` `url` to a non-loopback host without `allowInsecure`
   * @throws ReconnectConfigError (`@org/reconnect`) for an invalid `reconnect` policy or `connectTimeoutMs`
   */
  constructor(options: EtoroxClientOptions) {
    const credentials: EtoroxCredentials = { apiKey: options.apiKey, privateKey: options.privateKey, passphrase: options.passphrase ?? '' };
    this.#settings = {
      hubUrl: assertSecureUrl(etoroxHubUrl(options), { field: options.url ? 'url' : 'host', allowInsecure: options.allowInsecure }),
      credentials,
      skipNegotiation: options.skipNegotiation ?? false,
      serverTimeoutMs: optionDuration(options, 'serverTimeoutMs', 30_000),
      WebSocket: options.WebSocket,
    };
    this.logger = options.logger ?? {};
    this.now = options.now ?? Date.now;
    this.maxAgeMs = optionDuration(options, 'maxConnectionAgeMs', 86_400_000);
    this.overlapMs = optionDuration(options, 'recycleOverlapMs', 10_000);
    this.loop = reconnect<HubSession>({
      name: 'etorox',
      connect: (context) => this.connection(context),
      connectTimeoutMs: options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
      ...(options.reconnect ? { policy: options.reconnect } : {}),
      logger: this.logger,
    });
    this.status$ = this.loop.state$;
    this.events$ = this.events.asObservable();
  }

  /**
   * Streams the `marketData` items of each channel (etorox.md §5.2, §6.1) as typed events.
   * One hub stream per topic (channel + event) is shared by every subscriber; the last
   * unsubscribe cancels it. With `fields`, the bare arrays are turned back into objects
   * holding the requested fields (plus `name`, `market` and the identity fields).
   *
   * Errors: `EtoroxSubscribeError` when `channels` is empty, when a topic is already
   * shared with `fields` that do not cover the requested ones, or when the hub refuses the
   * topic; `EtoroxAuthError` / `AuthConfigError` / `RetriesExhaustedError` from the connection.
   */
  subscribe(options: EtoroxSubscribeOptions & { fields?: undefined }): Observable<EtoroxEvent>;
  subscribe(options: EtoroxSubscribeOptions): Observable<EtoroxPartialEvent>;
  subscribe(options: EtoroxSubscribeOptions): Observable<EtoroxEvent> {
    const event = options.event ?? 'marketData';
    const fields = etoroxRequestFields(options.fields);
    return defer(() => {
      if (options.channels.length === 0) throw new EtoroxSubscribeError('subscribe needs at least one channel', `/${event}`);
      return merge(...[...new Set(options.channels)].map((channel) => this.topic(channel, event, fields)));
    });
  }

  /**
   * The order-level book of `channel` (etorox.md §6.3), rebuilt from its `marketData`
   * events by order id and emitted as aggregated `[price, volume]` levels. It starts empty:
   * the stream carries changes only, so orders resting before the subscription appear once
   * they change (sync with REST `GET /api/v1/instruments/{id}/book` if you need them at
   * once). After a drop the book starts over, as it cannot know what changed in between:
   * once the new connection streams, the emptied book is delivered (`snapshot: true`, no
   * levels, `receivedAt` still that of the last change before the drop), so the last book a
   * subscriber holds is never one from a connection that is gone, however quiet the market.
   * A proactive recycle loses nothing and keeps the book.
   *
   * Delivery (`options.conflate`, default `true`, as `@org/finery`'s `book()`): latest value:
   * every event is applied to the book as it arrives, and the book as it is then is delivered
   * once per turn of the event loop (after the I/O callbacks that changed it), so a consumer
   * slower than the feed gets the newest book instead of a backlog; its levels are sorted
   * only for a delivered book. `conflate: false`: one book per change, synchronously.
   *
   * Provenance, per subscription and counted in delivered books: `snapshot: true` (`seq` 0)
   * on the first book and on the first book after each reset (a drop, or the hub ending the
   * stream), also when the reset happened among the changes merged into that book; `seq`
   * counts the books delivered since. A reset while a book is pending delivers the book as it
   * is then (empty, or with the changes since), `snapshot: true`. Errors as `subscribe`.
   *
   * @param options `{ event?, conflate? }`, or the event name alone as before options existed
   *   (`'marketData'` by default; `'orderbook'` is its pre-2020 name), delivered conflated
   */
  book(channel: string, options: EtoroxBookOptions | string = {}): Observable<EtoroxBook> {
    const { event = 'marketData', conflate: latest = true } = typeof options === 'string' ? { event: options } : options;
    return defer(() => {
      const book = createEtoroxOrderBook(channel);
      // -1: the next book delivered is the first since a (re)start, a `snapshot` book.
      let seq = -1;
      // A reset is delivered as a change too: the emptied book, so that the last book a
      // subscriber holds never outlives the connection it was built on.
      const resets = new Subject<void>();
      const reset = () => {
        clearEtoroxOrderBook(book);
        seq = -1;
        resets.next();
      };
      const applied = this.topic(channel, event, undefined, reset).pipe(
        filter((item) => {
          if (!applyEtoroxEvent(book, item)) return false;
          book.receivedAt = this.now();
          return true;
        }),
        finalize(() => resets.complete()),
      );
      const changes = merge(applied, resets);
      return (latest ? changes.pipe(conflate()) : changes).pipe(map(() => etoroxBookLevels(book, ++seq)));
    });
  }

  /**
   * Closes the connection and ends every subscription (`complete`); `status$` ends `closed`.
   * Every later `subscribe` and `book` errors at subscribe with
   * `EtoroxConnectionError.clientClosed()` (code `'CLIENT_CLOSED'`). Idempotent.
   */
  close(): void {
    this.isClosed = true;
    this.loop.close();
    this.endAll();
    this.events.complete();
  }

  /** What `JSON.stringify(client)` shows: the venue, hub URL (without the API key) and status, never a credential. */
  toJSON(): { venue: 'etorox'; url: string; status: ConnectionState['status']; topics: number; closed: boolean } {
    return { venue: 'etorox', url: redact(this.#settings.credentials, this.#settings.hubUrl), status: this.loop.state.status, topics: this.topics.size, closed: this.isClosed };
  }

  /** What `util.inspect` and `console.log` show: as `toJSON`. */
  [inspectCustom](_depth: number, options: object, inspect: InspectFunction): string {
    return `EtoroxClient ${inspect(this.toJSON(), options)}`;
  }

  private topic(channel: string, event: string, fields: string[] | undefined, onGap?: () => void): Observable<EtoroxEvent> {
    const key = `${channel}/${event}`;
    return new Observable<EtoroxEvent>((subscriber) => {
      if (this.isClosed) {
        subscriber.error(EtoroxConnectionError.clientClosed());
        return undefined;
      }
      let topic = this.topics.get(key);
      if (topic && !coversFields(topic, fields)) {
        subscriber.error(new EtoroxSubscribeError(`Topic '${key}' is already subscribed with other fields`, key));
        return undefined;
      }
      if (!topic) {
        topic = createTopic(channel, event, fields);
        this.topics.add(key, topic);
        const current = this.live.at(-1);
        if (current) this.openStream(topic, current);
        if (!this.loopSubscription) {
          const loop = this.loop.data$.subscribe({
            next: (session) => this.onSession(session),
            error: (error: unknown) => this.endAll(error),
            complete: () => this.endAll(),
          });
          if (!loop.closed) this.loopSubscription = loop;
        }
      }
      const active = topic;
      active.subscribers += 1;
      if (onGap) active.gapListeners.add(onGap);
      const subscription = active.subject.subscribe(subscriber);
      return () => {
        subscription.unsubscribe();
        if (onGap) active.gapListeners.delete(onGap);
        active.subscribers -= 1;
        if (active.subscribers === 0 && this.topics.get(key) === active) {
          this.removeTopic(active);
          this.closeIfIdle();
        }
      };
    });
  }

  /** The connect factory of the reconnect loop: one identified connection, recycled before its maximum age. */
  private connection(context: ConnectContext): Observable<HubSession> {
    return new Observable<HubSession>((subscriber) => {
      let ended = false;
      // Cuts a negotiate, upgrade or `setup` still pending when the attempt is given up (connect timeout).
      const abort = new AbortController();
      let timer: ReturnType<typeof setTimeout> | undefined;
      let opened: HubSession[] = [];
      const onClose = (session: HubSession, error: Error) => {
        this.dropSession(session);
        if (session === opened.at(-1)) subscriber.error(error);
      };
      const open = async (recycle: boolean): Promise<void> => {
        try {
          const session = await openHubSession(this.#settings, onClose, this.#setupMemory, abort.signal);
          if (ended) {
            void session.stop();
            return;
          }
          opened = [...opened.filter((live) => !live.closed), session];
          // `status$` detail: the correlation id of the connection in use (etorox.md §1).
          if (recycle) context.setDetail({ correlationId: session.correlationId });
          else context.connected({ correlationId: session.correlationId });
          this.logger.info?.(`etorox: ${recycle ? 'recycled' : 'identified'} connection`, { correlationId: session.correlationId });
          subscriber.next(session);
          timer = setTimeout(() => void open(true), Math.min(this.maxAgeMs * 0.9, MAX_TIMER_MS));
        } catch (error) {
          if (ended) return;
          if (!recycle || (error as { fatal?: unknown }).fatal === true) {
            subscriber.error(error);
            return;
          }
          this.logger.warn?.(`etorox: recycling failed, keeping the old connection: ${(error as Error).message}`);
          timer = setTimeout(() => void open(true), Math.min(this.maxAgeMs * 0.03, MAX_TIMER_MS));
        }
      };
      void open(false);
      return () => {
        ended = true;
        abort.abort();
        clearTimeout(timer);
        for (const session of opened) {
          this.dropSession(session);
          void session.stop();
        }
      };
    });
  }

  /** A new identified connection: subscribe every topic on it once; when it replaces a live one, start the overlap. */
  private onSession(session: HubSession): void {
    const recycling = this.live.length > 0;
    this.live.push(session);
    this.topics.replay((topic) => {
      if (recycling) topic.dedupe = { keys: new Set(), overlapped: false, oldRetired: false };
      else {
        topic.dedupe = undefined;
        topic.lastSequence = -1;
        if (topic.streamed) for (const listener of topic.gapListeners) listener();
      }
      this.openStream(topic, session);
    });
    if (!recycling) return;
    clearTimeout(this.overlapTimer);
    this.overlapTimer = setTimeout(() => this.retireOld('overlap timeout'), this.overlapMs);
    this.checkOverlap();
  }

  private openStream(topic: Topic, session: HubSession): void {
    const request = { channels: [topic.channel], event: topic.event, ...(topic.fields ? { fields: topic.fields } : {}) };
    const stream = session.connection.stream('subscribe', request).subscribe({
      next: (item) => this.onItem(topic, item),
      // A connection close errors every stream first; only a Completion error on a live connection is the topic's.
      error: (error: Error) => queueMicrotask(() => this.onStreamError(topic, session, stream, error)),
      complete: () => this.onStreamEnd(topic, session, stream),
    });
    topic.streams.set(session, stream);
    topic.streamed = true;
  }

  private onItem(topic: Topic, item: unknown): void {
    topic.emptyEnds = 0;
    const event = decodeEtoroxItem(item, topic.channel, topic.fields);
    if (event.name === 'error') this.logger.warn?.(`etorox: malformed item on ${topic.key}: ${event.error.message}`);
    if (!firstDelivery(topic, event)) {
      this.checkOverlap();
      return;
    }
    if ((topic.dedupe?.keys.size ?? 0) > MAX_DEDUPE_KEYS) this.retireOld('overlap too long');
    this.checkSequence(topic, event);
    topic.subject.next(event);
  }

  private onStreamError(topic: Topic, session: HubSession, stream: ISubscription<unknown>, error: Error): void {
    if (session.closed || topic.streams.get(session) !== stream) return;
    this.failTopic(topic, new EtoroxSubscribeError(redact(this.#settings.credentials, error.message), topic.key));
  }

  /**
   * The hub completed a stream we did not cancel: subscribe the topic again on that
   * connection, unless the hub ended it `MAX_EMPTY_ENDS` times in a row without an item.
   */
  private onStreamEnd(topic: Topic, session: HubSession, stream: ISubscription<unknown>): void {
    if (session.closed || topic.streams.get(session) !== stream) return;
    topic.emptyEnds += 1;
    if (topic.emptyEnds > MAX_EMPTY_ENDS) {
      this.failTopic(topic, new EtoroxSubscribeError(`The hub keeps ending the stream of '${topic.key}'`, topic.key));
      return;
    }
    this.logger.warn?.(`etorox: the hub ended the stream of ${topic.key}; subscribing again`);
    this.gap(topic, 'stream-ended', `the hub ended the stream of '${topic.key}'; subscribed again, its books start over`);
    topic.lastSequence = -1;
    for (const listener of topic.gapListeners) listener();
    this.openStream(topic, session);
  }

  /** A decreasing `snapshot_id` on a topic is a gap (etorox.md §6.3): reported, the stream goes on. */
  private checkSequence(topic: Topic, event: EtoroxEvent): void {
    if (event.name === 'error' || event.snapshot_id === undefined) return;
    const sequence = Number(event.snapshot_id);
    if (!Number.isSafeInteger(sequence)) return;
    const last = topic.lastSequence;
    if (last >= 0 && sequence < last) this.gap(topic, 'sequence', `snapshot_id ${sequence} after ${last} on '${topic.key}': items missed or out of order`);
    topic.lastSequence = sequence;
  }

  private gap(topic: Topic, reason: EtoroxGapError['reason'], message: string): void {
    this.events.next({ type: 'gap', error: new EtoroxGapError(message, topic.key, reason) });
  }

  /** Every topic saw one event on both connections: the new one is complete, close the old. */
  private checkOverlap(): void {
    if (this.live.length < 2) return;
    if (this.topics.keys().every((key) => this.topics.get(key)?.dedupe?.overlapped !== false)) this.retireOld('overlap reached');
  }

  private retireOld(reason: string): void {
    const old = this.live.slice(0, -1);
    if (old.length > 0) this.logger.debug?.(`etorox: closing the old connection (${reason})`);
    for (const session of old) {
      this.dropSession(session);
      void session.stop();
    }
    this.endOverlap();
  }

  /** One connection is left: its stream only repeats what was delivered until it delivers something new. */
  private endOverlap(): void {
    clearTimeout(this.overlapTimer);
    for (const key of this.topics.keys()) {
      const dedupe = this.topics.get(key)?.dedupe;
      if (dedupe) dedupe.oldRetired = true;
    }
  }

  /** Forgets a connection and its streams (closed or closing). */
  private dropSession(session: HubSession): void {
    this.live = this.live.filter((live) => live !== session);
    for (const key of this.topics.keys()) {
      const topic = this.topics.get(key);
      topic?.streams.get(session)?.dispose();
      topic?.streams.delete(session);
    }
    if (this.live.length < 2) this.endOverlap();
  }

  private removeTopic(topic: Topic): void {
    this.topics.delete(topic.key);
    for (const stream of topic.streams.values()) stream.dispose();
    topic.streams.clear();
  }

  /** No topic left: the connection closes (the lazy rule: the last unsubscribe disconnects). */
  private closeIfIdle(): void {
    if (this.topics.size > 0) return;
    const loop = this.loopSubscription;
    this.loopSubscription = undefined;
    loop?.unsubscribe();
    this.live = [];
    clearTimeout(this.overlapTimer);
  }

  /** Errors the topic's subscribers first, then closes an idle connection: its `closed` status follows the reason. */
  private failTopic(topic: Topic, error: Error): void {
    this.removeTopic(topic);
    topic.subject.error(error);
    this.closeIfIdle();
  }

  /** The loop ended: with a fatal error every topic errors, after `close()` every topic completes. */
  private endAll(error?: unknown): void {
    if (error !== undefined) {
      const message = error instanceof Error ? error.message : String(error);
      this.logger.error?.(`etorox: connection failed for good: ${redact(this.#settings.credentials, message)}`);
    }
    this.loopSubscription = undefined;
    this.live = [];
    clearTimeout(this.overlapTimer);
    const topics = this.topics.keys().map((key) => this.topics.get(key));
    this.topics.clear();
    for (const topic of topics) {
      if (error === undefined) topic?.subject.complete();
      else topic?.subject.error(error);
    }
  }
}
