import type { ConnectionState } from '@org/reconnect';
import { Observable, Subscription } from 'rxjs';
import type { ErrorEvent, StatusEvent, VenueEvent, VenueName } from './types';

/** What a mapping makes of one value of a client stream: one event, or a batch in order. */
export type VenueEvents = VenueEvent | readonly VenueEvent[];

/**
 * One subscription of a venue (one book, one channel, one price stream): the client's
 * stream and how each of its values becomes events. Build it with {@link venueStream}.
 */
export interface VenueStream {
  readonly values$: Observable<unknown>;
  readonly toEvents: (value: unknown) => VenueEvents;
}

/** A {@link VenueStream} of `values$`, each value mapped by `toEvents`. */
export const venueStream = <T>(values$: Observable<T>, toEvents: (value: T) => VenueEvents): VenueStream => ({
  values$,
  toEvents: toEvents as (value: unknown) => VenueEvents,
});

/**
 * One venue as the merged stream sees it: its client's connection state, its non-fatal
 * error events, its data streams and how to close it. Each venue's mapping file builds one.
 */
export interface VenueSource {
  readonly venue: VenueName;
  readonly status$: Observable<ConnectionState>;
  /** Non-fatal problems (malformed frames, endpoint errors): become `error` events with `fatal: false`. */
  readonly errors$: Observable<Error>;
  /** The venue's data, one stream per subscription. */
  readonly streams: readonly VenueStream[];
  /**
   * Whether an error of a stream fails the whole venue (default {@link isFatal}: e.g.
   * rejected credentials, retries exhausted); any other error ends only its stream.
   */
  readonly venueFatal?: (error: unknown) => boolean;
  close(): void;
}

/** Local clock of `receivedAt`, injectable for tests. */
export type Now = () => number;

/** What every venue's mapping gets from `connectVenues` (`VenuesOptions` `raw`, `now`, `conflate`). */
export interface SourceContext {
  /** Attach each venue-native message as `raw`. */
  readonly raw: boolean;
  /** Clock of `receivedAt` for events whose client stamps no arrival time. */
  readonly now: Now;
  /** Books and quotes latest value per event-loop turn (see `VenuesOptions.conflate`). */
  readonly conflate: boolean;
}

/** An event type with its fields writable: a mapping fills optional fields in after the literal. */
export type Writable<T> = { -readonly [K in keyof T]: T[K] };

const asError = (error: unknown): Error => (error instanceof Error ? error : new Error(String(error)));

/** An `error` event of `venue`. */
export function errorEvent(venue: VenueName, error: unknown, fatal: boolean, receivedAt: number): ErrorEvent {
  return { venue, kind: 'error', error: asError(error), fatal, receivedAt };
}

/** The contract's classification (`@org/reconnect` `classifyError`): fatal when the error says `fatal: true`. */
export const isFatal = (error: unknown): boolean =>
  typeof error === 'object' && error !== null && (error as { fatal?: unknown }).fatal === true;

/**
 * A venue's events: its data, a `status` event per connection-state change, an `error`
 * event per non-fatal problem, and, when its data fails for good (rejected credentials,
 * retries exhausted), one fatal `error` event and a `closed` status (unless the client's
 * own status already said `closed`) instead of an error:
 * one venue's failure never ends the merged stream. After that the venue's client is
 * closed and its events complete, so the merged stream completes once every venue failed.
 *
 * Each stream of the venue is contained: a non-fatal error (an unknown instrument, a
 * refused subscription, a value its mapping cannot read) ends only that stream and becomes
 * a non-fatal `error` event; an error for which `venueFatal` holds fails the venue. Once
 * every stream has ended (e.g. each on an unknown instrument) the venue has nothing left
 * to stream: its client is closed (a `closed` status) and its events complete.
 * Every client stream is subscribed directly and its values are mapped straight into the
 * venue's subscriber: one hop per event instead of an operator chain (the merged stream's
 * hot path).
 */
export function venueEvents(source: VenueSource, now: Now): Observable<VenueEvent> {
  const { venue } = source;
  const venueFatal = source.venueFatal ?? isFatal;
  const statusEvent = (state: ConnectionState): StatusEvent => ({ venue, kind: 'status', state, receivedAt: now() });
  return new Observable<VenueEvent>((subscriber) => {
    const live = new Subscription();
    let last: ConnectionState | undefined;
    // status$, errors$ and every stream until each has ended.
    let open = source.streams.length + 2;
    const end = (): void => {
      if (--open === 0) subscriber.complete();
    };
    let streamsOpen = source.streams.length;
    const streamEnded = (): void => {
      if (--streamsOpen === 0) source.close();
      end();
    };
    const fail = (error: unknown): void => {
      live.unsubscribe();
      source.close();
      const cause = asError(error);
      subscriber.next(errorEvent(venue, cause, true, now()));
      if (last?.status !== 'closed') subscriber.next(statusEvent({ status: 'closed', attempt: 0, since: now(), error: cause }));
      subscriber.complete();
    };
    const streamFailed = (error: unknown): void => {
      if (venueFatal(error)) return fail(error);
      subscriber.next(errorEvent(venue, error, false, now()));
      streamEnded();
    };
    const subscribeStream = ({ values$, toEvents }: VenueStream): void => {
      let ended = false;
      // A container first: a mapping may fail during `subscribe` itself (a replayed value).
      const subscription = new Subscription();
      live.add(subscription);
      subscription.add(
        values$.subscribe({
          next: (value) => {
            if (ended) return;
            let events: VenueEvents;
            try {
              events = toEvents(value);
            } catch (error) {
              ended = true;
              subscription.unsubscribe();
              return streamFailed(error);
            }
            if (!Array.isArray(events)) return subscriber.next(events as VenueEvent);
            for (const event of events as readonly VenueEvent[]) subscriber.next(event);
          },
          error: (error: unknown) => {
            ended = true;
            streamFailed(error);
          },
          complete: () => {
            ended = true;
            streamEnded();
          },
        }),
      );
    };

    live.add(
      source.status$.subscribe({
        next: (state) => {
          last = state;
          subscriber.next(statusEvent(state));
        },
        error: (error: unknown) => subscriber.error(error),
        complete: end,
      }),
    );
    // A client whose incident stream fails with its fatal error reports that error through its data.
    live.add(source.errors$.subscribe({ next: (error) => subscriber.next(errorEvent(venue, error, false, now())), error: end, complete: end }));
    for (const stream of source.streams) {
      if (subscriber.closed) break; // failed (or errored) while subscribing
      subscribeStream(stream);
    }
    return live;
  });
}
