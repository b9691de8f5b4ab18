// Test helpers of the Finery client tests (not part of the package: the build starts at
// src/index.ts): simulators and clients on loopback, closed after each test.
import type { ConnectionState } from '@org/reconnect';
import { fineryDemoCredentials, startFinerySimulator } from '@org/venue-sim';
import type { FinerySimulator, FinerySimulatorOptions } from '@org/venue-sim';
import { filter, firstValueFrom, timeout } from 'rxjs';
import type { Observable } from 'rxjs';
import { FineryClient } from './index';
import type { FineryClientOptions, OrderBook } from './index';

/** `sim()` and `client()` of one test file; everything they made is closed after each test. */
export function loopback(): {
  sim: (options?: FinerySimulatorOptions) => Promise<FinerySimulator>;
  client: (target: FinerySimulator | string, options?: Partial<FineryClientOptions>) => FineryClient;
} {
  const sims: FinerySimulator[] = [];
  const clients: FineryClient[] = [];
  afterEach(async () => {
    clients.splice(0).forEach((c) => c.close());
    await Promise.all(sims.splice(0).map((s) => s.close()));
  });
  return {
    async sim(options = {}) {
      const s = await startFinerySimulator({ updatesPerSecond: 0, ...options });
      sims.push(s);
      return s;
    },
    client(target, options = {}) {
      const url = typeof target === 'string' ? target : target.url;
      const c = new FineryClient({ url, ...fineryDemoCredentials, reconnect: { initialDelayMs: 20, maxDelayMs: 200, jitter: 0 }, ...options });
      clients.push(c);
      return c;
    },
  };
}

export const until = <T>(source: Observable<T>, match: (value: T) => boolean, ms = 10_000): Promise<T> => firstValueFrom(source.pipe(filter(match), timeout(ms)));
export const status = (c: FineryClient, wanted: ConnectionState['status']) => until(c.status$, (s) => s.status === wanted);
/** Whether a book equals the simulator's published book of `instrument`. */
export const sameBook = (s: FinerySimulator, instrument: string) => (b: OrderBook) => {
  const expected = s.book(instrument);
  return JSON.stringify([b.bids, b.asks]) === JSON.stringify([expected.bids, expected.asks]);
};
