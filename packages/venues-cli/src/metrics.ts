/**
 * `venues tail --metrics <host:port>`: Prometheus `/metrics` and `/health` of the running
 * venues through `@org/metrics`, an optional peer dependency loaded only when asked for.
 */
import type * as MetricsPackage from '@org/metrics';
import type { Venues } from '@org/venues';
import { EXIT } from './io';
import type { CliIo } from './io';

/** Where to listen. */
export interface ListenAddress {
  readonly host: string;
  readonly port: number;
}

/** The metrics of one `venues tail` run. */
export interface VenueMetricsRun {
  /** Resolves `EXIT.usage` (after saying why on stderr) if the address cannot be listened on, e.g. `EADDRINUSE`; never otherwise. */
  readonly failed: Promise<number>;
  /** Stops serving and unsubscribes the metrics from the venues. */
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
 * Loads `@org/metrics` for `--metrics` (before the venues connect). Resolves a usage message
 * (a string) when the package is not installed, else the function that starts the metrics of
 * `venues`: it subscribes `venueMetrics(venues)` at once (call it in the same synchronous run
 * as the output's subscription, so that both see every event of `events$`), then serves the
 * registry with `serveMetrics` (`/metrics` in the Prometheus text format, `/health` 200 or
 * 503 with the reasons) and prints the URLs on stderr.
 */
export async function loadVenueMetrics(address: ListenAddress, io: CliIo): Promise<((venues: Venues) => VenueMetricsRun) | string> {
  let metricsPackage: typeof MetricsPackage;
  try {
    metricsPackage = await import('@org/metrics');
  } catch (error) {
    if (isMissing(error)) return '--metrics needs the package @org/metrics: npm install @org/metrics';
    throw error;
  }
  return (venues) => {
    const metrics = metricsPackage.venueMetrics(venues);
    const server = metricsPackage.serveMetrics({ ...address, registry: metrics.registry, health: () => metrics.health() });
    const failed = server.then(
      (served) => {
        io.info(`venues tail: metrics at ${served.url}/metrics, health at ${served.url}/health`);
        return new Promise<number>(() => undefined);
      },
      (error: unknown) => {
        io.info(`venues tail: --metrics cannot listen on ${address.host}:${address.port}: ${error instanceof Error ? error.message : String(error)}`);
        return EXIT.usage;
      },
    );
    return {
      failed,
      close: async () => {
        metrics.close();
        await server.then((served) => served.close(), () => undefined);
      },
    };
  };
}
