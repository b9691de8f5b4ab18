import { connectVenues, WireError } from '@org/venues';
import type { VenueEvent } from '@org/venues';
import { filter, firstValueFrom, tap, timeout } from 'rxjs';
import type { Observable } from 'rxjs';
import type { EngineServer } from './servers';
import { byKey, forkConsumer } from './venues';
import type { ConsumerChild, Simulators } from './venues';

/** One event of every kind, with the optional fields, an error and a status carrying an error. */
export const sampleEvents = (n: number): VenueEvent[] => [
  { venue: 'finery', kind: 'book', symbol: 'BTC-USD', venueSymbol: 'BTC-USD', receivedAt: 1_000 + n, exchangeTime: 999, bids: [[60_000 + n, 0.5]], asks: [[60_001, 0.25]], snapshot: n === 1, seq: n, depth: 1 },
  { venue: 'etorox', kind: 'trade', symbol: 'ETH-USD', venueSymbol: 'ethusd', receivedAt: 1_001, price: 230.01, size: 18.421, side: 'buy', tradeId: `t${n}` },
  { venue: 'etorox', kind: 'order', symbol: 'BTC-USD', receivedAt: 1_002, action: 'created', orderId: `o${n}`, side: 'ask', price: 9506.5, size: 1.976 },
  { venue: 'hercle', kind: 'quote', symbol: 'BTC-USDT', venueSymbol: 'BTCUSDT', receivedAt: 1_003, bid: 64_966.43, ask: 65_032.73, size: 1, quoteId: `q${n}` },
  { venue: 'hercle', kind: 'balance', receivedAt: 1_004, asset: 'BTC', available: 10, allocated: 0 },
  { venue: 'marketprophit', kind: 'sentiment', symbol: 'AAPL', receivedAt: 1_005, metric: 'signal_value', value: -0.84, fields: { ticker: 'AAPL', signal_value: -0.84 } },
  { venue: 'finery', kind: 'status', receivedAt: 1_006, state: { status: 'reconnecting', attempt: 2, since: 1_006, delayMs: 500, error: new WireError({ name: 'FineryApiError', message: 'boom', code: 7, fatal: false }) } },
  { venue: 'hercle', kind: 'error', receivedAt: 1_007, error: new WireError({ name: 'HercleProtocolError', message: 'bad frame', fatal: false }), fatal: false },
];

/** The parts of a bus publisher the scenario uses (`BusPublisher` of `@org/bus`). */
interface Publisher {
  readonly state$: Observable<{ readonly status: string }>;
  flush(): Promise<void>;
  close(): Promise<{ readonly published: number; readonly dropped: number; readonly conflated: number }>;
}

/** What {@link endToEndWithRestart} needs of one engine. */
export interface EndToEndPlan {
  readonly server: EngineServer;
  readonly simulators: Simulators;
  /** The bundled consumer child and its options. */
  readonly script: string;
  readonly childOptions: unknown;
  /** Starts our publisher on `events$`, calling `onPublished` with each acknowledged batch. */
  publish(events$: Observable<VenueEvent>, onPublished: (batch: readonly { readonly key: string; readonly payload: string }[]) => void): Publisher;
  /** The venue token of a subject or key. */
  venueOf(key: string): string;
}

const waitMs = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The end-to-end check, with its assertions: 4 simulators → publish → 3 consumer
 * child processes; the engine is killed and started again mid-stream. Each consumer must
 * get exactly what the engine acknowledged, per subject or key in order (0 lost, 0 doubled),
 * and `published + dropped + conflated` must equal the events that went in. Resolves the
 * counts for the test's log line.
 */
export async function endToEndWithRestart(plan: EndToEndPlan): Promise<{ input: number; published: number; dropped: number; conflated: number }> {
  const children: ConsumerChild[] = Array.from({ length: 3 }, () => forkConsumer(plan.script, plan.childOptions));
  try {
    await Promise.all(children.map((child) => child.ready));
    const published: [string, string][] = [];
    let input = 0;
    const venues = connectVenues(plan.simulators.options);
    const publisher = plan.publish(
      venues.events$.pipe(tap(() => input++)),
      (batch) => published.push(...batch.map((m): [string, string] => [m.key, m.payload])),
    );
    const state = (status: string) => firstValueFrom(publisher.state$.pipe(filter((s) => s.status === status), timeout(20_000)));
    await state('connected');
    await waitMs(1_500);
    expect(published.length).toBeGreaterThan(0);
    // The engine goes away mid-stream and comes back on the same port and data folder.
    await plan.server.kill();
    await state('reconnecting');
    await waitMs(1_000);
    await plan.server.start();
    await state('connected');
    await waitMs(1_500);
    venues.close();
    await publisher.flush();
    const final = await publisher.close();
    expect(final.published).toBe(published.length);
    expect(final.published + final.dropped + final.conflated).toBe(input);
    await Promise.all(children.map((child) => child.received(published.length)));
    const expected = byKey(published);
    for (const child of children) {
      const received = await child.stop();
      expect(received.length).toBe(published.length);
      expect(byKey(received)).toEqual(expected);
    }
    expect(Object.keys(expected).map(plan.venueOf)).toEqual(expect.arrayContaining(['finery', 'etorox', 'hercle', 'marketprophit']));
    return { input, published: final.published, dropped: final.dropped, conflated: final.conflated };
  } finally {
    for (const child of children) child.process.kill();
  }
}
