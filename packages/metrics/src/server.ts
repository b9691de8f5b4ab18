import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';
import type { Health } from './health';

/** Options of {@link serveMetrics}. */
export interface ServeMetricsOptions {
  /** Default `127.0.0.1`. */
  readonly host?: string;
  /** Default 9464; 0 takes a free port (see `MetricsServer.url`). */
  readonly port?: number;
  readonly registry: Registry;
  /** Answers `/health`; without it `/health` is always 200. */
  readonly health?: () => Health;
}

/** A running metrics server. */
export interface MetricsServer {
  /** `http://host:port`, no trailing slash. */
  readonly url: string;
  /** Stops listening and ends open connections. Idempotent. */
  close(): Promise<void>;
}

/**
 * Serves, on node:http:
 * - `GET /metrics`: the registry in the Prometheus text format (`registry.contentType`);
 * - `GET /health`: 200 `{"ok":true,"reasons":[]}` or 503 `{"ok":false,"reasons":[…]}` (JSON);
 * - anything else: 404; a method other than GET/HEAD: 405.
 * Resolves once listening; rejects with the listen error (e.g. `EADDRINUSE`).
 */
export async function serveMetrics(options: ServeMetricsOptions): Promise<MetricsServer> {
  const { registry, health } = options;
  const server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    if (path === '/metrics') {
      registry.metrics().then(
        (text) => response.writeHead(200, { 'content-type': registry.contentType }).end(text),
        (error: unknown) => response.writeHead(500, { 'content-type': 'text/plain' }).end(`metrics: ${error instanceof Error ? error.message : String(error)}\n`),
      );
      return;
    }
    if (path === '/health') {
      const answer = health ? health() : { ok: true, reasons: [] };
      response.writeHead(answer.ok ? 200 : 503, { 'content-type': 'application/json' }).end(`${JSON.stringify(answer)}\n`);
      return;
    }
    response.writeHead(404, { 'content-type': 'text/plain' }).end('not found: try /metrics or /health\n');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 9464, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { address, port } = server.address() as AddressInfo;
  const host = address.includes(':') ? `[${address}]` : address;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${host}:${port}`,
    close: () =>
      (closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      })),
  };
}
