import type { BookEvent } from './types';

/**
 * Best bid and ask of a `book` event with mid and spread, in decimal numbers (the units of
 * `BookEvent` levels: price in the quote currency, size in the base currency). The same
 * fields as `@org/finery`'s `BookQuote` and `@org/etorox`'s (the client packages' own, on
 * their own books), for every venue's books (eToroX's included).
 */
export interface BookQuote {
  readonly bid: number;
  readonly bidSize: number;
  readonly ask: number;
  readonly askSize: number;
  /** `(bid + ask) / 2`, computed in 1e-8 units. */
  readonly mid: number;
  /** `ask - bid`, computed in 1e-8 units (exact: `100.3`/`100.2` give `0.1`); negative only if the venue itself sent a crossed book. */
  readonly spread: number;
}

/**
 * Best bid, best ask, mid and spread of a `book` event (or anything with `bids` best first
 * and `asks` best first as `[price, size]`), or `undefined` while either side is empty. Reads
 * the levels at once: call it in the subscriber when `reuseBookEvents` is on.
 */
export function bookQuote(book: Pick<BookEvent, 'bids' | 'asks'>): BookQuote | undefined {
  const bid = book.bids[0];
  const ask = book.asks[0];
  if (bid === undefined || ask === undefined) return undefined;
  // Mid and spread in integer 1e-8 units, as every venue's prices are exact there: no float
  // drift (`100.3 - 100.2` is `0.1`, not `0.0999…`), as `@org/etorox`'s `bookQuote`.
  const bidUnits = Math.round(bid[0] * UNITS);
  const askUnits = Math.round(ask[0] * UNITS);
  return { bid: bid[0], bidSize: bid[1], ask: ask[0], askSize: ask[1], mid: (bidUnits + askUnits) / 2 / UNITS, spread: (askUnits - bidUnits) / UNITS };
}

/** 1e-8 units per decimal unit: the finest step of every venue's prices. */
const UNITS = 100_000_000;
