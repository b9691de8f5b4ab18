import { decodeVenueEvent, VenueCodecError } from '@org/venues';
import type { ErrorEvent, VenueEvent } from '@org/venues';
import { Observable, ReplaySubject } from 'rxjs';
import { NO_SYMBOL, parseAddress } from './naming';
import { StateReporter } from './reporter';
import type { StateReporterOptions } from './reporter';
import type { BusState } from './state';

/**
 * A message on the bus that is not a version-1 `VenueEvent` (garbage, a `v: 2` line,
 * truncated JSON, an invalid event): `cause` is the `VenueCodecError` of `decodeVenueEvent`
 * (its `code`: `INVALID_JSON`, `UNSUPPORTED_VERSION`, `INVALID_EVENT`, `TOO_LARGE`), `where`
 * the subject or key, `position` the stream sequence or entry id. Never fatal: the consumer
 * emits it as an `ErrorEvent` and goes on.
 */
export class BusDecodeError extends Error {
  override readonly name = 'BusDecodeError';
  readonly code = 'BUS_DECODE';
  readonly fatal = false;
  constructor(
    readonly engine: string,
    readonly where: string,
    readonly position: string,
    override readonly cause: VenueCodecError,
  ) {
    super(`${engine}: message ${position} on ${where} is not a venue event: ${cause.reason} (${cause.code})`, { cause });
  }
}

/** A consumer's `Observable<VenueEvent>` and the state of its subscriptions. */
export interface BusSource extends Observable<VenueEvent> {
  /**
   * The state of this source's subscriptions (each subscription is its own connection; they
   * all report here): status, `published` = events emitted, `dropped` = unreadable messages
   * that name no venue. The latest is replayed; never completes.
   */
  readonly state$: Observable<BusState>;
}

/** What a consumer loop gets from {@link busSource} for one subscription. */
export interface ConsumerContext {
  /** Aborted on unsubscribe. */
  readonly signal: AbortSignal;
  /** Its state. */
  readonly reporter: StateReporter;
  /**
   * Decodes one message and emits the event, or a non-fatal `ErrorEvent` (venue and symbol
   * from the subject or key) with a {@link BusDecodeError}; counts it on `dropped` when the
   * subject or key names no venue. Returns whether the message was consumed (emitted or
   * counted: acknowledge it), `false` when the subscriber had already gone (leave it for the
   * next consumer). `position` (the engine's message id or sequence, for the error) may be a
   * function, called only for an error: reading it can cost more than the decode.
   */
  deliver(where: string, position: string | (() => string), payload: string | Uint8Array): boolean;
}

/**
 * Builds a consumer: each subscription runs `run` (the engine's read loop) until unsubscribe
 * aborts its signal; `run` rejecting ends the subscription with that error. The state says
 * `closed` once `run` has finished (after unsubscribe: its acknowledgements are sent), and a
 * new subscription of the same source starts only then, so a durable consumer restarted in
 * the same process never sees an event twice.
 */
export function busSource(engine: string, run: (context: ConsumerContext) => Promise<void>, options: StateReporterOptions = {}): BusSource {
  const states = new ReplaySubject<BusState>(1);
  let settled: Promise<void> = Promise.resolve();
  const source = new Observable<VenueEvent>((subscriber) => {
    const controller = new AbortController();
    let emitted = 0;
    let dropped = 0;
    const reporter = new StateReporter(engine, () => ({ queued: 0, queuedBytes: 0, published: emitted, dropped, conflated: 0 }), options);
    const forwarding = reporter.state$.subscribe((state) => states.next(state));
    const deliver = (where: string, position: string | (() => string), payload: string | Uint8Array): boolean => {
      if (subscriber.closed) return false;
      let event: VenueEvent;
      try {
        event = decodeVenueEvent(payload);
      } catch (error) {
        const address = parseAddress(where);
        if (!address || !(error instanceof VenueCodecError)) {
          dropped++;
          reporter.changed();
          return true;
        }
        const symbol = address.symbol === NO_SYMBOL ? {} : { symbol: address.symbol };
        const failure: ErrorEvent = { venue: address.venue, kind: 'error', ...symbol, receivedAt: Date.now(), error: new BusDecodeError(engine, where, typeof position === 'string' ? position : position(), error), fatal: false };
        event = failure;
      }
      emitted++;
      reporter.changed();
      subscriber.next(event);
      return true;
    };
    // A new subscription starts once the previous ones have finished (acknowledgements sent).
    const running = settled.then(() => (controller.signal.aborted ? undefined : run({ signal: controller.signal, reporter, deliver })));
    const done = running.then(
      () => {
        reporter.close();
        subscriber.complete();
      },
      (error: unknown) => {
        const failure = error instanceof Error ? error : new Error(String(error));
        reporter.close(failure);
        subscriber.error(failure);
      },
    );
    settled = done.finally(() => forwarding.unsubscribe());
    return () => controller.abort();
  });
  return Object.assign(source, { state$: states.asObservable() });
}
