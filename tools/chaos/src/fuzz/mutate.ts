import fc from 'fast-check';

/** A JSON value nobody expects where a field is: wrong types, non-finite and huge numbers, odd strings. */
export const oddValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(null, undefined, true, false, 0, -0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, -1e308, 1e21, 2 ** 53 + 2, '', '0', '1e400', 'NaN', '-', '\u0000', '[]', '{}'),
  fc.integer(),
  fc.double(),
  fc.string({ maxLength: 8 }),
  fc.constant([]),
  fc.constant({}),
  fc.array(fc.integer(), { maxLength: 3 }),
);

/** Replaces, deletes or duplicates one node of a JSON value (objects and arrays, depth-first by index). */
function mutateValue(value: unknown, path: number[], replacement: unknown, operation: 'replace' | 'delete' | 'duplicate'): unknown {
  if (value === null || typeof value !== 'object') return path.length === 0 && operation === 'replace' ? replacement : value;
  const entries: [string, unknown][] = Array.isArray(value) ? value.map((v, i) => [String(i), v]) : Object.entries(value);
  if (entries.length === 0) return operation === 'replace' && path.length === 0 ? replacement : value;
  const index = (path[0] ?? 0) % entries.length;
  const rest = path.slice(1);
  const [key, child] = entries[index] as [string, unknown];
  const descend = rest.length > 0 && child !== null && typeof child === 'object';
  let next: [string, unknown][];
  if (descend) next = entries.map(([k, v], i) => [k, i === index ? mutateValue(v, rest, replacement, operation) : v]);
  else if (operation === 'delete') next = entries.filter((_, i) => i !== index);
  else if (operation === 'duplicate') next = [...entries.slice(0, index + 1), [Array.isArray(value) ? key : `${key}_`, child], ...entries.slice(index + 1)];
  else next = entries.map(([k, v], i) => [k, i === index ? replacement : v]);
  return Array.isArray(value) ? next.map(([, v]) => v) : Object.fromEntries(next);
}

/** `valid` with one structural mutation somewhere inside (a node replaced by an odd value, deleted or duplicated). */
export function mutatedValue<T>(valid: fc.Arbitrary<T>): fc.Arbitrary<unknown> {
  return fc
    .tuple(valid, fc.array(fc.nat(), { minLength: 1, maxLength: 4 }), oddValue, fc.constantFrom('replace', 'delete', 'duplicate') as fc.Arbitrary<'replace' | 'delete' | 'duplicate'>)
    .map(([value, path, replacement, operation]) => mutateValue(value, path, replacement, operation));
}

/** The JSON text of `valid` cut short, with a character replaced or inserted, or a mutated value's JSON. */
export function mutatedText<T>(valid: fc.Arbitrary<T>): fc.Arbitrary<string> {
  const text = valid.map((v) => JSON.stringify(v) ?? 'null');
  return fc.oneof(
    fc.tuple(text, fc.nat()).map(([t, n]) => t.slice(0, n % (t.length + 1))),
    fc.tuple(text, fc.nat(), fc.string({ minLength: 1, maxLength: 3 })).map(([t, n, s]) => {
      const at = n % (t.length + 1);
      return t.slice(0, at) + s + t.slice(at + 1);
    }),
    fc.tuple(text, fc.nat(), fc.constantFrom('"', ',', '[', ']', '{', '}', '-', 'e', '.', '\\')).map(([t, n, s]) => {
      const at = n % (t.length + 1);
      return t.slice(0, at) + s + t.slice(at);
    }),
    fc.tuple(text, fc.nat(), fc.constantFrom('1e400', '-1e400', '1e-400', '-0', '0', '9007199254740993', '1.5')).map(([t, n, number]) => {
      // One number token replaced by a value JSON can carry but a double or an integer cannot.
      let seen = 0;
      const count = (t.match(/-?\d+(\.\d+)?(e[+-]?\d+)?/gi) ?? []).length;
      return t.replace(/-?\d+(\.\d+)?(e[+-]?\d+)?/gi, (token) => (seen++ === n % Math.max(1, count) ? number : token));
    }),
    mutatedValue(valid).map((v) => JSON.stringify(v) ?? 'undefined'),
    fc.string({ maxLength: 40 }),
  );
}
