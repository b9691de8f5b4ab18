import { HercleClient } from '@org/hercle';
import type { HercleBalances, HercleClientOptions, HerclePriceUpdate } from '@org/hercle';
import { filter, map } from 'rxjs';
import { venueStream } from '../source';
import type { SourceContext, VenueSource, VenueStream, Writable } from '../source';
import { normalizeSymbol } from '../symbols';
import { isoTime } from '../time';
import type { BalanceEvent, QuoteEvent } from '../types';

/** One Hercle price stream: a pair (`BTCUSDT`) and the size quoted, in base units (hercle.md §4.1). */
export interface HerclePriceSubscription {
  readonly pair: string;
  readonly size: number;
}

/** What `connectVenues` streams from Hercle. */
export interface HercleVenueOptions {
  readonly client: HercleClientOptions;
  /** Price streams. Default `BTCUSDT` and `ETHUSDT`, size 1. */
  readonly prices?: readonly HerclePriceSubscription[];
  /** Stream the account's balances (`GetBalances`, hercle.md §4.3) as `balance` events: `true`, or the refresh interval. Default `true` (on each connect). */
  readonly balances?: boolean | { readonly refreshMs: number };
}

const DEFAULT_PRICES: readonly HerclePriceSubscription[] = [
  { pair: 'BTCUSDT', size: 1 },
  { pair: 'ETHUSDT', size: 1 },
];

/**
 * A price update (`execution.feeds.priceUpdate`, hercle.md §4.1) as a `quote` event, field by field:
 * - `symbol`: `pair` normalized (`BTCUSDT` → `BTC-USDT`); `venueSymbol`: `pair`.
 * - `bid`: `sellPrice`, what the client receives when it sells; `ask`: `buyPrice`, what it
 *   pays when it buys; both in the quote currency per base unit.
 * - `size`: `size`, in base units; `quoteId`: `id`, the PriceId that `PlaceOtcOrder` takes.
 * - `exchangeTime`: `timestamp` (ISO-8601), ms; absent when unreadable. `receivedAt`: the
 *   update's `receivedAt`, when the client received the envelope.
 */
export function herclePriceEvent(update: HerclePriceUpdate, raw: boolean): QuoteEvent {
  const event: Writable<QuoteEvent> = {
    venue: 'hercle',
    kind: 'quote',
    symbol: normalizeSymbol(update.pair),
    venueSymbol: update.pair,
    receivedAt: update.receivedAt,
    bid: update.sellPrice,
    ask: update.buyPrice,
    size: update.size,
    quoteId: update.id,
  };
  const exchangeTime = isoTime(update.timestamp);
  if (!Number.isNaN(exchangeTime)) event.exchangeTime = exchangeTime;
  if (raw) event.raw = update;
  return event;
}

/**
 * A balance snapshot (`account.balances.snapshot`, hercle.md §4.3, §6) as one `balance`
 * event per asset, field by field: `asset`: the asset's `name`; `available`: `available`;
 * `allocated`: `allocated`; `sequence`: the snapshot's `sequence` (grows with every
 * change). No symbol, no venue timestamp. A `deleted` snapshot yields nothing.
 */
export function hercleBalanceEvents(balances: HercleBalances, receivedAt: number, raw: boolean): BalanceEvent[] {
  if (balances.deleted) return [];
  return balances.assets.map((asset) => {
    const event: Writable<BalanceEvent> = {
      venue: 'hercle',
      kind: 'balance',
      receivedAt,
      asset: asset.name,
      available: asset.available,
      allocated: asset.allocated,
      sequence: balances.sequence,
    };
    if (raw) event.raw = asset;
    return event;
  });
}

/** Builds the Hercle client and maps its price streams (`receivedAt` of each update: the client's arrival time) and balances to events. */
export function hercleSource(options: HercleVenueOptions, { raw, now, conflate }: SourceContext): VenueSource {
  const client = new HercleClient(options.client);
  const prices = (options.prices ?? DEFAULT_PRICES).map(({ pair, size }) =>
    venueStream(client.prices(pair, size, { conflate }), (update) => herclePriceEvent(update, raw)),
  );
  const balancesOption = options.balances ?? true;
  const balances: VenueStream[] = balancesOption
    ? [venueStream(client.balances(balancesOption === true ? {} : balancesOption), (snapshot) => hercleBalanceEvents(snapshot, now(), raw))]
    : [];
  return {
    venue: 'hercle',
    status$: client.status$,
    errors$: client.events$.pipe(
      filter((event) => event.kind === 'malformed'),
      map((event) => event.error),
    ),
    streams: [...prices, ...balances],
    close: () => client.close(),
  };
}
