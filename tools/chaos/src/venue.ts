import type { ConnectionState } from '@org/reconnect';
import type { Observable, Subscription } from 'rxjs';
import type { Random } from './random';
import { waitUntil } from './wait';

/** Faults the runner injects; each venue lists the ones it supports. */
export type FaultKind =
  /** The server ends every connection with its protocol's close message. */
  | 'drop'
  /** The TCP sockets are destroyed without a word. */
  | 'drop-abrupt'
  /** The server sends nothing (data or pings) until the client gave the connection up. */
  | 'stall'
  /** One frame that is not valid for the protocol. */
  | 'malformed'
  /** A well-framed item whose content is garbage (eToroX item, Hercle envelope). */
  | 'malformed-item'
  /** SignalR Close with an error (or a WebSocket close reason): the server hangs up with a message. */
  | 'close-error'
  /** New connections refused for a while, and every connection dropped. */
  | 'refuse'
  /** Finery `X` backend status non-zero for a while (finery.md §3). */
  | 'backend-status'
  /** Hercle maintenance: connections refused and dropped for a while (hercle.md §7). */
  | 'maintenance'
  /** Market Prophit: the simulator clock passes the token's `exp`; the socket is cut and the old token refused (marketprophit.md §3). */
  | 'token-expiry';

/** What a venue's subscription delivered, recorded by the runner. */
export interface Probe {
  readonly name: string;
  /** Emits steadily while the market runs (else only on a fresh subscription, e.g. Finery `K`'s snapshot). */
  readonly continuous: boolean;
  count: number;
  /** `performance.now()` of the last value. */
  lastAt: number;
  errors: unknown[];
  completed: boolean;
}

/** Subscribes `source` into a new probe. */
export function probe(name: string, source: Observable<unknown>, keep: Subscription[], continuous = true): Probe {
  const p: Probe = { name, continuous, count: 0, lastAt: -1, errors: [], completed: false };
  keep.push(
    source.subscribe({
      next: () => {
        p.count += 1;
        p.lastAt = performance.now();
      },
      error: (error: unknown) => p.errors.push(error),
      complete: () => (p.completed = true),
    }),
  );
  return p;
}

/**
 * One venue under chaos: its simulator, its client with active subscriptions, and the
 * checks the runner applies after each fault.
 */
export interface VenueHarness {
  readonly name: string;
  readonly faults: readonly FaultKind[];
  readonly probes: readonly Probe[];
  readonly status: () => ConnectionState | undefined;
  /** The client's `status$`. */
  readonly status$: Observable<ConnectionState>;
  /** Secrets of this client's credentials that must never be logged. */
  readonly secrets: readonly string[];
  /** Advances the simulated market one step where the runner drives it. */
  tick(): void;
  /**
   * Injects one fault; resolves at the moment the venue is usable again (the end of a refuse
   * or maintenance window, a stall resumed, backend status back to 0): the start of recovery.
   */
  inject(kind: FaultKind, random: Random): Promise<void>;
  /**
   * Simulator-side view of the subscriptions: `undefined` when every active subscription is
   * there exactly once on a single connection, else what is wrong (a transient answer while
   * a reconnect is under way, a violation once settled).
   */
  subscriptionProblem(): string | undefined;
  /** `undefined` when the client's books agree with the simulator's (the market paused), else the difference. */
  bookProblem(): string | undefined;
  /** The simulator's id of the client's current connection, if exactly one is open. */
  connectionId(): string | undefined;
  /** Unsubscribes and closes the client; resolves `undefined` once the simulator saw every connection end, else what is left. */
  closeClient(): Promise<string | undefined>;
  closeSimulator(): Promise<void>;
}

/** Short reconnect delays for every client under chaos. */
export const FAST_RECONNECT = { initialDelayMs: 20, maxDelayMs: 250, factor: 2, jitter: 0.5, stableAfterMs: 2_000 } as const;

/** The one id of `ids` (duplicates allowed), or `undefined` for none or several. */
export function onlyOne(ids: readonly (string | number)[]): string | undefined {
  const distinct = new Set(ids.map(String));
  return distinct.size === 1 ? [...distinct][0] : undefined;
}

/**
 * Ends a harness's client: unsubscribes `keep`, calls `close`, and waits until the simulator
 * reports nothing `open()`. Resolves `undefined`, or what is left after 5 s.
 */
export async function closeAndWait(keep: readonly Subscription[], close: () => void, open: () => number, what: string): Promise<string | undefined> {
  keep.forEach((subscription) => subscription.unsubscribe());
  close();
  const ended = await waitUntil(() => open() === 0, 5_000);
  return ended ? undefined : `${open()} ${what} still open after close()`;
}
