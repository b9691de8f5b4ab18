import type { VenuesOptions } from '@org/venues';
import { sentimentSubscriptions } from '@org/venues';
import type { VenueName } from '@org/venues';
import { normalizeSymbol, toVenueSymbol, VENUE_NAMES } from '@org/venues';

/** What each venue streams, in its own ids; a venue without an entry streams its defaults. */
export interface Selection {
  readonly finery?: readonly string[];
  readonly etorox?: readonly string[];
  readonly hercle?: readonly string[];
  readonly marketprophit?: readonly string[];
}

/**
 * Parses `--venue finery,hercle`: names from `VENUE_NAMES`, comma separated, in display
 * order without repeats. Throws `RangeError` naming an unknown venue.
 */
export function parseVenues(text: string): VenueName[] {
  const names = text.split(',').map((name) => name.trim().toLowerCase()).filter(Boolean);
  for (const name of names) {
    if (!(VENUE_NAMES as readonly string[]).includes(name)) throw new RangeError(`unknown venue "${name}" (use ${VENUE_NAMES.join(', ')})`);
  }
  if (names.length === 0) throw new RangeError(`no venue given (use ${VENUE_NAMES.join(', ')})`);
  return VENUE_NAMES.filter((venue) => names.includes(venue));
}

/**
 * Parses `--symbols`: comma separated tokens, each given to the venues in their own form
 * (`toVenueSymbol` of `@org/venues`):
 * - a pair, `BASE-QUOTE` or any venue's own form of it (`BTC-USD`, `btcusd`, `BTCUSDT`):
 *   Finery `BTC-USD`, eToroX `btcusd`, Hercle `BTCUSDT` (Hercle quotes USD as USDT);
 * - a bare ticker (`AAPL`): Market Prophit;
 * - `venue:ID` (`hercle:BTCUSDT`, `etorox:btcusdex`): that venue only, its id as written.
 * Venues that get no token are listed with an empty array (they stream nothing).
 * Throws `RangeError` for an unknown venue prefix.
 */
export function parseSymbols(text: string): Required<Selection> {
  const selection: Record<VenueName, string[]> = { finery: [], etorox: [], hercle: [], marketprophit: [] };
  const add = (venue: VenueName, id: string | undefined) => {
    if (id !== undefined && !selection[venue].includes(id)) selection[venue].push(id);
  };
  for (const token of text.split(',').map((t) => t.trim()).filter(Boolean)) {
    const prefixed = /^([a-z]+):(.+)$/i.exec(token);
    if (prefixed) {
      const [venue] = parseVenues(prefixed[1] ?? '');
      if (venue) add(venue, prefixed[2] ?? '');
      continue;
    }
    for (const venue of VENUE_NAMES) add(venue, toVenueSymbol(venue, token));
  }
  return selection;
}

/** What `--symbols` takes for each venue, for the message about a venue it gives nothing. */
const SYMBOL_FORMS: Readonly<Record<VenueName, string>> = {
  finery: 'a pair such as BTC-USD',
  etorox: 'a pair such as BTC-USD (sent as btcusd)',
  hercle: 'a pair such as BTC-USD (sent as BTCUSDT)',
  marketprophit: 'a ticker such as AAPL',
};

/**
 * Why each of `venues` is left out by `selection` (it names no id of that venue), one
 * message per venue, in order; empty when every venue has something to stream.
 */
export function leftOut(venues: readonly VenueName[], selection: Selection): string[] {
  return venues
    .filter((venue) => selection[venue]?.length === 0)
    .map((venue) => `${venue}: left out, --symbols names nothing it streams (it takes ${SYMBOL_FORMS[venue]}, or ${venue}:ID)`);
}

/**
 * What `--symbols` gives each of `venues`, for the line before the header: each venue's
 * own ids and, where it differs, the `symbol` its events carry (`normalizeSymbol`), e.g.
 * for `--symbols BTC-USD`: `finery BTC-USD; etorox btcusd (events say BTC-USD); hercle
 * BTCUSDT (events say BTC-USDT: Hercle quotes USD as USDT)`. `undefined` when `selection`
 * names no id of these venues (each streams its defaults).
 */
export function describeSelection(venues: readonly VenueName[], selection: Selection): string | undefined {
  const parts = venues.flatMap((venue) => {
    const ids = selection[venue];
    if (!ids?.length) return [];
    const shown = ids.map((id) => {
      const symbol = normalizeSymbol(id);
      const usdt = venue === 'hercle' && symbol.endsWith('-USDT') ? ': Hercle quotes USD as USDT' : '';
      return symbol === id ? id : `${id} (events say ${symbol}${usdt})`;
    });
    return [`${venue} ${shown.join(', ')}`];
  });
  return parts.length > 0 ? parts.join('; ') : undefined;
}

/** Size quoted by every Hercle price stream of the CLI, in base units. */
export const HERCLE_CLI_SIZE = 1;

/** Credentials and endpoints of each venue, as the demo or the live mode found them. */
export interface VenueClients {
  readonly finery?: NonNullable<VenuesOptions['finery']>['client'];
  readonly etorox?: NonNullable<VenuesOptions['etorox']>['client'];
  readonly hercle?: NonNullable<VenuesOptions['hercle']>['client'];
  readonly marketprophit?: NonNullable<VenuesOptions['marketprophit']>['client'];
}

/**
 * The `connectVenues` options of the CLI: each venue with a client and, when the selection
 * names its ids, those (an empty list leaves the venue out).
 */
export function venuesOptions(clients: VenueClients, selection: Selection, raw: boolean): VenuesOptions {
  const wanted = (ids: readonly string[] | undefined) => ids === undefined || ids.length > 0;
  const { finery, etorox, hercle, marketprophit } = selection;
  return {
    raw,
    ...(clients.finery && wanted(finery) ? { finery: { client: clients.finery, ...(finery ? { instruments: finery } : {}) } } : {}),
    ...(clients.etorox && wanted(etorox) ? { etorox: { client: clients.etorox, ...(etorox ? { channels: etorox } : {}) } } : {}),
    ...(clients.hercle && wanted(hercle)
      ? { hercle: { client: clients.hercle, ...(hercle ? { prices: hercle.map((pair) => ({ pair, size: HERCLE_CLI_SIZE })) } : {}) } }
      : {}),
    ...(clients.marketprophit && wanted(marketprophit)
      ? { marketprophit: { client: clients.marketprophit, ...(marketprophit ? { subscriptions: sentimentSubscriptions(marketprophit) } : {}) } }
      : {}),
  };
}
