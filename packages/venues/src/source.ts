import type { ConnectionState } from '@org/reconnect';
import { catchError, map, merge, of } from 'rxjs';
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

/**
 * A venue's events: its data, a `status` event per connection-state change, an `error`
 * event per non-fatal problem, and, when its data fails for good (rejected credentials,
 * retries exhausted), one fatal `error` event and a `closed` status instead of an error:
 * one venue's failure never ends the merged stream.
 */
export function venueEvents(source: VenueSource, now: Now): Observable<VenueEvent> {
  const { venue } = source;
  const statusEvent = (state: ConnectionState): StatusEvent => ({ venue, kind: 'status', state, receivedAt: now() });
  const errorEvent = (error: Error, fatal: boolean): ErrorEvent => ({ venue, kind: 'error', error, fatal, receivedAt: now() });
  return merge(
    source.status$.pipe(map(statusEvent)),
    source.errors$.pipe(map((error) => errorEvent(error, false))),
    source.data$.pipe(
      catchError((error: unknown) => {
        const cause = error instanceof Error ? error : new Error(String(error));
        const closed: ConnectionState = { status: 'closed', attempt: 0, since: now(), error: cause };
        return of<VenueEvent[]>(errorEvent(cause, true), statusEvent(closed));
      }),
    ),
  );
}
