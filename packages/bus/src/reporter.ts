import { asyncScheduler, BehaviorSubject, Subject, throttleTime } from 'rxjs';
import type { Observable, SchedulerLike, Subscription } from 'rxjs';
import type { BusCounters, BusState, BusStatus } from './state';

/** Options of {@link StateReporter}. */
export interface StateReporterOptions {
  /** Least ms between two emissions for moving counters (default 1 000). */
  readonly statusIntervalMs?: number;
  /** Time source of `since` and of the throttle (default `asyncScheduler`; a `TestScheduler` or fake timers in tests). */
  readonly scheduler?: SchedulerLike;
}

/** Default of {@link StateReporterOptions.statusIntervalMs}. */
export const DEFAULT_STATUS_INTERVAL_MS = 1_000;

/**
 * Keeps a publisher's or consumer's {@link BusState} and emits it on `state$` (replaying the
 * latest to each subscriber): every status change at once, counter moves at most once per
 * `statusIntervalMs` (leading and trailing). `close()` emits `closed` and completes.
 */
export class StateReporter {
  readonly #state: BehaviorSubject<BusState>;
  readonly #changes = new Subject<void>();
  readonly #throttle: Subscription;
  readonly #scheduler: SchedulerLike;
  /** `closed` was emitted: read on every consumed message, so not through the BehaviorSubject. */
  #closed = false;

  constructor(
    readonly engine: string,
    private readonly counters: () => BusCounters,
    options: StateReporterOptions = {},
  ) {
    this.#scheduler = options.scheduler ?? asyncScheduler;
    this.#state = new BehaviorSubject<BusState>({ engine, status: 'connecting', since: this.#scheduler.now(), ...counters() });
    this.#throttle = this.#changes
      .pipe(throttleTime(options.statusIntervalMs ?? DEFAULT_STATUS_INTERVAL_MS, this.#scheduler, { leading: true, trailing: true }))
      .subscribe(() => this.#emit(this.#state.value.status, this.#state.value.error, this.#state.value.since));
  }

  /** Every state, the latest first. */
  get state$(): Observable<BusState> {
    return this.#state.asObservable();
  }

  /** The latest state, with the counters as they are now. */
  get value(): BusState {
    return { ...this.#state.value, ...this.counters() };
  }

  /** Moves to `status` (emitting at once) unless it is already there with the same error. */
  setStatus(status: BusStatus, error?: Error): void {
    const current = this.#state.value;
    if (current.status === 'closed' || (current.status === status && current.error === error)) return;
    this.#emit(status, error, current.status === status ? current.since : this.#scheduler.now());
  }

  /** Counters moved: emits within `statusIntervalMs`. */
  changed(): void {
    if (!this.#closed) this.#changes.next();
  }

  /** Emits `closed` (with the fatal error, if any) and completes `state$`. Idempotent. */
  close(error?: Error): void {
    if (this.#state.value.status === 'closed') return;
    this.#throttle.unsubscribe();
    this.#emit('closed', error, this.#scheduler.now());
    this.#state.complete();
  }

  #emit(status: BusStatus, error: Error | undefined, since: number): void {
    this.#closed = status === 'closed';
    this.#state.next({ engine: this.engine, status, since, ...(error ? { error } : {}), ...this.counters() });
  }
}
