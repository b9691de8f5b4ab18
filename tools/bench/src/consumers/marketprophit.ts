import { fetchMarketProphitJwt } from '@org/auth-signing';
import { MarketProphitClient } from '@org/marketprophit';
import { io } from 'socket.io-client';
import type { Consumer } from './types';

/** A version A path with one record per push and the tickers subscribed (marketprophit.md §7.2). */
export interface MarketProphitParams {
  url: string;
  secretKey: string;
  path: '/real-time/market-prophit-sentiment';
  tickers: string[];
  /** Overrides of the client's reconnect policy (ours only), e.g. `{ stableAfterMs: 0 }`. */
  reconnect?: { stableAfterMs: number };
}

/** Ours: one `MarketProphitClient`, `subscribe(path, { ticker })` per ticker; every record is an event. */
export const marketProphitOurs: Consumer<MarketProphitParams> = async (params, onEvent) => {
  const client = new MarketProphitClient({ baseUrl: params.url, secretKey: params.secretKey, reconnect: params.reconnect });
  const subscriptions = params.tickers.map((ticker) => client.subscribe(params.path, { ticker }).subscribe(() => onEvent()));
  return () => {
    for (const subscription of subscriptions) subscription.unsubscribe();
    client.close();
  };
};

/**
 * Baseline: bare `socket.io-client` (marketprophit.md §3, §4): the JWT in the handshake
 * query, a version A `subscribe` per ticker; every record of every `res` push is an event.
 */
export const marketProphitRaw: Consumer<MarketProphitParams> = async (params, onEvent) => {
  const token = await fetchMarketProphitJwt({ baseUrl: params.url, secretKey: params.secretKey });
  const socket = io(params.url, { query: { token }, transports: ['websocket'], reconnection: false });
  socket.on('res', (push: { results: unknown[] }) => {
    for (let i = 0; i < push.results.length; i++) onEvent();
  });
  socket.on('connect', () => {
    for (const ticker of params.tickers) socket.emit('subscribe', { path: params.path, method: 'get', params: { ticker } });
  });
  return () => socket.close();
};
