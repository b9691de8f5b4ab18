import { toJson } from './serialized';

/**
 * The JSON hub protocol codec (signalr.md §4–§6): frames end with the record separator
 * 0x1E; every encoder returns one complete, terminated message so a frame always holds
 * whole messages (signalr.md §5).
 */

/** The record separator that ends every JSON hub protocol message (signalr.md §5). */
export const RECORD_SEPARATOR = '\x1e';

/** Hub message `type` values (signalr.md §6.1). */
export const MessageType = {
  Invocation: 1,
  StreamItem: 2,
  Completion: 3,
  StreamInvocation: 4,
  CancelInvocation: 5,
  Ping: 6,
  Close: 7,
  Ack: 8,
  Sequence: 9,
} as const;

/** Successful handshake response: exactly `{}␞`, no `type` (signalr.md §4). */
export const HANDSHAKE_SUCCESS_FRAME = '{}' + RECORD_SEPARATOR;

/** The server keep-alive `{"type":6}␞` (signalr.md §7). */
export const PING_FRAME = '{"type":6}' + RECORD_SEPARATOR;

/** A text frame without the trailing separator: the JS client fails with `Message is incomplete.` (signalr.md §13 #16). */
export const MALFORMED_FRAME = '{"type":1,"target":"malformed","arguments":[';

/** A client → server message after parsing and validation (signalr.md §6.1, §6.5). */
export type ClientMessage =
  | { type: 1; invocationId?: string; target: string; arguments: unknown[] }
  | { type: 4; invocationId: string; target: string; arguments: unknown[] }
  | { type: 5; invocationId: string }
  | { type: 6 }
  | { type: 7 }
  /** Types the emulator accepts but ignores (upload stream items, client results, Ack, Sequence, unknown). */
  | { type: 0 };

/** A message that breaks the JSON hub protocol: the connection closes with an error. */
export class HubProtocolError extends Error {
  readonly code = 'SIGNALR_PROTOCOL_ERROR';
  readonly fatal = false;
  constructor(message: string) {
    super(message);
    this.name = 'HubProtocolError';
  }
}

/** `{"error":"…"}␞`: handshake refusal (signalr.md §4). */
export function encodeHandshakeError(error: string): string {
  return '{"error":' + JSON.stringify(error) + '}' + RECORD_SEPARATOR;
}

/** Server → client Invocation without `invocationId`; arguments may be `SerializedItem`s (signalr.md §6.2). */
export function encodeInvocation(target: string, args: readonly unknown[]): string {
  let json = '{"type":1,"target":' + JSON.stringify(target) + ',"arguments":[';
  for (let i = 0; i < args.length; i++) json += (i === 0 ? '' : ',') + toJson(args[i]);
  return json + ']}' + RECORD_SEPARATOR;
}

/** Completion with `result`; `undefined` is written as `null`, as ASP.NET does for void methods (signalr.md §6.4). */
export function encodeCompletionResult(invocationId: string, result: unknown): string {
  return '{"type":3,"invocationId":' + JSON.stringify(invocationId) + ',"result":' + toJson(result) + '}' + RECORD_SEPARATOR;
}

/** Completion with `error`, or without `error` and `result` (end of a stream) when `error` is undefined (signalr.md §6.4, §10). */
export function encodeCompletionError(invocationId: string, error?: string): string {
  const id = JSON.stringify(invocationId);
  return error === undefined
    ? '{"type":3,"invocationId":' + id + '}' + RECORD_SEPARATOR
    : '{"type":3,"invocationId":' + id + ',"error":' + JSON.stringify(error) + '}' + RECORD_SEPARATOR;
}

/** The constant head of every StreamItem of one stream: `{"type":2,"invocationId":"…","item":` (signalr.md §6.2). */
export function encodeStreamItemPrefix(invocationId: string): string {
  return '{"type":2,"invocationId":' + JSON.stringify(invocationId) + ',"item":';
}

/** A StreamItem from its prefix; `item` is always present, `undefined` written as `null` (signalr.md §6.5). */
export function encodeStreamItem(prefix: string, item: unknown): string {
  return prefix + toJson(item) + '}' + RECORD_SEPARATOR;
}

/** Close `{"type":7,"error"?,"allowReconnect"?}`; `allowReconnect` is written only when true, as ASP.NET does (signalr.md §8). */
export function encodeClose(error?: string, allowReconnect?: boolean): string {
  let json = '{"type":7';
  if (error !== undefined) json += ',"error":' + JSON.stringify(error);
  if (allowReconnect === true) json += ',"allowReconnect":true';
  return json + '}' + RECORD_SEPARATOR;
}

/** The handshake request `{"protocol":"json","version":1}` (signalr.md §4). */
export interface HandshakeRequest {
  protocol: string;
  version: number;
}

/**
 * Parses the handshake request; returns the error text the server answers with when the
 * protocol or version is not supported (signalr.md §4).
 * @throws HubProtocolError when the text is not a handshake request.
 */
export function checkHandshake(json: string): string | undefined {
  const request = parseObject(json) as Partial<HandshakeRequest>;
  if (typeof request.protocol !== 'string' || typeof request.version !== 'number') {
    throw new HubProtocolError('Handshake request must carry a string "protocol" and a numeric "version".');
  }
  if (request.protocol !== 'json') return `The protocol '${request.protocol}' is not supported.`;
  if (request.version > 2) return `The server does not support version ${request.version} of the 'json' protocol.`;
  return undefined;
}

/**
 * Parses and validates one client message (signalr.md §6.1).
 * @throws HubProtocolError on invalid JSON or a missing/mistyped required field.
 */
export function parseClientMessage(json: string): ClientMessage {
  const message = parseObject(json);
  switch (message['type']) {
    case MessageType.Invocation:
      return {
        type: 1,
        invocationId: optionalId(message),
        target: requiredTarget(message),
        arguments: requiredArguments(message),
      };
    case MessageType.StreamInvocation: {
      const invocationId = optionalId(message);
      if (invocationId === undefined) throw new HubProtocolError('Missing required property \'invocationId\'.');
      return { type: 4, invocationId, target: requiredTarget(message), arguments: requiredArguments(message) };
    }
    case MessageType.CancelInvocation: {
      const invocationId = optionalId(message);
      if (invocationId === undefined) throw new HubProtocolError('Missing required property \'invocationId\'.');
      return { type: 5, invocationId };
    }
    case MessageType.Ping:
      return { type: 6 };
    case MessageType.Close:
      return { type: 7 };
    default:
      if (typeof message['type'] !== 'number') throw new HubProtocolError('Missing required property \'type\'.');
      return { type: 0 };
  }
}

function parseObject(json: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    throw new HubProtocolError('Error reading JSON.');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new HubProtocolError('Unexpected JSON Token Type. Expected a JSON Object.');
  }
  return value as Record<string, unknown>;
}

function optionalId(message: Record<string, unknown>): string | undefined {
  const id = message['invocationId'];
  if (id === undefined || id === null) return undefined;
  if (typeof id !== 'string') throw new HubProtocolError('Expected \'invocationId\' to be of type String.');
  return id;
}

function requiredTarget(message: Record<string, unknown>): string {
  const target = message['target'];
  if (typeof target !== 'string') throw new HubProtocolError('Missing required property \'target\'.');
  return target;
}

function requiredArguments(message: Record<string, unknown>): unknown[] {
  const args = message['arguments'];
  if (args === undefined) throw new HubProtocolError('Missing required property \'arguments\'.');
  if (!Array.isArray(args)) throw new HubProtocolError('Expected \'arguments\' to be of type Array.');
  return args;
}
