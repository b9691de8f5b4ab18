/**
 * The `hang` fault of issue 19, which the simulators cannot play themselves: a server that
 * accepts TCP but never answers (no negotiate reply, no HTTP upgrade). A proxy in front of the
 * simulator drops every connection, then holds new ones unanswered for a while. Each SignalR
 * client must give every attempt up at its connect timeout (`reconnecting` with
 * `ConnectTimeoutError`), close the socket it opened (no hung `start()` left), and stream again
 * once the server answers.
 */
import { EtoroxClient } from '@org/etorox';
import { HercleClient } from '@org/hercle';
import type { ConnectionState } from '@org/reconnect';
import { etoroxDemoCredentials, hercleDemoCredentials, startEtoroxSimulator, startHercleSimulator } from '@org/venue-sim';
import type { Observable } from 'rxjs';
import { filter, firstValueFrom, timeout } from 'rxjs';
import { startHangProxy } from './proxy';
import type { HangProxy } from './proxy';
import { waitUntil } from './wait';

const CONNECT_TIMEOUT_MS = 300;

/** Hangs the server for three connect timeouts; checks the client's view of it, the sockets, and the recovery. */
async function hangAndRecover(proxy: HangProxy, status$: Observable<ConnectionState>, data$: Observable<unknown>): Promise<void> {
  let values = 0;
  const errors: unknown[] = [];
  const held = data$.subscribe({ next: () => (values += 1), error: (e: unknown) => errors.push(e) });
  try {
    expect(await waitUntil(() => values > 0, 5_000)).toBe(true);
    const timedOut = firstValueFrom(status$.pipe(filter((s) => s.status === 'reconnecting' && s.error?.name === 'ConnectTimeoutError'), timeout(5_000)));
    const window = proxy.hang(3 * CONNECT_TIMEOUT_MS);
    expect((await timedOut).error).toMatchObject({ code: 'CONNECT_TIMEOUT', timeoutMs: CONNECT_TIMEOUT_MS, fatal: false });
    await window;
    // Every connection that hung was closed by the client: nothing is left waiting on it.
    expect(await waitUntil(() => proxy.hungOpen() === 0, 5_000)).toBe(true);
    await firstValueFrom(status$.pipe(filter((s) => s.status === 'connected'), timeout(5_000)));
    const before = values;
    expect(await waitUntil(() => values > before, 5_000)).toBe(true);
    expect(errors).toEqual([]);
  } finally {
    held.unsubscribe();
  }
}

describe('hang: a server that accepts TCP and never answers (issue 19)', () => {
  it.each([true, false])('etorox (skipNegotiation %s) gives each attempt up at connectTimeoutMs, closes its sockets, recovers', async (skipNegotiation) => {
    const sim = await startEtoroxSimulator({ marketIntervalMs: 5 });
    const proxy = await startHangProxy(sim.url);
    const client = new EtoroxClient({ url: proxy.wrap(sim.url), ...etoroxDemoCredentials, skipNegotiation, connectTimeoutMs: CONNECT_TIMEOUT_MS, reconnect: { initialDelayMs: 50, maxDelayMs: 100 } });
    try {
      await hangAndRecover(proxy, client.status$, client.subscribe({ channels: ['btcusd'] }));
    } finally {
      client.close();
      await proxy.close();
      await sim.close();
    }
  });

  it('hercle gives each negotiate up at connectTimeoutMs, closes its sockets, recovers', async () => {
    const sim = await startHercleSimulator({ priceIntervalMs: 20 });
    const proxy = await startHangProxy(sim.url);
    const client = new HercleClient({ url: proxy.wrap(sim.url), apiKey: hercleDemoCredentials.apiKey, maintenance: null, connectTimeoutMs: CONNECT_TIMEOUT_MS, reconnect: { schedule: [0, 50, 100] } });
    try {
      await hangAndRecover(proxy, client.status$, client.prices('BTCUSDT', 0.5));
    } finally {
      client.close();
      await proxy.close();
      await sim.close();
    }
  });
});
