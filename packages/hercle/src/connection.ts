import { HubConnectionBuilder, NullLogger } from '@microsoft/signalr';
import type { HubConnection } from '@microsoft/signalr';
import { redactSecrets } from '@org/auth-signing';
import { Observable } from 'rxjs';
import { HercleAuthError, HercleConnectionError } from './errors';
import type { HercleTarget } from './types';

/** What one hub connection needs. */
export interface HubConnectOptions {
  url: string;
  /** Called by SignalR before every negotiate, so a rotated key is picked up on each connect (signalr.md §2.1). */
  accessToken: () => string | Promise<string>;
  /** Receives the single argument of every `executionEvents` / `subscriptions` call (hercle.md §2). */
  onEnvelope: (target: HercleTarget, payload: unknown) => void;
  /** Strings to redact from error messages (the API key). */
  secrets: () => readonly (string | undefined)[];
  /** Close (and so reconnect) after this long without any frame from the server, ms; SignalR's default 30 000 (signalr.md §7). */
  serverTimeoutMs?: number;
  /**
   * SignalR's HTTP request timeout (the negotiate, signalr.md §2), ms: the connect timeout, so
   * that a negotiate that never gets an answer is aborted and its socket closed when the
   * attempt is given up (`stop()` waits for a pending `start()`). `Infinity`: SignalR's 100 s.
   */
  requestTimeoutMs?: number;
}

const AUTH_FAILURE = /Status code '(401|403)'/;

/**
 * A failed `start()`: 401/403 on negotiate → fatal {@link HercleAuthError}; a fatal error thrown
 * by the key function (e.g. `AuthConfigError`) as it is; anything else transient.
 */
function startError(error: unknown, secrets: readonly (string | undefined)[]): Error {
  if (error instanceof Error && (error as { fatal?: unknown }).fatal === true) return error;
  const message = redactSecrets(error instanceof Error ? error.message : String(error), secrets);
  return AUTH_FAILURE.test(message) ? new HercleAuthError(message) : new HercleConnectionError(`Hercle connection failed: ${message}`);
}

/**
 * One connection to the hub as a cold Observable (hercle.md §1, signalr.md §9): on subscribe it
 * builds a `@microsoft/signalr` HubConnection (no automatic reconnect: `@org/reconnect` drives
 * retries; SignalR's own logging off), registers both targets, starts it and emits the
 * connection once started. It errors with {@link HercleAuthError} when the key is refused and
 * with {@link HercleConnectionError} when the start fails or the connection closes; unsubscribe
 * stops the connection.
 */
export function connectHub(options: HubConnectOptions): Observable<HubConnection> {
  return new Observable<HubConnection>((subscriber) => {
    // SignalR wraps whatever the token factory throws; keep the original so a fatal one stays fatal.
    let tokenError: unknown;
    const accessTokenFactory = async () => {
      try {
        return await options.accessToken();
      } catch (error) {
        tokenError = error;
        throw error;
      }
    };
    const builder = new HubConnectionBuilder()
      .withUrl(options.url, {
        accessTokenFactory,
        logger: NullLogger.instance,
        ...(options.requestTimeoutMs !== undefined && Number.isFinite(options.requestTimeoutMs) ? { timeout: options.requestTimeoutMs } : {}),
      })
      .configureLogging(NullLogger.instance);
    if (options.serverTimeoutMs !== undefined) {
      builder.withServerTimeout(options.serverTimeoutMs).withKeepAliveInterval(Math.min(15_000, Math.floor(options.serverTimeoutMs / 2)));
    }
    const connection = builder.build();
    connection.on('executionEvents', (payload: unknown) => options.onEnvelope('executionEvents', payload));
    connection.on('subscriptions', (payload: unknown) => options.onEnvelope('subscriptions', payload));
    connection.onclose((error) => {
      const reason = error ? redactSecrets(error.message, options.secrets()) : 'closed by the server';
      subscriber.error(new HercleConnectionError(`Hercle connection lost: ${reason}`));
    });
    connection.start().then(
      () => subscriber.next(connection),
      (error: unknown) => subscriber.error(startError(tokenError ?? error, options.secrets())),
    );
    return () => {
      connection.stop().catch(() => undefined);
    };
  });
}
