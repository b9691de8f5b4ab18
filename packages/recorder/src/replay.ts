import { generateKeyPairSync } from 'node:crypto';
import { connectVenues } from '@org/venues';
import type { StatusEvent, VenueEvent, VenueName, VenuesOptions } from '@org/venues';
import { Observable } from 'rxjs';
import { RecordingError } from './format';
import type { FrameRecord, RecordedSubscriptions } from './format';
import { readRecording } from './read';
import { countsAsSent, isHangUp, ReplaySocket } from './replay-socket';
import type { SocketHub } from './replay-socket';

/** How fast a replay runs: 1 (the recorded pace), 10 (ten times faster) or `'max'` (as fast as the clients take it). */
export type ReplaySpeed = 1 | 10 | 'max';

/** Options of {@link replayVenues}. */
export interface ReplayOptions {
  /** Default `'max'`. The events are the same whatever the speed. */
  readonly speed?: ReplaySpeed;
  /**
   * Each problem of the files (a bad line, a truncated file, an unknown version, a replay
   * that diverged from the recording), as it is found; the replay goes on. Without it the
   * stream errors with the first problem after everything replayable was replayed.
   */
  readonly onError?: (error: RecordingError) => void;
}

/** A client that does not do what the recording expects (open a connection, send its frames) is waited for this long, ms. */
const DIVERGENCE_WAIT_MS = 5_000;

/** After a recorded drop the client's new connection is awaited this long (it may have given up for good), ms. */
const RECONNECT_WAIT_MS = 1_000;

/** Reconnects of a replayed client happen at once: the recording says when the venue is back. */
const REPLAY_RECONNECT = { initialDelayMs: 0, maxDelayMs: 0, factor: 1, jitter: 0 };

/** One line of a file, ready to replay: connection ids and turns made unique across recordings. */
interface Entry {
  readonly record: FrameRecord;
  readonly conn: string;
  readonly turn: string;
  readonly file: string;
  readonly line: number;
}

let replayKey: string | undefined;
/** A throwaway RSA key for the replayed eToroX client, which signs its `setup` (nobody checks it). */
const throwawayKey = (): string =>
  (replayKey ??= generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } }).privateKey);

/**
 * Reads the files: a part 0 starts a recording, parts > 0 continue the one before. Records
 * are merged across recordings by receive time `t` (stable: one recording's order stays).
 */
function load(files: readonly string[], report: (error: RecordingError) => void): { entries: Entry[]; venues: RecordedSubscriptions; raw: boolean } {
  const entries: Entry[] = [];
  const venues: Record<string, unknown> = {};
  let raw = false;
  let group = -1;
  for (const file of files) {
    const read = readRecording(file, report);
    if (!read) continue;
    if (read.header.part === 0 || group < 0) group++;
    raw ||= read.header.raw;
    for (const [venue, subscriptions] of Object.entries(read.header.venues)) venues[venue] ??= subscriptions;
    read.records.forEach((record, index) => {
      const conn = 'conn' in record ? `${group}:${record.conn}` : '';
      const turn = 'turn' in record ? `${group}:${record.turn}` : '';
      entries.push({ record, conn, turn, file, line: read.lines[index] ?? 0 });
    });
  }
  if (group > 0) entries.sort((a, b) => a.record.t - b.record.t);
  return { entries, venues: venues as RecordedSubscriptions, raw };
}

/** The `correlationId` query parameter of a connection URL (eToroX, etorox.md §1). */
function correlationIdOf(url: string): string | undefined {
  try {
    return new URL(url).searchParams.get('correlationId') ?? undefined;
  } catch {
    return undefined;
  }
}

/** A status event of a replayed client as the recording had it: `since` on the replay clock, the recorded `correlationId`. */
function recordedStatus(event: StatusEvent, driver: Driver): StatusEvent {
  const { state } = event;
  const id = state.detail?.correlationId;
  const recorded = typeof id === 'string' ? driver.correlationIds.get(id) : undefined;
  return { ...event, state: { ...state, since: event.receivedAt, ...(recorded ? { detail: { ...state.detail, correlationId: recorded } } : {}) } };
}

/** Serves the recorded frames to the replayed clients' sockets, in lock-step with what they send. */
class Driver implements SocketHub {
  /** Receive time of the record being replayed, µs. */
  t = 0;
  private readonly unlinked = new Map<VenueName, ReplaySocket[]>();
  private readonly links = new Map<string, { socket: ReplaySocket | undefined; expected: number; hungUp?: boolean }>();
  private wake: (() => void) | undefined;
  stopped = false;
  /** eToroX `correlationId`s of the replayed connections (random, etorox.md §1) → the recorded ones. */
  readonly correlationIds = new Map<string, string>();

  constructor(private readonly report: (error: RecordingError) => void) {}

  constructed(venue: VenueName, socket: ReplaySocket): void {
    const queue = this.unlinked.get(venue) ?? [];
    queue.push(socket);
    this.unlinked.set(venue, queue);
    this.wake?.();
  }

  sent(): void {
    this.wake?.();
  }

  /** Venues whose connection ended since the last turn: their reconnect is awaited before the next turn. */
  private readonly ended_ = new Set<VenueName>();

  ended(venue: VenueName): void {
    this.ended_.add(venue);
  }

  /**
   * Lets the clients finish the recorded turn: their latest-value books deliver, and a
   * client whose connection ended opens its next one (reconnect delay 0) before the next
   * turn, so that its status events stay where the recording had them.
   */
  private async settle(): Promise<void> {
    await new Promise((resolve) => setImmediate(resolve));
    for (const venue of this.ended_) {
      this.ended_.delete(venue);
      await this.until(() => (this.unlinked.get(venue)?.length ?? 0) > 0, RECONNECT_WAIT_MS);
    }
  }

  /** Resolves once `ready()` holds (checked at each socket event), or `false` after `ms`. */
  private until(ready: () => boolean, ms: number): Promise<boolean> {
    if (ready()) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.wake = undefined;
        resolve(false);
      }, ms);
      this.wake = () => {
        if (!ready() && !this.stopped) return;
        clearTimeout(timer);
        this.wake = undefined;
        resolve(true);
      };
    });
  }

  async run(entries: readonly Entry[], speed: ReplaySpeed): Promise<void> {
    let turn: string | undefined;
    let last: number | undefined;
    const first = entries[0];
    if (first) this.t = first.record.t;
    for (const entry of entries) {
      if (this.stopped) return;
      const { record } = entry;
      if (record.type === 'event') continue;
      const link = this.links.get(entry.conn) ?? { socket: undefined, expected: 0 };
      this.links.set(entry.conn, link);
      if (record.type === 'out') {
        if (countsAsSent(record.data)) link.expected++;
        if (isHangUp(record.data)) link.hungUp = true;
        continue;
      }
      if (link.hungUp) continue;
      if (entry.turn !== turn) {
        // A new turn of the recording process: let the clients finish this one, then keep the pace.
        await this.settle();
        if (speed !== 'max' && last !== undefined) {
          const ms = (record.t - last) / 1000 / speed;
          if (ms >= 1) await new Promise((resolve) => setTimeout(resolve, ms));
        }
        turn = entry.turn;
        last = record.t;
      }
      this.t = record.t;
      if (record.type === 'open') {
        const venue = record.venue;
        const linked = await this.until(() => (this.unlinked.get(venue)?.length ?? 0) > 0, DIVERGENCE_WAIT_MS);
        const socket = linked ? this.unlinked.get(venue)?.shift() : undefined;
        if (!socket) {
          if (!this.stopped) this.report(new RecordingError('DIVERGED', entry.file, entry.line, `${venue}: the client opened no connection for recorded connection ${record.conn}; its frames are skipped`));
          continue;
        }
        link.socket = socket;
        const ours = correlationIdOf(socket.url);
        const recorded = correlationIdOf(record.url);
        if (ours && recorded) this.correlationIds.set(ours, recorded);
        socket.open();
        continue;
      }
      const socket = link.socket;
      if (!socket || socket.closedByClient) continue;
      if (record.type === 'close') {
        if (record.by === 'client') continue;
        socket.serverClose(record.code, record.reason);
        continue;
      }
      if (socket.sentFrames < link.expected && !(await this.until(() => socket.sentFrames >= link.expected, DIVERGENCE_WAIT_MS)) && !this.stopped) {
        this.report(new RecordingError('DIVERGED', entry.file, entry.line, `${record.venue}: the client sent ${socket.sentFrames} frames on connection ${record.conn}, the recording ${link.expected}; replaying on`));
      }
      if (socket.closedByClient) continue;
      socket.receive(record.binary ? Buffer.from(record.data, 'base64') : record.data, record.binary === true);
    }
    await new Promise((resolve) => setImmediate(resolve));
  }

  stop(): void {
    this.stopped = true;
    this.wake?.();
  }

  socketClass(venue: VenueName): typeof ReplaySocket {
    const hub = this as SocketHub;
    return class extends ReplaySocket {
      constructor(url: string) {
        super(url, hub, venue);
      }
    };
  }
}

/** The `connectVenues` options of a replay: the recorded subscriptions, clients on replay sockets and the replay clock. */
function replayOptions(venues: RecordedSubscriptions, raw: boolean, driver: Driver): VenuesOptions {
  const now = () => Math.floor(driver.t / 1000);
  // The replay sockets stand in for `ws` and SignalR's WebSocket: they implement what the clients use.
  const finerySocket = driver.socketClass('finery') as unknown as NonNullable<NonNullable<VenuesOptions['finery']>['client']['WebSocket']>;
  const etoroxSocket = driver.socketClass('etorox') as unknown as NonNullable<NonNullable<VenuesOptions['etorox']>['client']['WebSocket']>;
  return {
    raw,
    now,
    ...(venues.finery
      ? { finery: { ...venues.finery, client: { url: 'ws://127.0.0.1:9/replay', key: 'replay', secret: 'replay', WebSocket: finerySocket, now, reconnect: REPLAY_RECONNECT } } }
      : {}),
    ...(venues.etorox
      ? {
          etorox: {
            ...venues.etorox,
            client: { url: 'http://127.0.0.1:9/replay', apiKey: 'replay', privateKey: throwawayKey(), skipNegotiation: true, WebSocket: etoroxSocket, now, reconnect: REPLAY_RECONNECT },
          },
        }
      : {}),
  };
}

/**
 * Replays recordings (`recordVenues`, files in order: the parts of one recording, or
 * several recordings, their frames merged by receive time like tardis `combine`; each
 * venue's events follow its frames, Finery's latest-value books at the end of the turn
 * of their frames as live) through the same
 * clients, codecs, books and mappers as live data: the recorded inbound frames are served
 * by in-memory sockets (the clients' `WebSocket` option), in lock-step with the frames the
 * clients send, and every `receivedAt` is the recorded arrival time (ms) of its frame.
 *
 * Deterministic: the same files give deep-equal events at every `speed`. Status events
 * are the replayed clients' own, with `state.since` set to the replay clock and eToroX's
 * `detail.correlationId` to the recorded connection's. A replay
 * connects nothing: each client talks to its replay socket only.
 *
 * Problems of the files are reported as `RecordingError`s naming the file and line
 * (`onError`, or the stream's error at the end); what can be replayed is replayed.
 */
export function replayVenues(files: string | readonly string[], options: ReplayOptions = {}): Observable<VenueEvent> {
  const list = typeof files === 'string' ? [files] : files;
  return new Observable<VenueEvent>((subscriber) => {
    const problems: RecordingError[] = [];
    const report = (error: RecordingError) => {
      problems.push(error);
      options.onError?.(error);
    };
    const finish = () => {
      const [first] = problems;
      if (first && !options.onError) subscriber.error(problems.length > 1 ? new RecordingError(first.code, first.file, first.line, `${first.message.slice(first.file.length + String(first.line).length + 3)} (and ${problems.length - 1} more problems)`) : first);
      else subscriber.complete();
    };
    const { entries, venues, raw } = load(list, report);
    if (!venues.finery && !venues.etorox) {
      finish();
      return undefined;
    }
    const driver = new Driver(report);
    const connected = connectVenues(replayOptions(venues, raw, driver));
    const subscription = connected.events$.subscribe({
      next: (event) => subscriber.next(event.kind === 'status' ? recordedStatus(event, driver) : event),
      error: (error: unknown) => subscriber.error(error),
    });
    let ended = false;
    void driver.run(entries, options.speed ?? 'max').then(async () => {
      if (ended) return;
      connected.close();
      await new Promise((resolve) => setImmediate(resolve));
      subscription.unsubscribe();
      finish();
    });
    return () => {
      ended = true;
      driver.stop();
      connected.close();
      subscription.unsubscribe();
    };
  });
}
