import type { Subscription } from 'rxjs';
import type { WebSocket } from 'ws';
import type { Logger } from '@org/reconnect';
import type { Clock } from '../clock';
import type { FaultState } from '../faults';
import type { RegisteredHub } from './hub';
import type { InvocationTarget } from './invocations';
import { cancelAllStreams, cancelInvocation, dispatchInvocation } from './invocations';
import {
  HANDSHAKE_SUCCESS_FRAME,
  HubProtocolError,
  RECORD_SEPARATOR,
  checkHandshake,
  encodeClose,
  encodeHandshakeError,
  encodeInvocation,
  parseClientMessage,
} from './protocol';
import type { HubCloseOptions, HubConnectionContext } from './types';

/** Close error of ASP.NET Core when a connection ends with an error (signalr.md §6.4). */
export const CONNECTION_ERROR_TEXT = 'Connection closed with an error.';

/** Settings a connection takes from its server. */
export interface ConnectionSettings {
  readonly clock: Clock;
  readonly faults: FaultState;
  readonly handshakeTimeoutMs: number;
  readonly maximumReceiveMessageSize: number;
  readonly detailedErrors: boolean;
  readonly logger: Logger | undefined;
}

/** What the server knows of an accepted WebSocket: the request side of its `HubConnectionContext`, the hub and the socket. */
export interface ConnectionInit extends Pick<HubConnectionContext, 'id' | 'params' | 'query' | 'headers' | 'principal'> {
  readonly hub: RegisteredHub;
  readonly socket: WebSocket;
  /** After the handshake succeeded. */
  onConnected(connection: Connection): void;
  /** Once, when the WebSocket closed. */
  onClosed(connection: Connection): void;
}

/** One hub connection: handshake, message dispatch, sends and close (signalr.md §3–§8). */
export interface Connection {
  readonly context: HubConnectionContext;
  readonly hub: RegisteredHub;
  /** Handshake done and socket open. */
  readonly connected: boolean;
  /** Clock time of the last frame received. */
  readonly lastReceivedAt: number;
  /** Queues complete messages unless closed or stalled. */
  send(messages: string): void;
  /** Flushes queued messages, then sends `text` as a frame of its own, even while stalled (fault frames). */
  sendRaw(text: string): void;
  /** Close message, then WebSocket close 1000; `error` is what `onDisconnected` receives. */
  close(options?: HubCloseOptions, error?: Error): void;
  /** Destroys the TCP socket without a Close message or close frame. */
  terminate(): void;
  /** Resolves once the WebSocket closed and `onDisconnected` ran. */
  readonly ended: Promise<void>;
}

const TEXT = { binary: false } as const;
/** Queued text above this many UTF-16 units is sent at once rather than at the end of the turn. */
const FLUSH_AT_LENGTH = 64 * 1024;
/** Normal closure, going away, and no status (the JS client's `stop()` sends a close frame without a code). */
const CLEAN_CLOSE_CODES = new Set([1000, 1001, 1005]);

/** Wraps an accepted WebSocket into a hub connection that waits for the handshake. */
export function createConnection(init: ConnectionInit, settings: ConnectionSettings): Connection {
  const { socket, hub } = init;
  const { clock, faults, logger } = settings;
  let handshaken = false;
  let closing = false;
  let finished = false;
  let endError: Error | undefined;
  let buffered = '';
  let lastReceivedAt = clock.now();
  let queue: Promise<void> = Promise.resolve();
  const streams = new Map<string, Subscription | null>();
  let markEnded: () => void = () => undefined;
  const ended = new Promise<void>((resolve) => (markEnded = resolve));
  const handshakeTimer = clock.setTimeout(() => {
    if (!handshaken) fail(new HubProtocolError('Handshake was canceled.'));
  }, settings.handshakeTimeoutMs);

  /**
   * Messages queued in this turn of the event loop go out as one WebSocket frame (whole
   * messages only, signalr.md §5): one frame and one write per connection instead of one
   * per message when a hub fans many messages out at once.
   */
  let outbox = '';
  let flushQueued = false;
  const flush = (): void => {
    flushQueued = false;
    if (outbox === '') return;
    const text = outbox;
    outbox = '';
    if (socket.readyState === socket.OPEN) socket.send(text, TEXT);
  };
  const write = (text: string): void => {
    outbox += text;
    if (outbox.length >= FLUSH_AT_LENGTH) flush();
    else if (!flushQueued) {
      flushQueued = true;
      queueMicrotask(flush);
    }
  };
  const send = (messages: string): void => {
    if (handshaken && !closing && !faults.stalled) write(messages);
  };
  const context: HubConnectionContext = {
    id: init.id,
    route: hub.route.pattern,
    params: init.params,
    query: init.query,
    headers: init.headers,
    principal: init.principal,
    state: new Map(),
    connectedAt: clock.now(),
    send: (target, ...args) => send(encodeInvocation(target, args)),
    close: (options) => close(options),
  };
  const target: InvocationTarget = {
    context,
    hub,
    streams,
    send,
    detailedErrors: settings.detailedErrors,
    logger,
    get closed() {
      return closing;
    },
  };

  function close(options: HubCloseOptions = {}, error?: Error): void {
    if (closing) return;
    closing = true;
    endError = error;
    clock.clearTimeout(handshakeTimer);
    if (handshaken) write(encodeClose(options.error, options.allowReconnect));
    flush();
    socket.close(1000);
  }

  /** Ends the connection because of `error`: Close with ASP.NET's text, or a handshake error before the handshake. */
  function fail(error: Error): void {
    logger?.warn?.('SignalR connection failed', { connectionId: init.id, error: error.message });
    if (!handshaken && !closing) write(encodeHandshakeError(error.message));
    close({ error: CONNECTION_ERROR_TEXT, allowReconnect: true }, error);
  }

  function receive(text: string): void {
    lastReceivedAt = clock.now();
    buffered += text;
    let start = 0;
    let end = buffered.indexOf(RECORD_SEPARATOR);
    while (end !== -1 && !closing) {
      const message = buffered.slice(start, end);
      if (tooLarge(message)) return tooLargeFail();
      handle(message);
      start = end + 1;
      end = buffered.indexOf(RECORD_SEPARATOR, start);
    }
    buffered = start === 0 ? buffered : buffered.slice(start);
    if (!closing && tooLarge(buffered)) tooLargeFail();
  }

  /** UTF-8 bytes over `MaximumReceiveMessageSize` (signalr.md §7); counted only when the text could be that long. */
  function tooLarge(text: string): boolean {
    const max = settings.maximumReceiveMessageSize;
    return text.length > max || (text.length * 3 > max && Buffer.byteLength(text) > max);
  }

  /**
   * ASP.NET Core's `InvalidDataException` for a message over the limit, complete or not:
   * the connection ends with `Connection closed with an error.` (signalr.md §6.4, §7).
   */
  function tooLargeFail(): void {
    buffered = '';
    fail(new HubProtocolError(`The maximum message size of ${settings.maximumReceiveMessageSize}B was exceeded. The message size can be configured in AddHubOptions.`));
  }

  function handle(json: string): void {
    try {
      if (!handshaken) {
        handshake(json);
        return;
      }
      const message = parseClientMessage(json);
      switch (message.type) {
        case 1:
        case 4:
          queue = queue.then(() => (closing ? undefined : dispatchInvocation(target, message)));
          return;
        case 5:
          cancelInvocation(target, message.invocationId);
          return;
        case 7:
          close();
          return;
        default:
          return;
      }
    } catch (error) {
      fail(error instanceof Error ? error : new HubProtocolError(String(error)));
    }
  }

  function handshake(json: string): void {
    const refusal = checkHandshake(json);
    clock.clearTimeout(handshakeTimer);
    if (refusal !== undefined) {
      write(encodeHandshakeError(refusal));
      close({}, new HubProtocolError(refusal));
      return;
    }
    handshaken = true;
    if (!faults.stalled) write(HANDSHAKE_SUCCESS_FRAME);
    init.onConnected(connection);
    runHook(() => hub.definition.onConnected?.(context), (error) => fail(error));
  }

  socket.on('message', (data: Buffer | ArrayBuffer | Buffer[]) => {
    const bytes = Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data);
    receive(bytes.toString('utf8'));
  });
  socket.on('error', (error) => {
    endError ??= error;
  });
  socket.on('close', (code) => {
    if (finished) return;
    finished = true;
    if (endError === undefined && !closing && !CLEAN_CLOSE_CODES.has(code)) {
      endError = new Error(`WebSocket closed with status code: ${code}.`);
    }
    closing = true;
    clock.clearTimeout(handshakeTimer);
    cancelAllStreams(target);
    init.onClosed(connection);
    if (handshaken) {
      runHook(
        () => hub.definition.onDisconnected?.(context, endError),
        (error) => logger?.error?.('onDisconnected failed', { connectionId: init.id, error: error.message }),
      );
    }
    markEnded();
  });

  const connection: Connection = {
    context,
    hub,
    get connected() {
      return handshaken && !closing;
    },
    get lastReceivedAt() {
      return lastReceivedAt;
    },
    send,
    sendRaw: (text) => {
      flush();
      if (socket.readyState === socket.OPEN) socket.send(text, TEXT);
    },
    close,
    ended,
    terminate: () => {
      endError ??= new Error('The connection was dropped.');
      outbox = '';
      closing = true;
      socket.terminate();
    },
  };
  return connection;
}

/** Runs a lifecycle hook; a throw or a rejected Promise (async hooks) goes to `onError`. */
function runHook(hook: () => unknown, onError: (error: Error) => void): void {
  const toError = (error: unknown): Error => (error instanceof Error ? error : new Error(String(error)));
  try {
    const result = hook();
    if (result instanceof Promise) result.catch((error: unknown) => onError(toError(error)));
  } catch (error) {
    onError(toError(error));
  }
}
