/**
 * Active subscriptions of a client, keyed (e.g. by instrument or `pair|size`), to replay after a
 * reconnect: SignalR restores nothing on reconnect (signalr.md §9, hercle.md §7) and socket.io
 * buffers emits made while disconnected (socketio.md §8), so the client keeps the list itself
 * and re-sends it once per new connection.
 */
export interface SubscriptionRegistry<K, V> {
  /** Adds or replaces the entry for `key`; `true` when the key was new. */
  add(key: K, value: V): boolean;
  /** Forgets `key`; `true` when it was present. A forgotten entry is never replayed again. */
  delete(key: K): boolean;
  has(key: K): boolean;
  get(key: K): V | undefined;
  /** Number of active entries. */
  readonly size: number;
  /** Active keys in insertion order. */
  keys(): K[];
  /** Forgets every entry. */
  clear(): void;
  /**
   * Calls `send(value, key)` exactly once for every entry active when `replay` starts, in
   * insertion order, with its current value; an entry deleted by an earlier `send` is skipped,
   * an entry added meanwhile is not included. An error thrown by `send` propagates and stops the replay.
   */
  replay(send: (value: V, key: K) => void): void;
}

/**
 * Creates an empty {@link SubscriptionRegistry}.
 *
 * @example
 * const subs = createSubscriptionRegistry<string, { pair: string; size: number }>();
 * subs.add('BTCUSDT|1', { pair: 'BTCUSDT', size: 1 });
 * // in the connect factory, once the new connection is up:
 * subs.replay((s) => hub.invoke('SubscribePairPriceChannel', s.pair, s.size));
 */
export function createSubscriptionRegistry<K, V>(): SubscriptionRegistry<K, V> {
  const entries = new Map<K, V>();
  return {
    add(key, value) {
      const isNew = !entries.has(key);
      entries.set(key, value);
      return isNew;
    },
    delete: (key) => entries.delete(key),
    has: (key) => entries.has(key),
    get: (key) => entries.get(key),
    get size() {
      return entries.size;
    },
    keys: () => [...entries.keys()],
    clear: () => entries.clear(),
    replay(send) {
      for (const key of [...entries.keys()]) {
        if (entries.has(key)) send(entries.get(key) as V, key);
      }
    },
  };
}
