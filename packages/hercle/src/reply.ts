import type { HubConnection } from '@microsoft/signalr';
import { catchError, filter, from, ignoreElements, map, merge, mergeMap, take, throwError, timeout } from 'rxjs';
import type { Observable } from 'rxjs';
import { HercleConnectionError, HercleError, HercleTimeoutError } from './errors';
import { HercleStatus } from './types';
import type { HercleErrorMessage, HercleEvent, HercleMessage, HercleOtherMessage } from './types';

/** One command invocation on one connection and what identifies its reply. */
export interface Exchange {
  connection: HubConnection;
  /** The client's current connection; anything else than `connection` means it was lost. */
  current$: Observable<HubConnection | undefined>;
  /** Every decoded envelope. */
  incoming$: Observable<HercleEvent>;
  method: string;
  args: readonly unknown[];
  clientId: string;
  /** The reply subject; `undefined` accepts the first envelope with the ClientId. */
  subject: string | undefined;
  timeoutMs: number;
  /** Removes secrets from SignalR error texts. */
  redact: (text: string) => string;
  /** A redacted copy of a SignalR error and its cause chain, kept as `cause` (the raw server text may hold the key). */
  redactError: (error: unknown) => Error;
}

/** The {@link HercleError} of an error envelope: `PRECHECKS` for `preChecksError`, `OPERATIONAL` for `*.error` (hercle.md §5). */
export function replyError(event: HercleErrorMessage, method: string, clientId: string): HercleError {
  const field = typeof event.data.field === 'string' ? event.data.field : undefined;
  return new HercleError(event.subject === 'preChecksError' ? 'PRECHECKS' : 'OPERATIONAL', event.subject, event.reason, {
    method,
    clientId,
    ...(field ? { field } : {}),
    ...(event.raw ? { raw: event.raw } : {}),
  });
}

/**
 * The reply as a result, or the error it stands for: error subjects → {@link HercleError},
 * an executed order with status 2 (Cancelled) and a `statusError` → `ORDER_CANCELLED`
 * (hercle.md §4.2, §5), a malformed reply → its `HercleProtocolError`.
 */
function toResult(event: HercleEvent, method: string, clientId: string): HercleMessage | HercleOtherMessage {
  if (event.kind === 'malformed') throw event.error;
  if (event.kind === 'error') throw replyError(event, method, clientId);
  if (event.kind === 'message' && event.subject === 'execution.order.executed' && event.data.status === HercleStatus.Cancelled && event.data.statusError) {
    throw new HercleError('ORDER_CANCELLED', event.subject, event.data.statusError, { method, clientId, ...(event.raw ? { raw: event.raw } : {}) });
  }
  return event;
}

/**
 * Invokes `method(clientId, ...args)` positionally (hercle.md §3) and emits the reply with this
 * ClientId and subject, or an error subject, from `executionEvents` (§2, §5); listens before it
 * sends, so the order of Completion and reply does not matter. Errors with
 * HercleConnectionError when the invocation fails or the connection is lost first (never
 * re-sent: orders are not idempotent), HercleTimeoutError after `timeoutMs`.
 */
export function exchange(x: Exchange): Observable<HercleMessage | HercleOtherMessage> {
  const reply$ = x.incoming$.pipe(filter((e) => e.clientId === x.clientId && (x.subject === undefined || e.subject === x.subject || e.kind === 'error')));
  const sent$ = from(x.connection.invoke(x.method, x.clientId, ...x.args)).pipe(
    ignoreElements(),
    catchError((error: Error) => throwError(() => new HercleConnectionError(x.redact(`Hercle ${x.method} failed: ${error.message}`), { cause: x.redactError(error) }))),
  );
  const lost$ = x.current$.pipe(
    filter((now) => now !== x.connection),
    mergeMap(() => throwError(() => new HercleConnectionError(`Hercle ${x.method}: the connection was lost before the reply`))),
  );
  return merge(reply$, sent$, lost$).pipe(
    take(1),
    timeout({ first: x.timeoutMs, with: () => throwError(() => new HercleTimeoutError(x.method, x.clientId, x.timeoutMs)) }),
    map((event) => toResult(event, x.method, x.clientId)),
  );
}
