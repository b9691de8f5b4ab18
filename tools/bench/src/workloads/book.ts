import { BOOK_PEERS, generateBookSequence } from '../book-peers';
import type { Workload } from './types';

/** What the `book-engine` workload reports: one library's level updates per second. */
export interface BookRateSample {
  /** `levelUpdates × replays / ms × 1000` over the measured windows (median window). */
  perSecond: number;
  /** The read checksum of one replay, so the harness can check every library read the same. */
  checksum: number;
}

/**
 * Figure 2's workload, alone in a fresh process (its own heap and JIT, so one library's
 * allocations and compiled code cannot tilt another's numbers): generates the seeded sequence
 * (`spec.depth`, `spec.messages`), warms the library `spec.peer` (index in `BOOK_PEERS`) up for
 * half of `spec.budgetMs`, then replays it for three windows of `spec.budgetMs` and reports the
 * median window's rate.
 */
export const bookEngine: Workload = async (spec) => {
  const { depth, messages, peer: index, budgetMs } = spec as unknown as { depth: number; messages: number; peer: number; budgetMs: number };
  const peer = BOOK_PEERS[index];
  if (!peer) throw new Error(`no book peer ${index}`);
  const sequence = generateBookSequence(depth, messages);
  const prepared = peer.prepare(sequence);
  const window = (ms: number): number => {
    let spent = 0;
    let replays = 0;
    while (spent < ms) {
      spent += peer.replay(prepared).ms;
      replays++;
    }
    return (replays * sequence.levelUpdates * 1000) / spent;
  };
  window(budgetMs / 2);
  const rates = [window(budgetMs), window(budgetMs), window(budgetMs)].sort((a, b) => a - b);
  return { perSecond: rates[1] as number, checksum: peer.replay(prepared).checksum } satisfies BookRateSample;
};
