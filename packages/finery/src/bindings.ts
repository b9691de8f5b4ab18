/**
 * Feed bindings of one client (finery.md §5, §6): one binding per (feed, feedId) shared by
 * its listeners, `bind` on the first listener, `unbind` after the last, re-bound exactly
 * once on every new connection, and re-bound on demand for a fresh snapshot.
 */
import type { SubscriptionRegistry } from '@org/reconnect';
import { createSubscriptionRegistry } from '@org/reconnect';
import type WebSocket from 'ws';
import { bindingKey, encodeBind } from './codec';
import type { KeyCache } from './codec';
import { FineryApiError } from './errors';
import { batchMessage } from './book-frame';
import type { BookUpdateBatch } from './book-frame';
import type { FeedId, FeedMessage } from './types';

/** A consumer of one binding's messages. */
export interface BindingListener {
  /** One message; `receivedAt`: when its frame arrived, ms epoch. */
  message(message: FeedMessage, receivedAt: number): void;
  /**
   * One incremental book message in the scanned form (`scanBookUpdates`, valid during the
   * call), instead of `message`: book listeners take it, so the client's fast path makes no
   * `FeedMessage` for them; listeners without it get `batchMessage(batch)`.
   */
  updates?(batch: BookUpdateBatch, receivedAt: number): void;
  error(error: Error): void;
  complete(): void;
  /** The binding was sent again (new connection or re-bind): a fresh `S` follows. */
  rebound?(): void;
}

interface Binding {
  readonly feed: string;
  readonly feedId: FeedId | undefined;
  readonly listeners: Set<BindingListener>;
  /** A re-bind for a fresh snapshot is under way; no second one until the `S` arrives. */
  rebinding: boolean;
  /** The `S` of the current bind arrived: a listener joining now needs a re-bind to get one. */
  snapshotSeen: boolean;
}

/** The bindings of a client; `socket()` is the usable socket, if any. */
export interface Bindings {
  /**
   * Adds a listener to the binding of (feed, feedId), binding first if needed; returns the
   * detach function (the last one unbinds). A listener joining after the binding's `S`
   * re-binds it, so that it starts with a fresh `S` too (a full replace for the others).
   */
  attach(feed: string, feedId: FeedId | undefined, listener: BindingListener): () => void;
  /** Unbinds and binds again for a fresh snapshot (finery.md §7.1), one re-bind at a time. */
  rebind(key: string): void;
  /** Keys of the active bindings. */
  keys(): string[];
  /** A new socket opened: unbind answers of the old one are no longer expected. */
  opened(): void;
  /** The new socket is usable: sends every active binding exactly once. */
  replay(socket: WebSocket): void;
  /** Dispatches a feed message (its frame arrived at `receivedAt`, ms epoch) to the listeners of its binding. */
  message(key: string, message: FeedMessage, receivedAt: number): void;
  /**
   * Dispatches a scanned incremental book message to the listeners of its binding: `updates`
   * to those that take it (books), the same message as `batchMessage` (made once) to the others.
   */
  updates(key: string, batch: BookUpdateBatch, receivedAt: number): void;
  /** `U` (code undefined) or `Z` on a binding (finery.md §6): answers to our own unbinds are expected; otherwise the binding ends. */
  ended(key: string, code: number | undefined): void;
  /** Ends every binding: listeners error with `error`, or complete without one. */
  endAll(error: Error | undefined): void;
}

/**
 * Creates the bindings of a client that sends over `socket()` when it returns one; `keys`
 * interns the routing key of each live binding and releases it with the binding.
 */
export function createBindings(socket: () => WebSocket | undefined, keys: KeyCache): Bindings {
  const registry: SubscriptionRegistry<string, Binding> = createSubscriptionRegistry();
  const bindings = {
    get: (key: string) => registry.get(key),
    keys: () => registry.keys(),
    replay: (send: (binding: Binding) => void) => registry.replay(send),
    add(key: string, binding: Binding) {
      registry.add(key, binding);
      keys.retain(binding.feed, binding.feedId, key);
    },
    delete(key: string) {
      const binding = registry.get(key);
      if (!binding) return;
      registry.delete(key);
      keys.release(binding.feed, binding.feedId);
    },
    clear() {
      for (const key of registry.keys()) bindings.delete(key);
    },
  };
  /** `U`/`Z 101` answers still expected for unbinds sent on the current socket, by binding key. */
  const pendingUnbinds = new Map<string, number>();
  const expectUnbind = (key: string) => pendingUnbinds.set(key, (pendingUnbinds.get(key) ?? 0) + 1);

  const rebind = (key: string) => {
    const binding = bindings.get(key);
    const ws = socket();
    if (!binding || binding.rebinding || !ws) return;
    binding.rebinding = true;
    binding.snapshotSeen = false;
    expectUnbind(key);
    ws.send(encodeBind('unbind', binding.feed, binding.feedId));
    ws.send(encodeBind('bind', binding.feed, binding.feedId));
    binding.listeners.forEach((l) => l.rebound?.());
  };

  return {
    attach(feed, feedId, listener) {
      const key = bindingKey(feed, feedId);
      let binding = bindings.get(key);
      if (!binding) {
        binding = { feed, feedId, listeners: new Set(), rebinding: false, snapshotSeen: false };
        bindings.add(key, binding);
        socket()?.send(encodeBind('bind', feed, feedId));
      } else if (binding.snapshotSeen) {
        rebind(key);
      }
      binding.listeners.add(listener);
      const own = binding;
      return () => {
        if (!own.listeners.delete(listener) || own.listeners.size > 0 || bindings.get(key) !== own) return;
        bindings.delete(key);
        const ws = socket();
        if (!ws) return;
        expectUnbind(key);
        ws.send(encodeBind('unbind', feed, feedId));
      };
    },
    rebind,
    keys: () => bindings.keys(),
    opened: () => pendingUnbinds.clear(),
    replay(ws) {
      bindings.replay((binding) => {
        binding.rebinding = false;
        binding.snapshotSeen = false;
        ws.send(encodeBind('bind', binding.feed, binding.feedId));
        binding.listeners.forEach((l) => l.rebound?.());
      });
    },
    message(key, message, receivedAt) {
      const binding = bindings.get(key);
      if (!binding) return;
      if (message.action === 'S') {
        binding.rebinding = false;
        binding.snapshotSeen = true;
      }
      for (const listener of binding.listeners) listener.message(message, receivedAt);
    },
    updates(key, batch, receivedAt) {
      const binding = bindings.get(key);
      if (!binding) return;
      let message: FeedMessage | undefined;
      for (const listener of binding.listeners) {
        if (listener.updates) listener.updates(batch, receivedAt);
        else listener.message((message ??= batchMessage(batch)), receivedAt);
      }
    },
    ended(key, code) {
      const expected = pendingUnbinds.get(key) ?? 0;
      if (expected > 0 && (code === undefined || code === 101)) {
        pendingUnbinds.set(key, expected - 1);
        return;
      }
      if (code === 100) return;
      const binding = bindings.get(key);
      if (!binding) return;
      bindings.delete(key);
      for (const listener of [...binding.listeners]) {
        if (code === undefined) listener.complete();
        else listener.error(new FineryApiError(code, 'feed', false, { feed: binding.feed, feedId: binding.feedId ?? 0 }));
      }
    },
    endAll(error) {
      const ended = bindings.keys().map((key) => bindings.get(key) as Binding);
      bindings.clear();
      for (const binding of ended) {
        for (const listener of [...binding.listeners]) {
          if (error) listener.error(error);
          else listener.complete();
        }
      }
    },
  };
}
