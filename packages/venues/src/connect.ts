import type { ConnectionState } from '@org/reconnect';
import type { Observable } from 'rxjs';
import { combineLatest, map, merge, share } from 'rxjs';
import { etoroxSource } from './map/etorox';
import type { EtoroxVenueOptions } from './map/etorox';
import { finerySource } from './map/finery';
import type { FineryVenueOptions } from './map/finery';
import { hercleSource } from './map/hercle';
import type { HercleVenueOptions } from './map/hercle';
import { marketProphitSource } from './map/marketprophit';
import type { MarketProphitVenueOptions } from './map/marketprophit';
import { venueEvents } from './source';
import type { Now, VenueSource } from './source';
import type { VenueEvent, VenueName } from './types';

/**
 * Which venues to connect and what to stream from each. A venue left out gets no client
 * and no connection.
 */
export interface VenuesOptions {
  /** Finery Markets order books (and own orders/deals): see `map/finery.ts`. */
  readonly finery?: FineryVenueOptions;
  /** eToroX order and trade items and order books: see `map/etorox.ts`. */
  readonly etorox?: EtoroxVenueOptions;
  /** Hercle price streams and balances: see `map/hercle.ts`. */
  readonly hercle?: HercleVenueOptions;
  /** Market Prophit sentiment: see `map/marketprophit.ts`. */
  readonly marketprophit?: MarketProphitVenueOptions;
  /** Attach each venue-native message to its event as `raw`. Default `false`. */
  readonly raw?: boolean;
  /** Clock of `receivedAt` (ms since the Unix epoch). Default `Date.now`. Finery books keep the client's own arrival time of their frame. */
  readonly now?: Now;
}

/** The merged venues: see {@link connectVenues}. */
export interface Venues {
  /** Every configured venue's events, merged (hot while subscribed; shared). */
  readonly events$: Observable<VenueEvent>;
  /**
   * The connection state of every configured venue, keyed by venue: the current states on
   * subscribe, then again on every change (it does not connect anything by itself).
   */
  readonly status$: Observable<Readonly<Partial<Record<VenueName, ConnectionState>>>>;
  /** Closes every venue's connection; `events$` completes once their streams end. */
  close(): void;
}

type SourceFactory = (options: VenuesOptions, raw: boolean, now: Now) => VenueSource | undefined;

const FACTORIES: readonly SourceFactory[] = [
  (o, raw, now) => (o.finery ? finerySource(o.finery, raw, now) : undefined),
  (o, raw, now) => (o.etorox ? etoroxSource(o.etorox, raw, now) : undefined),
  (o, raw, now) => (o.hercle ? hercleSource(o.hercle, raw, now) : undefined),
  (o, raw, now) => (o.marketprophit ? marketProphitSource(o.marketprophit, raw, now) : undefined),
];

/**
 * Builds the configured venue clients and merges them into one typed stream.
 *
 * - `events$`: a `VenueEvent` union (`book`, `trade`, `order`, `quote`, `balance`,
 *   `sentiment`, `status`, `error`), each with `venue`, normalized `symbol` and the venue's
 *   own `venueSymbol`, `exchangeTime` when the venue sends one and `receivedAt`. Nothing
 *   connects until `events$` is subscribed; the last unsubscribe disconnects.
 * - A venue that fails for good (rejected credentials, retries exhausted) yields one fatal
 *   `error` event and a `closed` status event; the other venues go on.
 * - Each venue's mapping is documented field by field in `map/<venue>.ts`.
 *
 * @throws the venue client's own configuration error (for example `AuthConfigError`) when
 *   a venue's options are invalid.
 */
export function connectVenues(options: VenuesOptions): Venues {
  const raw = options.raw ?? false;
  const now = options.now ?? Date.now;
  const sources = FACTORIES.map((factory) => factory(options, raw, now)).filter((s): s is VenueSource => s !== undefined);
  const events$ = merge(...sources.map((source) => venueEvents(source, now))).pipe(share());
  const status$ = combineLatest(sources.map((source) => source.status$.pipe(map((state) => [source.venue, state] as const)))).pipe(
    map((entries) => Object.fromEntries(entries) as Readonly<Partial<Record<VenueName, ConnectionState>>>),
  );
  return {
    events$,
    status$,
    close: () => sources.forEach((source) => source.close()),
  };
}
