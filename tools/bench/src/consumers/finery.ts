import { fineryAuthHeaders } from '@org/auth-signing';
import { FineryClient } from '@org/finery';
import WebSocket from 'ws';
import type { Consumer } from './types';

/** Where and what a Finery consumer binds: feed `F` of each instrument (finery.md §7.1). */
export interface FineryParams {
  url: string;
  key: string;
  secret: string;
  instruments: string[];
}

/** Ours: one `FineryClient`, `client.feed('F', instrument)` per instrument; every message is an event. */
export const fineryOurs: Consumer<FineryParams> = async (params, onEvent) => {
  const client = new FineryClient({ url: params.url, key: params.key, secret: params.secret });
  const subscriptions = params.instruments.map((instrument) => client.feed('F', instrument).subscribe(() => onEvent()));
  return () => {
    for (const subscription of subscriptions) subscription.unsubscribe();
    client.close();
  };
};

/** Baseline: a raw `ws` client (finery.md §2 headers, §5 `bind`) doing `JSON.parse` on every frame; every `F` message is an event. */
export const fineryRaw: Consumer<FineryParams> = async (params, onEvent) => {
  const ws = new WebSocket(params.url, { headers: { ...fineryAuthHeaders({ key: params.key, secret: params.secret }) } });
  ws.on('open', () => {
    for (const instrument of params.instruments) ws.send(JSON.stringify({ event: 'bind', feed: 'F', feedId: instrument }));
  });
  ws.on('message', (data) => {
    const message = JSON.parse(data.toString()) as unknown[];
    if (message[0] === 'F') onEvent();
  });
  return () => ws.terminate();
};

/** Ours, books: `client.book(instrument)` (feed `F`) per instrument; every `OrderBook` is an event. */
export const fineryBooksOurs: Consumer<FineryParams> = async (params, onEvent) => {
  const client = new FineryClient({ url: params.url, key: params.key, secret: params.secret });
  const subscriptions = params.instruments.map((instrument) => client.book(instrument).subscribe(() => onEvent()));
  return () => {
    for (const subscription of subscriptions) subscription.unsubscribe();
    client.close();
  };
};
