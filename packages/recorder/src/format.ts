/**
 * The recording file format (version 1): gzip-compressed NDJSON, one record per line, the
 * first line of every file (part) a {@link RecordingHeader}. Times `t` are local receive (or
 * send) times in microseconds since the Unix epoch ({@link RECORDING_CLOCK}).
 *
 * - `open`: a venue connection opened (`conn`: the recording's id of the connection, `url`
 *   with every secret redacted);
 * - `in`: one inbound WebSocket message, as text (`data`), or as base64 with `binary: true`;
 * - `out`: one outbound message, secrets redacted (`redactFrame`);
 * - `close`: the connection ended (`code`, `reason` of the close, `by: 'client'` when our
 *   side closed it);
 * - `event`: one normalized `VenueEvent` in the codec of `@org/venues` (`--normalized`).
 *
 * `turn` numbers the event-loop turns (poll phases) of the recording process: records of
 * one turn arrived together, and a replay delivers them together (so latest-value books
 * conflate as they did live).
 */
import type { VenueName, VenuesOptions } from '@org/venues';

/** The version of the format this package writes and reads. */
export const RECORDING_VERSION = 1;

/** The `format` field of every header. */
export const RECORDING_FORMAT = '@org/recorder';

/** How `t` is measured: said in every header. */
export const RECORDING_CLOCK = 'performance.timeOrigin + performance.now(), microseconds since the Unix epoch (monotonic within the recording process)';

/** What each venue streamed: its `connectVenues` options without `client` (credentials, URLs, hooks). */
export type RecordedSubscriptions = { readonly [V in VenueName]?: Omit<NonNullable<VenuesOptions[V]>, 'client'> };

/** First line of every part of a recording. */
export interface RecordingHeader {
  readonly type: 'header';
  readonly format: typeof RECORDING_FORMAT;
  readonly version: number;
  /** 0 for the first file of a recording, then 1, 2, … for the files rotation adds. */
  readonly part: number;
  /** When the part was started, ISO-8601. */
  readonly createdAt: string;
  readonly clock: string;
  /** Versions of Node and of the packages that produced the frames and events. */
  readonly packages: Readonly<Record<string, string>>;
  readonly venues: RecordedSubscriptions;
  /** `raw` of `connectVenues` during the recording. */
  readonly raw: boolean;
  /** Normalized events are recorded too (`event` lines). */
  readonly normalized: boolean;
}

interface Stamped {
  /** Microseconds since the Unix epoch. */
  readonly t: number;
  readonly venue: VenueName;
  readonly conn: number;
}

/** A venue connection opened. */
export interface OpenRecord extends Stamped {
  readonly type: 'open';
  readonly turn: number;
  readonly url: string;
}

/** One inbound message. */
export interface InRecord extends Stamped {
  readonly type: 'in';
  readonly turn: number;
  readonly data: string;
  readonly binary?: true;
}

/** One outbound message, secrets redacted. */
export interface OutRecord extends Stamped {
  readonly type: 'out';
  readonly data: string;
  readonly binary?: true;
}

/** A venue connection ended. */
export interface CloseRecord extends Stamped {
  readonly type: 'close';
  readonly turn: number;
  readonly code: number;
  readonly reason: string;
  readonly by?: 'client';
}

/** One normalized event (the `@org/venues` codec, version 1). */
export interface EventRecord {
  readonly type: 'event';
  readonly t: number;
  readonly event: Readonly<Record<string, unknown>>;
}

/** A line of a recording after the header. */
export type FrameRecord = OpenRecord | InRecord | OutRecord | CloseRecord | EventRecord;

/** Why a recording (or one of its lines) could not be read. */
export type RecordingErrorCode = 'UNREADABLE' | 'TRUNCATED' | 'INVALID_LINE' | 'UNSUPPORTED_VERSION' | 'NO_HEADER' | 'DIVERGED';

/**
 * A problem of a recording file, naming the file and the line (1-based): a garbage or
 * mistyped line (`INVALID_LINE`, that line is skipped), a gzip stream cut short
 * (`TRUNCATED`, the lines before it are replayed), a header of another format version
 * (`UNSUPPORTED_VERSION`) or none (`NO_HEADER`), or a file that cannot be read at all
 * (`UNREADABLE`); in the last three cases nothing of that file is replayed. `DIVERGED`: a
 * replayed client did not open the connection or send the frames the recording expects at
 * that line (within 5 s); the replay goes on. Never fatal to the replay of the other lines
 * and files.
 */
export class RecordingError extends Error {
  override readonly name = 'RecordingError';
  readonly fatal = false;
  constructor(
    readonly code: RecordingErrorCode,
    readonly file: string,
    readonly line: number,
    reason: string,
  ) {
    super(`${file}:${line}: ${reason}`);
  }
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const VENUES: readonly string[] = ['finery', 'etorox', 'hercle', 'marketprophit'];
const isStamped = (r: Record<string, unknown>) => typeof r.t === 'number' && typeof r.venue === 'string' && VENUES.includes(r.venue) && Number.isSafeInteger(r.conn);

/** The problem of a parsed line, or `undefined` when it is a valid record. */
function recordProblem(r: Record<string, unknown>): string | undefined {
  switch (r.type) {
    case 'open':
      return isStamped(r) && typeof r.url === 'string' && typeof r.turn === 'number' ? undefined : 'an open record needs t, venue, conn, turn and url';
    case 'in':
      return isStamped(r) && typeof r.data === 'string' && typeof r.turn === 'number' ? undefined : 'an in record needs t, venue, conn, turn and data';
    case 'out':
      return isStamped(r) && typeof r.data === 'string' ? undefined : 'an out record needs t, venue, conn and data';
    case 'close':
      return isStamped(r) && typeof r.code === 'number' && typeof r.reason === 'string' && typeof r.turn === 'number' ? undefined : 'a close record needs t, venue, conn, turn, code and reason';
    case 'event':
      return typeof r.t === 'number' && isRecord(r.event) ? undefined : 'an event record needs t and event';
    default:
      return `unknown record type ${JSON.stringify(r.type) ?? 'missing'}`;
  }
}

/** Parses one line after the header. @throws RecordingError `INVALID_LINE` naming `file` and `line` */
export function parseRecord(text: string, file: string, line: number): FrameRecord {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new RecordingError('INVALID_LINE', file, line, `not JSON (${(error as Error).message}): ${text.slice(0, 80)}`);
  }
  if (!isRecord(parsed)) throw new RecordingError('INVALID_LINE', file, line, 'not a JSON object');
  const problem = recordProblem(parsed);
  if (problem) throw new RecordingError('INVALID_LINE', file, line, problem);
  return parsed as unknown as FrameRecord;
}

/** Parses a header line. @throws RecordingError `NO_HEADER` or `UNSUPPORTED_VERSION` naming `file` and `line` */
export function parseHeader(text: string, file: string, line: number): RecordingHeader {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  if (!isRecord(parsed) || parsed.type !== 'header' || parsed.format !== RECORDING_FORMAT) {
    throw new RecordingError('NO_HEADER', file, line, `not a recording of ${RECORDING_FORMAT}: the first line is no header`);
  }
  if (parsed.version !== RECORDING_VERSION) {
    throw new RecordingError('UNSUPPORTED_VERSION', file, line, `format version ${JSON.stringify(parsed.version)}, this reader knows ${RECORDING_VERSION}`);
  }
  return parsed as unknown as RecordingHeader;
}
