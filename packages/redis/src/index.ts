/**
 * @org/redis: the venue events over Redis Streams (node-redis `redis`): `publishToRedis` /
 * `publishRedis` and `redisVenueEvents`. Public surface only.
 */
export { EVENT_FIELD } from './connection';
export type { RedisConnectionOptions } from './connection';
export { publishRedis, publishToRedis } from './publish';
export type { PublishToRedisOptions } from './publish';
export { redisVenueEvents } from './consume';
export type { RedisStart, RedisVenueEventsOptions } from './consume';
export { BusDecodeError, redisKeyPattern, streamKeyOf } from '@org/bus';
export type { BusFilter, BusPublisher, BusSource, BusState } from '@org/bus';
