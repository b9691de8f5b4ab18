/**
 * A saturating firehose in front of a simulator: a TCP proxy that passes every connection
 * through (HTTP requests, WebSocket upgrades, SignalR and socket.io handshakes, the client's
 * subscriptions), records the first data frames the simulator sends on each WebSocket, then
 * stops forwarding the simulator and replays those frames, pre-encoded, in a loop as fast as
 * the consumer reads them (TCP back-pressure: the next copy is written on `drain`). The
 * consumer therefore always has data waiting and is 100 % busy, whatever the cost of
 * producing the frames. Frames stay byte-identical (the proxy never re-encodes), so every
 * client under test receives exactly what the simulator would send, only faster.
 */
import { createServer, connect } from 'node:net';
import type { AddressInfo, Server, Socket } from 'node:net';

/** What to record and replay on each WebSocket connection. */
export interface FirehoseOptions {
  /** The simulator's port on 127.0.0.1. */
  readonly targetPort: number;
  /**
   * How many data messages a complete server→client text frame holds (e.g. feed messages,
   * SignalR stream items: a SignalR frame may batch several records); 0 when it is no data
   * to replay (a handshake, a completion, a ping).
   */
  dataMessages(payload: string): number;
  /** Data messages to record per connection before replaying (default 4 000). */
  readonly messages?: number;
}

/** A running firehose. */
export interface Firehose {
  /** The proxy's port on 127.0.0.1: connect clients here instead of to the simulator. */
  readonly port: number;
  /** True while some WebSocket connection is still recording (the simulator must keep producing). */
  recording(): boolean;
  /** Resolves once every open WebSocket connection replays (at least one). */
  replaying(): Promise<void>;
  /** Data messages replayed to consumers so far. */
  replayed(): number;
  close(): Promise<void>;
}

/** One server→client WebSocket frame parsed from the byte stream: its length and, for a final text frame, its payload. */
function nextFrame(buffer: Buffer, offset: number): { length: number; text?: string } | undefined {
  if (buffer.length - offset < 2) return undefined;
  const b0 = buffer[offset] as number;
  const b1 = buffer[offset + 1] as number;
  if ((b0 & 0x40) !== 0) throw new Error('firehose: compressed WebSocket frames cannot be replayed (permessage-deflate must be off)');
  if ((b1 & 0x80) !== 0) throw new Error('firehose: masked server frame');
  let header = 2;
  let length = b1 & 0x7f;
  if (length === 126) {
    if (buffer.length - offset < 4) return undefined;
    length = buffer.readUInt16BE(offset + 2);
    header = 4;
  } else if (length === 127) {
    if (buffer.length - offset < 10) return undefined;
    length = Number(buffer.readBigUInt64BE(offset + 2));
    header = 10;
  }
  if (buffer.length - offset < header + length) return undefined;
  const finalText = (b0 & 0x8f) === 0x81;
  return { length: header + length, text: finalText ? buffer.toString('utf8', offset + header, offset + header + length) : undefined };
}

/** Starts a firehose proxy in front of `options.targetPort`. */
export async function startFirehose(options: FirehoseOptions): Promise<Firehose> {
  const want = options.messages ?? 4000;
  const sockets = new Set<Socket>();
  const links = new Set<{ replaying: boolean; recorded: number }>();
  let replayed = 0;
  const waiters: (() => void)[] = [];
  const allReplaying = () => links.size > 0 && [...links].every((link) => link.replaying);
  const notify = () => {
    if (!allReplaying()) return;
    for (const waiter of waiters.splice(0)) waiter();
  };

  const server: Server = createServer((client) => {
    const upstream = connect(options.targetPort, '127.0.0.1');
    sockets.add(client);
    sockets.add(upstream);
    client.setNoDelay(true);
    upstream.setNoDelay(true);
    client.pipe(upstream);
    let state: 'http' | 'raw' | 'ws' = 'http';
    let pending: Buffer = Buffer.alloc(0);
    const link = { replaying: false, recorded: 0 };
    const recorded: Buffer[] = [];
    let messages = 0;
    let stopped = false;
    const end = () => {
      stopped = true;
      if (links.delete(link)) notify();
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('error', end);
    upstream.on('error', end);
    client.on('close', end);
    upstream.on('close', end);

    const replay = () => {
      const cycle = Buffer.concat(recorded);
      const frames = messages;
      link.replaying = true;
      notify();
      const pump = (): void => {
        while (!stopped) {
          replayed += frames;
          if (!client.write(cycle)) {
            client.once('drain', pump);
            return;
          }
        }
      };
      pump();
    };

    upstream.on('data', (chunk: Buffer) => {
      if (link.replaying || stopped) return; // the simulator is no longer forwarded
      try {
        forward(chunk);
      } catch (error) {
        console.error(error instanceof Error ? error.message : String(error));
        end();
      }
    });
    const forward = (chunk: Buffer): void => {
      if (state === 'raw') {
        client.write(chunk);
        return;
      }
      pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
      if (state === 'http') {
        const headerEnd = pending.indexOf('\r\n\r\n');
        if (headerEnd < 0) return;
        const head = pending.toString('latin1', 0, headerEnd);
        if (!/^HTTP\/1\.1 101/.test(head)) {
          state = 'raw';
          client.write(pending);
          pending = Buffer.alloc(0);
          return;
        }
        if (/permessage-deflate/i.test(head)) throw new Error('firehose: permessage-deflate was negotiated; frames cannot be replayed');
        client.write(pending.subarray(0, headerEnd + 4));
        pending = pending.subarray(headerEnd + 4);
        state = 'ws';
        links.add(link);
      }
      let offset = 0;
      for (let frame = nextFrame(pending, offset); frame; frame = nextFrame(pending, offset)) {
        const bytes = pending.subarray(offset, offset + frame.length);
        offset += frame.length;
        client.write(bytes);
        const count = frame.text === undefined ? 0 : options.dataMessages(frame.text);
        if (count > 0) {
          recorded.push(Buffer.from(bytes));
          messages += count;
          link.recorded = messages;
          if (messages >= want) {
            pending = Buffer.alloc(0);
            replay();
            return;
          }
        }
      }
      pending = pending.subarray(offset);
    };
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const debug = process.env.FIREHOSE_DEBUG ? setInterval(() => console.error('firehose', options.targetPort, JSON.stringify([...links])), 1000) : undefined;
  debug?.unref();
  return {
    port: (server.address() as AddressInfo).port,
    recording: () => [...links].some((link) => !link.replaying),
    replaying: () => new Promise<void>((resolve) => (allReplaying() ? resolve() : waiters.push(resolve))),
    replayed: () => replayed,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** The records of a SignalR JSON frame (signalr.md: each ends with the record separator 0x1E) when it starts with `prefix`, else 0. */
export function signalrRecords(prefix: string): (payload: string) => number {
  return (payload) => {
    if (!payload.startsWith(prefix)) return 0;
    let count = 0;
    for (let at = payload.indexOf('\x1e'); at >= 0; at = payload.indexOf('\x1e', at + 1)) count++;
    return count;
  };
}

/** One message per frame starting with `prefix` (Finery feed messages, socket.io events), else 0. */
export const framesStartingWith =
  (prefix: string) =>
  (payload: string): number =>
    payload.startsWith(prefix) ? 1 : 0;

/** Drives a paused simulator (`tick`) on every event-loop turn while `active()`, idling otherwise; returns the stop function. */
export function driveWhile(active: () => boolean, tick: () => void): () => void {
  let stopped = false;
  // Kept apart: clearImmediate() of a Timeout (or the reverse) corrupts Node's timer queues.
  let immediate: NodeJS.Immediate | undefined;
  let timeout: NodeJS.Timeout | undefined;
  const loop = (): void => {
    immediate = undefined;
    timeout = undefined;
    if (stopped) return;
    if (active()) {
      tick();
      immediate = setImmediate(loop);
    } else timeout = setTimeout(loop, 2);
  };
  loop();
  return () => {
    stopped = true;
    if (immediate) clearImmediate(immediate);
    if (timeout) clearTimeout(timeout);
  };
}

/** How long a consumer may take to connect, subscribe and have its first messages recorded. */
const READY_TIMEOUT_MS = 30_000;

/** A simulator behind a firehose, as a throughput figure uses it. */
export interface Saturated {
  /** `url` with the simulator's address replaced by the firehose's. */
  via(url: string): string;
  /** Resolves once the firehose replays to every open WebSocket. */
  ready(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Puts a firehose in front of the simulator at `simulatorUrl` and drives the simulator with
 * `tick` (on every event-loop turn) only while some connection is still recording, so that
 * once every consumer gets replayed frames the simulator costs nothing.
 */
export async function saturate(simulatorUrl: string, dataMessages: (payload: string) => number, tick: () => void, messages?: number): Promise<Saturated> {
  const simulatorPort = new URL(simulatorUrl).port;
  const hose = await startFirehose({ targetPort: Number(simulatorPort), dataMessages, messages });
  let ticks = 0;
  const stop = driveWhile(
    () => hose.recording(),
    () => {
      ticks++;
      tick();
    },
  );
  const debug = process.env.FIREHOSE_DEBUG ? setInterval(() => console.error('ticks', simulatorUrl, ticks), 1000) : undefined;
  debug?.unref();
  return {
    via: (url) => url.replace(`127.0.0.1:${simulatorPort}`, `127.0.0.1:${hose.port}`),
    ready: () =>
      new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`the firehose in front of ${simulatorUrl} did not start replaying within ${READY_TIMEOUT_MS} ms`)), READY_TIMEOUT_MS);
        void hose.replaying().then(() => {
          clearTimeout(timer);
          resolve();
        });
      }),
    async close() {
      stop();
      if (debug) clearInterval(debug);
      await hose.close();
    },
  };
}

/** What a saturated throughput figure's `start()` resolves with: the consumer `params`, `ready`, and `close` (the firehose, then the simulator). */
export function saturatedStart<P>(params: P, hose: Saturated, simulator: { close(): Promise<void> }): { params: P; ready(): Promise<void>; close(): Promise<void> } {
  return {
    params,
    ready: () => hose.ready(),
    async close() {
      await hose.close();
      await simulator.close();
    },
  };
}
