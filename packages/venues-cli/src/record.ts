import { recordVenues } from '@org/recorder';
import type { Recording } from '@org/recorder';
import type { VenueName } from '@org/venues';
import type { Subscription } from 'rxjs';
import { startDemo } from './demo';
import type { Demo } from './demo';
import { formatJson } from './format';
import { EXIT } from './io';
import type { CliIo } from './io';
import { lineWriter } from './output';
import { describeSelection, leftOut, venuesOptions } from './selection';
import type { Selection, VenueClients } from './selection';
import { atMost, liveSetup } from './tail';

/** What `venues record` was asked for. */
export interface RecordCliOptions {
  readonly out: string;
  readonly venues: readonly VenueName[];
  readonly selection?: Selection;
  readonly durationMs?: number;
  readonly live: boolean;
  readonly sandbox: boolean;
  /** Also record the normalized events. */
  readonly normalized: boolean;
  /** Print every event as NDJSON while recording (`--json`, as `venues tail --json`). */
  readonly json: boolean;
  /** Compressed bytes per file before rotation. */
  readonly maxBytes?: number;
  readonly bufferLines: number;
}

/**
 * `venues record`: connects the chosen venues (the simulators, or the venues with `--live`)
 * through `recordVenues` (`@org/recorder`) and records their raw frames to `out` until
 * stopped, `durationMs`, or every venue failed; prints the events as NDJSON with `json`.
 * Resolves 0 when stopped, 1 when every venue failed or a file could not be written, 2 for
 * bad usage or missing live credentials.
 */
export async function runRecord(options: RecordCliOptions, io: CliIo): Promise<number> {
  const selection = options.selection ?? {};
  for (const line of leftOut(options.venues, selection)) io.info(`venues record: ${line}`);
  const chosen = options.venues.filter((venue) => selection[venue]?.length !== 0);
  if (chosen.length === 0) {
    io.info('venues record: nothing to record: --symbols names nothing the chosen venues (--venue) stream.');
    return EXIT.usage;
  }
  const described = describeSelection(chosen, selection);
  if (described) io.info(`venues record: --symbols: ${described}`);
  let demo: Demo | undefined;
  let clients: VenueClients;
  if (options.live) {
    const setup = liveSetup({ venues: chosen, sandbox: options.sandbox }, io);
    if (typeof setup === 'number') return setup;
    clients = setup;
  } else {
    demo = await startDemo(chosen, { speed: 1 });
    clients = demo.clients;
  }
  let recording: Recording;
  try {
    recording = recordVenues({ venues: venuesOptions(clients, selection, false), out: options.out, normalized: options.normalized, ...(options.maxBytes ? { maxBytes: options.maxBytes } : {}) });
  } catch (error) {
    io.info(`venues record: ${error instanceof Error ? error.message : String(error)}`);
    if (demo) await atMost(demo.close(), 3000);
    return EXIT.usage;
  }
  io.info(`venues record: ${chosen.join(', ')} ${options.live ? 'live' : 'from local simulators'} to ${options.out}. Ctrl+C to stop.`);
  const writer = lineWriter(io, options.bufferLines);
  let subscription: Subscription | undefined;
  const ended = new Promise<number>((resolve) => {
    subscription = recording.events$.subscribe({
      next: (event) => {
        if (options.json) writer.write(formatJson(event));
      },
      error: () => resolve(EXIT.failed),
      complete: () => resolve(EXIT.failed),
    });
  });
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<number>((resolve) => {
    if (options.durationMs !== undefined) timer = setTimeout(() => resolve(EXIT.ok), options.durationMs);
  });
  let code = await Promise.race([ended, expired, io.stopped.then(() => EXIT.ok)]);
  clearTimeout(timer);
  subscription?.unsubscribe();
  try {
    await recording.close();
    io.info(`venues record: wrote ${recording.files.join(', ')}`);
  } catch (error) {
    io.info(`venues record: could not write ${options.out}: ${error instanceof Error ? error.message : String(error)}`);
    code = EXIT.failed;
  }
  if (demo) await atMost(demo.close(), 3000);
  await atMost(writer.idle(), 1000);
  writer.end();
  return code;
}
