import { FineryClient } from '@org/finery';
import type { OrderBook } from '@org/finery';
import type { ConnectionState } from '@org/reconnect';
import { fineryDemoCredentials, startFinerySimulator } from '@org/venue-sim';
import type { Subscription } from 'rxjs';
import { captureLogger } from '../log';
import type { LogLine } from '../log';
import type { Random } from '../random';
import type { VenueHarness } from '../venue';
import { closeAndWait, FAST_RECONNECT, onlyOne, probe } from '../venue';
import { delay } from '../wait';
import { COMMON_FAULTS, injectCommon } from '../faults';

/** Books under chaos: instrument and feed (finery.md §7.1). */
const BOOKS = [
  { instrument: 'BTC-USD', feed: 'F' },
  { instrument: 'ETH-USD', feed: 'B' },
] as const;

/**
 * Finery Markets under chaos: books `F` and `B` and the positions feed `K` on one client,
 * the market stepped by the runner (finery.md §3–§7).
 */
export async function startFineryHarness(seed: number, lines: LogLine[]): Promise<VenueHarness> {
  const sim = await startFinerySimulator({ seed, updatesPerSecond: 0 });
  const client = new FineryClient({
    url: sim.url,
    ...fineryDemoCredentials,
    reconnect: FAST_RECONNECT,
    logger: captureLogger('finery', lines),
    idleTimeoutMs: 1_500,
    pingIntervalMs: 400,
    statusTimeoutMs: 1_500,
  });
  const keep: Subscription[] = [];
  let state: ConnectionState | undefined;
  keep.push(client.status$.subscribe((s) => (state = s)));
  const books = new Map<string, OrderBook>();
  const probes = [
    ...BOOKS.map(({ instrument, feed }) => {
      const book$ = client.book(instrument, { feed });
      keep.push(book$.subscribe({ next: (book) => books.set(instrument, book), error: () => undefined }));
      return probe(`finery book ${feed} ${instrument}`, book$, keep);
    }),
    probe('finery feed K', client.feed('K'), keep, false),
  ];
  /** A live connection's bindings; `key|feedId` with the bind count (binds − unbinds). */
  const expectedKeys = ['B|"ETH-USD"', 'F|"BTC-USD"', 'K|0'];

  const harness: VenueHarness = {
    name: 'finery',
    faults: [...COMMON_FAULTS, 'close-error', 'backend-status'],
    probes,
    status: () => state,
    status$: client.status$,
    secrets: [fineryDemoCredentials.secret],
    tick: () => sim.step(1),
    async inject(kind, random: Random) {
      if (kind !== 'backend-status') return injectCommon(sim.faults, kind, random, harness);
      sim.setBackendStatus(random.pick([1, 2, 3]));
      await delay(random.int(200, 800));
      sim.setBackendStatus(0);
    },
    connectionId() {
      return onlyOne(sim.connections().map((c) => c.id));
    },
    subscriptionProblem() {
      const connections = sim.connections();
      if (connections.length !== 1) return `${connections.length} connections (expected 1)`;
      const [connection] = connections;
      const counts = new Map<string, number>();
      for (const entry of connection?.bindLog ?? []) {
        const key = `${String(entry.feed)}|${JSON.stringify(entry.feedId ?? 0)}`;
        counts.set(key, (counts.get(key) ?? 0) + (entry.event === 'bind' ? 1 : -1));
      }
      const bound = (connection?.bindings ?? []).map((b) => `${b.feed}|${JSON.stringify(b.feedId ?? 0)}`).sort();
      if (bound.join() !== expectedKeys.join()) return `bindings [${bound.join(', ')}], expected [${expectedKeys.join(', ')}]`;
      const wrong = [...counts].filter(([key, n]) => n !== (expectedKeys.includes(key) ? 1 : 0));
      return wrong.length === 0 ? undefined : `binds − unbinds: ${wrong.map(([k, n]) => `${k} ${n}`).join(', ')}`;
    },
    bookProblem() {
      for (const { instrument } of BOOKS) {
        const ours = books.get(instrument);
        const venue = sim.book(instrument);
        if (!ours) return `no ${instrument} book`;
        for (const side of ['bids', 'asks'] as const) {
          const a = JSON.stringify(ours[side]);
          const b = JSON.stringify(venue[side]);
          if (a !== b) return `${instrument} ${side}: client ${a.slice(0, 120)} vs simulator ${b.slice(0, 120)}`;
        }
      }
      return undefined;
    },
    closeClient: () => closeAndWait(keep, () => client.close(), () => sim.connections().length, 'connection(s)'),
    closeSimulator: () => sim.close(),
  };
  return harness;
}
