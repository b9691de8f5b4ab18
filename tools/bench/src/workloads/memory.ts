import { FineryClient } from '@org/finery';
import { MarketProphitClient } from '@org/marketprophit';
import { filter, firstValueFrom, skip, take, timeout } from 'rxjs';
import type { ChildSpec } from '../child-runner';
import { etoroxOurs } from '../consumers/etorox';
import { hercleOurs } from '../consumers/hercle';
import { marketProphitOurs } from '../consumers/marketprophit';
import type { Consumer } from '../consumers/types';
import { createSignal } from '../signal';
import type { Workload } from './types';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Heap in use after full garbage collections (the child runs with `--expose-gc`), bytes. */
async function settledHeap(): Promise<number> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with --expose-gc');
  for (let i = 0; i < 3; i++) {
    gc();
    await sleep(20);
  }
  return process.memoryUsage().heapUsed;
}

/** Parameters of the churn workload (figure 8). */
export interface ChurnSpec extends ChildSpec {
  url: string;
  key: string;
  secret: string;
  instruments: string[];
  reconnects: number;
  /** Keep churning at least this long (the simulated market time is this times its speed-up). */
  minDurationMs: number;
}

/** What the churn workload reports. */
export interface ChurnResult {
  heapBefore: number;
  /** After half the reconnects: growth in the second half only is the leak signal, the first half includes JIT warm-up. */
  heapMiddle: number;
  heapAfter: number;
  reconnects: number;
  cycles: number;
  wallMs: number;
}

/**
 * Figure 8, churn: one `FineryClient` with a persistent `book()` while each cycle subscribes
 * the book and feed `F` of every instrument, waits for their first message and unsubscribes
 * them; `reconnects` times, spread evenly over `minDurationMs`, it asks the harness to drop
 * the connection and waits for the persistent book's post-reconnect snapshot. The heap is
 * measured after one warm-up cycle with a reconnect, and at the end.
 */
export const fineryChurn: Workload = async (raw, parent) => {
  const spec = raw as ChurnSpec;
  const client = new FineryClient({ url: spec.url, key: spec.key, secret: spec.secret, reconnect: { stableAfterMs: 0 } });
  const [persistent = 'BTC-USD'] = spec.instruments;
  const kept = client.book(persistent);
  const keep = kept.subscribe();
  const connected = () => firstValueFrom(client.status$.pipe(filter((state) => state.status === 'connected'), timeout(15_000)));
  const churn = () =>
    Promise.all(
      spec.instruments.flatMap((instrument) => [
        firstValueFrom(client.book(instrument).pipe(timeout(15_000))),
        firstValueFrom(client.feed('F', instrument).pipe(timeout(15_000))),
      ]),
    );
  const reconnect = async (): Promise<void> => {
    // The persistent book's next value after the drop is the post-reconnect snapshot (or a later update).
    const rebound = firstValueFrom(kept.pipe(skip(1), take(1), timeout(15_000)));
    await parent.request({ drop: true });
    await rebound;
    await connected();
  };
  try {
    await connected();
    await churn();
    await reconnect();
    const heapBefore = await settledHeap();
    const started = performance.now();
    let cycles = 0;
    let reconnects = 0;
    let heapMiddle = Number.NaN;
    // Churn continuously; spread the reconnects evenly over `minDurationMs`.
    while (reconnects < spec.reconnects || performance.now() - started < spec.minDurationMs) {
      await churn();
      cycles++;
      if (reconnects < spec.reconnects && reconnects < (spec.reconnects * (performance.now() - started)) / spec.minDurationMs) {
        await reconnect();
        reconnects++;
        if (reconnects === Math.floor(spec.reconnects / 2)) heapMiddle = await settledHeap();
      } else await sleep(5);
    }
    const wallMs = performance.now() - started;
    return { heapBefore, heapMiddle, heapAfter: await settledHeap(), reconnects, cycles, wallMs } satisfies ChurnResult;
  } finally {
    keep.unsubscribe();
    client.close();
  }
};

/** Parameters of the idle-subscription workload (figure 8). */
export interface IdleSpec extends ChildSpec {
  url: string;
  secretKey: string;
  /** Distinct version A subscriptions held (one ticker each). */
  subscriptions: number;
}

/** What the idle-subscription workload reports, bytes. */
export interface IdleResult {
  before: number;
  after: number;
  subscriptions: number;
  bytesPerSubscription: number;
}

/**
 * Figure 8, idle subscriptions: heap retained per `MarketProphitClient.subscribe()` held on
 * a quiet stream (`/real-time/crowd-sentiment`, once a minute, marketprophit.md §7.2), each a
 * distinct venue subscription, measured between 10 and `10 + subscriptions` held.
 */
export const marketProphitIdle: Workload = async (raw, parent) => {
  const spec = raw as IdleSpec;
  const client = new MarketProphitClient({ baseUrl: spec.url, secretKey: spec.secretKey });
  const hold = (from: number, count: number) =>
    Array.from({ length: count }, (_, i) => client.subscribe('/real-time/crowd-sentiment', { ticker: `I${from + i}` }).subscribe());
  // Waits until the simulator holds `count` subscriptions (the harness asks it), so every one is fully set up.
  const settled = async (count: number): Promise<void> => {
    const deadline = Date.now() + 30_000;
    while (((await parent.request({ subscriptions: true })) as number) < count) {
      if (Date.now() > deadline) throw new Error(`the simulator did not reach ${count} subscriptions`);
      await sleep(20);
    }
  };
  const warm = hold(0, 10);
  try {
    await settled(10);
    const before = await settledHeap();
    const held = hold(10, spec.subscriptions);
    await settled(10 + spec.subscriptions);
    const after = await settledHeap();
    for (const subscription of held) subscription.unsubscribe();
    return { before, after, subscriptions: spec.subscriptions, bytesPerSubscription: (after - before) / spec.subscriptions } satisfies IdleResult;
  } finally {
    for (const subscription of warm) subscription.unsubscribe();
    client.close();
  }
};

/** Parameters of the client-churn workload (figure 8): a venue's ours consumer and its params. */
export interface ClientChurnSpec extends ChildSpec {
  venue: keyof typeof CHURN_CONSUMERS;
  params: unknown;
  reconnects: number;
}

const CHURN_CONSUMERS = { etorox: etoroxOurs, hercle: hercleOurs, marketprophit: marketProphitOurs } as const;

/**
 * Figure 8, client churn: a persistent client (the venue's ours consumer) while each cycle
 * starts a second client, waits for its first event and closes it, then asks the harness
 * to drop the connections (it answers once the persistent client has subscribed again on a
 * new connection) and waits for the persistent client's next event. The heap is measured
 * after one warm-up cycle and after `reconnects` cycles.
 */
export const clientChurn: Workload = async (raw, parent) => {
  const spec = raw as ClientChurnSpec;
  const consumer = CHURN_CONSUMERS[spec.venue] as Consumer<unknown>;
  const persistent = createSignal();
  const first = persistent.next();
  const stopPersistent = await consumer(spec.params, () => persistent.deliver());
  const cycle = async (): Promise<void> => {
    const transient = createSignal();
    const transientFirst = transient.next();
    const stop = await consumer(spec.params, () => transient.deliver());
    await transientFirst;
    await stop();
    const next = persistent.next();
    await parent.request({ drop: true });
    await next;
  };
  try {
    await first;
    await cycle();
    const heapBefore = await settledHeap();
    const started = performance.now();
    let heapMiddle = Number.NaN;
    for (let i = 1; i <= spec.reconnects; i++) {
      await cycle();
      if (i === Math.floor(spec.reconnects / 2)) heapMiddle = await settledHeap();
    }
    const wallMs = performance.now() - started;
    return { heapBefore, heapMiddle, heapAfter: await settledHeap(), reconnects: spec.reconnects, cycles: spec.reconnects, wallMs } satisfies ChurnResult;
  } finally {
    await stopPersistent();
  }
};
