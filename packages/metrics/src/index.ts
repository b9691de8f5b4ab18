/**
 * @org/metrics: Prometheus metrics (on prom-client) and a health check for the merged venue
 * stream of `@org/venues`, and a small node:http server for `/metrics` and `/health`.
 * Public surface only.
 */
export { isBookResync, isMalformed } from './classify';
export type { Health } from './health';
export { venueMetrics } from './metrics';
export type { SinkState, VenueMetrics, VenueMetricsOptions } from './metrics';
export { serveMetrics } from './server';
export type { MetricsServer, ServeMetricsOptions } from './server';
