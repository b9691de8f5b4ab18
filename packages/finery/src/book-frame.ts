/**
 * The fast path of the hot frame of a Finery client: an incremental book message
 * `["F",feedId,"M",[[[action,price,size],…],[…]]]` (feeds `B`, `F`, `MD`, finery.md §7.1) in
 * the compact form the venue sends, scanned character by character straight into a reusable
 * `BookUpdateBatch` of typed arrays: no `JSON.parse`, no array per level update, nothing
 * allocated but the feed id string (book listeners apply the batch; others get
 * `batchMessage`, the message `decodeFrame` would have made). Anything else — a snapshot, whitespace, an exponent, a
 * leading zero, a negative or unsafe number, an escaped or object feed id, extra elements,
 * more than `MAX_BOOK_SIDE_ENTRIES` updates a side — is not scanned (`scanBookUpdates`
 * returns `false`) and goes through `decodeFrame`, which accepts or rejects it exactly as it
 * always does; so what the scan accepts is always a frame `decodeFrame` accepts with the
 * same updates.
 */
import { MAX_BOOK_SIDE_ENTRIES } from './codec';
import type { BookMessage, BookUpdate } from './types';

/** Level-update actions by their character code (finery.md §7.1). */
const ACTIONS: Readonly<Record<number, '+' | 'M' | '-' | '~'>> = { 43: '+', 77: 'M', 45: '-', 126: '~' };

/**
 * One scanned incremental book message: `bids` bid updates at indexes `[0, bids)`, then
 * `asks` ask updates, as parallel arrays (`action` strings, integer 1e-8 `prices` and
 * `sizes`, size -1 for a `-` sent without one). Reused for every frame: valid until the next
 * scan.
 */
export interface BookUpdateBatch {
  /** `B`, `F` or `MD`. */
  feed: string;
  /** The feed id: an instrument name or a numeric id. */
  feedId: string | number;
  bids: number;
  asks: number;
  readonly actions: ('+' | 'M' | '-' | '~')[];
  readonly prices: Float64Array;
  readonly sizes: Float64Array;
}

/** An empty batch with room for the longest sides a frame may hold. */
export function createBookUpdateBatch(): BookUpdateBatch {
  const capacity = 2 * MAX_BOOK_SIDE_ENTRIES;
  return { feed: '', feedId: '', bids: 0, asks: 0, actions: [], prices: new Float64Array(capacity), sizes: new Float64Array(capacity) };
}

const QUOTE = 34;
const COMMA = 44;
const OPEN = 91;
const CLOSE = 93;
const BACKSLASH = 92;
const ZERO = 48;
const NINE = 57;

/** Scan state: the text and the position, advanced by the readers below. */
interface Cursor {
  text: string;
  at: number;
}

const cursor: Cursor = { text: '', at: 0 };

/**
 * The batch as the `FeedMessage` `decodeFrame` makes of the same frame (finery.md §7.1), for
 * listeners that take messages: new `[action, price, size]` tuples, `[action, price]` for a
 * `-` sent without its size.
 */
export function batchMessage(batch: BookUpdateBatch): BookMessage {
  const updates = (from: number, to: number): BookUpdate[] => {
    const out: BookUpdate[] = [];
    for (let i = from; i < to; i++) {
      const action = batch.actions[i] as BookUpdate[0];
      const size = batch.sizes[i] as number;
      out.push(size < 0 ? ([action, batch.prices[i]] as unknown as BookUpdate) : [action, batch.prices[i] as number, size]);
    }
    return out;
  };
  const data = [updates(0, batch.bids), updates(batch.bids, batch.bids + batch.asks)] as const;
  return { feed: batch.feed as BookMessage['feed'], feedId: batch.feedId, action: 'M', data };
}

/** Reads `code` at the cursor; false when it is something else. */
function expect(c: Cursor, code: number): boolean {
  if (c.text.charCodeAt(c.at) !== code) return false;
  c.at++;
  return true;
}

/**
 * Reads a JSON integer in `[0, MAX_SAFE_INTEGER]` without sign, fraction, exponent or leading
 * zero; `-1` for anything else (the frame then takes the full decoder).
 */
function integer(c: Cursor): number {
  const { text } = c;
  const start = c.at;
  let value = 0;
  let code = text.charCodeAt(c.at);
  while (code >= ZERO && code <= NINE) {
    value = value * 10 + (code - ZERO);
    code = text.charCodeAt(++c.at);
  }
  const digits = c.at - start;
  if (digits === 0 || digits > 16 || (digits > 1 && text.charCodeAt(start) === ZERO) || value > Number.MAX_SAFE_INTEGER) return -1;
  // `.5`, `e3`, `E3`: not an integer in the compact form.
  if (code === 46 || code === 101 || code === 69) return -1;
  return value;
}

/** Reads one side `[[a,p,s],…]` into the batch from index `from`; the number of updates, or -1. */
function side(c: Cursor, batch: BookUpdateBatch, from: number): number {
  if (!expect(c, OPEN)) return -1;
  let n = 0;
  if (expect(c, CLOSE)) return 0;
  for (;;) {
    if (n === MAX_BOOK_SIDE_ENTRIES || !expect(c, OPEN) || !expect(c, QUOTE)) return -1;
    const action = ACTIONS[c.text.charCodeAt(c.at)];
    if (action === undefined) return -1;
    c.at++;
    if (!expect(c, QUOTE) || !expect(c, COMMA)) return -1;
    const price = integer(c);
    if (price < 0) return -1;
    let size = -1;
    if (expect(c, COMMA)) {
      size = integer(c);
      if (size < 0) return -1;
    } else if (action !== '-') return -1;
    if (!expect(c, CLOSE)) return -1;
    const i = from + n;
    batch.actions[i] = action;
    batch.prices[i] = price;
    batch.sizes[i] = size;
    n++;
    if (expect(c, CLOSE)) return n;
    if (!expect(c, COMMA)) return -1;
  }
}

/** Reads the feed tag `"B"`, `"F"` or `"MD"` followed by a comma; the tag, or undefined. */
function feedTag(c: Cursor): string | undefined {
  const { text } = c;
  if (text.charCodeAt(1) !== QUOTE) return undefined;
  const first = text.charCodeAt(2);
  if ((first === 70 || first === 66) && text.charCodeAt(3) === QUOTE && text.charCodeAt(4) === COMMA) {
    c.at = 5;
    return first === 70 ? 'F' : 'B';
  }
  if (first === 77 && text.charCodeAt(3) === 68 && text.charCodeAt(4) === QUOTE && text.charCodeAt(5) === COMMA) {
    c.at = 6;
    return 'MD';
  }
  return undefined;
}

/** Reads a feed id: a string without escapes or control characters, or an integer; undefined otherwise. */
function feedId(c: Cursor): string | number | undefined {
  const { text } = c;
  if (!expect(c, QUOTE)) {
    const id = integer(c);
    return id < 0 ? undefined : id;
  }
  const start = c.at;
  for (let code = text.charCodeAt(c.at); code !== QUOTE; code = text.charCodeAt(++c.at)) {
    // An escape, a control character or the end of the text (NaN): the full decoder's case.
    if (!(code >= 0x20) || code === BACKSLASH) return undefined;
  }
  return text.slice(start, c.at++);
}

/**
 * Scans `text` as an incremental book message in compact form (see the module comment) into
 * `batch`; `true` when it is one, `false` when the frame must take `decodeFrame` instead
 * (nothing about it is then known: it may be valid or malformed). `wanted(feed, feedId)` is
 * asked once the feed and feed id are read: `false` stops the scan there (e.g. the frame's
 * binding needs the decoded message anyway), so such frames cost a few characters, not two
 * decodes.
 */
export function scanBookUpdates(text: string, batch: BookUpdateBatch, wanted: (feed: string, feedId: string | number) => boolean = () => true): boolean {
  const c = cursor;
  c.text = text;
  c.at = 0;
  try {
    if (text.charCodeAt(0) !== OPEN) return false;
    const feed = feedTag(c);
    if (feed === undefined) return false;
    const id = feedId(c);
    if (id === undefined || !expect(c, COMMA) || !expect(c, QUOTE) || !expect(c, 77) || !expect(c, QUOTE) || !expect(c, COMMA) || !expect(c, OPEN)) return false;
    if (!wanted(feed, id)) return false;
    const bids = side(c, batch, 0);
    if (bids < 0 || !expect(c, COMMA)) return false;
    const asks = side(c, batch, bids);
    if (asks < 0 || !expect(c, CLOSE) || !expect(c, CLOSE) || c.at !== text.length) return false;
    batch.feed = feed;
    batch.feedId = id;
    batch.bids = bids;
    batch.asks = asks;
    return true;
  } finally {
    // Holds no frame between scans.
    c.text = '';
  }
}
