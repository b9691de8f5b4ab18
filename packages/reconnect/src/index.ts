/**
 * @org/reconnect: transport-agnostic resilience for streaming clients as small RxJS functions:
 * connection state, backoff with full jitter, error classification, a data-idle watchdog, a
 * subscription registry, maintenance windows, the reconnect loop that ties them together,
 * `conflate` (latest value per event-loop turn, for a consumer slower than its stream) and
 * `fanOut` (a `share()` for per-message hot paths).
 */
export { backoffDelay, DEFAULT_BACKOFF_POLICY, validateBackoffPolicy } from './backoff';
export type { BackoffPolicy } from './backoff';
export { classifyError } from './classify';
export type { ErrorKind } from './classify';
export { conflate } from './conflate';
export {
  ConnectionClosedError,
  ConnectTimeoutError,
  IdleTimeoutError,
  ReconnectConfigError,
  RetriesExhaustedError,
} from './errors';
export { fanOut } from './fan-out';
export type { FanOutSink } from './fan-out';
export { idleTimeout } from './idle';
export { metaFirstLogger } from './logger';
export type { Logger, MetaFirstLogger } from './logger';
export { weeklyWindow } from './maintenance';
export type { MaintenanceWindow, WeeklyWindowOptions } from './maintenance';
export { DEFAULT_CONNECT_TIMEOUT_MS, reconnect } from './reconnect';
export type { ConnectContext, ReconnectingStream, ReconnectOptions } from './reconnect';
export { createSubscriptionRegistry } from './registry';
export type { SubscriptionRegistry } from './registry';
export { connectionStateToJSON } from './state';
export type { ConnectionState, ConnectionStateJSON, ConnectionStatus } from './state';
