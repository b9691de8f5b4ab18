import { HercleClient } from '@org/hercle';
import type { MaintenanceWindow, ConnectionState } from '@org/reconnect';
import { hercleDemoCredentials, startHercleSimulator } from '@org/venue-sim';
import type { Subscription } from 'rxjs';
import { captureLogger } from '../log';
import type { LogLine } from '../log';
import type { Random } from '../random';
import type { VenueHarness } from '../venue';
import { closeAndWait, FAST_RECONNECT, onlyOne, probe } from '../venue';
import { delay } from '../wait';
import { COMMON_FAULTS, injectCommon } from '../faults';

/** Price channels under chaos: (pair, size in base units), hercle.md §4.1. */
const CHANNELS = [
  { pair: 'BTCUSDT', size: 0.5 },
  { pair: 'ETHUSDT', size: 2 },
] as const;

/** Envelopes no reading of hercle.md §2 accepts: each must be a `malformed` event, never a price. */
const GARBAGE_ENVELOPES: readonly unknown[] = [
  'not an envelope',
  42,
  null,
  {},
  { channel: 'subscriptions', subject: 'execution.feeds.priceUpdate', type: 'message', data: '{"pair":' },
  { channel: 'subscriptions', subject: 'execution.feeds.priceUpdate', type: 'message', data: '{"pair":"BTCUSDT","size":0.5,"buyPrice":"x"}' },
  { channel: 'subscriptions', subject: 42, type: 'message', data: '{}' },
];

/**
 * Hercle under chaos: two price channels on one hub connection (hercle.md §4.1, §7), with
 * the client's maintenance window following the simulator's maintenance, so retries wait
 * for its end as they would for the weekly window.
 */
export async function startHercleHarness(_seed: number, lines: LogLine[]): Promise<VenueHarness> {
  const sim = await startHercleSimulator({ priceIntervalMs: 50, keepAliveIntervalMs: 200 });
  let maintenanceUntil = 0;
  const maintenance: MaintenanceWindow = { contains: (ms) => ms < maintenanceUntil, end: () => maintenanceUntil };
  const client = new HercleClient({
    url: sim.url,
    apiKey: hercleDemoCredentials.apiKey,
    reconnect: { ...FAST_RECONNECT, schedule: [0, 50, 100] },
    maintenance,
    serverTimeoutMs: 1_000,
    logger: captureLogger('hercle', lines),
  });
  const keep: Subscription[] = [];
  let state: ConnectionState | undefined;
  keep.push(client.status$.subscribe((s) => (state = s)));
  const probes = CHANNELS.map(({ pair, size }) => probe(`hercle prices ${pair} ${size}`, client.prices(pair, size), keep));
  keep.push(client.events$.subscribe({ error: () => undefined }));
  const expected = CHANNELS.map(({ pair, size }) => `${pair}|${size}`).sort().join();
  const connectionId = (): string | undefined => onlyOne(sim.priceSubscriptions().map((s) => s.connectionId));

  const harness: VenueHarness = {
    name: 'hercle',
    faults: [...COMMON_FAULTS, 'malformed-item', 'close-error', 'maintenance'],
    probes,
    status: () => state,
    status$: client.status$,
    secrets: [hercleDemoCredentials.apiKey],
    tick: () => undefined,
    async inject(kind, random: Random) {
      if (kind === 'malformed-item') return sim.sendToAll(random.pick(['subscriptions', 'executionEvents'] as const), random.pick(GARBAGE_ENVELOPES));
      if (kind !== 'maintenance') return injectCommon(sim.faults, kind, random, harness);
      const ms = random.int(300, 1_000);
      maintenanceUntil = Date.now() + ms;
      sim.startMaintenance({ durationMs: ms, graceful: random.next() < 0.7 });
      return delay(ms);
    },
    connectionId,
    subscriptionProblem() {
      const subscriptions = sim.priceSubscriptions();
      const id = connectionId();
      if (id === undefined) return `price subscriptions on ${new Set(subscriptions.map((s) => s.connectionId)).size} connections (expected 1)`;
      const seen = subscriptions.map(({ pair, size }) => `${pair}|${size}`).sort().join();
      if (seen !== expected) return `price channels [${seen}], expected [${expected}]`;
      const counts = new Map<string, number>();
      for (const { method, args } of sim.received().filter((c) => c.connectionId === id)) {
        if (method !== 'SubscribePairPriceChannel' && method !== 'UnsubscribePairPriceChannel') continue;
        const key = `${String(args[1])}|${String(args[2])}`;
        counts.set(key, (counts.get(key) ?? 0) + (method === 'SubscribePairPriceChannel' ? 1 : -1));
      }
      const wrong = [...counts].filter(([, n]) => n !== 1);
      return wrong.length === 0 ? undefined : `subscribes − unsubscribes on one connection: ${wrong.map(([k, n]) => `${k} ${n}`).join(', ')}`;
    },
    bookProblem: () => undefined,
    closeClient: () => closeAndWait(keep, () => client.close(), () => sim.priceSubscriptions().length, 'price subscription(s)'),
    closeSimulator: () => sim.close(),
  };
  return harness;
}
