import { MARKET_PROPHIT_VALUE_FIELDS, MarketProphitClient } from '@org/marketprophit';
import type { MarketProphitClientOptions, MarketProphitPath, SentimentRecord } from '@org/marketprophit';
import { sentimentSubscriptions } from '../sentiment';
import type { MarketProphitSubscription } from '../sentiment';
import { venueStream } from '../source';
import type { SourceContext, VenueSource, Writable } from '../source';
import { isoTime } from '../time';
import type { SentimentEvent } from '../types';

/** What `connectVenues` streams from Market Prophit. */
export interface MarketProphitVenueOptions {
  readonly client: MarketProphitClientOptions;
  /** Default: crowd and Market Prophit sentiment of AAPL. */
  readonly subscriptions?: readonly MarketProphitSubscription[];
}

const DEFAULT_SUBSCRIPTIONS = sentimentSubscriptions(['AAPL']);

/**
 * A sentiment record as a `sentiment` event, field by field (marketprophit.md §7.3):
 * - `symbol`, `venueSymbol`: the record's `ticker` (a stock or currency ticker, no quote).
 * - `metric`, `value`: the path's first value field (`average_sentiment`, `z_score`,
 *   `volume`, …) and its number.
 * - `fields`: every field of the record (`ts`, `ticker`, `user_id`, values as numbers).
 * - `exchangeTime`: the record's `ts` (start of the minute or second it describes), ms;
 *   absent when unreadable.
 */
export function sentimentEvent(path: MarketProphitPath, record: SentimentRecord, receivedAt: number, raw: boolean): SentimentEvent {
  const metric = MARKET_PROPHIT_VALUE_FIELDS[path][0];
  const fields = record as unknown as Readonly<Record<string, number | string>>;
  const event: Writable<SentimentEvent> = {
    venue: 'marketprophit',
    kind: 'sentiment',
    symbol: record.ticker,
    venueSymbol: record.ticker,
    receivedAt,
    metric,
    value: Number(fields[metric]),
    fields,
  };
  const exchangeTime = isoTime(record.ts);
  if (!Number.isNaN(exchangeTime)) event.exchangeTime = exchangeTime;
  if (raw) event.raw = record;
  return event;
}

/** Builds the Market Prophit client and maps its subscriptions to `sentiment` events. */
export function marketProphitSource(options: MarketProphitVenueOptions, { raw, now }: SourceContext): VenueSource {
  const client = new MarketProphitClient(options.client);
  const subscriptions = options.subscriptions ?? DEFAULT_SUBSCRIPTIONS;
  return {
    venue: 'marketprophit',
    status$: client.status$,
    errors$: client.errors$,
    streams: subscriptions.map(({ path, params }) => venueStream(client.subscribe(path, params), (record) => sentimentEvent(path, record, now(), raw))),
    close: () => client.close(),
  };
}
