import { publishing, startPublisher, streamKeyOf } from '@org/bus';
import type { BusPublisher, BusTransport, PublishOptions, QueuedMessage } from '@org/bus';
import type { VenueEvent } from '@org/venues';
import type { MonoTypeOperatorFunction, Observable } from 'rxjs';
import { command, connectRedis, EVENT_FIELD } from './connection';
import type { RedisConnectionOptions } from './connection';

/** Options of {@link publishToRedis}. */
export interface PublishToRedisOptions extends RedisConnectionOptions, PublishOptions {
  /** Entries kept per key, about (`XADD … MAXLEN ~ n`; default 10 000). */
  readonly maxLen?: number;
}

/** Whether Redis refused an explicit entry id as not above the stream's top. */
const isOldId = (error: unknown): boolean => /equal or smaller than the target stream top/i.test((error as Error)?.message ?? '');

/**
 * Publishes every event of `events$` to Redis Streams (subscribing at once): key
 * `venues:<venue>:<kind>:<symbol>` (`streamKeyOf`), one entry per event with field `e` = the
 * `encodeVenueEvent` line, trimmed with `XADD key MAXLEN ~ maxLen`.
 *
 * Entry ids are the publisher's own `<ms>-<n>` (`receivedAt` ms, strictly increasing per
 * key), so a batch sent again after a lost reply is not stored twice: Redis refuses an id
 * that is not above the stream's top, and that refusal on a second attempt means "already
 * stored". On a first attempt (another writer on the key, or a restarted publisher in the
 * same ms) the entry is added with an id of Redis's own (`*`).
 *
 * Batches: up to `batchSize` (256) pipelined `XADD`s. Backpressure while Redis is slow or
 * down: the bounded queue of `@org/bus` (10 000 events / 16 MiB; books and quotes conflated
 * per key; then drop-oldest, counted on `state$`'s `dropped`). The client reconnects by
 * itself; never throws: failures are `reconnecting` states with the error.
 */
export function publishToRedis(events$: Observable<VenueEvent>, options: PublishToRedisOptions): BusPublisher {
  const maxLen = String(options.maxLen ?? 10_000);
  // The messages of batches whose send failed (they come again): made on the first failure, so that a publisher that never fails looks nothing up per message.
  let retried: WeakSet<QueuedMessage> | undefined;
  return startPublisher(
    events$,
    {
      engine: 'redis',
      keyOf: streamKeyOf,
      async connect(report) {
        const client = await connectRedis(options, report);
        const add = async (message: QueuedMessage): Promise<void> => {
          const again = retried?.has(message) === true;
          try {
            await command(client, ['XADD', message.key, 'MAXLEN', '~', maxLen, message.id, EVENT_FIELD, message.payload]);
          } catch (error) {
            if (!isOldId(error)) throw error;
            if (!again) await command(client, ['XADD', message.key, 'MAXLEN', '~', maxLen, '*', EVENT_FIELD, message.payload]);
          }
        };
        const transport: BusTransport = {
          async send(batch) {
            try {
              await Promise.all(batch.map(add));
            } catch (error) {
              retried ??= new WeakSet();
              for (const message of batch) retried.add(message);
              throw error;
            }
          },
          async close() {
            await client.close().catch(() => client.destroy());
          },
        };
        return transport;
      },
    },
    options,
  );
}

/**
 * The operator form of {@link publishToRedis}: publishes every event and passes it on;
 * `onPublisher` gets the publisher (for its `state$`).
 */
export const publishRedis = (options: PublishToRedisOptions, onPublisher?: (publisher: BusPublisher) => void): MonoTypeOperatorFunction<VenueEvent> =>
  publishing((events$) => publishToRedis(events$, options), onPublisher);
