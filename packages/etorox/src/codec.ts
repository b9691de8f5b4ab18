import { EtoroxItemError } from './errors';
import type { EtoroxEvent } from './types';

/**
 * How a field is read from the wire: `decimal` is a signed number, `size` one that is not
 * negative (prices and sizes); both as JSON numbers or decimal strings.
 */
type Kind = 'string' | 'decimal' | 'size' | 'side' | 'id';

const ORDER_FIELDS: readonly (readonly [string, Kind])[] = Object.entries({
  id: 'string',
  market: 'string',
  side: 'side',
  price: 'size',
  volume: 'size',
  delta: 'decimal',
  origin_volume: 'size',
  state: 'string',
  updated_at: 'string',
  snapshot_id: 'id',
  strategy: 'string',
  tif: 'string',
  expiration_date: 'string',
} satisfies Record<string, Kind>);
const ORDER_REQUIRED = ['id', 'side', 'price', 'volume'];

const TRADE_FIELDS: readonly (readonly [string, Kind])[] = Object.entries({
  tid: 'string',
  market: 'string',
  price: 'size',
  amount: 'size',
  created_at: 'string',
  snapshot_id: 'id',
  side: 'side',
  order_id: 'string',
  execution_type: 'string',
} satisfies Record<string, Kind>);
const TRADE_REQUIRED = ['tid', 'price', 'amount'];

/** Documented variants of a key (etorox.md §6.2): public `order_canceled` `update_at`; private trade `id`, `volume`. */
const ALIASES: Partial<Record<string, string>> = { updated_at: 'update_at', tid: 'id', amount: 'volume' };

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

function read(kind: Kind, value: unknown): unknown {
  switch (kind) {
    case 'string':
      return typeof value === 'string' ? value : undefined;
    case 'side':
      return value === 'bid' || value === 'ask' ? value : undefined;
    case 'id':
      return typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value)) ? String(value) : undefined;
    case 'decimal':
      return number(value);
    case 'size': {
      const parsed = number(value);
      return parsed !== undefined && parsed >= 0 ? parsed : undefined;
    }
  }
}

function fail(message: string, field?: string): never {
  throw new EtoroxItemError(message, field);
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
    const event: Record<string, unknown> = { name, market: channel };
    for (const [key, kind] of isOrder ? ORDER_FIELDS : TRADE_FIELDS) {
      const wire = raw[key] ?? (ALIASES[key] === undefined ? undefined : raw[ALIASES[key]]);
      if (wire === undefined || wire === null) continue;
      const parsed = read(kind, wire);
      if (parsed === undefined) fail(`Field ${key} has an invalid value`, key);
      event[key] = parsed;
    }
    for (const key of isOrder ? ORDER_REQUIRED : TRADE_REQUIRED) {
      const requested = !fields || fields.includes(key) || (key === 'tid' && fields.includes('id'));
      if (requested && event[key] === undefined) fail(`Field ${key} is missing`, key);
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
