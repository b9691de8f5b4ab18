import { applyBookSnapshot, applyBookUpdates, bookLevels, createBookState } from '@org/finery';
import { Bench } from 'tinybench';
import { recordFineryBookStream } from '../finery-recording';
import type { RecordedBookStream } from '../finery-recording';
import { applyReferenceUpdates, createReferenceBook, loadReferenceBook, referenceLevels } from '../reference-book';
import { median, round } from '../stats';
import type { Figure } from '../types';

const MIN_UPDATES_PER_SECOND = 2_000_000;

/** Replays the stream through `@org/finery`'s book engine; returns the final book. */
function replayOurs(stream: RecordedBookStream): ReturnType<typeof createBookState> {
  const state = createBookState();
  let failure = applyBookSnapshot(state, stream.snapshot.bids, stream.snapshot.asks);
  for (const [bids, asks] of stream.messages) failure ??= applyBookUpdates(state, bids, asks);
  if (failure !== undefined) throw new Error(`our book rejected the recorded stream: ${failure}`);
  return state;
}

/** Replays the stream through the reference book; returns the final book. */
function replayReference(stream: RecordedBookStream): ReturnType<typeof createReferenceBook> {
  const book = createReferenceBook();
  loadReferenceBook(book, stream.snapshot.bids, stream.snapshot.asks);
  for (const [bids, asks] of stream.messages) applyReferenceUpdates(book, bids, asks);
  return book;
}

/**
 * Figure 2: Finery order book level updates per second applied by `@org/finery`'s engine
 * (`applyBookSnapshot` + `applyBookUpdates`) against the plain reference (sorted arrays,
 * binary search, splice) on the same recorded `F` stream of the simulator, measured with
 * tinybench in alternating rounds. Both must end on the same book. Target ≥ 1× and ≥ 2M/s.
 */
export const fineryBookFigure: Figure = {
  name: 'finery-book',
  number: 2,
  title: 'Finery order book level updates/s: @org/finery book vs sorted-array reference',
  async run(context) {
    const stream = await recordFineryBookStream('BTC-USD', context.quick ? 2_000 : 10_000);
    const ours = replayOurs(stream);
    const reference = replayReference(stream);
    for (const side of ['bids', 'asks'] as const) {
      if (JSON.stringify(bookLevels(ours, side)) !== JSON.stringify(referenceLevels(reference, side))) {
        throw new Error(`the books disagree on ${side} after the recorded stream`);
      }
    }
    const samples = { ours: [] as number[], baseline: [] as number[] };
    const rounds = context.quick ? 2 : 6;
    for (let round = 0; round < rounds; round++) {
      const bench = new Bench({ time: context.quick ? 150 : 400, warmupTime: 50, throws: true });
      const tasks: [keyof typeof samples, () => void][] = [
        ['ours', () => void replayOurs(stream)],
        ['baseline', () => void replayReference(stream)],
      ];
      if (round % 2 === 1) tasks.reverse();
      for (const [name, fn] of tasks) bench.add(name, fn);
      await bench.run();
      for (const task of bench.tasks) {
        const replaysPerSecond = task.result?.throughput.mean ?? Number.NaN;
        samples[task.name as keyof typeof samples].push(replaysPerSecond * stream.levelUpdates);
      }
    }
    context.log(`  ours ${samples.ours.map((s) => Math.round(s)).join(', ')}; reference ${samples.baseline.map((s) => Math.round(s)).join(', ')} updates/s`);
    const oursRate = median(samples.ours);
    const baselineRate = median(samples.baseline);
    // Median of the per-round ratios: both ran back to back in each round.
    const r = median(samples.ours.map((o, i) => o / (samples.baseline[i] as number)));
    return [
      {
        figure: '2 finery book',
        metric: 'level updates/s',
        ours: round(oursRate),
        baseline: round(baselineRate),
        ratio: round(r, 3),
        target: '≥ 1× and ≥ 2M/s',
        pass: r >= 1 && oursRate >= MIN_UPDATES_PER_SECOND,
        detail: {
          messages: stream.messages.length,
          levelUpdates: stream.levelUpdates,
          samples: { ours: samples.ours.map((s) => round(s)), baseline: samples.baseline.map((s) => round(s)) },
        },
      },
    ];
  },
};
