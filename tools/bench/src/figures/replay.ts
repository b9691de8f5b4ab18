import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readRecording, recordVenues, replayVenues } from '@org/recorder';
import { fineryDemoCredentials, startFinerySimulator } from '@org/venue-sim';
import type { FinerySimulator } from '@org/venue-sim';
import { connectVenues } from '@org/venues';
import type { VenueEvent, VenuesOptions } from '@org/venues';
import type { Observable } from 'rxjs';
import { count, filter, firstValueFrom, lastValueFrom, timeout } from 'rxjs';
import { median, round } from '../stats';
import type { Figure } from '../types';

const MIN_FRAMES_PER_MINUTE = 1_000_000;
const SEED = 7;

/** Finery from a fresh simulator (seeded, market stepped by us): one `F` book of BTC-USD. */
const fineryOf = (url: string, now?: () => number): NonNullable<VenuesOptions['finery']> => ({
  client: { url, ...fineryDemoCredentials, ...(now ? { now } : {}) },
  instruments: ['BTC-USD'],
});

/** Market steps sent at once per burst; the next burst waits until the client caught up. */
const BURST = 5_000;

/**
 * Steps the simulator's BTC-USD market `steps` times, in bursts of {@link BURST} sent at
 * once (a firehose over loopback); after each burst waits until the client's book equals
 * the simulator's.
 */
async function firehose(sim: FinerySimulator, events$: Observable<VenueEvent>, steps: number): Promise<void> {
  for (let done = 0; done < steps; done += BURST) {
    const caughtUp = firstValueFrom(
      events$.pipe(
        filter((e) => {
          if (e.kind !== 'book') return false;
          const top = sim.book('BTC-USD');
          return e.bids[0]?.[0] === (top.bids[0]?.[0] ?? 0) / 1e8 && e.bids[0]?.[1] === (top.bids[0]?.[1] ?? 0) / 1e8 && e.asks[0]?.[0] === (top.asks[0]?.[0] ?? 0) / 1e8;
        }),
        timeout(60_000),
      ),
    );
    sim.step(Math.min(BURST, steps - done), 'BTC-USD');
    await caughtUp;
  }
}

/**
 * Live, the baseline: the same client pipeline (`connectVenues`, the Finery client, its
 * book, the mapping) fed by the same firehose; the client's `now` (read once per frame)
 * counts the frames. Resolves frames per second.
 */
async function liveRate(steps: number): Promise<number> {
  const sim = await startFinerySimulator({ updatesPerSecond: 0, seed: SEED });
  let frames = 0;
  const venues = connectVenues({
    finery: fineryOf(sim.url, () => {
      frames++;
      return Date.now();
    }),
  });
  const subscription = venues.events$.subscribe();
  try {
    await firstValueFrom(venues.events$.pipe(filter((e) => e.kind === 'book'), timeout(10_000)));
    const started = performance.now();
    const before = frames;
    await firehose(sim, venues.events$, steps);
    return ((frames - before) / (performance.now() - started)) * 1000;
  } finally {
    subscription.unsubscribe();
    venues.close();
    await sim.close();
  }
}

/**
 * Figure 10: frames per minute that `replayVenues(file, { speed: 'max' })` (`@org/recorder`)
 * replays of a Finery recording (the simulator's `F` book stream, stepped as a firehose in
 * bursts of 5 000 steps),
 * through the same client, book and mapping as live, against that live pipeline fed by the
 * same firehose over loopback. Target ≥ 1 M frames/min.
 */
export const replayFigure: Figure = {
  name: 'replay',
  number: 10,
  title: 'Finery replay --speed max frames/min vs the live client fed by a firehose',
  async run(context) {
    const steps = context.quick ? 10_000 : 40_000;
    const dir = mkdtempSync(join(tmpdir(), 'bench-replay-'));
    const out = join(dir, 'finery.ndjson.gz');
    try {
      const sim = await startFinerySimulator({ updatesPerSecond: 0, seed: SEED });
      const recording = recordVenues({ venues: { finery: fineryOf(sim.url) }, out });
      await firstValueFrom(recording.events$.pipe(filter((e) => e.kind === 'book'), timeout(10_000)));
      await firehose(sim, recording.events$, steps);
      await recording.close();
      await sim.close();
      const file = readRecording(out, (error) => {
        throw error;
      });
      const frames = file?.records.filter((r) => r.type === 'in').length ?? 0;
      const samples = { ours: [] as number[], baseline: [] as number[] };
      for (let run = 0; run < context.runs; run++) {
        const started = performance.now();
        const events = await lastValueFrom(replayVenues(out, { speed: 'max' }).pipe(count()));
        const seconds = (performance.now() - started) / 1000;
        samples.ours.push((frames / seconds) * 60);
        samples.baseline.push((await liveRate(steps)) * 60);
        context.log(`  replay ${Math.round(samples.ours.at(-1) ?? 0)} frames/min (${events} events); live ${Math.round(samples.baseline.at(-1) ?? 0)} frames/min`);
      }
      const ours = median(samples.ours);
      const baseline = median(samples.baseline);
      const r = median(samples.ours.map((o, i) => o / (samples.baseline[i] as number)));
      return [
        {
          figure: '10 replay',
          metric: 'Finery frames/min',
          ours: round(ours),
          baseline: round(baseline),
          ratio: round(r, 3),
          target: '≥ 1M frames/min',
          pass: ours >= MIN_FRAMES_PER_MINUTE,
          detail: { frames, steps, samples: { ours: samples.ours.map((s) => round(s)), baseline: samples.baseline.map((s) => round(s)) } },
        },
      ];
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
