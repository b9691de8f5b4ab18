/**
 * Bounds the simulators apply to what a client sends: a frame a client can shape must not
 * make a simulator recurse without limit (`JSON.stringify`, socket.io's `hasBinary` and
 * `canonical` keys all recurse), so nested values are measured iteratively and refused
 * past a small depth before anything walks them.
 */

/**
 * Nesting depth the simulators accept in a client's values [inferred]: every documented
 * request shape nests at most 3 levels (finery.md §5 `{instrument, makers: [...]}`,
 * marketprophit.md §4 `params`); 32 leaves room for any honest client.
 */
export const MAX_CLIENT_DEPTH = 32;

/**
 * True when `value` nests arrays/objects deeper than `limit` levels (a scalar is depth 0,
 * `[]` and `{}` depth 1). Iterative, so a value nested 100 000 deep is measured without
 * growing the call stack; stops at the first branch past the limit.
 */
export function nestedDeeperThan(value: unknown, limit: number = MAX_CLIENT_DEPTH): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [item, depth] = stack.pop() as [unknown, number];
    if (item === null || typeof item !== 'object') continue;
    if (depth + 1 > limit) return true;
    const children = Array.isArray(item) ? item : Object.values(item as Record<string, unknown>);
    for (const child of children) if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
  }
  return false;
}
