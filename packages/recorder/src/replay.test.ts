import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeVenueEvent } from '@org/venues';
import type { VenueEvent } from '@org/venues';
import { etoroxDemoCredentials, fineryDemoCredentials, startEtoroxSimulator, startFinerySimulator } from '@org/venue-sim';
import type { EtoroxSimulator, FinerySimulator } from '@org/venue-sim';
import { filter, firstValueFrom, lastValueFrom, timeout, toArray } from 'rxjs';
import type { RecordingError } from './format';
import { recordVenues } from './record';
import { replayVenues } from './replay';

let finery: FinerySimulator;
let etorox: EtoroxSimulator;
const dir = mkdtempSync(join(tmpdir(), 'replay-'));
const out = join(dir, 'run.ndjson.gz');
const live: VenueEvent[] = [];

/** Data events (not the clients' status and errors), as the `--json` lines. */
const dataLines = (events: readonly VenueEvent[], venue: string) => events.filter((e) => e.venue === venue && e.kind !== 'status' && e.kind !== 'error').map(encodeVenueEvent);

beforeAll(async () => {
  [finery, etorox] = await Promise.all([startFinerySimulator({ updatesPerSecond: 40 }), startEtoroxSimulator({ marketIntervalMs: 25 })]);
  const recording = recordVenues({
    venues: {
      finery: { client: { url: finery.url, ...fineryDemoCredentials, reconnect: { initialDelayMs: 20, jitter: 0 } }, instruments: ['BTC-USD', 'ETH-USD'], depth: 10 },
      etorox: { client: { url: etorox.url, ...etoroxDemoCredentials, reconnect: { initialDelayMs: 20, jitter: 0 } }, channels: ['btcusd'] },
    },
    out,
  });
  recording.events$.subscribe((event) => live.push(event));
  const books = (venue: string, n: number) => firstValueFrom(recording.events$.pipe(filter((e) => e.kind === 'book' && e.venue === venue && e.seq >= n), timeout(10_000)));
  await Promise.all([books('finery', 20), books('etorox', 10)]);
  // A reconnect of both venues in the middle of the recording.
  finery.faults.drop();
  etorox.faults.drop();
  await Promise.all([books('finery', 20), books('etorox', 10)]);
  await recording.close();
  await Promise.all([finery.close(), etorox.close()]);
}, 30_000);

const replay = (speed: 1 | 10 | 'max') => {
  const errors: RecordingError[] = [];
  return lastValueFrom(replayVenues(out, { speed, onError: (e) => errors.push(e) }).pipe(toArray())).then((events) => ({ events, errors }));
};

test('a replay reproduces the data events of the live run, line by line per venue, receivedAt included', async () => {
  const { events, errors } = await replay('max');
  expect(errors).toEqual([]);
  for (const venue of ['finery', 'etorox']) {
    const recorded = dataLines(live, venue);
    const replayed = dataLines(events, venue);
    expect(recorded.length).toBeGreaterThan(20);
    // The live run stopped at close(): a latest-value book still pending then (one per Finery book at most) is replayed, not printed.
    expect(replayed.length - recorded.length).toBeLessThanOrEqual(venue === 'finery' ? 2 : 0);
    expect(replayed.slice(0, recorded.length)).toEqual(recorded);
  }
  // Both reconnects are there: a snapshot book after each.
  expect(events.filter((e) => e.kind === 'book' && e.venue === 'finery' && e.snapshot).length).toBeGreaterThanOrEqual(4);
  expect(events.filter((e) => e.kind === 'status' && e.venue === 'etorox' && e.state.status === 'connected').length).toBe(2);
});

test('the same file gives deep-equal events at every speed, merged in receive-time order', async () => {
  const [max, again, ten] = await Promise.all([replay('max'), replay('max'), replay(10)]);
  expect(again.events).toEqual(max.events);
  expect(ten.events).toEqual(max.events);
  // Frames are served in receive-time order; each stream's events follow it (Finery's latest-value books at the end of their turn).
  for (const stream of ['finery BTC-USD', 'finery ETH-USD', 'etorox BTC-USD']) {
    const data = max.events.filter((e) => e.kind !== 'status' && `${e.venue} ${e.symbol}` === stream);
    expect(data.length).toBeGreaterThan(5);
    expect(data.every((e, i) => i === 0 || e.receivedAt >= (data[i - 1] as VenueEvent).receivedAt)).toBe(true);
  }
}, 30_000);
