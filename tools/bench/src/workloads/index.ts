import { etoroxOurs, etoroxRaw } from '../consumers/etorox';
import { fineryBookCopies, fineryBooksRaw, fineryBookViews, fineryOurs, fineryRaw } from '../consumers/finery';
import { hercleOurs, hercleRaw } from '../consumers/hercle';
import { marketProphitOurs, marketProphitRaw } from '../consumers/marketprophit';
import type { Consumer } from '../consumers/types';
import { venuesAlone, venuesFineryBooks, venuesMerged } from '../consumers/venues';
import { bookEngine } from './book';
import { measureRate } from './measure';
import { clientChurn, fineryChurn, marketProphitIdle } from './memory';
import type { Workload } from './types';

/**
 * A throughput workload: the consumer with the spec as its parameters, counted by
 * `measureRate`; with `spec.firehose`, measured only once the harness says the firehose
 * replays to it.
 */
const rate =
  <P>(consumer: Consumer<P>): Workload =>
  (spec, parent) =>
    measureRate(
      spec as unknown as { durationMs: number; warmupMs: number },
      (counter) => consumer(spec as unknown as P, () => counter.count++),
      spec.firehose ? () => parent.request({ replaying: true }) : undefined,
    );

/** Every workload a child process can run, by name: `<venue>-ours` and `<venue>-baseline`, figure 2's `book-engine`, the memory workloads. */
export const WORKLOADS: Record<string, Workload> = {
  'etorox-ours': rate(etoroxOurs),
  'etorox-baseline': rate(etoroxRaw),
  'finery-ours': rate(fineryOurs),
  'finery-baseline': rate(fineryRaw),
  'finery-book-ours': rate(fineryBookCopies),
  'finery-view-ours': rate(fineryBookViews),
  'venues-finery-book': rate(venuesFineryBooks),
  'finery-book-baseline': rate(fineryBooksRaw),
  'hercle-ours': rate(hercleOurs),
  'hercle-baseline': rate(hercleRaw),
  'marketprophit-ours': rate(marketProphitOurs),
  'marketprophit-baseline': rate(marketProphitRaw),
  'venues-ours': rate(venuesMerged),
  'venues-baseline': rate(venuesAlone),
  'book-engine': bookEngine,
  'memory-finery-churn': fineryChurn,
  'memory-marketprophit-idle': marketProphitIdle,
  'memory-client-churn': clientChurn,
};
