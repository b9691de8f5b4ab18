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

/** The level-update action of a character code (finery.md §7.1), or undefined. */
const actionOf = (code: number): '+' | 'M' | '-' | '~' | undefined => (code === 43 ? '+' : code === 77 ? 'M' : code === 45 ? '-' : code === 126 ? '~' : undefined);

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

/**
 * Where the last {@link integerAt} or {@link sideAt} stopped: the readers below take a
 * position and return a value, and leave the position after it here (locals and a return
 * value instead of a cursor object: the scan is the client's hottest loop).
 */
let end = 0;

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

/**
 * Reads a JSON integer in `[0, MAX_SAFE_INTEGER]` at `at`, without sign, fraction, exponent
 * or leading zero; `-1` for anything else (the frame then takes the full decoder). `end`:
 * after its digits.
 */
function integerAt(text: string, at: number): number {
  const start = at;
  let value = 0;
  let code = text.charCodeAt(at);
  while (code >= ZERO && code <= NINE) {
    value = value * 10 + (code - ZERO);
    code = text.charCodeAt(++at);
  }
  end = at;
  const digits = at - start;
  if (digits === 0 || digits > 16 || (digits > 1 && text.charCodeAt(start) === ZERO) || value > Number.MAX_SAFE_INTEGER) return -1;
  // `.5`, `e3`, `E3`: not an integer in the compact form.
  if (code === 46 || code === 101 || code === 69) return -1;
  return value;
}

/** Reads one side `[[a,p,s],…]` at `at` into the batch from index `from`: the number of updates (`end`: after the side), or -1. */
function sideAt(text: string, at: number, batch: BookUpdateBatch, from: number): number {
  if (text.charCodeAt(at) !== OPEN) return -1;
  at++;
  if (text.charCodeAt(at) === CLOSE) {
    end = at + 1;
    return 0;
  }
  for (let n = 0; ; ) {
    // `["<action>",`
    if (n === MAX_BOOK_SIDE_ENTRIES || text.charCodeAt(at) !== OPEN || text.charCodeAt(at + 1) !== QUOTE) return -1;
    const action = actionOf(text.charCodeAt(at + 2));
    if (action === undefined || text.charCodeAt(at + 3) !== QUOTE || text.charCodeAt(at + 4) !== COMMA) return -1;
    const price = integerAt(text, at + 5);
    if (price < 0) return -1;
    at = end;
    let size = -1;
    if (text.charCodeAt(at) === COMMA) {
      size = integerAt(text, at + 1);
      if (size < 0) return -1;
      at = end;
    } else if (action !== '-') return -1;
    if (text.charCodeAt(at) !== CLOSE) return -1;
    const i = from + n;
    batch.actions[i] = action;
    batch.prices[i] = price;
    batch.sizes[i] = size;
    n++;
    const next = text.charCodeAt(at + 1);
    if (next === CLOSE) {
      end = at + 2;
      return n;
    }
    if (next !== COMMA) return -1;
    at += 2;
  }
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
  // `["B",`, `["F",` or `["MD",`
  if (text.charCodeAt(0) !== OPEN || text.charCodeAt(1) !== QUOTE) return false;
  let at: number;
  let feed: string;
  const first = text.charCodeAt(2);
  if ((first === 70 || first === 66) && text.charCodeAt(3) === QUOTE && text.charCodeAt(4) === COMMA) {
    at = 5;
    feed = first === 70 ? 'F' : 'B';
  } else if (first === 77 && text.charCodeAt(3) === 68 && text.charCodeAt(4) === QUOTE && text.charCodeAt(5) === COMMA) {
    at = 6;
    feed = 'MD';
  } else return false;
  // The feed id: a string without escapes or control characters, or an integer.
  let id: string | number;
  if (text.charCodeAt(at) === QUOTE) {
    const start = ++at;
    for (let code = text.charCodeAt(at); code !== QUOTE; code = text.charCodeAt(++at)) {
      // An escape, a control character or the end of the text (NaN): the full decoder's case.
      if (!(code >= 0x20) || code === BACKSLASH) return false;
    }
    id = text.slice(start, at++);
  } else {
    id = integerAt(text, at);
    if (id < 0) return false;
    at = end;
  }
  // `,"M",[`
  if (text.charCodeAt(at) !== COMMA || text.charCodeAt(at + 1) !== QUOTE || text.charCodeAt(at + 2) !== 77 || text.charCodeAt(at + 3) !== QUOTE || text.charCodeAt(at + 4) !== COMMA || text.charCodeAt(at + 5) !== OPEN) return false;
  if (!wanted(feed, id)) return false;
  const bids = sideAt(text, at + 6, batch, 0);
  if (bids < 0 || text.charCodeAt(end) !== COMMA) return false;
  const asks = sideAt(text, end + 1, batch, bids);
  // `]]` and nothing after.
  if (asks < 0 || text.charCodeAt(end) !== CLOSE || text.charCodeAt(end + 1) !== CLOSE || end + 2 !== text.length) return false;
  batch.feed = feed;
  batch.feedId = id;
  batch.bids = bids;
  batch.asks = asks;
  return true;
}
