import { randomUUID } from 'node:crypto';
import { HttpTransportType, HubConnectionBuilder, HubConnectionState, NullLogger } from '@microsoft/signalr';
import type { HubConnection } from '@microsoft/signalr';
import { etoroxSetupRequest, redactSecrets } from '@org/auth-signing';
import type { EtoroxCredentials } from '@org/auth-signing';
import { abortableTransport } from './abortable';
import { EtoroxAuthError, EtoroxConfigError, EtoroxConnectionError } from './errors';
import type { EtoroxClientOptions } from './options';

/** What opening one hub connection needs. */
export interface HubSettings {
  /** Hub URL without `correlationId`. */
  hubUrl: string;
  credentials: EtoroxCredentials;
  skipNegotiation: boolean;
  serverTimeoutMs: number;
  /** The WebSocket class (`EtoroxClientOptions.WebSocket`), or `undefined` for SignalR's default (`ws`). */
  WebSocket?: EtoroxClientOptions['WebSocket'];
}

/** A `setup` refused for its timestamp (etorox.md §3) is retried this many times in a row, then fatal. */
export const ETOROX_TIMESTAMP_RETRIES = 3;

/** Consecutive `setup` refusals for the timestamp, shared across attempts; reset by a successful `setup`. */
export interface SetupMemory {
  timestampFailures: number;
}

/** One identified hub connection (etorox.md §4): handshake done, `setup` succeeded. */
export interface HubSession {
  readonly connection: HubConnection;
  /** The `correlationId` of its URL (etorox.md §1). */
  readonly correlationId: string;
  /** True once the connection is no longer `Connected`. */
  readonly closed: boolean;
  /** Closes the connection without reporting it through `onClose`. */
  stop(): Promise<void>;
}

/**
 * The hub URL (etorox.md §1): `https://{host}/streams/v1/{apiKey}/signalr`, or `url` as
 * given; a `url` without a path (e.g. a simulator's base URL) gets the hub path appended.
 * @throws EtoroxConfigError without `url` and `host`, or when they do not make a URL
 */
export function etoroxHubUrl(options: { url?: string; host?: string; apiKey: string }): string {
  const field = options.url ? 'url' : 'host';
  const base = options.url || (options.host ? `https://${options.host}` : undefined);
  if (!base) throw new EtoroxConfigError('url', 'or host is required');
  let url: URL;
  try {
    url = new URL(base);
  } catch {
    throw new EtoroxConfigError(field, 'is not a valid URL or host name');
  }
  if (url.pathname === '/' || url.pathname === '') url.pathname = `/streams/v1/${encodeURIComponent(options.apiKey)}/signalr`;
  return url.toString();
}

const secretsOf = (credentials: EtoroxCredentials): string[] => [credentials.apiKey, credentials.privateKey, credentials.passphrase ?? ''];

/** An error message without the API key, key or passphrase. */
export const redact = (credentials: EtoroxCredentials, message: string): string => redactSecrets(message, secretsOf(credentials));

/** `setup` failed with a Completion error or a Close message rather than a dropped transport (etorox.md §5.1). */
const isRefusal = (message: string): boolean =>
  message.includes('error occurred') || message.includes('Failed to invoke') || message.startsWith('Server returned an error on close');

/**
 * Opens one connection and identifies it (etorox.md §4, §5.1, §7.1): a new `correlationId`,
 * negotiate (unless skipped), WebSockets, handshake, then `setup` with a fresh nonce,
 * timestamp and signature before anything else. `onClose` fires once when the connection
 * ends after `setup` succeeded (not for `stop()` by us).
 *
 * @throws EtoroxAuthError when `setup` answers another status than `success`, or the hub
 *   refuses it with a Completion error or a Close message (fatal)
 * @throws AuthConfigError (from `@org/auth-signing`) for an unusable key, before connecting (fatal)
 * @throws EtoroxAuthError with `fatal: false` when `setup` is refused for its timestamp, the
 *   first `ETOROX_TIMESTAMP_RETRIES` (3) times in a row (the local clock is probably off), fatal after
 * @throws EtoroxConnectionError when the connection cannot be opened or drops during setup
 *
 * `signal` aborts the attempt: a pending negotiate or WebSocket upgrade is cut and the socket
 * closed (the connect timeout of the reconnect loop gave up on it).
 */
export async function openHubSession(
  settings: HubSettings,
  onClose: (session: HubSession, error: EtoroxConnectionError) => void,
  memory: SetupMemory = { timestampFailures: 0 },
  signal?: AbortSignal,
): Promise<HubSession> {
  // A trial signature first: an unusable key fails before any connection is opened.
  etoroxSetupRequest(settings.credentials);
  const correlationId = randomUUID();
  const url = new URL(settings.hubUrl);
  url.searchParams.set('correlationId', correlationId);
  const connection = new HubConnectionBuilder()
    .withUrl(url.toString(), {
      transport: HttpTransportType.WebSockets,
      skipNegotiation: settings.skipNegotiation,
      logger: NullLogger.instance,
      ...(signal ? abortableTransport(signal, settings.WebSocket) : settings.WebSocket ? { WebSocket: settings.WebSocket } : {}),
    })
    .configureLogging(NullLogger.instance)
    .withServerTimeout(settings.serverTimeoutMs)
    .build();
  let identified = false;
  let stopping = false;
  connection.onclose((error) => {
    if (!identified || stopping) return;
    onClose(session, new EtoroxConnectionError(redact(settings.credentials, `Connection closed: ${error?.message ?? 'by the server'}`)));
  });
  const session: HubSession = {
    connection,
    correlationId,
    get closed() {
      return connection.state !== HubConnectionState.Connected;
    },
    stop() {
      stopping = true;
      return connection.stop();
    },
  };
  // An abandoned attempt (connect timeout, unsubscribe): also a `setup` that never gets its reply ends.
  signal?.addEventListener('abort', () => void session.stop().catch(() => undefined), { once: true });
  try {
    await connection.start();
  } catch (error) {
    throw new EtoroxConnectionError(redact(settings.credentials, `Connection failed: ${(error as Error).message}`));
  }
  let result: unknown;
  try {
    // Signed now, so the timestamp is as close to `setup` as it can be (etorox.md §3).
    result = await connection.invoke('setup', etoroxSetupRequest(settings.credentials));
  } catch (error) {
    void session.stop();
    const message = redact(settings.credentials, `setup failed: ${(error as Error).message}`);
    if ((error as { fatal?: unknown }).fatal === true) throw error;
    if (isRefusal((error as Error).message)) throw new EtoroxAuthError(message);
    throw new EtoroxConnectionError(message);
  }
  const status = (result as { status?: unknown } | null)?.status;
  if (status !== 'success') {
    void session.stop();
    const reason = (result as { message?: unknown } | null)?.message;
    const text = `setup refused with status ${typeof status === 'string' ? JSON.stringify(status) : typeof status}${typeof reason === 'string' ? `: ${reason.slice(0, 200)}` : ''}`;
    const venueStatus = typeof status === 'string' ? status : undefined;
    if (typeof reason === 'string' && /timestamp/i.test(reason)) {
      const failures = (memory.timestampFailures += 1);
      const fatal = failures > ETOROX_TIMESTAMP_RETRIES;
      const note = `the local clock is probably off: check NTP (${fatal ? `fatal after ${ETOROX_TIMESTAMP_RETRIES} retries` : `retry ${failures} of ${ETOROX_TIMESTAMP_RETRIES}`})`;
      throw new EtoroxAuthError(redact(settings.credentials, `${text}; ${note}`), venueStatus, fatal);
    }
    throw new EtoroxAuthError(redact(settings.credentials, text), venueStatus);
  }
  memory.timestampFailures = 0;
  identified = true;
  return session;
}
