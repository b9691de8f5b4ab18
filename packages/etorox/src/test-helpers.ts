import { etoroxDemoCredentials, startEtoroxSimulator } from '@org/venue-sim';
import type { EtoroxSimulator, EtoroxSimulatorOptions } from '@org/venue-sim';
import { filter, firstValueFrom, timeout } from 'rxjs';
import type { Observable, Subscription } from 'rxjs';
import { EtoroxClient } from './index';
import type { EtoroxClientOptions } from './index';

/**
 * Test harness (tests only, not exported by the package): a simulator on loopback and a
 * client of the demo credentials per test, both closed after each test with every
 * recorded subscription.
 */
export function useEtoroxHarness() {
  let sim: EtoroxSimulator | undefined;
  let client: EtoroxClient | undefined;
  const subscriptions: Subscription[] = [];
  const unsubscribeAll = () => {
    for (const subscription of subscriptions.splice(0)) subscription.unsubscribe();
  };
  afterEach(async () => {
    unsubscribeAll();
    client?.close();
    await sim?.close();
  });
  const within = <T>(source: Observable<T>) => firstValueFrom(source.pipe(timeout(5000)));
  const harness = {
    get sim(): EtoroxSimulator {
      if (!sim) throw new Error('call start() first');
      return sim;
    },
    get client(): EtoroxClient {
      if (!client) throw new Error('call start() first');
      return client;
    },
    /** A simulator (market every 5 ms unless told) and a client of its demo credentials. */
    async start(simOptions: EtoroxSimulatorOptions = {}, clientOptions: Partial<EtoroxClientOptions> = {}) {
      sim = await startEtoroxSimulator({ marketIntervalMs: 5, ...simOptions });
      client = new EtoroxClient({ url: sim.url, ...etoroxDemoCredentials, ...clientOptions });
    },
    within,
    /** Polls `check` every 10 ms for up to 5 s. */
    async waitFor(check: () => boolean): Promise<void> {
      for (let i = 0; i < 500 && !check(); i += 1) await new Promise((resolve) => setTimeout(resolve, 10));
      if (!check()) throw new Error('condition not reached within 5 s');
    },
    /** Subscribes and records values and errors until the test ends. */
    record<T>(source: Observable<T>) {
      const values: T[] = [];
      const errors: unknown[] = [];
      subscriptions.push(source.subscribe({ next: (value) => values.push(value), error: (error) => errors.push(error) }));
      return { values, errors };
    },
    /** The next state of `status$` with this status (the current one counts). */
    statusIs: (status: string) => within(harness.client.status$.pipe(filter((state) => state.status === status))),
    unsubscribeAll,
  };
  return harness;
}
