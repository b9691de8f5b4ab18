import { createRequire } from 'node:module';
import { join } from 'node:path';
import { connectVenues, encodeVenueEvent } from '@org/venues';
import type { VenueEvent, VenueName, VenuesOptions } from '@org/venues';
import { Subject } from 'rxjs';
import type { Observable, Subscription } from 'rxjs';
import { RECORDING_CLOCK, RECORDING_FORMAT, RECORDING_VERSION } from './format';
import type { FrameRecord, RecordedSubscriptions, RecordingHeader } from './format';
import { createFrameTap, micros } from './tap';
import { DEFAULT_MAX_PART_BYTES, rotatingWriter } from './writer';

/** The venues whose raw frames a recording captures (through their clients' `WebSocket` option). */
export const RECORDABLE_VENUES: readonly VenueName[] = ['finery', 'etorox'];

/** What {@link recordVenues} records. */
export interface RecordOptions {
  /** The venues and what to stream from each, as `connectVenues` takes them (only {@link RECORDABLE_VENUES}). */
  readonly venues: VenuesOptions;
  /** The first file: gzip NDJSON, e.g. `run.ndjson.gz`; rotation adds `run.1.ndjson.gz`, … */
  readonly out: string;
  /** Compressed bytes per file before the next one starts; default {@link DEFAULT_MAX_PART_BYTES} (256 MiB). */
  readonly maxBytes?: number;
  /** Also record every normalized event (`event` lines, the `@org/venues` codec). Default `false`. */
  readonly normalized?: boolean;
}

/** A running recording. */
export interface Recording {
  /** The venues' events as they are recorded (hot: subscribe right away to see every one). */
  readonly events$: Observable<VenueEvent>;
  /** The files written so far. */
  readonly files: readonly string[];
  /** Closes the venues and the files; resolves once every byte is on disk. @throws the first write error (a full disk, a missing folder) */
  close(): Promise<void>;
}

/**
 * `recordVenues` was given something it cannot record: a venue whose raw frames are not
 * captured yet (Hercle, Market Prophit), or no venue. Thrown at once; `fatal`, code `RECORDER_CONFIG`.
 */
export class RecorderConfigError extends Error {
  override readonly name = 'RecorderConfigError';
  readonly code = 'RECORDER_CONFIG';
  readonly fatal = true;
}

/** The versions of Node and of the packages that shape the frames and events, as far as they can be found. */
function packageVersions(): Record<string, string> {
  const versions: Record<string, string> = { node: process.versions.node };
  const resolve = createRequire(join(process.cwd(), 'recorder.js'));
  for (const name of ['@org/recorder', '@org/venues', '@org/finery', '@org/etorox', '@org/reconnect']) {
    try {
      versions[name] = (resolve(`${name}/package.json`) as { version: string }).version;
    } catch {
      // not installed where the recording runs: left out
    }
  }
  return versions;
}

/** Every credential string of the options, for redaction. */
function secretsOf(venues: VenuesOptions): string[] {
  const finery = venues.finery?.client;
  const etorox = venues.etorox?.client;
  return [finery?.key, finery?.secret, etorox?.apiKey, etorox?.privateKey, etorox?.passphrase].filter((s): s is string => typeof s === 'string' && s.length > 0);
}

/** What each venue streams, without its `client` options (credentials, URLs, hooks). */
function subscriptionsOf(venues: VenuesOptions): RecordedSubscriptions {
  const out: Record<string, unknown> = {};
  for (const name of RECORDABLE_VENUES) {
    const options = venues[name];
    if (!options) continue;
    const { client: _client, ...rest } = options;
    out[name] = rest;
  }
  return out as RecordedSubscriptions;
}

/**
 * Connects the venues of `options.venues` (as `connectVenues`) and records every raw
 * inbound frame of every venue connection, with each connection's open and close, the
 * local receive time in µs, venue and connection id, to gzip NDJSON (the format:
 * {@link RecordingHeader} and the record types), rotated by size. Outbound frames are recorded with every credential redacted
 * (`redactFrame`); URLs too (`redactUrl`). With `normalized`, every event too.
 *
 * The clients get a transport tap (their `WebSocket` option) and the tap's clock as `now`
 * (Finery's own `receivedAt` included), so `receivedAt` of every event is the recorded
 * arrival time of its frame, to the millisecond: a replay reproduces it.
 *
 * @throws RecorderConfigError for Hercle or Market Prophit (raw frames not captured yet), or no venue
 * @throws VenueConfigError, VenuePackageMissingError as `connectVenues`
 */
export function recordVenues(options: RecordOptions): Recording {
  const { venues } = options;
  const unsupported = (['hercle', 'marketprophit'] as const).filter((name) => venues[name] !== undefined);
  if (unsupported.length > 0) throw new RecorderConfigError(`${unsupported.join(', ')}: raw frames are not recorded yet (recordable: ${RECORDABLE_VENUES.join(', ')})`);
  if (!venues.finery && !venues.etorox) throw new RecorderConfigError(`nothing to record: configure ${RECORDABLE_VENUES.join(' or ')}`);
  const header = (part: number): string => {
    const value: RecordingHeader = {
      type: 'header',
      format: RECORDING_FORMAT,
      version: RECORDING_VERSION,
      part,
      createdAt: new Date().toISOString(),
      clock: RECORDING_CLOCK,
      packages: packageVersions(),
      venues: subscriptionsOf(venues),
      raw: venues.raw ?? false,
      normalized: options.normalized ?? false,
    };
    return JSON.stringify(value);
  };
  const writer = rotatingWriter(options.out, options.maxBytes ?? DEFAULT_MAX_PART_BYTES, header);
  let open = true;
  let closing = false;
  const write = (record: FrameRecord) => {
    // Once closing, only the close records: a frame whose events nobody receives any more is not recorded.
    if (open && (!closing || record.type === 'close')) writer.write(JSON.stringify(record));
  };
  const tap = createFrameTap(write, secretsOf(venues));
  const connected = connectVenues({
    ...venues,
    now: tap.now,
    ...(venues.finery ? { finery: { ...venues.finery, client: { ...venues.finery.client, WebSocket: tap.socketClass('finery'), now: tap.now } } } : {}),
    ...(venues.etorox ? { etorox: { ...venues.etorox, client: { ...venues.etorox.client, WebSocket: tap.socketClass('etorox'), now: tap.now } } } : {}),
  });
  const events = new Subject<VenueEvent>();
  const normalized = options.normalized ?? false;
  const subscription: Subscription = connected.events$.subscribe({
    next: (event) => {
      if (normalized && open) writer.write(`{"t":${micros()},"type":"event","event":${encodeVenueEvent(event)}}`);
      events.next(event);
    },
    error: (error: unknown) => events.error(error),
    complete: () => events.complete(),
  });
  return {
    events$: events.asObservable(),
    files: writer.files,
    async close() {
      if (!open || closing) return;
      closing = true;
      connected.close();
      subscription.unsubscribe();
      // The close records of our own side arrive as the sockets end.
      await new Promise((resolve) => setTimeout(resolve, 50));
      open = false;
      events.complete();
      await writer.close();
    },
  };
}
