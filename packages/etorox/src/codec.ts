import { EtoroxItemError } from './errors';
import type { EtoroxEvent } from './types';

/**
 * Fields are read by kind: `string`; `side` (`bid`/`ask`); `id` (string or finite number,
 * kept as a string); `decimal`, a signed number, and `size`, one that is not negative
 * (prices and sizes), both as JSON numbers or decimal strings. Order fields (etorox.md
 * §6.1): `id`, `market`, `side`, `price` and `volume` (sizes), `delta` (decimal),
 * `origin_volume` (size), `state`, `updated_at` (or `update_at`, §6.2), `snapshot_id` (id),
 * `strategy`, `tif`, `expiration_date`; trade fields: `tid` (or `id`), `market`, `price`,
 * `amount` (or `volume`), `created_at`, `snapshot_id`, `side`, `order_id`, `execution_type`.
 */
const ORDER_REQUIRED = ['id', 'side', 'price', 'volume'];
const TRADE_REQUIRED = ['tid', 'price', 'amount'];

const ORDER_NAMES = new Set(['order_created', 'order_updated', 'order_canceled', 'order_completed']);

/**
 * Fields the client always requests next to the caller's: `name` (to type the event) and
 * the identity fields used to remove duplicates during a connection recycle (etorox.md §7.1).
 */
const IDENTITY_FIELDS = ['id', 'name', 'snapshot_id', 'tid'];

/**
 * The `fields` list actually sent with `subscribe`: the caller's plus the identity fields,
 * without duplicates, sorted by code unit as the venue requires (etorox.md §5.2).
 * `undefined` (whole objects) stays `undefined`.
 */
export function etoroxRequestFields(fields: readonly string[] | undefined): string[] | undefined {
  return fields ? [...new Set([...fields, ...IDENTITY_FIELDS])].sort() : undefined;
}

const DECIMAL = /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/;

/**
 * A venue number: finite also in integer 1e-8 units (so `|x|` below about 1.8e300), which
 * is how the book sums it; `"1e400"` and `1e300` are invalid.
 */
function number(value: unknown): number | undefined {
  const parsed = typeof value === 'number' ? value : typeof value === 'string' && DECIMAL.test(value) ? Number(value) : Number.NaN;
  return Number.isFinite(parsed * 1e8) ? parsed : undefined;
}

function fail(message: string, field?: string): never {
  throw new EtoroxItemError(message, field);
}

// One reader per field kind; each returns the value as the event keeps it or fails naming the field.
function readString(value: unknown, field: string): string {
  return typeof value === 'string' ? value : fail(`Field ${field} has an invalid value`, field);
}

function readSide(value: unknown, field: string): string {
  return value === 'bid' || value === 'ask' ? value : fail(`Field ${field} has an invalid value`, field);
}

function readId(value: unknown, field: string): string {
  return typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value)) ? String(value) : fail(`Field ${field} has an invalid value`, field);
}

function readDecimal(value: unknown, field: string): number {
  return number(value) ?? fail(`Field ${field} has an invalid value`, field);
}

function readSize(value: unknown, field: string): number {
  const parsed = number(value);
  return parsed !== undefined && parsed >= 0 ? parsed : fail(`Field ${field} has an invalid value`, field);
}

/** Array item → object with the requested field names (etorox.md §5.2). */
function toObject(item: unknown, fields: readonly string[] | undefined): Record<string, unknown> {
  if (fields) {
    if (!Array.isArray(item)) fail('Expected an array item for a subscription with fields');
    if (item.length !== fields.length) fail(`Array item has ${item.length} values, fields has ${fields.length}`);
    const object: Record<string, unknown> = {};
    for (let index = 0; index < fields.length; index += 1) object[fields[index] as string] = item[index];
    return object;
  }
  if (typeof item !== 'object' || item === null || Array.isArray(item)) fail('Expected an object item');
  return item as Record<string, unknown>;
}

/**
 * The fields of an order event (etorox.md §6.1), in `ORDER_FIELDS` order: straight-line
 * named stores (one hidden-class path per item shape) instead of keyed stores in a loop,
 * the decoder's hot spot. A `null` or absent field stays absent.
 */
function orderEvent(raw: Record<string, unknown>, name: string, channel: string): Record<string, unknown> {
  const event: Record<string, unknown> = { name, market: channel };
  let v: unknown;
  if ((v = raw.id) != null) event.id = readString(v, 'id');
  if ((v = raw.market) != null) event.market = readString(v, 'market');
  if ((v = raw.side) != null) event.side = readSide(v, 'side');
  if ((v = raw.price) != null) event.price = readSize(v, 'price');
  if ((v = raw.volume) != null) event.volume = readSize(v, 'volume');
  if ((v = raw.delta) != null) event.delta = readDecimal(v, 'delta');
  if ((v = raw.origin_volume) != null) event.origin_volume = readSize(v, 'origin_volume');
  if ((v = raw.state) != null) event.state = readString(v, 'state');
  if ((v = raw.updated_at ?? raw.update_at) != null) event.updated_at = readString(v, 'updated_at');
  if ((v = raw.snapshot_id) != null) event.snapshot_id = readId(v, 'snapshot_id');
  if ((v = raw.strategy) != null) event.strategy = readString(v, 'strategy');
  if ((v = raw.tif) != null) event.tif = readString(v, 'tif');
  if ((v = raw.expiration_date) != null) event.expiration_date = readString(v, 'expiration_date');
  return event;
}

/** The fields of a `trade_completed` event (etorox.md §6.1, §6.2), in `TRADE_FIELDS` order, as {@link orderEvent}. */
function tradeEvent(raw: Record<string, unknown>, name: string, channel: string): Record<string, unknown> {
  const event: Record<string, unknown> = { name, market: channel };
  let v: unknown;
  if ((v = raw.tid ?? raw.id) != null) event.tid = readString(v, 'tid');
  if ((v = raw.market) != null) event.market = readString(v, 'market');
  if ((v = raw.price) != null) event.price = readSize(v, 'price');
  if ((v = raw.amount ?? raw.volume) != null) event.amount = readSize(v, 'amount');
  if ((v = raw.created_at) != null) event.created_at = readString(v, 'created_at');
  if ((v = raw.snapshot_id) != null) event.snapshot_id = readId(v, 'snapshot_id');
  if ((v = raw.side) != null) event.side = readSide(v, 'side');
  if ((v = raw.order_id) != null) event.order_id = readString(v, 'order_id');
  if ((v = raw.execution_type) != null) event.execution_type = readString(v, 'execution_type');
  return event;
}

/** The required keys of each kind that a `fields` list requested, computed once per list. */
const requiredByFields = new WeakMap<readonly string[], { order: string[]; trade: string[] }>();

function requiredKeys(fields: readonly string[] | undefined, isOrder: boolean): readonly string[] {
  if (!fields) return isOrder ? ORDER_REQUIRED : TRADE_REQUIRED;
  let required = requiredByFields.get(fields);
  if (!required) {
    const requested = (key: string) => fields.includes(key) || (key === 'tid' && fields.includes('id'));
    required = { order: ORDER_REQUIRED.filter(requested), trade: TRADE_REQUIRED.filter(requested) };
    requiredByFields.set(fields, required);
  }
  return isOrder ? required.order : required.trade;
}

/**
 * One `subscribe` stream item → a typed event (etorox.md §5.2, §6.1, §6.2).
 *
 * - With `fields` (the list sent, see `etoroxRequestFields`) the item must be an array of
 *   that length; without, an object.
 * - `null` means absent. Accepted variants: `update_at` for `updated_at`; `delta`,
 *   `price`, `volume`, `amount` as numbers or decimal strings (finite, also in 1e-8 units;
 *   prices and sizes not negative); the private trade's
 *   `id`/`volume` for `tid`/`amount`; `snapshot_id` as string or number.
 * - Required: `id`, `side`, `price`, `volume` on order events, `tid`, `price`, `amount` on
 *   trades, as far as they were requested; `market` defaults to `channel`.
 *
 * Never throws: a bad item becomes `{ name: 'error', market: channel, error, item }`.
 */
export function decodeEtoroxItem(item: unknown, channel: string, fields?: readonly string[]): EtoroxEvent {
  try {
    const raw = toObject(item, fields);
    const name = raw.name;
    const isOrder = typeof name === 'string' && ORDER_NAMES.has(name);
    if (!isOrder && name !== 'trade_completed') fail(`Unknown item name ${JSON.stringify(name)}`, 'name');
    const event = isOrder ? orderEvent(raw, name, channel) : tradeEvent(raw, name, channel);
    const required = requiredKeys(fields, isOrder);
    for (let i = 0; i < required.length; i++) {
      const key = required[i] as string;
      if (event[key] === undefined) fail(`Field ${key} is missing`, key);
    }
    return event as unknown as EtoroxEvent;
  } catch (error) {
    const itemError = error instanceof EtoroxItemError ? error : new EtoroxItemError(error instanceof Error ? error.message : 'Unreadable item');
    return { name: 'error', market: channel, error: itemError, item: boundedItem(item) };
  }
}

/**
 * Deepest nesting kept in the `item` of an error event. Items are flat (an object of values
 * or an array of values, etorox.md §5.2, §6.1), so anything deeper is garbage: it is replaced
 * by a placeholder string, so that no consumer walking the event (`JSON.stringify`, a logger)
 * can overflow the stack.
 */
export const ETOROX_MAX_ITEM_DEPTH = 8;

/** The raw item, or a placeholder when it nests deeper than {@link ETOROX_MAX_ITEM_DEPTH}; iterative over any depth. */
function boundedItem(item: unknown): unknown {
  let level: unknown[] = [item];
  for (let depth = 0; level.length > 0; depth += 1) {
    if (depth > ETOROX_MAX_ITEM_DEPTH) return `[item nested deeper than ${ETOROX_MAX_ITEM_DEPTH} levels]`;
    const next: unknown[] = [];
    for (const node of level) {
      if (typeof node !== 'object' || node === null) continue;
      for (const value of Object.values(node)) if (typeof value === 'object' && value !== null) next.push(value);
    }
    level = next;
  }
  return item;
}

/**
 * Identity of an event for removing duplicates while two connections overlap
 * (etorox.md §7.1): name, order or trade id, `snapshot_id`, sizes and times; an error
 * event by its raw item.
 */
export function etoroxEventKey(event: EtoroxEvent): string {
  if (event.name === 'error') {
    try {
      return `error|${JSON.stringify(event.item)}`;
    } catch {
      // BigInt or a cycle (a decoded item is never too deep: see boundedItem): keyed by its error alone.
      return `error|unserializable|${event.error.message}`;
    }
  }
  const e = event as unknown as Record<string, unknown>;
  return [e.name, e.id ?? e.tid, e.snapshot_id, e.volume ?? e.amount, e.delta, e.updated_at ?? e.created_at].join('|');
}
