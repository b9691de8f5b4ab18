import { filter, scan, share } from 'rxjs';
import type { Observable, Subscription } from 'rxjs';
import { connectVenues } from '@org/venues';
import type { StatusEvent, VenueName, Venues } from '@org/venues';
import { startDemo } from './demo';
import type { Demo } from './demo';
import { LiveConfigError, liveClients, missingLiveEnv } from './env';
import { formatJson, formatLine } from './format';
import { describeSelection, leftOut, venuesOptions } from './selection';
import { lineWriter } from './output';
import type { Selection, VenueClients } from './selection';
import { peopleFilter } from './throttle';
import { EXIT } from './io';
import type { CliIo } from './io';
import { EnginePackageMissingError, eventsFrom, publishTo } from './engine';
import type { EngineUrl, EnginePublisher } from './engine';
import { loadVenueMetrics } from './metrics';
import type { ListenAddress } from './metrics';

/** What `venues tail` was asked for. */
export interface TailOptions {
  readonly venues: readonly VenueName[];
  /** Ids per venue from `--symbols`; absent: each venue's defaults. */
  readonly selection?: Selection;
  readonly json: boolean;
  /** Stop after this long, ms; absent: run until stopped. */
  readonly durationMs?: number;
  readonly live: boolean;
  readonly sandbox: boolean;
  readonly raw: boolean;
  /** Human output: book, order, quote and sentiment lines per second per venue and symbol; 0 for all. */
  readonly rate: number;
  readonly color: boolean;
  /** Event lines held while stdout is blocked before lines are dropped (`lineWriter`). */
  readonly bufferLines: number;
  /** Market clock speed of the Market Prophit simulator (1: real time). */
  readonly simSpeed: number;
  /** `--metrics`: serve `/metrics` and `/health` here (`src/metrics.ts`). */
  readonly metrics?: ListenAddress;
  /** `--publish`: also publish every event to this engine (`src/engine.ts`). */
  readonly publish?: EngineUrl;
  /** `--from`: read the events from this engine instead of the venues. */
  readonly from?: EngineUrl;
}

/** Waits for `promise` at most `ms`. */
export const atMost = (promise: Promise<unknown>, ms: number): Promise<void> =>
  new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    void promise.finally(() => {
      clearTimeout(timer);
      resolve();
    });
  });

/** The clients of `--live`, or the exit code after explaining why not. */
export function liveSetup(options: Pick<TailOptions, 'venues' | 'sandbox'>, io: CliIo): VenueClients | number {
  const missing = missingLiveEnv(options.venues, io.env);
  if (missing.length > 0) {
    io.info(`venues tail --live: missing environment variable${missing.length > 1 ? 's' : ''} ${missing.join(', ')}.`);
    io.info('Set them (see `venues tail --help`), choose other venues with --venue, or leave out --live to stream from the local simulators.');
    return EXIT.usage;
  }
  try {
    return liveClients(options.venues, io.env, options.sandbox);
  } catch (error) {
    if (!(error instanceof LiveConfigError)) throw error;
    io.info(`venues tail --live: ${error.message}`);
    return EXIT.usage;
  }
}

/** How the run ended, for the closing message: the last error of each venue that reported one. */
const stopReason = (errors: ReadonlyMap<VenueName, Error>): string =>
  errors.size === 0 ? '' : `: ${[...errors].map(([venue, error]) => `${venue}: ${error.name}: ${error.message}`).join('; ')}`;

/**
 * `venues tail`: connects the chosen venues (the local simulators, or the venues with
 * `--live`), prints every event as it arrives, and stops on `io.stopped`, after
 * `durationMs`, or when every venue has stopped for good (saying why: each venue's last
 * error). A chosen venue that `--symbols` gives nothing is left out with a message naming
 * it; when none is left the run is a usage error. Event lines honour stdout's
 * backpressure (`lineWriter`: at most `bufferLines` held, then dropped with a count on
 * stderr). Closes every connection and simulator before it resolves the exit code: 0 when
 * stopped, 1 when every venue failed, 2 for bad usage or missing or unreadable live
 * credentials.
 */
export async function runTail(options: TailOptions, io: CliIo): Promise<number> {
  const selection = options.selection ?? {};
  for (const line of leftOut(options.venues, selection)) io.info(`venues tail: ${line}`);
  const chosen = options.venues.filter((venue) => selection[venue]?.length !== 0);
  if (chosen.length === 0) {
    io.info('venues tail: nothing to stream: --symbols names nothing the chosen venues (--venue) stream.');
    return EXIT.usage;
  }
  const described = describeSelection(chosen, selection);
  if (described) io.info(`venues tail: --symbols: ${described}`);
  const startMetrics = options.metrics && (await loadVenueMetrics(options.metrics, io));
  if (typeof startMetrics === 'string') {
    io.info(`venues tail: ${startMetrics}`);
    return EXIT.usage;
  }
  let demo: Demo | undefined;
  let venues: Venues;
  let publisher: EnginePublisher | undefined;
  try {
    if (options.from) {
      // One engine consumer shared by the output, --publish and --metrics; venue states from its status events.
      const events$ = eventsFrom(options.from).pipe(filter((event) => chosen.includes(event.venue)), share());
      const status$ = events$.pipe(
        filter((event): event is StatusEvent => event.kind === 'status'),
        scan((states: Venues['status$'] extends Observable<infer S> ? S : never, event) => ({ ...states, [event.venue]: event.state }), {}),
      );
      venues = { events$, status$, close: () => undefined };
      io.info(`venues tail: ${chosen.join(', ')} from ${options.from.engine} at ${options.from.url} (the latest of every subject, then live). Ctrl+C to stop.`);
    } else {
      let clients: VenueClients;
      if (options.live) {
        const setup = liveSetup({ ...options, venues: chosen }, io);
        if (typeof setup === 'number') return setup;
        clients = setup;
        io.info(`venues tail: ${chosen.join(', ')} live${options.sandbox ? ' (test environments where they exist)' : ''}. Ctrl+C to stop.`);
      } else {
        demo = await startDemo(chosen, { speed: options.simSpeed });
        clients = demo.clients;
        const speed = options.simSpeed === 1 || !chosen.includes('marketprophit') ? '' : `, Market Prophit's clock ${options.simSpeed}× fast`;
        io.info(`venues tail: ${chosen.join(', ')} from local simulators with demo credentials${speed} (--live for the venues). Ctrl+C to stop.`);
      }
      venues = connectVenues(venuesOptions(clients, selection, options.raw));
    }
    if (options.publish) {
      publisher = publishTo(options.publish, venues.events$);
      io.info(`venues tail: publishing to ${options.publish.engine} at ${options.publish.url}.`);
    }
  } catch (error) {
    if (!(error instanceof EnginePackageMissingError)) throw error;
    io.info(`venues tail: ${error.message}`);
    if (demo) await atMost(demo.close(), 3000);
    return EXIT.usage;
  }
  // Subscribes to events$ in the same synchronous run as the output below: both see every event.
  const metrics = startMetrics?.(venues);
  const show = options.json ? () => true : peopleFilter(options.rate);
  const writer = lineWriter(io, options.bufferLines);
  const errors = new Map<VenueName, Error>();
  let subscription: Subscription | undefined;
  let stopping = false;
  const ended = new Promise<number>((resolve) => {
    subscription = venues.events$.subscribe({
      next: (event) => {
        if (event.kind === 'error') errors.set(event.venue, event.error);
        if (show(event)) writer.write(options.json ? formatJson(event) : formatLine(event, options.color));
      },
      error: (error: unknown) => {
        io.info(`venues tail: ${error instanceof Error ? error.message : String(error)}`);
        resolve(EXIT.failed);
      },
      complete: () => {
        if (!stopping) io.info(`venues tail: every venue stopped for good${stopReason(errors)}.`);
        resolve(EXIT.failed);
      },
    });
  });
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<number>((resolve) => {
    if (options.durationMs !== undefined) timer = setTimeout(() => resolve(EXIT.ok), options.durationMs);
  });
  const code = await Promise.race([ended, expired, io.stopped.then(() => EXIT.ok), ...(metrics ? [metrics.failed] : [])]);
  clearTimeout(timer);
  stopping = true;
  await metrics?.close();
  venues.close();
  subscription?.unsubscribe();
  if (publisher) {
    const { published, dropped } = await publisher.close();
    io.info(`venues tail: ${published} events published${dropped > 0 ? `, ${dropped} dropped` : ''}.`);
  }
  if (demo) await atMost(demo.close(), 3000);
  // The closing status lines, unless nobody reads them.
  await atMost(writer.idle(), 1000);
  writer.end();
  return code;
}
