import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { startAllSimulators } from '@org/venue-sim';
import type { VenuesOptions } from '@org/venues';

/** The four venue simulators on loopback and the `connectVenues` options for all of them. */
export interface Simulators {
  readonly options: VenuesOptions;
  close(): Promise<void>;
}

/** Starts the four simulators (`startAllSimulators` of `@org/venue-sim`) at test pace (Finery 20 updates/s, eToroX every 50 ms, Hercle every 100 ms, Market Prophit 60× fast). */
export async function startSimulators(): Promise<Simulators> {
  const sims = await startAllSimulators({ finery: { updatesPerSecond: 20 }, etorox: { marketIntervalMs: 50 }, hercle: { priceIntervalMs: 100 }, marketprophit: { speed: 60 } });
  const { finery, etorox, hercle, marketprophit } = sims.config;
  return {
    options: { finery: { ...finery, instruments: ['BTC-USD', 'ETH-USD'] }, etorox, hercle, marketprophit },
    close: () => sims.close(),
  };
}

/** What a consumer child process reports (IPC). */
export type ChildReport = { readonly type: 'ready' } | { readonly type: 'count'; readonly count: number } | { readonly type: 'events'; readonly events: readonly [key: string, line: string][] };

/** A consumer child process: `count` is the number of events it has received so far. */
export interface ConsumerChild {
  readonly process: ChildProcess;
  count: number;
  /** Resolves once the child is subscribed. */
  readonly ready: Promise<void>;
  /** Resolves once it has received at least `n` events; rejects if it exits first or after `timeoutMs`. */
  received(n: number, timeoutMs?: number): Promise<void>;
  /** Stops it and resolves every event it received, in order: `[subject or key, encodeVenueEvent line]`. */
  stop(): Promise<readonly [string, string][]>;
}

/** Forks `script` (a bundled consumer, see `bundleScript`) with `args` as its one JSON argument. */
export function forkConsumer(script: string, args: unknown): ConsumerChild {
  // The bundle lives in a temporary folder: its third-party packages come from the workspace's node_modules.
  const env = { ...process.env, NODE_PATH: join(__dirname, '..', '..', '..', 'node_modules') };
  const child = fork(script, [JSON.stringify(args)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], env });
  const waiters = new Set<() => void>();
  let events: ((events: readonly [string, string][]) => void) | undefined;
  let exited: string | undefined;
  const handle: ConsumerChild = {
    process: child,
    count: 0,
    ready: new Promise((resolve, reject) => {
      child.on('message', (report: ChildReport) => {
        if (report.type === 'ready') resolve();
        if (report.type === 'count') handle.count = report.count;
        if (report.type === 'events') events?.(report.events);
        for (const wake of [...waiters]) wake();
      });
      child.once('exit', (code, signal) => {
        exited = `consumer child exited (${signal ?? code})`;
        reject(new Error(exited));
        for (const wake of [...waiters]) wake();
      });
    }),
    received(n, timeoutMs = 30_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => finish(new Error(`consumer child received ${handle.count} of ${n} events within ${timeoutMs} ms`)), timeoutMs);
        const check = (): void => {
          if (handle.count >= n) finish();
          else if (exited) finish(new Error(exited));
        };
        function finish(error?: Error): void {
          clearTimeout(timer);
          waiters.delete(check);
          if (error) reject(error);
          else resolve();
        }
        waiters.add(check);
        check();
      });
    },
    stop() {
      return new Promise((resolve, reject) => {
        events = resolve;
        child.once('exit', () => reject(new Error('consumer child exited before it sent its events')));
        child.send('stop');
      });
    },
  };
  return handle;
}

/**
 * The body of a consumer child: subscribes `events$` (an Observable of `[key, line]`),
 * reports `ready`, its count every 100 ms, and on `stop` all it received, then exits.
 */
export function runConsumerChild(subscribe: (onEvent: (key: string, line: string) => void) => { unsubscribe(): void }): void {
  const received: [string, string][] = [];
  const subscription = subscribe((key, line) => received.push([key, line]));
  const send = (report: ChildReport): void => void process.send?.(report);
  send({ type: 'ready' });
  let last = -1;
  const timer = setInterval(() => {
    if (received.length !== last) send({ type: 'count', count: (last = received.length) });
  }, 100);
  process.on('message', (message) => {
    if (message !== 'stop') return;
    clearInterval(timer);
    subscription.unsubscribe();
    process.send?.({ type: 'events', events: received } satisfies ChildReport, () => process.exit(0));
  });
  process.on('disconnect', () => process.exit(0));
}

/** Groups `[key, line]` pairs by key, keeping their order: what is compared per subject or key. */
export function byKey(events: readonly (readonly [string, string])[]): Record<string, string[]> {
  const groups: Record<string, string[]> = {};
  for (const [key, line] of events) (groups[key] ??= []).push(line);
  return groups;
}
