import type { Venues, VenueEvent } from '@org/venues';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Metric } from 'prom-client';
import type { Observable } from 'rxjs';
import { Subscription } from 'rxjs';
import { isBookResync, isMalformed, reasonOf } from './classify';
import { healthOf } from './health';
import type { Health } from './health';

/** Options of {@link venueMetrics}. */
export interface VenueMetricsOptions {
  /** Where the metrics are registered. Default: a new `Registry` (see `VenueMetrics.registry`). */
  readonly registry?: Registry;
  /**
   * Add a `symbol` label (the normalized symbol, `''` on venue-wide events) to
   * `venues_events_total` and `venues_exchange_latency_seconds`. Default `false`: one series
   * per symbol can be many series.
   */
  readonly symbolLabels?: boolean;
  /** Buckets of `venues_exchange_latency_seconds`, seconds. Default 1 ms … 10 s. */
  readonly latencyBuckets?: readonly number[];
  /** Clock of `venues_last_message_age_seconds`, ms since the Unix epoch. Default `Date.now` (the clock of `receivedAt`). */
  readonly now?: () => number;
}

/**
 * A bus sink's state, as the publishers of `@org/nats` / `@org/redis` publish it
 * (`PublisherState`): `queued`: events waiting now; `dropped`: events the bounded queue
 * dropped since the sink started (a running total).
 */
export interface SinkState {
  readonly queued: number;
  readonly dropped: number;
}

/** What {@link venueMetrics} returns. */
export interface VenueMetrics {
  /** The registry holding the metrics (the one passed in, or a new one). */
  readonly registry: Registry;
  /** See `healthOf` for the rules: ok while every venue is connected or reconnecting within its policy. */
  health(): Health;
  /**
   * Feeds `venues_sink_queue_depth{sink}` (the latest `queued`) and
   * `venues_sink_dropped_total{sink}` (increments of `dropped`; a `dropped` below the last one
   * is taken as a restarted sink counting from 0) from a sink's state stream. Ends with the
   * returned subscription or with `close()`.
   */
  observeSink(state$: Observable<SinkState>, sink: string): Subscription;
  /** Unsubscribes from the venues and every sink, and removes the metrics from the registry. Idempotent. */
  close(): void;
}

const DEFAULT_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const STATUSES = ['idle', 'connecting', 'connected', 'reconnecting', 'closed'] as const;

/**
 * Prometheus metrics of the merged stream of `connectVenues` (see the README's metric table).
 * Subscribes to `venues.events$` at once (it is shared: the metrics are one more subscriber,
 * so the venues connect and stay connected until `close()`). Every metric is labelled by
 * `venue`:
 * - `venues_events_total{venue,kind}` every event; `venues_frames_received_total{venue}`
 *   inbound venue messages as the clients surface them (data events and malformed-frame
 *   drops: one per event, not per WebSocket frame; status and other local errors excluded);
 * - `venues_connection_state{venue,status}` 1 for the current status, 0 for the others;
 *   `venues_reconnects_total{venue,reason}` each switch to `reconnecting`, `reason` the
 *   error's `code` (else its name);
 * - `venues_last_message_age_seconds{venue}` seconds since the last inbound message's
 *   `receivedAt`, computed at scrape time (absent before the first one);
 * - `venues_exchange_latency_seconds{venue}` histogram of `receivedAt − exchangeTime` in
 *   seconds, for events that carry `exchangeTime` (negative under clock skew, observed as is);
 * - `venues_malformed_frames_total{venue}`, `venues_book_resyncs_total{venue}`: the non-fatal
 *   `error` events for which {@link isMalformed} and {@link isBookResync} hold.
 *
 * @throws the registry's error when metrics of these names are registered there already
 *   (close the previous `venueMetrics` first).
 */
export function venueMetrics(venues: Venues, options: VenueMetricsOptions = {}): VenueMetrics {
  const registry = options.registry ?? new Registry();
  const now = options.now ?? Date.now;
  const symbols = options.symbolLabels ?? false;
  const registered: Metric[] = [];
  const add = <T extends Metric>(metric: T): T => {
    registry.registerMetric(metric);
    registered.push(metric);
    return metric;
  };
  const common = { registers: [] as Registry[] };
  const events = add(new Counter({ ...common, name: 'venues_events_total', help: 'Events of the merged venue stream, by venue and kind.', labelNames: symbols ? ['venue', 'kind', 'symbol'] : ['venue', 'kind'] }));
  const frames = add(new Counter({ ...common, name: 'venues_frames_received_total', help: 'Inbound venue messages as the clients surface them: data events and malformed-frame drops (one per event).', labelNames: ['venue'] }));
  const state = add(new Gauge({ ...common, name: 'venues_connection_state', help: 'Connection status of each venue: 1 for the current status, 0 for the others.', labelNames: ['venue', 'status'] }));
  const reconnects = add(new Counter({ ...common, name: 'venues_reconnects_total', help: 'Switches of a venue to reconnecting, by the error code that ended the connection.', labelNames: ['venue', 'reason'] }));
  const lastAt = new Map<string, number>();
  add(
    new Gauge({
      ...common,
      name: 'venues_last_message_age_seconds',
      help: 'Seconds since the last inbound message of each venue (at scrape time).',
      labelNames: ['venue'],
      collect() {
        this.reset();
        for (const [venue, at] of lastAt) this.set({ venue }, Math.max(0, now() - at) / 1000);
      },
    }),
  );
  const latency = add(
    new Histogram({
      ...common,
      name: 'venues_exchange_latency_seconds',
      help: 'receivedAt minus the venue exchangeTime, seconds.',
      labelNames: symbols ? ['venue', 'symbol'] : ['venue'],
      buckets: [...(options.latencyBuckets ?? DEFAULT_BUCKETS)],
    }),
  );
  const malformed = add(new Counter({ ...common, name: 'venues_malformed_frames_total', help: 'Malformed frames dropped by the venue clients.', labelNames: ['venue'] }));
  const resyncs = add(new Counter({ ...common, name: 'venues_book_resyncs_total', help: 'Order books re-bound for a fresh snapshot after an inconsistency or a lost message.', labelNames: ['venue'] }));
  const queueDepth = add(new Gauge({ ...common, name: 'venues_sink_queue_depth', help: 'Events waiting in a bus sink queue.', labelNames: ['sink'] }));
  const sinkDropped = add(new Counter({ ...common, name: 'venues_sink_dropped_total', help: 'Events a bus sink dropped from its bounded queue.', labelNames: ['sink'] }));

  const states = new Map<string, VenueEvent & { kind: 'status' }>();
  let ended: string | undefined;
  const subscription = new Subscription();
  const inbound = (event: VenueEvent): void => {
    frames.inc({ venue: event.venue });
    lastAt.set(event.venue, event.receivedAt);
  };
  const observe = (event: VenueEvent): void => {
    const { venue } = event;
    events.inc(symbols ? { venue, kind: event.kind, symbol: event.symbol ?? '' } : { venue, kind: event.kind });
    switch (event.kind) {
      case 'status': {
        const previous = states.get(venue)?.state.status;
        states.set(venue, event);
        for (const status of STATUSES) state.set({ venue, status }, status === event.state.status ? 1 : 0);
        if (event.state.status === 'reconnecting' && previous !== 'reconnecting') reconnects.inc({ venue, reason: reasonOf(event.state.error) });
        return;
      }
      case 'error':
        if (event.fatal) return;
        if (isBookResync(event.error)) resyncs.inc({ venue });
        if (isMalformed(event.error)) {
          malformed.inc({ venue });
          inbound(event);
        }
        return;
      default:
        inbound(event);
        if (event.exchangeTime !== undefined) {
          const seconds = (event.receivedAt - event.exchangeTime) / 1000;
          latency.observe(symbols ? { venue, symbol: event.symbol ?? '' } : { venue }, seconds);
        }
    }
  };
  subscription.add(
    venues.events$.subscribe({
      next: observe,
      error: (error: unknown) => {
        ended = `venue stream failed: ${error instanceof Error ? error.message : String(error)}`;
      },
      complete: () => {
        ended = 'venue stream ended';
      },
    }),
  );
  let closed = false;
  return {
    registry,
    health: () => healthOf(new Map([...states].map(([venue, event]) => [venue, event.state])), ended),
    observeSink(state$, sink) {
      let last = 0;
      const sinkSubscription = state$.subscribe((sinkState) => {
        queueDepth.set({ sink }, sinkState.queued);
        const delta = sinkState.dropped >= last ? sinkState.dropped - last : sinkState.dropped;
        last = sinkState.dropped;
        if (delta > 0) sinkDropped.inc({ sink }, delta);
        else sinkDropped.inc({ sink }, 0);
      });
      subscription.add(sinkSubscription);
      return sinkSubscription;
    },
    close() {
      if (closed) return;
      closed = true;
      subscription.unsubscribe();
      for (const metric of registered) registry.removeSingleMetric((metric as unknown as { name: string }).name);
    },
  };
}
