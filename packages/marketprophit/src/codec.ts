import { MarketProphitError } from './errors';
import { MARKET_PROPHIT_VALUE_FIELDS } from './types';
import type { MarketProphitPath, MarketProphitRecord } from './types';

/**
 * A `res`/`data` push as routing needs it (marketprophit.md §4, §5): the payload object
 * itself when it is a push (its `timestamp`, `method` and other fields stay on it), or
 * `{ results }` wrapping a bare array or record.
 */
export interface MarketProphitPush {
  /** The subscribed path as echoed by the server; absent for a bare array or record. */
  readonly path?: string;
  /** The subscribed params as echoed; absent when not sent. */
  readonly params?: Readonly<Record<string, unknown>>;
  /** Raw records, parsed per subscription with {@link parseMarketProphitRecord}. */
  readonly results: readonly unknown[];
}

const excerpt = (value: unknown): string => {
  let text: string;
  try {
    text = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
  } catch {
    text = String(value);
  }
  return text.length > 120 ? `${text.slice(0, 120)}…` : text;
};

const malformed = (what: string, value: unknown, path?: string): MarketProphitError =>
  new MarketProphitError('MALFORMED', `Malformed Market Prophit ${what}: ${excerpt(value)}`, false, path === undefined ? {} : { path });

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Decodes the payload of a `res` (version A) or `data` (version B) event. Accepts every
 * documented or inferred form (§4): `{path, params, timestamp, results: [...]}`, a bare
 * array of records, a single record, or any of these as a JSON string.
 *
 * @throws MarketProphitError `MALFORMED` for anything else (a non-array `results`, a
 *   number, a string that is not JSON, an object that is neither a push nor a record)
 */
export function decodeMarketProphitPush(payload: unknown): MarketProphitPush {
  let value = payload;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch {
      throw malformed('push', payload);
    }
  }
  if (Array.isArray(value)) return { results: value };
  if (!isObject(value)) throw malformed('push', payload);
  if ('results' in value) {
    const { path, params, results } = value;
    if (!Array.isArray(results) || (path !== undefined && typeof path !== 'string') || (params !== undefined && !isObject(params))) {
      throw malformed('push', payload);
    }
    return value as unknown as MarketProphitPush;
  }
  if ('ts' in value) return { results: [value] };
  throw malformed('push', payload);
}

const isDigit = (c: number): boolean => c >= 48 && c <= 57;

/**
 * Whether `s` is a decimal number as the docs send them (§7.3): `[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?`
 * (case-insensitive `e`) and nothing else. A scan over the char codes; no regex, no allocation.
 */
function isDecimal(s: string): boolean {
  let i = 0;
  let c = s.charCodeAt(0);
  if (c === 43 || c === 45) c = s.charCodeAt(++i); // + -
  let digits = 0;
  for (; isDigit(c); digits++) c = s.charCodeAt(++i);
  if (c === 46) for (c = s.charCodeAt(++i); isDigit(c); digits++) c = s.charCodeAt(++i); // .
  if (digits === 0) return false;
  if (c === 101 || c === 69) {
    // e E
    c = s.charCodeAt(++i);
    if (c === 43 || c === 45) c = s.charCodeAt(++i);
    if (!isDigit(c)) return false;
    while (isDigit(c)) c = s.charCodeAt(++i);
  }
  return i === s.length;
}

const toNumber = (value: unknown): number | undefined => {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  // `Number` ignores the same surrounding whitespace as `trim` (ECMA-262 StringToNumber).
  return typeof value === 'string' && isDecimal(value.trim()) ? Number(value) : undefined;
};

/** Per path: value fields with their alternative spelling, and whether records carry `user_id`. */
const SPECS = new Map(
  Object.entries(MARKET_PROPHIT_VALUE_FIELDS).map(([path, fields]) => [
    path,
    {
      perUser: (fields as readonly string[]).includes('user_score'),
      fields: fields.map((field) => ({ field, alias: field.replace(/_moving_average$/, '_moving_avg') })),
    },
  ]),
);

/** Whether `s` has two ASCII digits at `i`. */
const twoDigits = (s: string, i: number): boolean => isDigit(s.charCodeAt(i)) && isDigit(s.charCodeAt(i + 1));

/**
 * `YYYY-MM-DDTHH:MM[:SS[.fff]]` with an optional zone `Z`, `±HH:MM` or `±HHMM`: ISO-8601 as
 * the docs show it (§7.3). A scan over the char codes; no regex, no allocation.
 */
function isIsoTime(s: string): boolean {
  if (!(twoDigits(s, 0) && twoDigits(s, 2) && s.charCodeAt(4) === 45 && twoDigits(s, 5) && s.charCodeAt(7) === 45 && twoDigits(s, 8))) return false;
  if (!(s.charCodeAt(10) === 84 && twoDigits(s, 11) && s.charCodeAt(13) === 58 && twoDigits(s, 14))) return false; // T :
  let i = 16;
  if (s.charCodeAt(i) === 58) {
    // :SS[.fff]
    if (!twoDigits(s, i + 1)) return false;
    i += 3;
    if (s.charCodeAt(i) === 46) {
      if (!isDigit(s.charCodeAt(++i))) return false;
      while (isDigit(s.charCodeAt(i))) i++;
    }
  }
  const c = s.charCodeAt(i);
  if (c === 90) i++; // Z
  else if (c === 43 || c === 45) {
    // ±HH[:]MM
    if (!twoDigits(s, i + 1)) return false;
    i += 3;
    if (s.charCodeAt(i) === 58) i++;
    if (!twoDigits(s, i)) return false;
    i += 2;
  }
  return i === s.length;
}

/**
 * Parses one record of `path` (§7): `ts` an ISO-8601 string, `ticker` a non-empty string,
 * `user_id` (user sentiment) a string or number, every value field of the path a JSON
 * number or a decimal string (§7.3). `…_moving_average` also accepts `…_moving_avg` (§7.1).
 * Unknown extra fields are dropped.
 *
 * @throws MarketProphitError `MALFORMED` naming the first bad field (or an unknown path)
 */
export function parseMarketProphitRecord<P extends MarketProphitPath>(path: P, raw: unknown): MarketProphitRecord<P> {
  const spec = SPECS.get(path);
  if (!spec || !isObject(raw)) throw malformed(spec ? 'record' : `record of unknown path ${path}`, raw, path);
  const { ts, ticker } = raw;
  if (typeof ts !== 'string' || !isIsoTime(ts)) throw malformed(`record (ts) of ${path}`, raw, path);
  if (typeof ticker !== 'string' || ticker === '') throw malformed(`record (ticker) of ${path}`, raw, path);
  const record: Record<string, string | number> = { ts, ticker };
  if (spec.perUser) {
    const userId = raw.user_id;
    if ((typeof userId !== 'string' || userId === '') && typeof userId !== 'number') throw malformed(`record (user_id) of ${path}`, raw, path);
    record.user_id = String(userId);
  }
  for (const { field, alias } of spec.fields) {
    const value = toNumber(raw[field] ?? raw[alias]);
    if (value === undefined) throw malformed(`record (${field}) of ${path}`, raw, path);
    record[field] = value;
  }
  return record as unknown as MarketProphitRecord<P>;
}

/**
 * Decodes an `err` event (§4): `{path, params, message}` (simulator default) or a bare
 * string, into an `ENDPOINT_ERROR` (transient).
 */
export function decodeMarketProphitErr(payload: unknown): MarketProphitError {
  if (isObject(payload)) {
    const { path, params, message } = payload;
    const text = typeof message === 'string' ? message : excerpt(payload);
    return new MarketProphitError('ENDPOINT_ERROR', `Market Prophit endpoint error${typeof path === 'string' ? ` on ${path}` : ''}: ${text}`, false, {
      ...(typeof path === 'string' ? { path } : {}),
      ...(isObject(params) ? { params } : {}),
    });
  }
  return new MarketProphitError('ENDPOINT_ERROR', `Market Prophit endpoint error: ${excerpt(payload)}`, false);
}
