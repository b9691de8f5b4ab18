import type { VenueEvent } from '@org/venues';
import type { Observable } from 'rxjs';
import type * as Nats from '@org/nats';
import type * as Redis from '@org/redis';

/** The engine packages, optional peer dependencies of the CLI: loaded only for `--publish` / `--from`. */
export const ENGINE_PACKAGES = { nats: '@org/nats', redis: '@org/redis' } as const;

/** An engine URL: `nats://…` (NATS JetStream) or `redis://…` / `rediss://…` (Redis Streams). */
export interface EngineUrl {
  readonly engine: keyof typeof ENGINE_PACKAGES;
  readonly url: string;
}

/**
 * Reads `--publish` / `--from`: `nats://host:port` (also `tls://`) or `redis://` / `rediss://`.
 *
 * @throws RangeError for anything else (commander's usage error, exit code 2)
 */
export function parseEngineUrl(text: string): EngineUrl {
  let protocol: string;
  try {
    protocol = new URL(text).protocol;
  } catch {
    throw new RangeError(`not an engine URL: "${text}" (nats://host:4222 or redis://host:6379)`);
  }
  if (protocol === 'nats:' || protocol === 'tls:') return { engine: 'nats', url: text };
  if (protocol === 'redis:' || protocol === 'rediss:') return { engine: 'redis', url: text };
  throw new RangeError(`not an engine URL: "${text}" (nats://host:4222 or redis://host:6379)`);
}

/** `--publish` / `--from` named an engine whose package is not installed (code `ENGINE_PACKAGE_MISSING`). */
export class EnginePackageMissingError extends Error {
  override readonly name = 'EnginePackageMissingError';
  readonly code = 'ENGINE_PACKAGE_MISSING';
  readonly fatal = true;
  constructor(packageName: string, options?: ErrorOptions) {
    super(`${packageName} is not installed (npm install ${packageName})`, options);
  }
}

/* eslint-disable @typescript-eslint/no-require-imports */
function load(engine: 'nats'): typeof Nats;
function load(engine: 'redis'): typeof Redis;
function load(engine: EngineUrl['engine']): typeof Nats | typeof Redis {
  const name = ENGINE_PACKAGES[engine];
  try {
    return engine === 'nats' ? require('@org/nats') : require('@org/redis');
  } catch (error) {
    const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
    if (code === 'MODULE_NOT_FOUND' && typeof message === 'string' && message.includes(`'${name}'`)) throw new EnginePackageMissingError(name, { cause: error });
    throw error;
  }
}
/* eslint-enable @typescript-eslint/no-require-imports */

/** What `venues tail` needs of a running publisher. */
export interface EnginePublisher {
  /** Flushes (at most 5 s) and disconnects; resolves how many events were published and dropped. */
  close(): Promise<{ published: number; dropped: number }>;
}

/** Publishes `events$` to the engine of `target` (`--publish`). */
export function publishTo(target: EngineUrl, events$: Observable<VenueEvent>): EnginePublisher {
  const publisher = target.engine === 'nats' ? load('nats').publishToNats(events$, { servers: target.url }) : load('redis').publishToRedis(events$, { url: target.url });
  return { close: () => publisher.close() };
}

/** The venue events of the engine of `source` (`--from`), from the latest of every subject or key on. */
export function eventsFrom(source: EngineUrl): Observable<VenueEvent> {
  return source.engine === 'nats'
    ? load('nats').natsVenueEvents({ servers: source.url, from: 'last-per-subject' })
    : load('redis').redisVenueEvents({ url: source.url, from: 'last-per-subject' });
}
