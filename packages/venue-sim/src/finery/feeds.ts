/**
 * Feed bindings of the Finery simulator (finery.md §5–§7, §10): which feeds can be bound
 * with which feed ids, the `Z` codes of a failed bind, and each feed's snapshot.
 */
import type { MarketBook } from './market';
import { topLevels } from './market';
import type { FineryInstrumentSpec } from './reference';
import { findCurrency, findInstrument, FINERY_CURRENCIES, instrumentTuple } from './reference';
import type { FineryAccount, Trading } from './trading';

/** One binding of one connection. */
export interface FeedBinding {
  readonly feed: string;
  /** The feed id exactly as sent (0 when absent), echoed in every message (finery.md §6). */
  readonly feedId: unknown;
  /** `JSON.stringify(feedId)`, spliced into frames. */
  readonly echo: string;
  /** Instrument name for B, F, MD and a filtered O. */
  readonly instrument?: string;
  /** Currency name for a filtered K or S. */
  readonly currency?: string;
}

/** Feeds the simulator serves (finery.md §7); `X` is not bindable, `P`, `G`, `M` are not served. */
const FEEDS = new Set(['I', 'B', 'F', 'MD', 'K', 'O', 'S', 'L', 'R', 'N']);

const noId = (feedId: unknown) => feedId === undefined || feedId === 0;

/**
 * Resolves a `bind` to a binding, or the `Z` code (finery.md §10 simulator defaults): 102
 * unknown feed, 103 unknown or malformed feed id. Feed ids by instrument name or numeric
 * id, `{instrument, clientId}` / `{instrument, makers}` objects for F and MD (finery.md §5).
 */
export function resolveBinding(feed: unknown, rawFeedId: unknown, instruments: readonly FineryInstrumentSpec[]): FeedBinding | { code: number } {
  if (typeof feed !== 'string' || !FEEDS.has(feed)) return { code: 102 };
  const feedId = rawFeedId ?? 0;
  const base = { feed, feedId, echo: JSON.stringify(feedId) };
  switch (feed) {
    case 'B':
    case 'F':
    case 'MD': {
      const objectId = feed !== 'B' && feedId !== null && typeof feedId === 'object' ? (feedId as Record<string, unknown>).instrument : feedId;
      const spec = findInstrument(instruments, objectId);
      return spec ? { ...base, instrument: spec.name } : { code: 103 };
    }
    case 'O': {
      if (noId(rawFeedId)) return base;
      const spec = findInstrument(instruments, feedId);
      return spec ? { ...base, instrument: spec.name } : { code: 103 };
    }
    case 'K':
    case 'S': {
      if (noId(rawFeedId)) return base;
      const currency = findCurrency(feedId);
      return currency ? { ...base, currency: currency[0] } : { code: 103 };
    }
    default:
      return noId(rawFeedId) ? base : { code: 103 };
  }
}

/** A feed message `[feed, feedId, action, data]` (finery.md §6) with the echo spliced in. */
export function frame(binding: FeedBinding, action: string, data: string): string {
  return `["${binding.feed}",${binding.echo},"${action}",${data}]`;
}

/** The snapshot `S` that acknowledges a binding (finery.md §6, §7). */
export function snapshot(
  binding: FeedBinding,
  books: ReadonlyMap<string, MarketBook>,
  instruments: readonly FineryInstrumentSpec[],
  account: FineryAccount,
  trading: Trading,
): string {
  switch (binding.feed) {
    case 'I':
      return frame(binding, 'S', JSON.stringify([FINERY_CURRENCIES, instruments.map(instrumentTuple)]));
    case 'B':
    case 'F':
    case 'MD': {
      const book = books.get(binding.instrument as string) as MarketBook;
      return frame(binding, 'S', JSON.stringify([topLevels(book.bids), topLevels(book.asks)]));
    }
    case 'K':
      return frame(binding, 'S', JSON.stringify([trading.nextId(), positions(account, trading, binding.currency)]));
    case 'O':
      return frame(binding, 'S', JSON.stringify(orders(account, trading, binding.instrument)));
    case 'R':
      return frame(binding, 'S', '[[],[]]');
    case 'N':
      return frame(binding, 'S', '[0,[],[]]');
    default:
      return frame(binding, 'S', '[]');
  }
}

/** Position tuples of `account`, optionally of one currency (finery.md §7.2). */
export function positions(account: FineryAccount, trading: Trading, currency?: string): unknown[] {
  return [...account.positions].filter(([c]) => !currency || c === currency).map(([c, v]) => trading.positionTuple(c, v));
}

/** Active order tuples of `account`, optionally of one instrument (finery.md §7.3). */
export function orders(account: FineryAccount, trading: Trading, instrument?: string): unknown[] {
  return [...account.orders.values()].filter((o) => !instrument || o.instrument === instrument).map(trading.orderTuple);
}
