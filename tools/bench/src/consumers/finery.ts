import { fineryAuthHeaders } from '@org/auth-signing';
import { FineryClient } from '@org/finery';
import WebSocket from 'ws';
import { PlainBook } from '../book-peers';
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

/** Ours, books: `client.book(instrument, { conflate: false })` (feed `F`, 25 levels) per instrument, a copy per message as `connectVenues()` makes; every `OrderBook` is an event. */
export const fineryBooksOurs: Consumer<FineryParams> = async (params, onEvent) => {
  const client = new FineryClient({ url: params.url, key: params.key, secret: params.secret });
  const subscriptions = params.instruments.map((instrument) => client.book(instrument, { conflate: false }).subscribe(() => onEvent()));
  return () => {
    for (const subscription of subscriptions) subscription.unsubscribe();
    client.close();
  };
};

/** The read every book consumer does per book: the sum of the top 10 sizes of both sides (kept, so that it is not optimised away). */
export let topRead = 0;
const TOP = 10;
const sumTop = (side: readonly (readonly [number, number])[]): number => {
  let sum = 0;
  const n = Math.min(TOP, side.length);
  for (let i = 0; i < n; i++) sum += (side[i] as readonly [number, number])[1];
  return sum;
};

/** Ours, books copied: `client.book(instrument, { depth: 10, conflate: false })` per instrument (one `OrderBook` per message), the top 10 read; every book is an event. */
export const fineryBookCopies: Consumer<FineryParams> = async (params, onEvent) => {
  const client = new FineryClient({ url: params.url, key: params.key, secret: params.secret });
  const subscriptions = params.instruments.map((instrument) =>
    client.book(instrument, { depth: TOP, conflate: false }).subscribe((book) => {
      topRead += sumTop(book.bids) + sumTop(book.asks);
      onEvent();
    }),
  );
  return () => {
    for (const subscription of subscriptions) subscription.unsubscribe();
    client.close();
  };
};

/** Ours, books read in place: `client.bookView(instrument)` per instrument, the top 10 read from `view.side()`; every view emission is an event. */
export const fineryBookViews: Consumer<FineryParams> = async (params, onEvent) => {
  const client = new FineryClient({ url: params.url, key: params.key, secret: params.secret });
  const subscriptions = params.instruments.map((instrument) =>
    client.bookView(instrument).subscribe((view) => {
      // A local sum, added once per book like the other consumers' (a captured `let` boxes every write).
      let sum = 0;
      for (const name of ['bids', 'asks'] as const) {
        const side = view.side(name);
        const n = Math.min(TOP, side.count);
        for (let i = 0; i < n; i++) sum += side.size(i);
      }
      topRead += sum;
      onEvent();
    }),
  );
  return () => {
    for (const subscription of subscriptions) subscription.unsubscribe();
    client.close();
  };
};

/**
 * Baseline, books: a raw `ws` client (finery.md §2, §5) doing `JSON.parse` per frame and
 * keeping its own book per instrument (`PlainBook`: sorted arrays, `splice`, trimmed to 25,
 * finery.md §7.1), the top 10 read per `F` message; every applied message is an event.
 */
export const fineryBooksRaw: Consumer<FineryParams> = async (params, onEvent) => {
  const books = new Map(params.instruments.map((instrument) => [instrument, new PlainBook(25)]));
  const ws = new WebSocket(params.url, { headers: { ...fineryAuthHeaders({ key: params.key, secret: params.secret }) } });
  ws.on('open', () => {
    for (const instrument of params.instruments) ws.send(JSON.stringify({ event: 'bind', feed: 'F', feedId: instrument }));
  });
  ws.on('message', (data) => {
    const message = JSON.parse(data.toString()) as [string, string, string, [[string, number, number][] | [number, number][], [string, number, number][] | [number, number][]]];
    if (message[0] !== 'F') return;
    const book = books.get(message[1]);
    if (!book) return;
    const [bids, asks] = message[3];
    if (message[2] === 'S') book.load(bids as [number, number][], asks as [number, number][]);
    else if (message[2] === 'M') {
      for (const [action, price, size] of bids as [string, number, number][]) book.apply(true, action, price, size);
      for (const [action, price, size] of asks as [string, number, number][]) book.apply(false, action, price, size);
      book.trim();
    } else return;
    topRead += book.top(TOP);
    onEvent();
  });
  return () => ws.terminate();
};
