/**
 * Requests over the Finery WebSocket (finery.md §8): unique `reqId`s, replies correlated
 * by `reqId`, `error` checked at top level and inside `reply`, a timeout per request.
 */
import { Observable } from 'rxjs';
import type WebSocket from 'ws';
import type { InboundFrame } from './codec';
import { encodeRequest } from './codec';
import { FineryApiError, FineryConnectionError, FineryTimeoutError } from './errors';

interface PendingRequest {
  readonly method: string;
  readonly text: string;
  sent: boolean;
  resolve(reply: unknown): void;
  reject(error: Error): void;
}

/** The requests of a client; `socket()` is the usable socket, if any. */
export interface Requests {
  /** A cold Observable of one request's reply (see `FineryClient.request`). */
  observe<T>(method: string, content: object): Observable<T>;
  /** The socket became usable: sends every request waiting for it. */
  flush(socket: WebSocket): void;
  /** A reply frame arrived. */
  reply(frame: Extract<InboundFrame, { kind: 'reply' }>): void;
  /** The socket closed: requests sent on it fail with `FineryConnectionError` (never re-sent: `add` is not idempotent). */
  connectionLost(): void;
  /** Fails every pending request with `error`. */
  failAll(error: Error): void;
}

/** Creates the request table of a client; each request fails after `timeoutMs` without reply. */
export function createRequests(socket: () => WebSocket | undefined, timeoutMs: number): Requests {
  const pending = new Map<number, PendingRequest>();
  let requestIds = 0;
  const send = (request: PendingRequest, ws: WebSocket) => {
    request.sent = true;
    ws.send(request.text);
  };

  return {
    observe: <T>(method: string, content: object) =>
      new Observable<T>((subscriber) => {
        const reqId = ++requestIds;
        const request: PendingRequest = {
          method,
          text: encodeRequest(reqId, method, content),
          sent: false,
          resolve: (reply) => {
            subscriber.next(reply as T);
            subscriber.complete();
          },
          reject: (error) => subscriber.error(error),
        };
        pending.set(reqId, request);
        const timer = setTimeout(() => request.reject(new FineryTimeoutError(method, timeoutMs)), timeoutMs);
        const ws = socket();
        if (ws) send(request, ws);
        return () => {
          clearTimeout(timer);
          pending.delete(reqId);
        };
      }),
    flush(ws) {
      for (const request of pending.values()) if (!request.sent) send(request, ws);
    },
    reply(frame) {
      const request = pending.get(frame.reqId);
      if (!request) return;
      pending.delete(frame.reqId);
      const wrapped = frame.reply !== null && typeof frame.reply === 'object' ? (frame.reply as Record<string, unknown>) : undefined;
      if (frame.error !== undefined && frame.error !== 0) {
        const details = frame.param === undefined ? { method: request.method } : { method: request.method, param: frame.param };
        request.reject(new FineryApiError(frame.error, 'request', false, details));
      } else if (wrapped && typeof wrapped.error === 'number' && wrapped.error !== 0) {
        const { error, ...details } = wrapped;
        request.reject(new FineryApiError(error as number, 'request', false, { method: request.method, ...details }));
      } else {
        request.resolve(frame.reply);
      }
    },
    connectionLost() {
      for (const request of [...pending.values()]) {
        if (request.sent) request.reject(new FineryConnectionError(`connection lost before the reply to '${request.method}'`));
      }
    },
    failAll(error) {
      for (const request of [...pending.values()]) request.reject(error);
    },
  };
}
