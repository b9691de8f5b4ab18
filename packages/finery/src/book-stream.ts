/**
 * Order books as Observables (finery.md §7.1): one book engine per binding of `B`, `F` or
 * `MD`, shared by every subscriber as a `BookView`, never emitted crossed or inconsistent;
 * and the copying `OrderBook` stream built on it, latest-value (conflated) by default.
 */
import { fanOut } from '@org/reconnect';
import { Observable } from 'rxjs';
import { applyBookBatch, applyBookSnapshot, applyBookUpdates, createBookState } from './book';
import { BookView } from './book-view';
import type { Bindings } from './bindings';
import { bindingKey } from './codec';
import { FineryBookError } from './errors';
import type { BookMessage, FeedId, OrderBook } from './types';

/** Pause before re-binding a book whose fresh snapshot was itself inconsistent, ms. */
const BAD_SNAPSHOT_REBIND_MS = 1000;

/**
 * The shared live book of (feed, instrument): the first subscriber attaches the binding,
 * the last one detaches it and `idle()` is called. Every applied message emits the one
 * `BookView` synchronously to every subscriber; a subscriber joining a live book gets the
 * view at once. An inconsistent update is reported through `inconsistent` and the feed
 * re-bound at once; an inconsistent snapshot is reported and re-bound after a pause, so a
 * venue that keeps sending one causes no re-bind storm. Until the next good snapshot nothing
 * is emitted.
 */
export function sharedBookViews(
  bindings: Bindings,
  feed: 'B' | 'F' | 'MD',
  instrument: FeedId,
  inconsistent: (error: FineryBookError) => void,
  idle: () => void,
): Observable<BookView> {
  const key = bindingKey(feed, instrument);
  const state = createBookState();
  const view = new BookView(feed, instrument, state);
  const views$ = fanOut<BookView>((sink) => {
    let retry: NodeJS.Timeout | undefined;
    /** The outcome of one applied message: emitted, or reported and re-bound. */
    const applied = (reason: string | undefined, snapshot: boolean, receivedAt: number) => {
      if (reason !== undefined) {
        view.mark(undefined);
        inconsistent(new FineryBookError(`${feed} ${JSON.stringify(instrument)}: ${reason}`, feed, instrument));
        if (!snapshot) bindings.rebind(key);
        else
          retry ??= setTimeout(() => {
            retry = undefined;
            bindings.rebind(key);
          }, BAD_SNAPSHOT_REBIND_MS);
        return;
      }
      view.mark(receivedAt, snapshot);
      sink.next(view);
    };
    // The binding ending errors or completes every subscriber, after the teardown below (the book is idle then).
    const detach = bindings.attach(feed, instrument, {
      message: (message, receivedAt) => {
        const m = message as BookMessage;
        const snapshot = m.action === 'S';
        if (!snapshot && !view.live) return;
        applied(snapshot ? applyBookSnapshot(state, m.data[0], m.data[1]) : applyBookUpdates(state, m.data[0], m.data[1]), snapshot, receivedAt);
      },
      updates: (batch, receivedAt) => {
        if (view.live) applied(applyBookBatch(state, batch), false, receivedAt);
      },
      error: sink.error,
      complete: sink.complete,
      rebound: () => view.mark(undefined),
    });
    return () => {
      if (retry) clearTimeout(retry);
      view.mark(undefined);
      detach();
      idle();
    };
  });
  // A subscriber joining a live book gets the view at once (a book is live only while subscribed, so never the one that starts it).
  return new Observable<BookView>((subscriber) => {
    const joinsLive = view.live;
    const subscription = views$.subscribe(subscriber);
    if (joinsLive && !subscriber.closed) subscriber.next(view);
    return subscription;
  });
}

/** How `copiedBooks` hands books to a subscriber. */
export interface CopyOptions {
  /** Levels per side of each copy. */
  readonly depth: number;
  /**
   * `true`: latest value: books produced while a delivery is pending are merged into it, and
   * the pending one is delivered (as a copy of the book at that moment) after the current
   * I/O callbacks, so a consumer slower than the feed receives the newest book instead of
   * a backlog. `false`: one copy per message, synchronously.
   */
  readonly conflate: boolean;
}

/**
 * One `OrderBook` copy per view emission, or the latest one per turn of the event loop
 * (`conflate`). Provenance is the subscriber's own: its first copy is `snapshot: true`
 * (seq 0), and so is the first copy after a fresh `S` (merged or not); `seq` counts its
 * copies since.
 */
export function copiedBooks(views: Observable<BookView>, options: CopyOptions): Observable<OrderBook> {
  return new Observable<OrderBook>((subscriber) => {
    let latest: BookView | undefined;
    let pending: NodeJS.Immediate | undefined;
    let fresh = true;
    let seq = 0;
    const copy = (view: BookView): OrderBook => {
      const book = view.snapshot(options.depth) as { -readonly [K in keyof OrderBook]: OrderBook[K] };
      seq = fresh ? 0 : seq + 1;
      book.snapshot = fresh;
      book.seq = seq;
      fresh = false;
      return book;
    };
    const deliver = () => {
      pending = undefined;
      if (latest?.live) subscriber.next(copy(latest));
      latest = undefined;
    };
    const subscription = views.subscribe({
      next: (view) => {
        if (view.seq === 0) fresh = true;
        if (!options.conflate) return subscriber.next(copy(view));
        latest = view;
        pending ??= setImmediate(deliver);
      },
      error: (error) => subscriber.error(error),
      complete: () => subscriber.complete(),
    });
    return () => {
      if (pending) clearImmediate(pending);
      subscription.unsubscribe();
    };
  });
}
