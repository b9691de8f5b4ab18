/**
 * Read access to a Finery order book (finery.md §7.1) without copying: `BookView` reads the
 * live book engine state, `bookQuote` summarises any book (view or `OrderBook` copy) as best
 * bid/ask, mid and spread, in integer 1e-8 units or as decimals (finery.md §9).
 */
import { bookDepth, bookLevels, bookSide, levelPrice, levelSize, readLevels } from './book';
import type { BookSideView, BookState } from './book';
import { toDecimalNumber } from './decimal';
import type { BookLevel, FeedId, OrderBook } from './types';

/**
 * Best bid and ask of a book with mid and spread. In integer 1e-8 units (`'units'`, the
 * default) `mid` is `(bid + ask) / 2` and may end in `.5`; as `'decimal'` every field is
 * divided out of 1e-8 units (`toDecimalNumber`, a float: for display, not for orders).
 */
export interface BookQuote {
  readonly bid: number;
  readonly bidSize: number;
  readonly ask: number;
  readonly askSize: number;
  readonly mid: number;
  /** `ask - bid`, positive: a crossed book is never emitted. */
  readonly spread: number;
}

/** Units of `bookQuote` and `BookView.quote`: integer 1e-8 units, or decimal numbers. */
export type QuoteUnit = 'units' | 'decimal';

function quoteOf(bid: number | undefined, bidSize: number | undefined, ask: number | undefined, askSize: number | undefined, unit: QuoteUnit): BookQuote | undefined {
  if (bid === undefined || ask === undefined || bidSize === undefined || askSize === undefined) return undefined;
  const scale = unit === 'decimal' ? toDecimalNumber : (units: number) => units;
  return {
    bid: scale(bid),
    bidSize: scale(bidSize),
    ask: scale(ask),
    askSize: scale(askSize),
    mid: scale((bid + ask) / 2),
    spread: scale(ask - bid),
  };
}

/**
 * Best bid, best ask, mid and spread of a book (a `BookView` or an `OrderBook` copy), or
 * `undefined` while either side is empty.
 *
 * @param unit `'units'` (default: integer 1e-8 units, finery.md §9) or `'decimal'`
 */
export function bookQuote(book: OrderBook | BookView, unit: QuoteUnit = 'units'): BookQuote | undefined {
  if (book instanceof BookView) return book.quote(unit);
  const bid = book.bids[0];
  const ask = book.asks[0];
  return quoteOf(bid?.[0], bid?.[1], ask?.[0], ask?.[1], unit);
}

/** `{ bids, asks }` of `BookView.top`: mutable pairs, reusable as its `into`. */
export interface BookTop {
  bids: [price: number, size: number][];
  asks: [price: number, size: number][];
}

/**
 * A read-only view of one live order book (finery.md §7.1), as `FineryClient.bookView`
 * emits it: the same object on every emission, reading the book engine directly, so
 * nothing is copied per message.
 *
 * **Lifetime:** what a view returns describes the book at the emission being handled and is
 * valid until the next emission of the same stream (the next message of that book): read it
 * synchronously in the subscriber. To keep a book, call `snapshot()`, which copies. Prices
 * and sizes are integer 1e-8 units (finery.md §9); bids best (highest) first, asks best
 * (lowest) first.
 */
export class BookView {
  #state: BookState;
  #receivedAt = 0;
  #live = false;
  #seq = 0;

  /** @internal Built by the client around its book engine state. */
  constructor(
    readonly feed: 'B' | 'F' | 'MD',
    /** The feed id the book is bound with: instrument name, numeric id, or master object. */
    readonly instrument: FeedId,
    state: BookState,
  ) {
    this.#state = state;
  }

  /** When the frame that produced the current book arrived, ms epoch (stamped on receipt, before any processing). Finery book frames carry no venue time. */
  get receivedAt(): number {
    return this.#receivedAt;
  }

  /** `false` while the book waits for a fresh snapshot (after an inconsistent message or a re-bind): do not read it then. */
  get live(): boolean {
    return this.#live;
  }

  /**
   * Messages applied since the last snapshot (`S`, finery.md §7.1): 0 when the current book
   * is a snapshot just loaded (the first book, or a reset after a reconnect or a re-bind),
   * then one more per update message.
   */
  get seq(): number {
    return this.#seq;
  }

  /** @internal The client marks each emission (`receivedAt`, ms epoch; `snapshot`: an `S` was applied) and each loss of the book (`undefined`). */
  mark(receivedAt: number | undefined, snapshot = false): void {
    this.#live = receivedAt !== undefined;
    if (receivedAt === undefined) return;
    this.#receivedAt = receivedAt;
    this.#seq = snapshot ? 0 : this.#seq + 1;
  }

  /** Levels on one side. */
  depth(side: 'bids' | 'asks'): number {
    return bookDepth(this.#state, side);
  }

  /**
   * One side read in place, the fastest read: `count` levels, `price(i)` and `size(i)` of
   * level `i` (integer 1e-8 units, 0 = best, `NaN` outside `[0, count)`), e.g.
   * `const b = view.side('bids'); for (let i = 0; i < Math.min(10, b.count); i++) use(b.price(i), b.size(i));`.
   * The same object on every call and emission; like everything the view returns, valid
   * until the next emission.
   */
  side(side: 'bids' | 'asks'): BookSideView {
    return bookSide(this.#state, side);
  }

  /** Price of level `index` (0 = best) of one side, integer 1e-8 units; `undefined` beyond the side. Allocates nothing. */
  price(side: 'bids' | 'asks', index: number): number | undefined {
    return levelPrice(this.#state, side, index);
  }

  /** Size of level `index` (0 = best) of one side, integer 1e-8 units; `undefined` beyond the side. Allocates nothing. */
  size(side: 'bids' | 'asks', index: number): number | undefined {
    return levelSize(this.#state, side, index);
  }

  /** The best bid `[price, size]`, or `undefined` when there is none. */
  bestBid(): BookLevel | undefined {
    return this.level('bids');
  }

  /** The best ask `[price, size]`, or `undefined` when there is none. */
  bestAsk(): BookLevel | undefined {
    return this.level('asks');
  }

  /** `(bestBid + bestAsk) / 2` in 1e-8 units (may end in `.5`), or `undefined` while a side is empty. */
  mid(): number | undefined {
    return this.quote()?.mid;
  }

  /** `bestAsk - bestBid` in 1e-8 units, or `undefined` while a side is empty. */
  spread(): number | undefined {
    return this.quote()?.spread;
  }

  /** Best bid/ask, mid and spread, in integer 1e-8 units (default) or as decimals; `undefined` while a side is empty. */
  quote(unit: QuoteUnit = 'units'): BookQuote | undefined {
    const s = this.#state;
    return quoteOf(levelPrice(s, 'bids', 0), levelSize(s, 'bids', 0), levelPrice(s, 'asks', 0), levelSize(s, 'asks', 0), unit);
  }

  /**
   * The best `n` levels of each side. With `into` (e.g. the previous result) its arrays and
   * pairs are overwritten and reused, so a steady reader allocates nothing; the result is
   * valid until the next emission like everything the view returns.
   */
  top(n: number, into: BookTop = { bids: [], asks: [] }): BookTop {
    readLevels(this.#state, 'bids', n, into.bids);
    readLevels(this.#state, 'asks', n, into.asks);
    return into;
  }

  /** Every level of one side as new `[price, size]` pairs. */
  levels(side: 'bids' | 'asks'): BookLevel[] {
    return bookLevels(this.#state, side);
  }

  /** A copy of the current book, at most `depth` levels per side (default all), safe to keep: an `OrderBook`. */
  snapshot(depth = Infinity): OrderBook {
    const { feed, instrument } = this;
    return { feed, instrument, bids: bookLevels(this.#state, 'bids', depth), asks: bookLevels(this.#state, 'asks', depth), receivedAt: this.#receivedAt, snapshot: this.#seq === 0, seq: this.#seq };
  }

  private level(side: 'bids' | 'asks'): BookLevel | undefined {
    const price = levelPrice(this.#state, side, 0);
    return price === undefined ? undefined : [price, levelSize(this.#state, side, 0) as number];
  }
}
