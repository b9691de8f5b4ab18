import { EtoroxClient } from '@org/etorox';
import type { EtoroxBook } from '@org/etorox';
import type { ConnectionState } from '@org/reconnect';
import { etoroxDemoCredentials, startEtoroxSimulator } from '@org/venue-sim';
import type { Subscription } from 'rxjs';
import { captureLogger } from '../log';
import type { LogLine } from '../log';
import type { Random } from '../random';
import type { VenueHarness } from '../venue';
import { closeAndWait, FAST_RECONNECT, onlyOne, probe } from '../venue';
import { COMMON_FAULTS, injectCommon } from '../faults';

/** Items that no reading of etorox.md §6.2 accepts: each must become an `error` event, never a book change. */
const GARBAGE_ITEMS: readonly unknown[] = [
  'not an item',
  42,
  null,
  [],
  {},
  { name: 'order_created', market: 'btcusd' },
  { name: 'order_created', id: 7, market: 'btcusd', side: 'up', price: 'cheap', volume: -1 },
  { name: 'order_updated', id: 'x', market: 'btcusd', side: 'bid', price: Number.NaN, volume: '1e400' },
  { name: 'no_such_event', id: 'x', market: 'btcusd' },
];

const CHANNELS = ['btcusd', 'ethusd', 'btceur'] as const;

/** Units of a decimal venue number (1e-8), for exact comparisons. */
const units = (value: number): number => Math.round(value * 100_000_000);

/**
 * eToroX under chaos: the order-level book of `btcusd`, whole items of `ethusd` and `fields`
 * items of `btceur` on one hub connection (etorox.md §5–§7), the market stepped by the runner.
 * The stream carries changes only (etorox.md §6.3), so after a reconnect the client's book
 * holds the orders changed since: every level it shows must be in the simulator's book with
 * at least that volume.
 */
export async function startEtoroxHarness(seed: number, lines: LogLine[]): Promise<VenueHarness> {
  const sim = await startEtoroxSimulator({ seed, marketIntervalMs: 0, keepAliveIntervalMs: 200 });
  const client = new EtoroxClient({
    url: sim.url,
    apiKey: etoroxDemoCredentials.apiKey,
    privateKey: etoroxDemoCredentials.privateKey,
    passphrase: etoroxDemoCredentials.passphrase,
    serverTimeoutMs: 1_000,
    reconnect: FAST_RECONNECT,
    logger: captureLogger('etorox', lines),
  });
  const keep: Subscription[] = [];
  let state: ConnectionState | undefined;
  keep.push(client.status$.subscribe((s) => (state = s)));
  let book: EtoroxBook | undefined;
  const book$ = client.book('btcusd');
  keep.push(book$.subscribe({ next: (b) => (book = b), error: () => undefined }));
  const probes = [
    probe('etorox book btcusd', book$, keep),
    probe('etorox items ethusd', client.subscribe({ channels: ['ethusd'] }), keep),
    probe('etorox fields btceur', client.subscribe({ channels: ['btceur'], fields: ['price', 'volume'] }), keep),
  ];
  const expected = CHANNELS.map((c) => `${c}/marketData`).sort().join();

  const harness: VenueHarness = {
    name: 'etorox',
    faults: [...COMMON_FAULTS, 'malformed-item', 'close-error'],
    probes,
    status: () => state,
    status$: client.status$,
    secrets: [etoroxDemoCredentials.privateKey, etoroxDemoCredentials.apiKey, ...etoroxDemoCredentials.privateKey.split('\n').filter((l) => l.length > 40)],
    tick: () => sim.step(1),
    async inject(kind, random: Random) {
      if (kind === 'malformed-item') return sim.sendItem(random.pick(CHANNELS), random.pick(GARBAGE_ITEMS));
      return injectCommon(sim.faults, kind, random, harness);
    },
    connectionId() {
      return onlyOne(sim.connections().map((c) => c.id));
    },
    subscriptionProblem() {
      const connections = sim.connections();
      if (connections.length !== 1) return `${connections.length} connections (expected 1)`;
      if (!connections[0]?.identified) return 'connection without setup';
      const topics = sim.subscriptions();
      const seen = topics.map((t) => `${t.channel}/${t.event}`).sort().join();
      if (seen !== expected) return `topics [${seen}], expected [${expected}]`;
      return topics.every((t) => t.connectionId === connections[0]?.id) ? undefined : 'a topic on another connection';
    },
    bookProblem() {
      if (!book) return 'no btcusd book';
      const venue = sim.book('btcusd');
      for (const side of ['bids', 'asks'] as const) {
        const levels = new Map(venue[side].map(([price, volume]) => [units(price), units(volume)]));
        for (const [price, volume] of book[side]) {
          const there = levels.get(units(price));
          if (there === undefined) return `btcusd ${side}: level ${price} not in the simulator's book`;
          if (units(volume) > there) return `btcusd ${side}: level ${price} volume ${volume} above the simulator's ${there / 1e8}`;
        }
      }
      return undefined;
    },
    closeClient: () => closeAndWait(keep, () => client.close(), () => sim.connections().length, 'connection(s)'),
    closeSimulator: () => sim.close(),
  };
  return harness;
}
