/**
 * The transport-level tap of a recording: a `ws` WebSocket subclass per venue that hands
 * every inbound and outbound message, and each connection's open and close, to the
 * recording, plus the clock the clients stamp `receivedAt` with, so that a live run and its
 * replay agree to the millisecond.
 */
import WebSocket from 'ws';
import type { VenueName } from '@org/venues';
import type { FrameRecord } from './format';
import { redactFrame, redactUrl } from './redact';

/** Local time in microseconds since the Unix epoch (`RECORDING_CLOCK`). */
export const micros = (): number => Math.round((performance.timeOrigin + performance.now()) * 1000);

/** What the tap gives the clients of a recording. */
export interface FrameTap {
  /** `receivedAt` clock (ms since the Unix epoch): the arrival time of the frame being handled, else `Date.now()`. */
  readonly now: () => number;
  /** The WebSocket class of `venue`'s client (`FineryClientOptions.WebSocket`, `EtoroxClientOptions.WebSocket`). */
  socketClass(venue: VenueName): typeof WebSocket;
}

const text = (data: unknown): { data: string; binary?: true } => {
  if (typeof data === 'string') return { data };
  const buffer = Buffer.isBuffer(data) ? data : Array.isArray(data) ? Buffer.concat(data as Buffer[]) : Buffer.from(data as ArrayBuffer);
  return { data: buffer.toString('base64'), binary: true };
};

/**
 * A tap writing to `write`. Outbound frames and URLs go through `redactFrame`/`redactUrl`
 * with `secrets`; connection ids count up from 1 across venues, one per connection that
 * opened (failed attempts leave no trace).
 */
export function createFrameTap(write: (record: FrameRecord) => void, secrets: readonly string[]): FrameTap {
  let conns = 0;
  let turn = 0;
  let bumping = false;
  let current: number | undefined;
  /** The current event-loop turn: moves on in the check phase after the first record of a turn. */
  const thisTurn = (): number => {
    if (!bumping) {
      bumping = true;
      setImmediate(() => {
        turn++;
        bumping = false;
      });
    }
    return turn;
  };
  const now = () => (current === undefined ? Date.now() : Math.floor(current / 1000));

  const socketClass = (venue: VenueName): typeof WebSocket =>
    class TappedWebSocket extends WebSocket {
      #conn = 0;
      #closing = false;

      override emit(event: string | symbol, ...args: unknown[]): boolean {
        if (event === 'open') {
          this.#conn = ++conns;
          write({ t: micros(), turn: thisTurn(), type: 'open', venue, conn: this.#conn, url: redactUrl(this.url, secrets) });
        } else if (event === 'message' && this.#conn > 0) {
          const t = micros();
          const frame = args[1] === true ? text(args[0]) : { data: String(args[0]) };
          write({ t, turn: thisTurn(), type: 'in', venue, conn: this.#conn, ...frame });
          current = t;
          try {
            return super.emit(event, ...args);
          } finally {
            current = undefined;
          }
        } else if (event === 'close' && this.#conn > 0) {
          const reason = String(args[1] ?? '');
          write({ t: micros(), turn: thisTurn(), type: 'close', venue, conn: this.#conn, code: Number(args[0] ?? 0), reason, ...(this.#closing ? { by: 'client' as const } : {}) });
        }
        return super.emit(event, ...args);
      }

      override send(data: unknown, ...rest: unknown[]): void {
        if (this.#conn > 0) {
          // Binary frames are not parsed, so not redactable: only their size is kept.
          const frame = typeof data === 'string' ? { data: redactFrame(data, secrets) } : { data: `[binary ${text(data).data.length} base64 characters]`, binary: true as const };
          write({ t: micros(), type: 'out', venue, conn: this.#conn, ...frame });
        }
        (super.send as (...args: unknown[]) => void)(data, ...rest);
      }

      override close(...args: Parameters<WebSocket['close']>): void {
        // `ws` answers the venue's close frame with a close() of its own: that close is the venue's.
        if (!(this as unknown as { _closeFrameReceived?: boolean })._closeFrameReceived) this.#closing = true;
        super.close(...args);
      }

      override terminate(): void {
        this.#closing = true;
        super.terminate();
      }
    };
  return { now, socketClass };
}
