/**
 * @org/bus: the engine-neutral core of `@org/nats` and `@org/redis`: subject and key naming of
 * `VenueEvent`s, the bounded publish queue and its backpressure policy, the publisher loop,
 * the consumer frame and the bus state. Public surface only.
 */
export {
  addressOf,
  isConflatable,
  isExactNatsFilter,
  matchesFilter,
  natsFilterSubject,
  NO_SYMBOL,
  parseAddress,
  redisKeyPattern,
  streamKeyOf,
  SUBJECT_PREFIX,
  subjectOf,
  symbolToken,
  VENUE_EVENT_KINDS,
} from './naming';
export type { BusAddress, BusFilter } from './naming';
export { DEFAULT_QUEUE_LIMITS, MessageIds, PublishQueue } from './queue';
export type { QueuedMessage, QueueLimits } from './queue';
export { DEFAULT_STATUS_INTERVAL_MS, StateReporter } from './reporter';
export type { StateReporterOptions } from './reporter';
export { publishing, startPublisher } from './publisher';
export type { BusPublisher, BusTransport, PublisherEngine, PublishOptions } from './publisher';
export { BusDecodeError, busSource } from './source';
export type { BusSource, ConsumerContext } from './source';
export type { BusCounters, BusState, BusStatus } from './state';
export { abortableDelay } from './delay';
