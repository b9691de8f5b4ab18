import { fineryFirehose } from './finery-feed';
import { throughputFigure } from './throughput';

/**
 * Figure 2 (end to end): Finery order books per consumer CPU-second, saturated (the firehose
 * of figure 1), one book per `F` message with the top 10 levels of both sides read each time:
 * `client.book(id, { depth: 10, conflate: false })` (a copy per message), `client.bookView(id)`
 * (read in place) and `connectVenues()` Finery `book` events (the reused event over the view),
 * each against a raw `ws` client that keeps its own sorted-array book (`PlainBook`) per
 * instrument. Targets: `client.book()` ≥ 0.9×, `connectVenues()` ≥ 0.85×.
 */
export const clientBookFigure = throughputFigure({
  name: 'client-book',
  number: 2,
  title: 'Finery books end to end, saturated, top-10 read per message: client.book() / bookView() / connectVenues() vs raw ws + own sorted-array book',
  venue: 'finery-book',
  label: 'client.book()',
  minRatio: 0.9,
  more: [
    { label: 'client.bookView()', workload: 'finery-view-ours', minRatio: 0.9 },
    { label: 'connectVenues() book', workload: 'venues-finery-book', minRatio: 0.85 },
  ],
  start: fineryFirehose,
});
