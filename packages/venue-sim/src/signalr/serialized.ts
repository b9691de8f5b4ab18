/**
 * Values serialized once and sent to many connections: a hub that pushes the same order
 * book or stream item to every subscriber wraps it with {@link serializeItem} and passes
 * the wrapper as an argument of `send()`/`sendToAll()` or as a stream item; its JSON is
 * then copied into each frame instead of running `JSON.stringify` per connection.
 */
const serialized = new WeakSet<object>();

/** A value with its JSON text computed once; create with {@link serializeItem}. */
export interface SerializedItem {
  /** The value's JSON text (`null` for `undefined`). */
  readonly json: string;
}

/**
 * Serializes `value` once for many sends. Mutating `value` afterwards does not change
 * what is sent.
 * @throws TypeError when `value` cannot be serialized (BigInt, cycles).
 */
export function serializeItem(value: unknown): SerializedItem {
  const item = Object.freeze({ json: JSON.stringify(value) ?? 'null' });
  serialized.add(item);
  return item;
}

/** The JSON text of a value or of a {@link SerializedItem}; `undefined` becomes `null`. */
export function toJson(value: unknown): string {
  if (typeof value === 'object' && value !== null && serialized.has(value)) return (value as SerializedItem).json;
  return JSON.stringify(value) ?? 'null';
}
