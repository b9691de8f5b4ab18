/**
 * An order book as an Observable (finery.md §7.1): the book engine fed by one binding of
 * `B`, `F` or `MD`, emitting an immutable `OrderBook` per message and never a crossed or
 * inconsistent one.
 */
import { Observable } from 'rxjs';
import { applyBookSnapshot, applyBookUpdates, bookLevels, createBookState } from './book';
import type { Bindings } from './bindings';
import { bindingKey } from './codec';
import { FineryBookError } from './errors';
import type { BookMessage, FeedId, OrderBook } from './types';

/** Pause before re-binding a book whose fresh snapshot was itself inconsistent, ms. */
const BAD_SNAPSHOT_REBIND_MS = 1000;

/**
 * Maintains the book of (feed, instrument) from its binding. An inconsistent update is
 * reported through `inconsistent` and the feed re-bound at once; an inconsistent snapshot
 * is reported and re-bound after a pause, so a venue that keeps sending one causes no
 * re-bind storm. Until the next good snapshot nothing is emitted.
 */
export function bookStream(
  bindings: Bindings,
  feed: 'B' | 'F' | 'MD',
  instrument: FeedId,
  depth: number,
  inconsistent: (error: FineryBookError) => void,
): Observable<OrderBook> {
  const key = bindingKey(feed, instrument);
  return new Observable<OrderBook>((subscriber) => {
    const state = createBookState();
    let live = false;
    let retry: NodeJS.Timeout | undefined;
    const detach = bindings.attach(feed, instrument, {
      message: (message) => {
        const m = message as BookMessage;
        const snapshot = m.action === 'S';
        if (!snapshot && !live) return;
        const reason = snapshot ? applyBookSnapshot(state, m.data[0], m.data[1]) : applyBookUpdates(state, m.data[0], m.data[1]);
        if (reason !== undefined) {
          live = false;
          inconsistent(new FineryBookError(`${feed} ${JSON.stringify(instrument)}: ${reason}`, feed, instrument));
          if (!snapshot) bindings.rebind(key);
          else
            retry ??= setTimeout(() => {
              retry = undefined;
              bindings.rebind(key);
            }, BAD_SNAPSHOT_REBIND_MS);
          return;
        }
        live = true;
        subscriber.next({ feed, instrument, bids: bookLevels(state, 'bids', depth), asks: bookLevels(state, 'asks', depth), receivedAt: Date.now() });
      },
      error: (error) => subscriber.error(error),
      complete: () => subscriber.complete(),
      rebound: () => {
        live = false;
      },
    });
    return () => {
      if (retry) clearTimeout(retry);
      detach();
    };
  });
}
