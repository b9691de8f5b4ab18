import { fetchMarketProphitJwt } from '@org/auth-signing';
import { MarketProphitClient } from '@org/marketprophit';
import { io } from 'socket.io-client';
import type { ChildSpec } from '../child-runner';
import { measureRate } from './measure';
import type { Workload } from './types';

/** Parameters of the Market Prophit throughput workloads (figure 4). */
export interface MarketProphitSpec extends ChildSpec {
  url: string;
  secretKey: string;
  /** Version A path with one record per push, e.g. `/real-time/market-prophit-sentiment` (marketprophit.md §7.2). */
  path: string;
  tickers: string[];
  durationMs: number;
  warmupMs: number;
}

/** Ours: one `MarketProphitClient`, one `subscribe(path, { ticker })` per ticker, counting records. */
export const marketProphitOurs: Workload = (raw) => {
  const spec = raw as MarketProphitSpec;
  return measureRate(spec, async (counter) => {
    const client = new MarketProphitClient({ baseUrl: spec.url, secretKey: spec.secretKey });
    const subscriptions = spec.tickers.map((ticker) =>
      client.subscribe(spec.path as '/real-time/market-prophit-sentiment', { ticker }).subscribe(() => counter.count++),
    );
    return () => {
      for (const subscription of subscriptions) subscription.unsubscribe();
      return client.close();
    };
  });
};

/**
 * Baseline: bare `socket.io-client` (marketprophit.md §3, §4): the JWT in the handshake
 * query, a version A `subscribe` per ticker, counting the records of each `res` push.
 */
export const marketProphitBaseline: Workload = (raw) => {
  const spec = raw as MarketProphitSpec;
  return measureRate(spec, async (counter) => {
    const token = await fetchMarketProphitJwt({ baseUrl: spec.url, secretKey: spec.secretKey });
    const socket = io(spec.url, { query: { token }, transports: ['websocket'], reconnection: false });
    socket.on('res', (push: { results: unknown[] }) => {
      counter.count += push.results.length;
    });
    socket.on('connect', () => {
      for (const ticker of spec.tickers) socket.emit('subscribe', { path: spec.path, method: 'get', params: { ticker } });
    });
    return () => socket.close();
  });
};
