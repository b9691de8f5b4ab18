/**
 * @org/nats: the venue events over NATS JetStream (`@nats-io/transport-node`,
 * `@nats-io/jetstream`): `publishToNats` / `publishNats` and `natsVenueEvents`. Public surface only.
 */
export { DEFAULT_STREAM, NatsDisconnectedError, streamConfig } from './connection';
export type { NatsConnectionOptions, NatsStreamLimits } from './connection';
export { natsMessageId, publishNats, publishToNats } from './publish';
export type { PublishToNatsOptions } from './publish';
export { natsVenueEvents } from './consume';
export type { NatsStart, NatsVenueEventsOptions } from './consume';
export { BusDecodeError, natsFilterSubject, subjectOf } from '@org/bus';
export type { BusFilter, BusPublisher, BusSource, BusState } from '@org/bus';
