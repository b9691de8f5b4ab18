import type { ConnectionState } from '@org/reconnect';
import { catchError, defer, EMPTY, map, merge, of, Subject, takeUntil, tap, throwError } from 'rxjs';
import type { Observable } from 'rxjs';
import type { ErrorEvent, StatusEvent, VenueEvent, VenueName } from './types';

/**
 * One venue as the merged stream sees it: its client's connection state, its non-fatal
 * error events, its mapped data and how to close it. Each venue's mapping file builds one.
 */
export interface VenueSource {
  readonly venue: VenueName;
  readonly status$: Observable<ConnectionState>;
  /** Non-fatal problems (malformed frames, endpoint errors): become `error` events with `fatal: false`. */
  readonly errors$: Observable<Error>;
  /** Mapped events; an error here is the venue failing for good. */
  readonly data$: Observable<VenueEvent>;
  close(): void;
}

/** Local clock of `receivedAt`, injectable for tests. */
export type Now = () => number;

const asError = (error: unknown): Error => (error instanceof Error ? error : new Error(String(error)));

/** An `error` event of `venue`. */
export function errorEvent(venue: VenueName, error: unknown, fatal: boolean, receivedAt: number): ErrorEvent {
  return { venue, kind: 'error', error: asError(error), fatal, receivedAt };
}

/** The contract's classification (`@org/reconnect` `classifyError`): fatal when the error says `fatal: true`. */
export const isFatal = (error: unknown): boolean =>
  typeof error === 'object' && error !== null && (error as { fatal?: unknown }).fatal === true;

/**
 * One subscription of a venue (one book, one channel, one price stream) as part of its
 * `data$`: a non-fatal error (an unknown instrument, a refused subscription) ends only
 * this subscription and becomes a non-fatal `error` event; an error for which
 * `venueFatal` holds (default: `fatal === true`, e.g. rejected credentials, retries
 * exhausted) is rethrown and fails the venue.
 */
export function contained(
  venue: VenueName,
  stream$: Observable<VenueEvent>,
  now: Now,
  venueFatal: (error: unknown) => boolean = isFatal,
): Observable<VenueEvent> {
  return stream$.pipe(
    catchError((error: unknown) => (venueFatal(error) ? throwError(() => error) : of(errorEvent(venue, error, false, now())))),
  );
}

/**
 * A venue's events: its data, a `status` event per connection-state change, an `error`
 * event per non-fatal problem, and, when its data fails for good (rejected credentials,
 * retries exhausted), one fatal `error` event and a `closed` status (unless the client's
 * own status already said `closed`) instead of an error:
 * one venue's failure never ends the merged stream. After that the venue's client is
 * closed and its events complete, so the merged stream completes once every venue failed.
 */
export function venueEvents(source: VenueSource, now: Now): Observable<VenueEvent> {
  const { venue } = source;
  const statusEvent = (state: ConnectionState): StatusEvent => ({ venue, kind: 'status', state, receivedAt: now() });
  return defer(() => {
    const failed = new Subject<void>();
    let last: ConnectionState | undefined;
    return merge(
      source.status$.pipe(
        tap((state) => (last = state)),
        map(statusEvent),
        takeUntil(failed),
      ),
      // A client whose incident stream fails with its fatal error reports that error through `data$`.
      source.errors$.pipe(
        map((error) => errorEvent(venue, error, false, now())),
        catchError(() => EMPTY),
        takeUntil(failed),
      ),
      source.data$.pipe(
        catchError((error: unknown) => {
          failed.next();
          source.close();
          const cause = asError(error);
          const fatal = errorEvent(venue, cause, true, now());
          if (last?.status === 'closed') return of(fatal);
          return of<VenueEvent[]>(fatal, statusEvent({ status: 'closed', attempt: 0, since: now(), error: cause }));
        }),
      ),
    );
  });
}
