import { MarketProphitClient } from '@org/marketprophit';
import type { ConnectionState } from '@org/reconnect';
import { marketProphitDemoCredentials, startMarketProphitSimulator } from '@org/venue-sim';
import type { MarketProphitSimEvent } from '@org/venue-sim';
import type { Subscription } from 'rxjs';
import { captureLogger } from '../log';
import type { LogLine } from '../log';
import type { Random } from '../random';
import { createSkewClock } from '../skew-clock';
import type { VenueHarness } from '../venue';
import { closeAndWait, FAST_RECONNECT, onlyOne, probe } from '../venue';
import { COMMON_FAULTS, injectCommon } from '../faults';

const TOKEN_LIFETIME_MS = 3_600_000;

/**
 * Market Prophit under chaos: a version A path with a ticker and a version B path on one
 * socket.io connection (marketprophit.md §3–§7), market time 20× the clock so the
 * one-second paths push every 50 ms. Token expiry moves the simulator's clock past the
 * token's `exp`: the simulator cuts the socket (`disconnectOnExpiry`) and refuses the old
 * token, so the client must fetch a new one (marketprophit.md §2.2, §3).
 */
export async function startMarketProphitHarness(seed: number, lines: LogLine[]): Promise<VenueHarness> {
  const clock = createSkewClock();
  const sim = await startMarketProphitSimulator({
    clock,
    seed,
    speed: 20,
    tokenLifetimeMs: TOKEN_LIFETIME_MS,
    disconnectOnExpiry: true,
    pingIntervalMs: 300,
    pingTimeoutMs: 600,
  });
  const events: MarketProphitSimEvent[] = [];
  const keep: Subscription[] = [sim.events$.subscribe((e) => events.push(e))];
  const client = new MarketProphitClient({
    baseUrl: sim.url,
    secretKey: marketProphitDemoCredentials.secretKey,
    reconnect: FAST_RECONNECT,
    logger: captureLogger('marketprophit', lines),
  });
  let state: ConnectionState | undefined;
  keep.push(client.status$.subscribe((s) => (state = s)));
  keep.push(client.errors$.subscribe({ error: () => undefined }));
  const probes = [
    probe('marketprophit /real-time/market-prophit-sentiment AAPL', client.subscribe('/real-time/market-prophit-sentiment', { ticker: 'AAPL' }), keep),
    probe('marketprophit market-prophit-sentiment', client.subscribe('market-prophit-sentiment'), keep),
  ];
  const expected = ['/real-time/market-prophit-sentiment', 'market-prophit-sentiment'].join();
  const connectionId = (): string | undefined => onlyOne(sim.subscriptions().map((s) => s.socketId));

  const harness: VenueHarness = {
    name: 'marketprophit',
    faults: [...COMMON_FAULTS, 'token-expiry'],
    probes,
    status: () => state,
    status$: client.status$,
    // The Basic-auth form of POST /jwt too (issue 19: a 401 body echoing the header put it in errors and logs).
    secrets: [marketProphitDemoCredentials.secretKey, Buffer.from(`${marketProphitDemoCredentials.secretKey}:`).toString('base64')],
    tick: () => undefined,
    async inject(kind, random: Random) {
      if (kind === 'token-expiry') return clock.jump(TOKEN_LIFETIME_MS + 1_000);
      return injectCommon(sim.faults, kind, random, harness);
    },
    connectionId,
    subscriptionProblem() {
      const id = connectionId();
      const subscriptions = sim.subscriptions();
      if (id === undefined) return `subscriptions on ${new Set(subscriptions.map((s) => s.socketId)).size} sockets (expected 1)`;
      const seen = subscriptions.map((s) => s.path).sort().join();
      if (seen !== expected) return `subscriptions [${seen}], expected [${expected}]`;
      const counts = new Map<string, number>();
      for (const e of events) {
        if ((e.type !== 'subscribe' && e.type !== 'unsubscribe') || e.socketId !== id) continue;
        counts.set(e.path, (counts.get(e.path) ?? 0) + (e.type === 'subscribe' ? 1 : -1));
      }
      const wrong = [...counts].filter(([, n]) => n !== 1);
      return wrong.length === 0 ? undefined : `subscribes − unsubscribes on one socket: ${wrong.map(([k, n]) => `${k} ${n}`).join(', ')}`;
    },
    bookProblem: () => undefined,
    async closeClient() {
      const open = () => events.filter((e) => e.type === 'connect').length - events.filter((e) => e.type === 'disconnect').length;
      const left = await closeAndWait(keep.slice(1), () => client.close(), open, 'socket(s)');
      keep[0]?.unsubscribe();
      return left;
    },
    async closeSimulator() {
      await sim.close();
      clock.dispose();
    },
  };
  return harness;
}
