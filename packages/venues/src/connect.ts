import { fanOut } from '@org/reconnect';
import type { ConnectionState } from '@org/reconnect';
import type { Observable } from 'rxjs';
import { asapScheduler, combineLatest, map, merge, subscribeOn } from 'rxjs';
import { loadVenue } from './load';
import type { EtoroxVenueOptions } from './map/etorox';
import type { FineryVenueOptions } from './map/finery';
import type { HercleVenueOptions } from './map/hercle';
import type { MarketProphitVenueOptions } from './map/marketprophit';
import { venueEvents } from './source';
import type { Now, SourceContext, VenueSource } from './source';
import type { VenueEvent, VenueName } from './types';
import { VENUE_NAMES } from './types';

/**
 * Which venues to connect and what to stream from each. A venue left out gets no client
 * and no connection.
 */
export interface VenuesOptions {
  /** Finery Markets order books (and own orders/deals); the events they become: "Mapping, field by field" in this package's README. */
  readonly finery?: FineryVenueOptions;
  /** eToroX order and trade items and order books; the events they become: "Mapping, field by field" in this package's README. */
  readonly etorox?: EtoroxVenueOptions;
  /** Hercle price streams and balances; the events they become: "Mapping, field by field" in this package's README. */
  readonly hercle?: HercleVenueOptions;
  /** Market Prophit sentiment; the events they become: "Mapping, field by field" in this package's README. */
  readonly marketprophit?: MarketProphitVenueOptions;
  /** Attach each venue-native message to its event as `raw`. Default `false`. */
  readonly raw?: boolean;
  /**
   * Clock of `receivedAt` (ms since the Unix epoch). Default `Date.now`. Finery and eToroX
   * books and Hercle quotes keep their client's own arrival time of the frame instead.
   */
  readonly now?: Now;
  /**
   * Latest value for books and quotes, for a consumer slower than the venues: `true` delivers
   * per symbol (and Hercle price channel) at most the newest `book` or `quote` per turn of the
   * event loop, made when it is delivered (Finery `book()`, eToroX `book()` and Hercle
   * `prices(…, { conflate: true })` of the clients), so that a slow consumer gets the current
   * book instead of a backlog; `receivedAt` stays the arrival of the last frame applied, so the
   * age shows. Finery books are then plain events (`reuseBookEvents` does not apply).
   * Default `false`: every change is one event, synchronously. Trades, orders, balances,
   * sentiment, status and error events are never conflated.
   */
  readonly conflate?: boolean;
}

/** The merged venues: see {@link connectVenues}. */
export interface Venues {
  /**
   * Every configured venue's events, merged and shared (one connection per venue however
   * many subscribe). The first subscribe connects, on the next microtask: every subscriber
   * added in the same synchronous run (the same tick) sees every event from the first
   * one; a later subscriber sees the events from its subscribe on (nothing is replayed).
   * The last unsubscribe disconnects; a new subscribe connects again.
   */
  readonly events$: Observable<VenueEvent>;
  /**
   * The connection state of every configured venue, keyed by venue: the current states on
   * subscribe, then again on every change (it does not connect anything by itself).
   */
  readonly status$: Observable<Readonly<Partial<Record<VenueName, ConnectionState>>>>;
  /** Closes every venue's connection; `events$` completes once their streams end. */
  close(): void;
}

/** Builds one configured venue's source, loading its mapping module (and package) now. */
const SOURCES: { readonly [V in VenueName]: (options: NonNullable<VenuesOptions[V]>, context: SourceContext) => VenueSource } = {
  finery: (o, context) => loadVenue('finery').finerySource(o, context),
  etorox: (o, context) => loadVenue('etorox').etoroxSource(o, context),
  hercle: (o, context) => loadVenue('hercle').hercleSource(o, context),
  marketprophit: (o, context) => loadVenue('marketprophit').marketProphitSource(o, context),
};

/**
 * A venue's client refused its options (an empty key, a bad URL): `venue` names it, the
 * message is `<venue>: <the client's message>`, `cause` is the client's own error (for
 * example `AuthConfigError`, whose `code` is copied). Thrown at once by `connectVenues`.
 */
export class VenueConfigError extends Error {
  override readonly name = 'VenueConfigError';
  readonly fatal = true;
  readonly code: string;
  constructor(
    readonly venue: VenueName,
    cause: unknown,
  ) {
    super(`${venue}: ${cause instanceof Error ? `${cause.message} (${cause.name})` : String(cause)}`, { cause });
    const code = (cause as { code?: unknown } | null)?.code;
    this.code = typeof code === 'string' ? code : 'VENUE_CONFIG';
  }
}

function buildSource<V extends VenueName>(venue: V, options: NonNullable<VenuesOptions[V]>, context: SourceContext): VenueSource {
  const build = SOURCES[venue] as (options: NonNullable<VenuesOptions[V]>, context: SourceContext) => VenueSource;
  try {
    return build(options, context);
  } catch (error) {
    if ((error as { code?: unknown } | null)?.code === 'VENUE_PACKAGE_MISSING') throw error;
    throw new VenueConfigError(venue, error);
  }
}

/**
 * Builds the configured venue clients and merges them into one typed stream.
 *
 * - `events$`: a `VenueEvent` union (`book`, `trade`, `order`, `quote`, `balance`,
 *   `sentiment`, `status`, `error`), each with `venue`, normalized `symbol` and the venue's
 *   own `venueSymbol`, `exchangeTime` when the venue sends one and `receivedAt`. Nothing
 *   connects until `events$` is subscribed; the last unsubscribe disconnects.
 * - A venue that fails for good (rejected credentials, retries exhausted) yields one fatal
 *   `error` event and a `closed` status event; the other venues go on.
 * - What each venue's messages become, field by field: "Mapping, field by field" in this
 *   package's README.
 *
 * - Each configured venue's package (`@org/finery`, …: optional peer dependencies) is
 *   loaded here, on first use; a venue left out needs no package installed.
 *
 * @throws VenuePackageMissingError (code `VENUE_PACKAGE_MISSING`) when a configured venue's
 *   package is not installed.
 * @throws VenueConfigError naming the venue (`hercle: apiKey is missing or empty
 *   (AuthConfigError)`, the client's error as `cause`) when a venue's options are invalid.
 *   Clients built before the failure are closed.
 */
export function connectVenues(options: VenuesOptions): Venues {
  const now = options.now ?? Date.now;
  const context: SourceContext = { raw: options.raw ?? false, now, conflate: options.conflate ?? false };
  const sources: VenueSource[] = [];
  try {
    for (const venue of VENUE_NAMES) {
      const venueOptions = options[venue];
      if (venueOptions) sources.push(buildSource(venue, venueOptions, context));
    }
  } catch (error) {
    sources.forEach((source) => source.close());
    throw error;
  }
  // Connects on the microtask after the first subscribe, so every subscriber of the same synchronous run sees every event.
  // fanOut, not share(): one delivery loop per event to the subscribers (the merged stream's hot path).
  const merged$ = merge(...sources.map((source) => venueEvents(source, now))).pipe(subscribeOn(asapScheduler));
  const events$ = fanOut<VenueEvent>((sink) => {
    const subscription = merged$.subscribe(sink);
    return () => subscription.unsubscribe();
  });
  const status$ = combineLatest(sources.map((source) => source.status$.pipe(map((state) => [source.venue, state] as const)))).pipe(
    map((entries) => Object.fromEntries(entries) as Readonly<Partial<Record<VenueName, ConnectionState>>>),
  );
  return {
    events$,
    status$,
    close: () => sources.forEach((source) => source.close()),
  };
}
