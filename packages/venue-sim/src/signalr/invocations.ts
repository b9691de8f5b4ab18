import type { Observable, Subscription } from 'rxjs';
import { isObservable } from 'rxjs';
import type { Logger } from '@org/reconnect';
import { HubArgumentsError, HubException } from './errors';
import type { RegisteredHub } from './hub';
import type { ClientMessage } from './protocol';
import {
  encodeCompletionError,
  encodeCompletionResult,
  encodeStreamItem,
  encodeStreamItemPrefix,
} from './protocol';
import type { HubConnectionContext } from './types';

/** What the dispatcher needs of a connection. */
export interface InvocationTarget {
  readonly context: HubConnectionContext;
  readonly hub: RegisteredHub;
  readonly detailedErrors: boolean;
  readonly logger: Logger | undefined;
  /** Open server streams by invocation id; a `null` subscription is one still subscribing. */
  readonly streams: Map<string, Subscription | null>;
  /** True once the connection is closing: no new streams start. */
  readonly closed: boolean;
  /** Queues complete messages (no-op once closed or while stalled). */
  send(messages: string): void;
}

/** A parsed Invocation (1) or StreamInvocation (4). */
export type InvocationMessage = Extract<ClientMessage, { type: 1 | 4 }>;

/**
 * Runs one Invocation or StreamInvocation the way ASP.NET Core's `DefaultHubDispatcher`
 * does (signalr.md §6.3, §6.4, §10): replies with a Completion (`result` or the exact
 * error text) when the message has an `invocationId`, or starts a stream of StreamItems.
 * Never rejects; resolves once a non-streaming method finished or a stream started.
 */
export async function dispatchInvocation(target: InvocationTarget, message: InvocationMessage): Promise<void> {
  const { invocationId: id, target: name } = message;
  const replyError = (text: string): void => {
    if (id !== undefined) target.send(encodeCompletionError(id, text));
  };
  const method = target.hub.methods.get(name.toLowerCase());
  if (method === undefined) {
    replyError(`Failed to invoke '${name}' due to an error on the server. HubException: Method does not exist.`);
    return;
  }
  const failed = `An unexpected error occurred invoking '${name}' on the server.`;
  let value: unknown;
  try {
    value = await method(target.context, ...message.arguments);
  } catch (error) {
    target.logger?.warn?.(`Hub method '${name}' failed`, { connectionId: target.context.id, error: String(error) });
    replyError(
      error instanceof HubArgumentsError
        ? `Failed to invoke '${name}' due to an error on the server.` + (target.detailedErrors ? ` InvalidDataException: ${error.message}` : '')
        : errorText(failed, error, target.detailedErrors),
    );
    return;
  }
  if (message.type === 4) {
    if (!isObservable(value)) replyError(`The client attempted to invoke the non-streaming '${name}' method with a streaming invocation.`);
    else if (!target.closed) startStream(target, message.invocationId, value);
    return;
  }
  if (isObservable(value)) {
    replyError(`The client attempted to invoke the streaming '${name}' method with a non-streaming invocation.`);
    return;
  }
  if (id === undefined) return;
  let frame: string;
  try {
    frame = encodeCompletionResult(id, value);
  } catch (error) {
    frame = encodeCompletionError(id, errorText(failed, error, target.detailedErrors));
  }
  target.send(frame);
}

/** Subscribes a stream method's Observable: each value a StreamItem, then a Completion (signalr.md §10). */
function startStream(target: InvocationTarget, id: string, source: Observable<unknown>): void {
  const { streams } = target;
  const prefix = encodeStreamItemPrefix(id);
  const finish = (error?: unknown): void => {
    if (!streams.has(id)) return;
    const subscription = streams.get(id);
    streams.delete(id);
    subscription?.unsubscribe();
    const text = error === undefined ? undefined : errorText('An error occurred on the server while streaming results.', error, target.detailedErrors);
    target.send(encodeCompletionError(id, text));
  };
  streams.set(id, null);
  const subscription = source.subscribe({
    next(item) {
      let frame: string;
      try {
        frame = encodeStreamItem(prefix, item);
      } catch (error) {
        finish(error);
        return;
      }
      target.send(frame);
    },
    error: (error: unknown) => finish(error ?? new Error('Stream failed.')),
    complete: () => finish(),
  });
  if (streams.has(id)) streams.set(id, subscription);
  else subscription.unsubscribe();
}

/**
 * CancelInvocation: tears the stream down (its teardown runs) and sends a Completion
 * without `error`, as ASP.NET Core does; unknown ids are ignored (signalr.md §10).
 */
export function cancelInvocation(target: InvocationTarget, id: string): void {
  const subscription = target.streams.get(id);
  if (subscription === undefined) return;
  target.streams.delete(id);
  subscription?.unsubscribe();
  target.send(encodeCompletionError(id));
}

/** Unsubscribes every open stream of a closed connection. */
export function cancelAllStreams(target: InvocationTarget): void {
  const subscriptions = [...target.streams.values()];
  target.streams.clear();
  for (const subscription of subscriptions) subscription?.unsubscribe();
}

/** ASP.NET `ErrorMessageHelper.BuildErrorMessage`: details for a HubException, or for any error with detailed errors on. */
function errorText(message: string, error: unknown, detailed: boolean): string {
  if (error instanceof HubException) return `${message} HubException: ${error.message}`;
  if (!detailed) return message;
  return error instanceof Error ? `${message} ${error.name}: ${error.message}` : `${message} Error: ${String(error)}`;
}
