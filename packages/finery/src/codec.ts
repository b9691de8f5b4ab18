/**
 * Frame codec of the Finery Markets WebSocket (finery.md §5, §6, §7, §8): decodes text
 * frames into typed feed messages, status changes, failures and request replies, and
 * encodes `bind`, `unbind` and `request`. Every malformed frame throws
 * `FineryProtocolError`; nothing malformed passes as a typed value.
 */
import { FineryProtocolError } from './errors';
import type {
  BookLevel,
  BookUpdate,
  Currency,
  Deal,
  FeedAction,
  FeedId,
  FeedMessage,
  Instrument,
  Order,
  Position,
} from './types';

/** A decoded inbound frame. */
export type InboundFrame =
  /** `["X",0,"Z",code]`: backend status, 0 = connected (finery.md §3). */
  | { readonly kind: 'status'; readonly code: number }
  | { readonly kind: 'message'; readonly key: string; readonly message: FeedMessage }
  /** `Z` on a feed: failed bind/unbind or feed failure; `code` unwrapped from `[n]` (finery.md §6). */
  | { readonly kind: 'failure'; readonly key: string; readonly code: number }
  /** `U`: unsubscribed (finery.md §6). */
  | { readonly kind: 'unbound'; readonly key: string }
  /** Request reply or error (finery.md §8). */
  | { readonly kind: 'reply'; readonly reqId: number; readonly reply: unknown; readonly error?: number; readonly param?: unknown };

function fail(message: string, text: string): never {
  throw new FineryProtocolError(message, text.slice(0, 200));
}

/** Deepest object `feedId` accepted (finery.md §5: masters use one level, `{instrument, makers: [1,2,3]}`). */
export const MAX_FEED_ID_DEPTH = 8;
/** Most values (objects, arrays, leaves) in one object `feedId`. */
const MAX_FEED_ID_NODES = 1_000;

/**
 * The canonical JSON of an object feed id (keys sorted), or `undefined` when it is deeper
 * than `MAX_FEED_ID_DEPTH` or holds more than `MAX_FEED_ID_NODES` values: recursion on
 * untrusted input is bounded, so no frame can exhaust the stack.
 */
function canonical(value: unknown, budget: { nodes: number }, depth: number): string | undefined {
  if (--budget.nodes < 0) return undefined;
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (depth >= MAX_FEED_ID_DEPTH) return undefined;
  const parts: string[] = [];
  if (Array.isArray(value)) {
    for (const item of value as unknown[]) {
      const part = canonical(item, budget, depth + 1);
      if (part === undefined) return undefined;
      parts.push(part);
    }
    return `[${parts.join(',')}]`;
  }
  for (const k of Object.keys(value).sort()) {
    const part = canonical((value as Record<string, unknown>)[k], budget, depth + 1);
    if (part === undefined) return undefined;
    parts.push(`${JSON.stringify(k)}:${part}`);
  }
  return `{${parts.join(',')}}`;
}

/** The routing key, or `undefined` for an object feed id beyond the bounds of `canonical`. */
function keyOf(feed: string, id: string | number | object): string | undefined {
  if (typeof id !== 'object') return `${feed}\u0000${typeof id === 'string' ? 's' : 'n'}${id}`;
  const text = canonical(id, { nodes: MAX_FEED_ID_NODES }, 0);
  return text === undefined ? undefined : `${feed}\u0000o${text}`;
}

/**
 * The routing key of a binding: the feed name and the feed id compared by deep equality
 * (finery.md §6), so `"BTC-USD"`, `4955410050` and `{instrument, clientId}` bindings stay
 * distinct and match their echo. A missing feed id is `0`.
 *
 * @throws RangeError for an object feed id nested deeper than `MAX_FEED_ID_DEPTH` (8) or
 *   holding more than 1 000 values
 */
export function bindingKey(feed: string, feedId: FeedId | undefined): string {
  const key = keyOf(feed, feedId ?? 0);
  if (key === undefined) throw new RangeError(`feedId of feed ${feed} is nested deeper than ${MAX_FEED_ID_DEPTH} levels or holds more than ${MAX_FEED_ID_NODES} values`);
  return key;
}

/**
 * Interned routing keys of the bound (feed, primitive feedId) pairs, so the hot path of
 * `decodeFrame` reuses one string per binding instead of building one per message. Holds
 * exactly the keys retained by live bindings: an entry is released with its last binding.
 */
export interface KeyCache {
  /** The interned key of (feed, id), if a binding retains it. */
  get(feed: string, id: string | number): string | undefined;
  /** A binding with `key` exists; `feedId` primitive ids are interned. */
  retain(feed: string, feedId: FeedId | undefined, key: string): void;
  /** The binding with `key` is gone. */
  release(feed: string, feedId: FeedId | undefined): void;
  /** Interned keys held (for tests and diagnostics). */
  readonly size: number;
}

/** An empty `KeyCache`. */
export function createKeyCache(): KeyCache {
  const byFeed = new Map<string, Map<string | number, string>>();
  let size = 0;
  return {
    get: (feed, id) => byFeed.get(feed)?.get(id),
    retain(feed, feedId, key) {
      const id = feedId ?? 0;
      if (typeof id === 'object') return;
      let ids = byFeed.get(feed);
      if (!ids) byFeed.set(feed, (ids = new Map()));
      if (!ids.has(id)) size++;
      ids.set(id, key);
    },
    release(feed, feedId) {
      const id = feedId ?? 0;
      const ids = byFeed.get(feed);
      if (typeof id === 'object' || !ids?.delete(id)) return;
      size--;
      if (ids.size === 0) byFeed.delete(feed);
    },
    get size() {
      return size;
    },
  };
}

/** `{"event":"bind","feed":…,"feedId":…}` (finery.md §5); `feedId` omitted for feeds without one. */
export function encodeBind(event: 'bind' | 'unbind', feed: string, feedId: FeedId | undefined): string {
  return JSON.stringify(feedId === undefined ? { event, feed } : { event, feed, feedId });
}

/** `{"event":"request","reqId":…,"method":…,"content":…}` (finery.md §5, §8). */
export function encodeRequest(reqId: number, method: string, content: object): string {
  return JSON.stringify({ event: 'request', reqId, method, content });
}

const isInt = (v: unknown): v is number => Number.isSafeInteger(v);
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** Every element of `v[from..to)` is a finite number; one loop, no intermediate arrays. */
function numbersIn(v: readonly unknown[], from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (!isNum(v[i])) return false;
  return true;
}

/**
 * Most levels or level updates in one side of one book message: the venue publishes at most
 * 25 levels per side (finery.md §7.1), so a longer side is malformed, rejected before any
 * work on it is done.
 */
export const MAX_BOOK_SIDE_ENTRIES = 1_000;

/**
 * Validates a book side of `S` in place (finery.md §7.1): every level `[price, size]` safe
 * integers. Hot path: one loop over the parsed array, nothing allocated.
 */
function levels(value: unknown, text: string): readonly BookLevel[] {
  if (!Array.isArray(value)) fail('book side is not an array', text);
  if (value.length > MAX_BOOK_SIDE_ENTRIES) fail(`book side has ${value.length} levels, more than ${MAX_BOOK_SIDE_ENTRIES}`, text);
  for (let i = 0; i < value.length; i++) {
    const level: unknown = value[i];
    if (!Array.isArray(level) || !isInt(level[0]) || !isInt(level[1])) fail('book level is not [price, size] integers', text);
  }
  return value as BookLevel[];
}

/**
 * Validates a book side of `M` in place (finery.md §7.1): `[action, price, size]` with
 * action `+ M - ~`, safe integers, `size` omitted only for `-`. One loop, nothing allocated.
 */
function updates(value: unknown, text: string): readonly BookUpdate[] {
  if (!Array.isArray(value)) fail('book update side is not an array', text);
  if (value.length > MAX_BOOK_SIDE_ENTRIES) fail(`book side has ${value.length} updates, more than ${MAX_BOOK_SIDE_ENTRIES}`, text);
  for (let i = 0; i < value.length; i++) {
    const u: unknown = value[i];
    if (!Array.isArray(u)) fail('book update is not [action, price, size] with integers', text);
    const a: unknown = u[0];
    const size: unknown = u[2];
    if ((a !== 'M' && a !== '+' && a !== '-' && a !== '~') || !isInt(u[1]) || !(isInt(size) || (a === '-' && size === undefined))) {
      fail('book update is not [action, price, size] with integers', text);
    }
  }
  return value as BookUpdate[];
}

/** `[bids, asks]` of a book message; the parsed array itself when it has exactly two sides. */
function bookData(action: string, data: unknown, text: string): FeedMessage['data'] {
  if (!Array.isArray(data) || data.length < 2) fail('expected [bids, asks]', text);
  if (action === 'S') {
    levels(data[0], text);
    levels(data[1], text);
  } else if (action === 'M') {
    updates(data[0], text);
    updates(data[1], text);
  } else {
    fail(`book feed action '${action}'`, text);
  }
  return (data.length === 2 ? data : data.slice(0, 2)) as FeedMessage['data'];
}

function pair(data: unknown, text: string): readonly [unknown, unknown] {
  if (!Array.isArray(data) || data.length < 2) fail('expected [bids, asks]', text);
  return data as unknown as [unknown, unknown];
}

function currency(v: unknown, text: string): Currency {
  if (!Array.isArray(v) || typeof v[0] !== 'string' || !isNum(v[1])) fail('currency is not [name, id, …]', text);
  return { name: v[0], id: v[1], balanceStep: v[2], usdValuation: v[3], type: v[4] };
}

function instrument(v: unknown, text: string): Instrument {
  if (!Array.isArray(v) || typeof v[0] !== 'string' || !isNum(v[1])) fail('instrument is not [name, id, asset, balance]', text);
  return { name: v[0], id: v[1], assetCurrency: v[2], balanceCurrency: v[3] };
}

function position(v: unknown, text: string): Position {
  if (!Array.isArray(v) || typeof v[0] !== 'string' || !isInt(v[1])) fail('position is not [currency, value, …]', text);
  const p: Position = { currency: v[0], value: v[1], counterpartyId: v[2] };
  if (v.length > 3) p.maxReachablePosition = v[3];
  if (v.length > 4) p.minReachablePosition = v[4];
  return p;
}

function order(v: unknown, text: string): Order {
  if (!Array.isArray(v) || v.length < 10 || typeof v[0] !== 'string' || !numbersIn(v, 1, 10)) {
    fail('order is not [instrument, type, side, cancelReason, orderId, clientOrderId, price, size, sizeLeft, createdAt, …]', text);
  }
  return {
    instrument: v[0],
    orderType: v[1],
    side: v[2],
    cancelReason: v[3],
    orderId: v[4],
    clientOrderId: v[5],
    price: v[6],
    initialSize: v[7],
    sizeLeft: v[8],
    createdAt: v[9],
    byVolume: v[10] === 1 || v[10] === true,
  };
}

function deal(v: unknown, text: string): Deal {
  if (!Array.isArray(v) || v.length < 18 || !numbersIn(v, 10, 18)) fail('deal is shorter than 18 fields', text);
  const d: Deal = {
    ...order(v.slice(0, 10), text),
    byVolume: v[18] === 1 || v[18] === true,
    dealMoment: v[10],
    dealId: v[11],
    aggressorSide: v[12],
    dealPrice: v[13],
    dealSize: v[14],
    dealVolume: v[15],
    dealDelta: v[16],
    counterpartyId: v[17],
  };
  const optional = ['isOrderByVolume', 'takerOrderOwnerId', 'linkedTo', 'dealType', 'makerOrderOwnerId', 'liquiditySource'] as const;
  optional.forEach((name, i) => {
    const value = v[18 + i];
    if (value === undefined) return;
    if (name === 'isOrderByVolume') d.isOrderByVolume = value === 1 || value === true;
    else d[name] = value;
  });
  return d;
}

function list<T>(v: unknown, item: (x: unknown, text: string) => T, text: string): T[] {
  if (!Array.isArray(v)) fail('expected an array', text);
  return v.map((x) => item(x, text));
}

function decodeData(feed: string, tag: string, action: FeedAction, data: unknown, text: string): FeedMessage['data'] {
  switch (feed) {
    case 'B':
    case 'F':
    case 'MD':
      return bookData(action, data, text);
    case 'I':
      if (action === 'S') {
        const [currencies, instruments] = pair(data, text);
        return { currencies: list(currencies, currency, text), instruments: list(instruments, instrument, text) };
      }
      return tag === 'C' ? currency(data, text) : instrument(data, text);
    case 'K':
      if (action !== 'S') return position(data, text);
      if (Array.isArray(data) && isNum(data[0])) return { nextId: data[0], positions: list(data[1], position, text) };
      return { positions: list(data, position, text) };
    case 'O':
      if (action === 'S') return list(data, order, text);
      return action === 'D' ? deal(data, text) : order(data, text);
    default:
      return data;
  }
}

/** The feed a tag's messages belong to: `C` updates come on feed `I` (finery.md §6), every other tag is its feed. */
const feedOfTag = (tag: string): string => (tag === 'C' ? 'I' : tag);

const isAction = (a: string): boolean => a === 'M' || a === 'S' || a === '+' || a === '-' || a === 'D' || a === 'Z' || a === 'U';

/** The routing key of an inbound frame: interned when bound, built otherwise; a feed id beyond the bounds is malformed. */
function frameKey(feed: string, feedId: FeedId, keys: KeyCache | undefined, text: string): string {
  const key = (typeof feedId !== 'object' ? keys?.get(feed, feedId) : undefined) ?? keyOf(feed, feedId);
  if (key === undefined) fail(`feed id nested deeper than ${MAX_FEED_ID_DEPTH} levels or larger than ${MAX_FEED_ID_NODES} values`, text);
  return key;
}

function decodeFeedFrame(frame: unknown[], text: string, keys: KeyCache | undefined): InboundFrame {
  // Indexed reads, not destructuring: this runs once per feed message.
  const tag: unknown = frame[0];
  const rawId: unknown = frame[1];
  const action: unknown = frame[2];
  const data: unknown = frame[3];
  if (frame.length < 4 || typeof tag !== 'string' || typeof action !== 'string' || !isAction(action)) {
    fail('feed message is not [feed, feedId, action, data]', text);
  }
  if (rawId === null || (typeof rawId !== 'string' && typeof rawId !== 'number' && typeof rawId !== 'object')) {
    fail('feed id is not a string, number or object', text);
  }
  const feedId = rawId as FeedId;
  if (action === 'Z') {
    const code = Array.isArray(data) ? data[0] : data;
    if (!isInt(code)) fail('Z code is not an integer', text);
    if (tag === 'X') return { kind: 'status', code };
    return { kind: 'failure', key: frameKey(feedOfTag(tag), feedId, keys, text), code };
  }
  const feed = feedOfTag(tag);
  const key = frameKey(feed, feedId, keys, text);
  if (action === 'U') return { kind: 'unbound', key };
  let decoded: FeedMessage['data'];
  try {
    decoded = decodeData(feed, tag, action as FeedAction, data, text);
  } catch (error) {
    if (error instanceof FineryProtocolError) throw new FineryProtocolError(error.message, error.frame, feed, feedId);
    throw error;
  }
  const message = (
    feed === 'I' && action !== 'S' ? { feed, feedId, action, data: decoded, item: tag === 'C' ? 'currency' : 'instrument' } : { feed, feedId, action, data: decoded }
  ) as FeedMessage;
  return { kind: 'message', key, message };
}

/**
 * Decodes one text frame: `[` feed message, `{` request reply (finery.md §6, §8). `keys`
 * interns the routing keys of live bindings (the client passes its own).
 *
 * @throws FineryProtocolError for any malformed frame, including object feed ids nested
 *   deeper than `MAX_FEED_ID_DEPTH` and book sides longer than `MAX_BOOK_SIDE_ENTRIES`
 */
export function decodeFrame(text: string, keys?: KeyCache): InboundFrame {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return fail('frame is not JSON', text);
  }
  if (Array.isArray(parsed)) return decodeFeedFrame(parsed, text, keys);
  if (parsed !== null && typeof parsed === 'object') {
    const { reqId, reply, error, param } = parsed as Record<string, unknown>;
    if (!isNum(reqId)) fail('reply has no numeric reqId', text);
    if (error !== undefined && !isInt(error)) fail('reply error is not an integer', text);
    return { kind: 'reply', reqId, reply, error: error as number | undefined, param };
  }
  return fail('frame is neither a feed message nor a reply', text);
}
