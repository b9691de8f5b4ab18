/** Test helpers of this package's suites (not built: see tsconfig.build.json). */
import { ReplaySubject } from 'rxjs';
import type { Subscription } from 'rxjs';
import type { Venues } from './connect';
import type { VenueEvent } from './types';

/** A subscribed `connectVenues`: every event so far, replayed to each wait. */
export interface Run {
  readonly venues: Venues;
  readonly seen: ReplaySubject<VenueEvent>;
  readonly events: VenueEvent[];
  readonly subscription: Subscription;
}

/** Subscribes to `venues.events$` at once, keeping every event. */
export const start = (venues: Venues): Run => {
  const seen = new ReplaySubject<VenueEvent>();
  const events: VenueEvent[] = [];
  const subscription = venues.events$.subscribe((event) => {
    events.push(event);
    seen.next(event);
  });
  return { venues, seen, events, subscription };
};

/** Unsubscribes and closes the venues. */
export const stop = (run: Run): void => {
  run.subscription.unsubscribe();
  run.venues.close();
};
