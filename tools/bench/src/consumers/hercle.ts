import { HttpTransportType, HubConnectionBuilder, NullLogger } from '@microsoft/signalr';
import { HercleClient } from '@org/hercle';
import type { Consumer } from './types';

/** The hub and the price channels `[pair, size]` a Hercle consumer subscribes (hercle.md §4.1). */
export interface HercleParams {
  /** `http://127.0.0.1:PORT/ExecutionLiveServer/v1`. */
  url: string;
  apiKey: string;
  channels: [string, number][];
  /** Overrides of the client's reconnect policy (ours only), e.g. `{ stableAfterMs: 0 }`. */
  reconnect?: { stableAfterMs: number };
}

/** Ours: one `HercleClient`, `prices(pair, size)` per channel; every price update is an event. */
export const hercleOurs: Consumer<HercleParams> = async (params, onEvent) => {
  const client = new HercleClient({ url: params.url, apiKey: params.apiKey, reconnect: params.reconnect });
  const subscriptions = params.channels.map(([pair, size]) => client.prices(pair, size).subscribe(() => onEvent()));
  return () => {
    for (const subscription of subscriptions) subscription.unsubscribe();
    client.close();
  };
};

/**
 * Baseline: a bare `@microsoft/signalr` `HubConnection` (bearer key, signalr.md §2.1) with
 * `on('subscriptions')` and `SubscribePairPriceChannel(clientId, pair, size)` per channel
 * (hercle.md §4.1); each envelope's `data` string is `JSON.parse`d (§2), then an event.
 */
export const hercleRaw: Consumer<HercleParams> = async (params, onEvent) => {
  const connection = new HubConnectionBuilder()
    .withUrl(params.url, { accessTokenFactory: () => params.apiKey, transport: HttpTransportType.WebSockets, logger: NullLogger.instance })
    .configureLogging(NullLogger.instance)
    .build();
  connection.on('subscriptions', (envelope: { data: string }) => {
    JSON.parse(envelope.data);
    onEvent();
  });
  await connection.start();
  await Promise.all(params.channels.map(([pair, size], i) => connection.invoke('SubscribePairPriceChannel', `bench-${i}`, pair, size)));
  return () => connection.stop();
};
