/** The ASP.NET Core SignalR hub emulator (signalr.md): public surface. */
export { createHubServer } from './server';
export { HubArgumentsError, HubException } from './errors';
export { serializeItem } from './serialized';
export type { SerializedItem } from './serialized';
export type {
  HubCloseOptions,
  HubConnectionContext,
  HubDefinition,
  HubMethod,
  HubRequest,
  HubServer,
  HubServerOptions,
} from './types';
export type { CorsOrigins } from '../cors';
