import { HttpTransportType, HubConnectionBuilder, NullLogger } from '@microsoft/signalr';
import type { ISubscription } from '@microsoft/signalr';
import { etoroxSetupRequest } from '@org/auth-signing';
import { EtoroxClient } from '@org/etorox';
import type { Consumer } from './types';

/** The simulator, the credentials and the `marketData` channels an eToroX consumer subscribes (etorox.md §5.2, §6). */
export interface EtoroxParams {
  /** Base URL `http://127.0.0.1:PORT`. */
  url: string;
  /** The hub URL `…/streams/v1/{apiKey}/signalr` (etorox.md §1). */
  hubUrl: string;
  apiKey: string;
  privateKey: string;
  channels: string[];
  /** Overrides of the client's reconnect policy (ours only), e.g. `{ stableAfterMs: 0 }`. */
  reconnect?: { stableAfterMs: number };
}

/** Ours: one `EtoroxClient`, `subscribe({ channels: [channel] })` per channel; every item is an event. */
export const etoroxOurs: Consumer<EtoroxParams> = async (params, onEvent) => {
  const client = new EtoroxClient({ url: params.url, apiKey: params.apiKey, privateKey: params.privateKey, reconnect: params.reconnect });
  const subscriptions = params.channels.map((channel) => client.subscribe({ channels: [channel] }).subscribe(() => onEvent()));
  return () => {
    for (const subscription of subscriptions) subscription.unsubscribe();
    client.close();
  };
};

/**
 * Baseline: a bare `@microsoft/signalr` `HubConnection` (etorox.md §4): `start()`, `invoke('setup', …)`
 * signed by `etoroxSetupRequest`, then `stream('subscribe', { channels: [channel], event: 'marketData' })`
 * per channel (§5.2); every stream item is an event.
 */
export const etoroxRaw: Consumer<EtoroxParams> = async (params, onEvent) => {
  const connection = new HubConnectionBuilder()
    .withUrl(params.hubUrl, { transport: HttpTransportType.WebSockets, logger: NullLogger.instance })
    .configureLogging(NullLogger.instance)
    .build();
  await connection.start();
  await connection.invoke('setup', etoroxSetupRequest({ apiKey: params.apiKey, privateKey: params.privateKey }));
  const streams: ISubscription<unknown>[] = params.channels.map((channel) =>
    connection.stream('subscribe', { channels: [channel], event: 'marketData' }).subscribe({ next: () => onEvent(), error: () => undefined, complete: () => undefined }),
  );
  return async () => {
    for (const stream of streams) stream.dispose();
    await connection.stop();
  };
};
