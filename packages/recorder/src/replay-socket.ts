/**
 * The in-memory transport of a replay: a WebSocket class that serves a recording's inbound
 * frames to a venue client, both as `ws` events (`on('message')`, Finery) and as the
 * browser-style handlers `@microsoft/signalr` sets (`onmessage`, eToroX). Nothing touches
 * the network.
 */
import { EventEmitter } from 'node:events';
import type { VenueName } from '@org/venues';

/** A SignalR frame of nothing but Ping (6) and Close (7) messages (signalr.md §3): keep-alive and our own hang-up, not counted. */
const PING_FRAME = new RegExp(`^(\\{"type":[67]\\}${String.fromCharCode(0x1e)})+$`);

/** Whether an outbound frame is our own SignalR Close message (signalr.md §3, type 7): we hung up; what the venue sends after it is not replayed. */
export const isHangUp = (data: string): boolean => data.includes('{"type":7');

/** Whether an outbound frame counts for the lock-step of a replay (pings and our own Close do not: their timing is the client's own). */
export const countsAsSent = (data: unknown): boolean => !(typeof data === 'string' && PING_FRAME.test(data));

/** Where replay sockets report their construction and their sends. */
export interface SocketHub {
  constructed(venue: VenueName, socket: ReplaySocket): void;
  sent(socket: ReplaySocket): void;
  /** The connection ended (either side): its client may reconnect. */
  ended(venue: VenueName): void;
}

/** One replayed connection, driven by the replay (`open`, `receive`, `serverClose`). */
export class ReplaySocket extends EventEmitter {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSING = 2;
  static readonly CLOSED = 3;
  readyState = ReplaySocket.CONNECTING;
  binaryType = 'nodebuffer';
  onopen: ((event: unknown) => void) | null = null;
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onclose: ((event: { code: number; reason: string; wasClean: boolean }) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;
  /** Outbound frames that count ({@link countsAsSent}). */
  sentFrames = 0;
  /** The client closed it: the replay stops serving it. */
  closedByClient = false;

  constructor(
    readonly url: string,
    private readonly hub: SocketHub,
    private readonly venue: VenueName,
  ) {
    super();
    hub.constructed(venue, this);
  }

  /** The replay opens the connection. */
  open(): void {
    this.readyState = ReplaySocket.OPEN;
    this.emit('open');
    this.onopen?.({ type: 'open' });
  }

  /** The replay delivers one recorded inbound frame. */
  receive(data: string | Buffer, binary: boolean): void {
    this.emit('message', data, binary);
    this.onmessage?.({ data });
  }

  /** The recording says the venue closed the connection. */
  serverClose(code: number, reason: string): void {
    if (this.readyState === ReplaySocket.CLOSED) return;
    this.readyState = ReplaySocket.CLOSED;
    this.hub.ended(this.venue);
    this.emit('close', code, Buffer.from(reason));
    this.onclose?.({ code, reason, wasClean: code === 1000 });
  }

  send(data: unknown): void {
    if (countsAsSent(data)) this.sentFrames++;
    this.hub.sent(this);
  }

  /** A WebSocket ping: answered at once, as a live venue would. */
  ping(): void {
    queueMicrotask(() => this.emit('pong'));
  }

  close(): void {
    this.closeByClient();
  }

  terminate(): void {
    this.closeByClient();
  }

  private closeByClient(): void {
    if (this.closedByClient) return;
    this.closedByClient = true;
    if (this.readyState !== ReplaySocket.CLOSED) this.hub.ended(this.venue);
    this.readyState = ReplaySocket.CLOSED;
  }
}
