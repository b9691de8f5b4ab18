import { fineryAuthHeaders } from '@org/auth-signing';
import { FineryClient } from '@org/finery';
import { fineryDemoCredentials, startFinerySimulator } from '@org/venue-sim';
import WebSocket from 'ws';
import { createSignal } from '../signal';
import { percentileRows } from '../stats';
import type { Figure } from '../types';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** A Finery book subscriber that reconnects on its own; `snapshot` waits for the next snapshot. */
interface Reconnecting {
  snapshot(timeoutMs: number): Promise<number>;
  stop(): unknown;
}

/**
 * Ours: `client.book('BTC-USD')` (feed `F`). With the simulator's market stopped, every
 * emission is a snapshot. `stableAfterMs: 0` makes each drop a first retry (immediate, as
 * after any drop following 10 s of stable connection with the default policy).
 */
function ours(url: string): Reconnecting {
  const client = new FineryClient({ url, ...fineryDemoCredentials, reconnect: { stableAfterMs: 0 } });
  const books = createSignal();
  const subscription = client.book('BTC-USD').subscribe(() => books.deliver());
  return {
    snapshot: (timeoutMs) => books.next(timeoutMs),
    stop() {
      subscription.unsubscribe();
      client.close();
    },
  };
}

/** Baseline: a raw `ws` client that reconnects at once on close, signs fresh headers (finery.md §2), binds `F` and waits for `S`. */
function baseline(url: string): Reconnecting {
  const books = createSignal();
  let stopped = false;
  let ws: WebSocket;
  const connect = (): void => {
    ws = new WebSocket(url, { headers: { ...fineryAuthHeaders(fineryDemoCredentials) } });
    ws.on('open', () => ws.send(JSON.stringify({ event: 'bind', feed: 'F', feedId: 'BTC-USD' })));
    ws.on('message', (data) => {
      const message = JSON.parse(data.toString()) as unknown[];
      if (message[0] === 'F' && message[2] === 'S') books.deliver();
    });
    ws.on('error', () => undefined);
    ws.on('close', () => {
      if (!stopped) connect();
    });
  };
  connect();
  return {
    snapshot: (timeoutMs) => books.next(timeoutMs),
    stop() {
      stopped = true;
      ws.terminate();
    },
  };
}

/**
 * Figure 7: reconnect time, ms from the drop (the simulator keeps accepting, so this is
 * "accepting again" → first post-reconnect snapshot delivered), p50 and p99 over 50 drops
 * (20 with `--quick`), Finery `client.book()` against a raw `ws` client that reconnects at
 * once. The issue sets no target: reported.
 */
export const reconnectFigure: Figure = {
  name: 'reconnect',
  number: 7,
  title: 'Finery reconnect ms: drop → first post-reconnect snapshot, p50/p99',
  async run(context) {
    const sim = await startFinerySimulator({ updatesPerSecond: 0 });
    const drops = context.quick ? 20 : 50;
    const measure = async (start: (url: string) => Reconnecting): Promise<number[]> => {
      const subscriber = start(sim.url);
      try {
        await subscriber.snapshot(10_000);
        const times: number[] = [];
        for (let i = 0; i < drops; i++) {
          await sleep(10);
          const next = subscriber.snapshot(10_000);
          const dropped = performance.now();
          sim.faults.drop();
          times.push((await next) - dropped);
        }
        return times;
      } finally {
        await subscriber.stop();
      }
    };
    try {
      // Two rounds each, alternating, so both see the same machine.
      const samples = { ours: [] as number[], baseline: [] as number[] };
      for (let round = 0; round < 2; round++) {
        const order: [keyof typeof samples, (url: string) => Reconnecting][] = [['ours', ours], ['baseline', baseline]];
        if (round === 1) order.reverse();
        for (const [name, start] of order) samples[name].push(...(await measure(start)));
      }
      return percentileRows('7 reconnect finery', 'ms drop→snapshot', samples.ours, samples.baseline, { drops });
    } finally {
      await sim.close();
    }
  },
};
