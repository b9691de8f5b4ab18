import { BOOK_PEERS, ccxt, generateBookSequence, ours, sortedArray, tardis } from '../book-peers';
import type { BookPeer, BookSequence, FinalBook } from '../book-peers';
import { median, round } from '../stats';
import { runChild } from '../child-runner';
import type { Figure, Row } from '../types';
import type { BookRateSample } from '../workloads/book';

/** The book shapes: levels per side, and the engine's targets against each peer there (finery.md §7.1 publishes 25). */
const SHAPES: readonly {
  depth: number;
  targets: Partial<Record<string, number>>;
}[] = [
  {
    depth: 25,
    targets: { [sortedArray.name]: 1, [ccxt.name]: 3, [tardis.name]: 4 },
  },
  {
    depth: 1000,
    targets: { [sortedArray.name]: 1, [ccxt.name]: 1.5, [tardis.name]: 1.5 },
  },
  { depth: 5000, targets: { [sortedArray.name]: 1 } },
];

/** Replays once; throws when a peer's final book or reads differ from ours. */
function checkIdentical(sequence: BookSequence): void {
  const reference = ours.replay(ours.prepare(sequence));
  const expected = JSON.stringify(reference.book());
  for (const peer of BOOK_PEERS) {
    const result = peer.replay(peer.prepare(sequence));
    const book: FinalBook = result.book();
    if (JSON.stringify(book) !== expected || result.checksum !== reference.checksum) {
      throw new Error(`${peer.name} and ${ours.name} disagree after the ${sequence.depth}-level sequence`);
    }
  }
}

/**
 * Figure 2: order book level updates per second with the top 10 of both sides read after
 * every incremental update message (1 to 5 level updates), `@org/finery`'s engine against a plain sorted array with `splice`, ccxt's
 * `OrderBook` and tardis-dev's `OrderBook`, on books of 25, 1 000 and 5 000 levels per side
 * (`generateBookSequence`, the same sequence for every library, each checked to end on the
 * identical book). Every library runs alone in a fresh child process per round (workload
 * `book-engine`: its own heap and JIT), the order rotating every round; the ratio is the
 * median of the per-round ratios. Targets: ≥ 1× the sorted array at every depth, ≥ 3× ccxt
 * and ≥ 4× tardis-dev at 25 levels, ≥ 1.5× both at 1 000.
 */
export const fineryBookFigure: Figure = {
  name: 'finery-book',
  number: 2,
  title: 'Order book level updates/s with top-10 reads: @org/finery engine vs sorted array, ccxt, tardis-dev',
  async run(context) {
    const rows: Row[] = [];
    const rounds = context.quick ? 3 : 7;
    const budgetMs = context.quick ? 60 : 250;
    const messages = context.quick ? 5_000 : 20_000;
    for (const { depth, targets } of SHAPES) {
      const sequence = generateBookSequence(depth, messages);
      checkIdentical(sequence);
      const reference = ours.replay(ours.prepare(sequence)).checksum;
      const samples = BOOK_PEERS.map(() => [] as number[]);
      for (let r = 0; r < rounds; r++) {
        for (let k = 0; k < BOOK_PEERS.length; k++) {
          const peer = (k + r) % BOOK_PEERS.length;
          const sample = await runChild<BookRateSample>({ workload: 'book-engine', depth, messages, peer, budgetMs }, { profileDir: context.profileDir });
          if (sample.checksum !== reference) throw new Error(`${(BOOK_PEERS[peer] as BookPeer).name} read other levels in its child process`);
          (samples[peer] as number[]).push(sample.perSecond);
        }
      }
      const oursSamples = samples[0] as number[];
      context.log(`  ${depth} levels: ${BOOK_PEERS.map((peer, i) => `${peer.name} ${Math.round(median(samples[i] as number[]))}/s`).join(', ')}`);
      BOOK_PEERS.forEach((peer, i) => {
        if (peer === ours) return;
        const peerSamples = samples[i] as number[];
        const r = median(oursSamples.map((o, j) => o / (peerSamples[j] as number)));
        const target = targets[peer.name];
        rows.push({
          figure: `2 book ${depth} vs ${peer.name.split(' ')[0]}`,
          metric: 'level updates/s, top-10 read each',
          ours: round(median(oursSamples)),
          baseline: round(median(peerSamples)),
          ratio: round(r, 3),
          target: target === undefined ? 'report' : `≥ ${target}×`,
          pass: target === undefined ? null : r >= target,
          detail: {
            depth,
            peer: peer.name,
            messages: sequence.messages.length,
            levelUpdates: sequence.levelUpdates,
            samples: {
              ours: oursSamples.map((s) => round(s)),
              baseline: peerSamples.map((s) => round(s)),
            },
          },
        });
      });
    }
    return rows;
  },
};
