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
  /** Whether a complete server→client text frame is data to replay (e.g. a feed message, a stream item). */
  isData(payload: string): boolean;
  /** Data frames to record per connection before replaying (default 4 000). */
  readonly frames?: number;
}

/** A running firehose. */
export interface Firehose {
  /** The proxy's port on 127.0.0.1: connect clients here instead of to the simulator. */
  readonly port: number;
  /** True while some WebSocket connection is still recording (the simulator must keep producing). */
  recording(): boolean;
  /** Resolves once every open WebSocket connection replays (at least one). */
  replaying(): Promise<void>;
  /** Frames replayed to consumers so far. */
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
  const want = options.frames ?? 4000;
  const sockets = new Set<Socket>();
  const links = new Set<{ replaying: boolean }>();
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
    const link = { replaying: false };
    const recorded: Buffer[] = [];
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
      const frames = recorded.length;
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
        if (process.env.FIREHOSE_DEBUG) console.error('firehose frame', JSON.stringify(frame.text?.slice(0, 120)));
        if (frame.text !== undefined && options.isData(frame.text)) {
          recorded.push(Buffer.from(bytes));
          if (recorded.length >= want) {
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

/** Drives a paused simulator (`tick`) on every event-loop turn while `active()`, idling otherwise; returns the stop function. */
export function driveWhile(active: () => boolean, tick: () => void): () => void {
  let stopped = false;
  let timer: NodeJS.Timeout | NodeJS.Immediate | undefined;
  const loop = (): void => {
    if (stopped) return;
    if (active()) {
      tick();
      timer = setImmediate(loop);
    } else timer = setTimeout(loop, 2);
  };
  loop();
  return () => {
    stopped = true;
    if (timer) {
      clearImmediate(timer as NodeJS.Immediate);
      clearTimeout(timer as NodeJS.Timeout);
    }
  };
}

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
export async function saturate(simulatorUrl: string, isData: (payload: string) => boolean, tick: () => void, frames?: number): Promise<Saturated> {
  const simulatorPort = new URL(simulatorUrl).port;
  const hose = await startFirehose({ targetPort: Number(simulatorPort), isData, frames });
  const stop = driveWhile(() => hose.recording(), tick);
  return {
    via: (url) => url.replace(`127.0.0.1:${simulatorPort}`, `127.0.0.1:${hose.port}`),
    ready: () => hose.replaying(),
    async close() {
      stop();
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
