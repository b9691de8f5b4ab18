/**
 * One Finery WebSocket connection as a cold Observable (finery.md §2, §4): signs fresh
 * upgrade headers, classifies a failed handshake, keeps the socket alive with protocol
 * pings and fails on silence. Subscribing opens the socket, unsubscribing terminates it.
 */
import { fineryAuthHeaders, redactSecrets } from '@org/auth-signing';
import { ConnectTimeoutError, IdleTimeoutError } from '@org/reconnect';
import { Observable } from 'rxjs';
import type WebSocket from 'ws';
import { FineryApiError, FineryConnectionError } from './errors';

/** Where and how `openSocket` connects; durations in milliseconds. */
export interface SocketOptions {
  readonly url: string;
  readonly key: string;
  readonly secret: string;
  /** Silence (no inbound frame of any kind) after which the connection counts as stalled, ms. */
  readonly idleTimeoutMs: number;
  /** Interval of WebSocket ping frames, ms (finery.md §4: 15–30 s, inside the 80 s idle limit). */
  readonly pingIntervalMs: number;
  /** An open socket that is not `ready()` after this long fails, ms. */
  readonly statusTimeoutMs: number;
  /** The HTTP upgrade must complete within this long (`ws` `handshakeTimeout`), ms; `Infinity` for none. */
  readonly connectTimeoutMs: number;
  /** The WebSocket class (`ws` or a `ws`-compatible one: a recording tap, a replay socket). */
  readonly WebSocket: typeof WebSocket;
  /** Clock of each frame's `receivedAt`, ms epoch. */
  readonly now: () => number;
}

/** Consecutive handshake failures with nonce (6) and timestamp (7) errors, shared across attempts. */
export interface HandshakeMemory {
  nonceFailures: number;
  timestampFailures: number;
}

/** Handshake error 7 (invalid timestamp) is retried this many times in a row, then fatal. */
export const TIMESTAMP_RETRIES = 3;

/** What the client does with one connection's events. */
export interface SocketHandlers {
  /** The socket is open (authenticated); frames may be sent. */
  open(socket: WebSocket): void;
  /** One text frame that arrived at `receivedAt` (ms epoch); a returned error ends the connection with it. */
  frame(text: string, receivedAt: number): Error | undefined;
  /** Whether the venue made the connection usable (finery.md §3: `X` 0 arrived). */
  ready(): boolean;
  /** The connection ended (for any reason); the socket must not be used any more. */
  closed(): void;
}

/**
 * Reads `{"error":N}` from a failed upgrade (finery.md §2.4) and classifies it: 3 and 14
 * fatal at once; 6 (nonce) transient once, fatal the second time in a row; 7 (timestamp)
 * transient `TIMESTAMP_RETRIES` (3) times in a row with a hint that the local clock is
 * probably off, then fatal; anything else transient. Each retry signs a fresh nonce and
 * timestamp.
 */
export function handshakeError(status: number, body: string, memory: HandshakeMemory): Error {
  let code: unknown;
  try {
    code = (JSON.parse(body) as { error?: unknown }).error;
  } catch {
    code = undefined;
  }
  if (typeof code !== 'number') return new FineryConnectionError(`handshake failed with HTTP ${status}`);
  if (code === 6) {
    memory.nonceFailures += 1;
    return new FineryApiError(code, 'handshake', memory.nonceFailures > 1, { status });
  }
  if (code === 7) {
    const failures = (memory.timestampFailures += 1);
    const fatal = failures > TIMESTAMP_RETRIES;
    const note = `the local clock is probably off: check NTP (${fatal ? `fatal after ${TIMESTAMP_RETRIES} retries` : `retry ${failures} of ${TIMESTAMP_RETRIES}`})`;
    return new FineryApiError(code, 'handshake', fatal, { status }, note);
  }
  return new FineryApiError(code, 'handshake', code === 3 || code === 14, { status });
}

/** Opens one authenticated socket per subscription; errors on close, failure, silence or a handler's error. */
export function openSocket(options: SocketOptions, memory: HandshakeMemory, handlers: SocketHandlers): Observable<never> {
  return new Observable<never>((subscriber) => {
    const secrets = [options.secret];
    const handshakeTimeout = Number.isFinite(options.connectTimeoutMs) ? options.connectTimeoutMs : undefined;
    const ws = new options.WebSocket(options.url, { headers: { ...fineryAuthHeaders({ key: options.key, secret: options.secret }) }, handshakeTimeout });
    let opened = false;
    // Inbound frames are counted, not timed: the periodic check notes when the count last
    // moved, so the hot path pays no clock read. Silence is detected within idle + check interval.
    let frames = 0;
    let seen = 0;
    let lastFrameAt = Date.now();
    let lastPingAt = lastFrameAt;
    let timer: NodeJS.Timeout | undefined;
    const fail = (error: Error) => subscriber.error(error);

    ws.on('unexpected-response', (_request, response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => {
        if (body.length < 1000) body += chunk.toString();
      });
      response.on('end', () => fail(handshakeError(response.statusCode ?? 0, body, memory)));
      response.on('error', () => fail(handshakeError(response.statusCode ?? 0, body, memory)));
    });
    ws.on('open', () => {
      opened = true;
      memory.nonceFailures = 0;
      memory.timestampFailures = 0;
      const openedAt = (lastFrameAt = Date.now());
      const checkMs = Math.max(5, Math.min(options.pingIntervalMs, Math.floor(Math.min(options.idleTimeoutMs, options.statusTimeoutMs) / 4)));
      timer = setInterval(() => {
        const now = Date.now();
        if (frames !== seen) {
          seen = frames;
          lastFrameAt = now;
        }
        if (now - lastFrameAt > options.idleTimeoutMs) fail(new IdleTimeoutError(options.idleTimeoutMs));
        else if (now - openedAt > options.statusTimeoutMs && !handlers.ready()) fail(new FineryConnectionError(`no X status within ${options.statusTimeoutMs} ms`));
        else if (now - lastPingAt >= options.pingIntervalMs) {
          lastPingAt = now;
          ws.ping();
        }
      }, checkMs);
      handlers.open(ws);
    });
    ws.on('message', (data, isBinary) => {
      frames++;
      if (isBinary) return;
      const error = handlers.frame(data.toString(), options.now());
      if (error) fail(error);
    });
    ws.on('ping', () => {
      frames++;
    });
    ws.on('pong', () => {
      frames++;
    });
    ws.on('close', (code, reason) => fail(new FineryConnectionError(`socket closed: ${code} ${redactSecrets(reason.toString(), secrets)}`.trim())));
    ws.on('error', (error) => {
      // `ws` reports its `handshakeTimeout` as an error of the unopened socket.
      if (!opened && handshakeTimeout !== undefined && /handshake has timed out/i.test(error.message)) fail(new ConnectTimeoutError(handshakeTimeout));
      else fail(new FineryConnectionError(`socket error: ${redactSecrets(error.message, secrets)}`));
    });

    return () => {
      if (timer) clearInterval(timer);
      handlers.closed();
      ws.removeAllListeners();
      ws.on('error', () => undefined);
      ws.terminate();
    };
  });
}
