import { VENUE_NAMES } from '@org/venues';
import type { VenueEvent, VenueEventKind, VenueName } from '@org/venues';

/** The `kind`s of `VenueEvent`, as they appear in subjects and keys. */
export const VENUE_EVENT_KINDS: readonly VenueEventKind[] = ['book', 'trade', 'order', 'quote', 'balance', 'sentiment', 'status', 'error'];

/** The symbol token of events without a symbol (status, errors, balances). */
export const NO_SYMBOL = '_';

/**
 * A symbol as one token of a subject or key: letters, digits, `-` and `_` are kept, every
 * other character (`.`, `:`, `*`, `>`, `/`, spaces, …) becomes `_`; an absent or empty symbol
 * is {@link NO_SYMBOL}. `BTC-USD` stays `BTC-USD`; `BTC/USD` becomes `BTC_USD`.
 */
export function symbolToken(symbol: string | undefined): string {
  if (symbol === undefined || symbol === '') return NO_SYMBOL;
  return symbol.replace(/[^A-Za-z0-9_-]/g, '_');
}

/** Where an event travels: its venue, kind and symbol token. */
export interface BusAddress {
  readonly venue: VenueName;
  readonly kind: VenueEventKind;
  /** {@link symbolToken} of the event's symbol. */
  readonly symbol: string;
}

/** The address of an event. */
export const addressOf = (event: VenueEvent): BusAddress => ({ venue: event.venue, kind: event.kind, symbol: symbolToken(event.symbol) });

/** The NATS subject prefix of every event: `venues`. */
export const SUBJECT_PREFIX = 'venues';

/**
 * The NATS subject of an event: `venues.<venue>.<kind>.<symbol>`, e.g.
 * `venues.finery.book.BTC-USD`, `venues.hercle.balance._` (symbol by {@link symbolToken}).
 */
export const subjectOf = (event: VenueEvent): string => `${SUBJECT_PREFIX}.${event.venue}.${event.kind}.${symbolToken(event.symbol)}`;

/**
 * The Redis stream key of an event: `venues:<venue>:<kind>:<symbol>`, e.g.
 * `venues:finery:book:BTC-USD`, `venues:hercle:balance:_` (symbol by {@link symbolToken}).
 */
export const streamKeyOf = (event: VenueEvent): string => `${SUBJECT_PREFIX}:${event.venue}:${event.kind}:${symbolToken(event.symbol)}`;

/**
 * Reads a subject (`.`) or key (`:`) back into its address; `undefined` when it is not one
 * of ours (another prefix, an unknown venue or kind, a wrong number of tokens).
 */
export function parseAddress(name: string): BusAddress | undefined {
  const tokens = name.split(/[.:]/);
  if (tokens.length !== 4 || tokens[0] !== SUBJECT_PREFIX) return undefined;
  const [, venue = '', kind = '', symbol = ''] = tokens;
  if (!(VENUE_NAMES as readonly string[]).includes(venue) || !(VENUE_EVENT_KINDS as readonly string[]).includes(kind) || symbol === '') return undefined;
  return { venue: venue as VenueName, kind: kind as VenueEventKind, symbol };
}

/**
 * Which events a consumer wants; each list absent or empty means all. `symbols` are
 * normalized symbols (`BTC-USD`, `AAPL`) or `_` for events without one.
 */
export interface BusFilter {
  readonly venues?: readonly VenueName[];
  readonly kinds?: readonly VenueEventKind[];
  readonly symbols?: readonly string[];
}

/** Whether `address` passes `filter`. */
export function matchesFilter(address: BusAddress, filter: BusFilter = {}): boolean {
  const passes = <T>(list: readonly T[] | undefined, value: T): boolean => list === undefined || list.length === 0 || list.includes(value);
  return passes(filter.venues, address.venue) && passes(filter.kinds, address.kind) && passes(filter.symbols?.map(symbolToken), address.symbol);
}

/** The one token that matches a filter's list: its value when it names exactly one, else the wildcard. */
const tokenFor = (list: readonly string[] | undefined, wildcard: string): string => (list?.length === 1 ? (list[0] ?? wildcard) : wildcard);

/**
 * The narrowest single NATS filter subject for `filter` (`venues.finery.*.*`,
 * `venues.*.book.BTC-USD`, `venues.>`): a list of one becomes its token, longer lists a `*`.
 * Consumers check {@link matchesFilter} on every message as well.
 */
export function natsFilterSubject(filter: BusFilter = {}): string {
  const tokens = [tokenFor(filter.venues, '*'), tokenFor(filter.kinds, '*'), tokenFor(filter.symbols?.map(symbolToken), '*')];
  return tokens.every((token) => token === '*') ? `${SUBJECT_PREFIX}.>` : `${SUBJECT_PREFIX}.${tokens.join('.')}`;
}

/**
 * Whether {@link natsFilterSubject} of `filter` selects exactly the events `filter` passes (no
 * list of two or more), so that a consumer need not check {@link matchesFilter} per message.
 */
export const isExactNatsFilter = (filter: BusFilter = {}): boolean =>
  [filter.venues, filter.kinds, filter.symbols].every((list) => list === undefined || list.length <= 1);

/**
 * The narrowest Redis `SCAN MATCH` pattern of the keys for `filter` (`venues:finery:*:*`,
 * `venues:*:book:BTC-USD`); consumers check {@link matchesFilter} on every key as well.
 */
export function redisKeyPattern(filter: BusFilter = {}): string {
  return `${SUBJECT_PREFIX}:${tokenFor(filter.venues, '*')}:${tokenFor(filter.kinds, '*')}:${tokenFor(filter.symbols?.map(symbolToken), '*')}`;
}

/** Books and quotes: the kinds whose newer event replaces an older unsent one of the same key. */
export const isConflatable = (kind: VenueEventKind): boolean => kind === 'book' || kind === 'quote';
