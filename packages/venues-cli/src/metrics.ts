/**
 * `venues tail --metrics <host:port>`: Prometheus `/metrics` and `/health` of the running
 * venues through `@org/metrics`, an optional peer dependency loaded only when asked for.
 */
import type * as MetricsPackage from '@org/metrics';
import type { Venues } from '@org/venues';

/** Where to listen. */
export interface ListenAddress {
  readonly host: string;
  readonly port: number;
}

/** A running metrics endpoint. */
export interface MetricsEndpoint {
  /** `http://host:port`. */
  readonly url: string;
  /** Stops serving and unsubscribes the metrics from the venues. Idempotent. */
  close(): Promise<void>;
}

/**
 * Parses `--metrics`: `host:port` (`127.0.0.1:9464`, `[::1]:9464`, `0.0.0.0:9464`) or a bare
 * port (`9464`, host 127.0.0.1); port 0 takes a free one.
 * @throws RangeError with a usage message for anything else.
 */
export function parseListenAddress(text: string): ListenAddress {
  const found = /^(?:(\[[0-9a-fA-F:.]+\]|[^:[\]\s]+):)?(\d{1,5})$/.exec(text.trim());
  const port = Number(found?.[2]);
  if (!found || port > 65_535) throw new RangeError(`not host:port (e.g. 127.0.0.1:9464): "${text}"`);
  return { host: found[1]?.replace(/^\[(.*)\]$/, '$1') ?? '127.0.0.1', port };
}

const isMissing = (error: unknown): boolean => {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  return (code === 'MODULE_NOT_FOUND' || code === 'ERR_MODULE_NOT_FOUND') && typeof message === 'string' && message.includes("'@org/metrics'");
};

/**
 * Registers `venueMetrics(venues)` on a fresh registry and serves it with `serveMetrics`
 * (`/metrics` in the Prometheus text format, `/health` 200 or 503 with the reasons).
 * Resolves a usage message (a string) instead when `@org/metrics` is not installed or the
 * address cannot be listened on (e.g. `EADDRINUSE`).
 */
export async function serveVenueMetrics(venues: Venues, address: ListenAddress): Promise<MetricsEndpoint | string> {
  let metricsPackage: typeof MetricsPackage;
  try {
    metricsPackage = await import('@org/metrics');
  } catch (error) {
    if (isMissing(error)) return '--metrics needs the package @org/metrics: npm install @org/metrics';
    throw error;
  }
  const metrics = metricsPackage.venueMetrics(venues);
  try {
    const server = await metricsPackage.serveMetrics({ ...address, registry: metrics.registry, health: () => metrics.health() });
    return {
      url: server.url,
      close: async () => {
        metrics.close();
        await server.close();
      },
    };
  } catch (error) {
    metrics.close();
    return `--metrics cannot listen on ${address.host}:${address.port}: ${error instanceof Error ? error.message : String(error)}`;
  }
}
