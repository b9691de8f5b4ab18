import { connectVenues } from '@org/venues';
import type { Level } from '@org/venues';
import type { EtoroxParams } from './etorox';
import { etoroxOurs } from './etorox';
import type { FineryParams } from './finery';
import { fineryBooksOurs } from './finery';
import type { HercleParams } from './hercle';
import { hercleOurs } from './hercle';
import type { MarketProphitParams } from './marketprophit';
import { marketProphitOurs } from './marketprophit';
import type { Consumer } from './types';

/** The four simulators and what to stream from each. */
export interface VenuesParams {
  finery: FineryParams;
  etorox: EtoroxParams;
  hercle: HercleParams;
  marketprophit: MarketProphitParams;
}

/**
 * Ours, merged: `connectVenues()` with the same streams as {@link venuesAlone} (Finery books,
 * eToroX `marketData` without rebuilt books, Hercle prices without balances, Market Prophit
 * records); every `VenueEvent` of `events$` is an event.
 */
export const venuesMerged: Consumer<VenuesParams> = async (params, onEvent) => {
  const venues = connectVenues({
    finery: { client: { url: params.finery.url, key: params.finery.key, secret: params.finery.secret }, instruments: params.finery.instruments },
    etorox: { client: { url: params.etorox.url, apiKey: params.etorox.apiKey, privateKey: params.etorox.privateKey }, channels: params.etorox.channels, books: false },
    hercle: { client: { url: params.hercle.url, apiKey: params.hercle.apiKey }, prices: params.hercle.channels.map(([pair, size]) => ({ pair, size })), balances: false },
    marketprophit: {
      client: { baseUrl: params.marketprophit.url, secretKey: params.marketprophit.secretKey },
      subscriptions: params.marketprophit.tickers.map((ticker) => ({ path: params.marketprophit.path, params: { ticker } })),
    },
  });
  const subscription = venues.events$.subscribe(() => onEvent());
  return () => {
    subscription.unsubscribe();
    venues.close();
  };
};

/** Ours, merged Finery books: `connectVenues()` with Finery books only (`depth: 10`, zero-copy `reuseBookEvents`), the top 10 of each `book` event read; every book event is an event. */
export const venuesFineryBooks: Consumer<FineryParams> = async (params, onEvent) => {
  const venues = connectVenues({ finery: { client: { url: params.url, key: params.key, secret: params.secret }, instruments: params.instruments, depth: 10, reuseBookEvents: true } });
  let read = 0;
  const subscription = venues.events$.subscribe((event) => {
    if (event.kind !== 'book') return;
    // A local sum, added once per book like the other consumers' (a captured `let` boxes every write).
    let sum = 0;
    for (let i = 0; i < event.bids.length; i++) sum += (event.bids[i] as Level)[1];
    for (let i = 0; i < event.asks.length; i++) sum += (event.asks[i] as Level)[1];
    read += sum;
    onEvent();
  });
  return () => {
    subscription.unsubscribe();
    venues.close();
    return read;
  };
};

/** Baseline, the four clients alone: each venue's own client on the same streams; every emission is an event. */
export const venuesAlone: Consumer<VenuesParams> = async (params, onEvent) => {
  const stops = await Promise.all([
    fineryBooksOurs(params.finery, onEvent),
    etoroxOurs(params.etorox, onEvent),
    hercleOurs(params.hercle, onEvent),
    marketProphitOurs(params.marketprophit, onEvent),
  ]);
  return () => Promise.all(stops.map((stop) => stop()));
};
