/**
 * Routing keys of Market Prophit subscriptions (marketprophit.md §4, §5): the key a
 * subscription is registered under, and the look-up of a push's echoed path and params.
 * Internal: not exported by the package.
 */

/** `path` and params in name order, e.g. `/real-time/tweet-buzz|ticker=AAPL`. */
export const subscriptionKey = (path: string, params: Readonly<Record<string, unknown>>): string => {
  const names = Object.keys(params);
  if (names.length > 1) names.sort();
  let key = path;
  for (const name of names) key += `|${name}=${String(params[name])}`;
  return key;
};

/**
 * Keys of the one-param subscriptions made (e.g. `{ ticker }`) by path, param name and
 * value, so that routing a push (its echoed params) finds the key without building and
 * hashing a new string. Filled by `subscribe` only, never from the wire.
 *
 * The path of a push is a fresh string of about 40 characters that a `Map` look-up hashes
 * every time; consecutive pushes mostly echo the same path, and comparing it with the last
 * one looked up costs a fraction of that, so the last path and its names are kept.
 */
export interface OneParamKeys {
  readonly byPath: Map<string, Map<string, Map<string, string>>>;
  lastPath: string | undefined;
  lastByName: Map<string, Map<string, string>> | undefined;
}

export const createOneParamKeys = (): OneParamKeys => ({ byPath: new Map(), lastPath: undefined, lastByName: undefined });

/** The one param name of `params`, or undefined when there are none or several. */
const onlyName = (params: Readonly<Record<string, unknown>>): string | undefined => {
  const names = Object.keys(params);
  return names.length === 1 ? names[0] : undefined;
};

export const rememberKey = (keys: OneParamKeys, path: string, params: Readonly<Record<string, string>>, key: string): void => {
  const name = onlyName(params);
  if (name === undefined) return;
  let byName = keys.byPath.get(path);
  if (!byName) keys.byPath.set(path, (byName = new Map()));
  let byValue = byName.get(name);
  if (!byValue) byName.set(name, (byValue = new Map()));
  byValue.set(params[name] as string, key);
};

/** Removes what {@link rememberKey} added, and the maps it leaves empty. */
export const forgetKey = (keys: OneParamKeys, path: string, params: Readonly<Record<string, string>>): void => {
  const name = onlyName(params);
  if (name === undefined) return;
  const byName = keys.byPath.get(path);
  const byValue = byName?.get(name);
  if (!byName || !byValue) return;
  byValue.delete(params[name] as string);
  if (byValue.size === 0) byName.delete(name);
  if (byName.size > 0) return;
  keys.byPath.delete(path);
  if (keys.lastByName === byName) keys.lastPath = keys.lastByName = undefined;
};

/** The number of keys remembered (a debug figure of `toJSON`). */
export const keyCount = (keys: OneParamKeys): number => {
  let count = 0;
  for (const byName of keys.byPath.values()) for (const byValue of byName.values()) count += byValue.size;
  return count;
};

/**
 * The subscription key of a push's echoed path and params: a remembered key, else
 * {@link subscriptionKey}; `undefined` when a param is not a string (no subscription has such a
 * param, and a hostile value, e.g. an array nested 20 000 deep, is never turned into text).
 */
export const routingKey = (keys: OneParamKeys, path: string, params: Readonly<Record<string, unknown>>): string | undefined => {
  const name = onlyName(params);
  if (name !== undefined) {
    const value = params[name];
    if (typeof value !== 'string') return undefined;
    let byName = keys.lastByName;
    if (path !== keys.lastPath) {
      byName = keys.byPath.get(path);
      if (byName) {
        keys.lastPath = path;
        keys.lastByName = byName;
      }
    }
    const key = byName?.get(name)?.get(value);
    if (key !== undefined) return key;
  }
  for (const param of Object.keys(params)) if (typeof params[param] !== 'string') return undefined;
  return subscriptionKey(path, params);
};
