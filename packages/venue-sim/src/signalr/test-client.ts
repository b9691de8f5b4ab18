/**
 * Test helpers for the hub emulator and the simulators on it (not part of the package surface): the
 * official client with its logging silenced, its lifecycle events as promises, and a
 * raw WebSocket that reads hub messages one by one.
 */
import type { HubConnection, IHttpConnectionOptions } from '@microsoft/signalr';
import { HubConnectionBuilder, LogLevel } from '@microsoft/signalr';
import WebSocket from 'ws';
import { RECORD_SEPARATOR } from './protocol';

/** Rejects when `promise` has not settled within `ms` milliseconds. */
export function within<T>(promise: Promise<T>, what: string, ms = 5000): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  const result = Promise.race([promise, expired]).finally(() => clearTimeout(timer));
  result.catch(() => undefined); // a test that failed earlier must not leave an unhandled rejection behind
  return result;
}

/** Builds official clients with `LogLevel.None` and stops them all in `stopAll()`. */
export function clientFactory(): {
  create(url: string, options?: IHttpConnectionOptions, configure?: (builder: HubConnectionBuilder) => void): HubConnection;
  stopAll(): Promise<void>;
} {
  const created: HubConnection[] = [];
  return {
    create(url, options = {}, configure) {
      const builder = new HubConnectionBuilder().withUrl(url, options).configureLogging(LogLevel.None);
      configure?.(builder);
      const connection = builder.build();
      created.push(connection);
      return connection;
    },
    async stopAll() {
      await Promise.all(created.splice(0).map((connection) => connection.stop()));
    },
  };
}

/** The error `onclose` reports (`undefined` for a clean close). */
export function closed(connection: HubConnection): Promise<Error | undefined> {
  return within(new Promise((resolve) => connection.onclose(resolve)), 'onclose');
}

/** The error `onreconnecting` reports. */
export function reconnecting(connection: HubConnection): Promise<Error | undefined> {
  return within(new Promise((resolve) => connection.onreconnecting(resolve)), 'onreconnecting');
}

/** The new connection id `onreconnected` reports. */
export function reconnected(connection: HubConnection): Promise<string | undefined> {
  return within(new Promise((resolve) => connection.onreconnected(resolve)), 'onreconnected');
}

/** A raw WebSocket speaking the JSON hub protocol by hand. */
export interface RawSocket {
  readonly socket: WebSocket;
  /** Sends the text as one frame. */
  send(text: string): void;
  /** The next hub message (text between separators), skipping Pings unless `pings`. */
  next(options?: { pings?: boolean }): Promise<string>;
  /** Resolves with the close code. */
  readonly closed: Promise<number>;
}

/**
 * Opens a raw WebSocket (`http` → `ws`); rejects with `Unexpected server response: <status>`
 * when the upgrade is refused.
 */
export async function openRaw(url: string, headers: Record<string, string> = {}): Promise<RawSocket> {
  const socket = new WebSocket(url.replace(/^http/, 'ws'), { headers });
  socket.on('error', () => undefined);
  const messages: string[] = [];
  const waiters: (() => void)[] = [];
  let buffered = '';
  socket.on('message', (data: Buffer) => {
    buffered += data.toString('utf8');
    const parts = buffered.split(RECORD_SEPARATOR);
    buffered = parts.pop() ?? '';
    messages.push(...parts);
    waiters.splice(0).forEach((wake) => wake());
  });
  const closed = new Promise<number>((resolve) => socket.on('close', (code) => {
    waiters.splice(0).forEach((wake) => wake());
    resolve(code);
  }));
  await within(
    new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    }),
    'WebSocket open',
  );
  async function next(options: { pings?: boolean } = {}): Promise<string> {
    for (;;) {
      const message = messages.shift();
      if (message !== undefined) {
        if (options.pings === true || message !== '{"type":6}') return message;
        continue;
      }
      if (socket.readyState !== WebSocket.OPEN) throw new Error('socket closed');
      await within(new Promise<void>((resolve) => waiters.push(resolve)), 'a hub message');
    }
  }
  return { socket, send: (text) => socket.send(text), next, closed };
}
