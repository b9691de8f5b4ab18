import { fineryAuthHeaders } from '@org/auth-signing';
import { FineryClient } from '@org/finery';
import WebSocket from 'ws';
import type { ChildSpec } from '../child-runner';
import { measureRate } from './measure';
import type { Workload } from './types';

/** Parameters of the Finery feed throughput workloads (figure 1). */
export interface FineryFeedSpec extends ChildSpec {
  url: string;
  key: string;
  secret: string;
  /** Instruments whose feed `F` is bound (finery.md §7.1). */
  instruments: string[];
  durationMs: number;
  warmupMs: number;
}

/** Ours: one `FineryClient`, `client.feed('F', instrument)` per instrument, counting messages. */
export const fineryFeedOurs: Workload = (raw) => {
  const spec = raw as FineryFeedSpec;
  return measureRate(spec, async (counter) => {
    const client = new FineryClient({ url: spec.url, key: spec.key, secret: spec.secret });
    const subscriptions = spec.instruments.map((instrument) => client.feed('F', instrument).subscribe(() => counter.count++));
    return () => {
      for (const subscription of subscriptions) subscription.unsubscribe();
      client.close();
    };
  });
};

/** Baseline: a raw `ws` client (finery.md §2 headers, §5 `bind`) doing `JSON.parse` on every frame and counting `F` messages. */
export const fineryFeedBaseline: Workload = (raw) => {
  const spec = raw as FineryFeedSpec;
  return measureRate(spec, async (counter) => {
    const ws = new WebSocket(spec.url, { headers: { ...fineryAuthHeaders({ key: spec.key, secret: spec.secret }) } });
    ws.on('open', () => {
      for (const instrument of spec.instruments) ws.send(JSON.stringify({ event: 'bind', feed: 'F', feedId: instrument }));
    });
    ws.on('message', (data) => {
      const message = JSON.parse(data.toString()) as unknown[];
      if (message[0] === 'F') counter.count++;
    });
    return () => ws.terminate();
  });
};
