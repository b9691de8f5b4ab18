import { jetstream } from '@nats-io/jetstream';
import { publishing, startPublisher, subjectOf } from '@org/bus';
import type { BusPublisher, BusTransport, PublishOptions, QueuedMessage } from '@org/bus';
import type { VenueEvent } from '@org/venues';
import type { MonoTypeOperatorFunction, Observable } from 'rxjs';
import { connectNats, DEFAULT_STREAM, ensureStream } from './connection';
import type { NatsConnectionOptions, NatsStreamLimits } from './connection';

/** Options of {@link publishToNats}. */
export interface PublishToNatsOptions extends NatsConnectionOptions, PublishOptions {
  /** Limits of the stream when the publisher creates it (it exists: used as it is). */
  readonly streamLimits?: NatsStreamLimits;
  /** ms to wait for JetStream's acknowledgement of a publish before the batch is retried (default 2 000). */
  readonly ackTimeoutMs?: number;
}

/** The JetStream `msgID` of a queued message: its subject and per-subject id, e.g. `venues.finery.book.BTC-USD/1733212800123-0`. */
export const natsMessageId = (message: QueuedMessage): string => `${message.key}/${message.id}`;

/**
 * Publishes every event of `events$` to NATS JetStream (subscribing at once): subject
 * `venues.<venue>.<kind>.<symbol>` (`subjectOf`), payload one `encodeVenueEvent` line,
 * `msgID` {@link natsMessageId} so that a batch retried after a lost acknowledgement is
 * stored once (within the stream's duplicate window, 2 min). Creates the stream (`VENUES`,
 * subjects `venues.>`, file storage) when it does not exist.
 *
 * Batches: up to `batchSize` (256) publishes in flight, each acknowledged by JetStream
 * before the next batch. Backpressure while NATS is slow or down: the bounded queue of
 * `@org/bus` (10 000 events / 16 MiB; books and quotes conflated per subject; then
 * drop-oldest, counted on `state$`'s `dropped`). The client reconnects by itself; never
 * throws: failures are `reconnecting` states with the error.
 */
export function publishToNats(events$: Observable<VenueEvent>, options: PublishToNatsOptions): BusPublisher {
  const timeout = options.connectTimeoutMs ?? 10_000;
  const ackTimeout = options.ackTimeoutMs ?? 2_000;
  return startPublisher(
    events$,
    {
      engine: 'nats',
      keyOf: subjectOf,
      async connect(report) {
        const nc = await connectNats(options, report);
        try {
          await ensureStream(nc, options.stream ?? DEFAULT_STREAM, options.streamLimits, timeout);
        } catch (error) {
          await nc.close();
          throw error;
        }
        const js = jetstream(nc, { timeout });
        const transport: BusTransport = {
          async send(batch) {
            await Promise.all(batch.map((message) => js.publish(message.key, message.payload, { msgID: natsMessageId(message), timeout: ackTimeout })));
          },
          async close() {
            await nc.drain().catch(() => nc.close());
          },
        };
        return transport;
      },
    },
    options,
  );
}

/**
 * The operator form of {@link publishToNats}: publishes every event and passes it on;
 * `onPublisher` gets the publisher (for its `state$`).
 */
export const publishNats = (options: PublishToNatsOptions, onPublisher?: (publisher: BusPublisher) => void): MonoTypeOperatorFunction<VenueEvent> =>
  publishing((events$) => publishToNats(events$, options), onPublisher);
