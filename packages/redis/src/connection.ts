import { createClient } from 'redis';

/** Where and how to reach Redis, for the publisher and the consumer. */
export interface RedisConnectionOptions {
  /** `redis://[user:password@]host:port[/db]` or `rediss://…` (TLS). Credentials are never logged. */
  readonly url: string;
  /** ms to wait for a connection (default 10 000, `DEFAULT_CONNECT_TIMEOUT_MS`). */
  readonly connectTimeoutMs?: number;
}

/** A node-redis client as this package uses it (raw commands only). */
export type RedisConnection = ReturnType<typeof createClient>;

/** Reports of the connection: `reconnecting` with the error when lost, `connected` when ready again. */
export type RedisReport = (status: 'connected' | 'reconnecting', error?: Error) => void;

/** The field of a stream entry holding the `encodeVenueEvent` line. */
export const EVENT_FIELD = 'e';

/**
 * Connects to Redis (node-redis reconnecting by itself, every 100 ms to 1 s; no offline
 * queue, so that commands fail at once while the server is away and the publisher's bounded
 * queue, not the client, holds the events) and forwards its connection changes to `report`.
 */
export async function connectRedis(options: RedisConnectionOptions, report: RedisReport): Promise<RedisConnection> {
  const client = createClient({
    url: options.url,
    disableOfflineQueue: true,
    socket: { connectTimeout: options.connectTimeoutMs ?? 10_000, reconnectStrategy: (retries: number) => Math.min(100 * 2 ** retries, 1_000) },
  });
  client.on('error', (error: Error) => report('reconnecting', error));
  client.on('ready', () => report('connected'));
  try {
    await client.connect();
  } catch (error) {
    client.destroy();
    throw error;
  }
  return client;
}

/** Sends one raw command. */
export const command = <T>(client: RedisConnection, args: readonly string[]): Promise<T> => client.sendCommand([...args]) as Promise<T>;
