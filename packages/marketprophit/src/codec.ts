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

/**
 * At most 120 characters of `value` for a message; never throws: a value that cannot be
 * serialized (nested 20 000 deep, cyclic, a BigInt) is named by its type instead, as `String()`
 * of a deep array recurses too.
 */
export const excerpt = (value: unknown): string => {
  let text: string;
  try {
    text = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
  } catch {
    text = Array.isArray(value) ? '[unserializable array]' : `[unserializable ${typeof value}]`;
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

/** `x`, `o`, `b` in either case: the radix letter of `0x…`, `0o…`, `0b…`. */
const isRadixLetter = (c: number): boolean => c === 120 || c === 88 || c === 111 || c === 79 || c === 98 || c === 66;

/**
 * A JSON number, or a decimal string `[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?` (case-insensitive
 * `e`, surrounding whitespace ignored) as the docs send values (§7.3), as a number; else
 * undefined. `Number` parses exactly that grammar plus the empty string, `Infinity` and
 * `0x`/`0o`/`0b` integers (ECMA-262 StringToNumber): `Infinity`, like a decimal beyond the
 * double range (`1e400`), fails the finiteness check, the other two are excluded by their
 * characters instead of a regex over every value.
 */
const toNumber = (value: unknown): number | undefined => {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const number = Number(value);
  if (!Number.isFinite(number)) return undefined;
  const text = value.trim();
  if (text.length === 0 || (text.length > 1 && text.charCodeAt(0) === 48 && isRadixLetter(text.charCodeAt(1)))) return undefined;
  return number;
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

/** `YYYY-MM-DDTHH:MM[:SS[.fff]]` with an optional zone: ISO-8601 as the docs show it (§7.3). */
const ISO_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:?\d\d)?$/;

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
  if (typeof ts !== 'string' || !ISO_TIME.test(ts)) throw malformed(`record (ts) of ${path}`, raw, path);
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
      // Echoed params with a nested value (possibly 20 000 deep) are left out, so no logger or JSON.stringify of the error recurses.
      ...(isObject(params) && Object.values(params).every((v) => typeof v !== 'object' || v === null) ? { params } : {}),
    });
  }
  return new MarketProphitError('ENDPOINT_ERROR', `Market Prophit endpoint error: ${excerpt(payload)}`, false);
}
