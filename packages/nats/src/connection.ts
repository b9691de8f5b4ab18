import { connect } from '@nats-io/transport-node';
import type { NatsConnection } from '@nats-io/transport-node';
import { jetstreamManager, RetentionPolicy, StorageType, DiscardPolicy } from '@nats-io/jetstream';
import type { JetStreamManager, StreamConfig } from '@nats-io/jetstream';
import { SUBJECT_PREFIX } from '@org/bus';

/** Where and how to reach NATS, for the publisher and the consumer. */
export interface NatsConnectionOptions {
  /** Server URLs, e.g. `nats://127.0.0.1:4222` (one or several). */
  readonly servers: string | readonly string[];
  /** The JetStream stream holding the venue subjects (default {@link DEFAULT_STREAM}, `VENUES`). */
  readonly stream?: string;
  /** Client name shown by the server (default `org-venues`). */
  readonly name?: string;
  /** Credentials, as the NATS client takes them. Never logged. */
  readonly user?: string;
  readonly pass?: string;
  readonly token?: string;
  /** ms to wait for the first connection and for each JetStream reply (default 10 000, `DEFAULT_CONNECT_TIMEOUT_MS`). */
  readonly connectTimeoutMs?: number;
}

/** The stream name used unless `stream` says otherwise. */
export const DEFAULT_STREAM = 'VENUES';

/** The stream's limits when this package creates it. */
export interface NatsStreamLimits {
  /** Messages kept per subject (default 10 000): the history a late joiner can replay per symbol. */
  readonly maxMessagesPerSubject?: number;
  /** Oldest message age kept, ms (default 24 h). */
  readonly maxAgeMs?: number;
  /** JetStream `msgID` de-duplication window, ms (default 2 min): a retried publish within it is stored once. */
  readonly duplicateWindowMs?: number;
}

const MS = 1_000_000;

/** The configuration of the venue stream: every `venues.>` subject, on file, oldest discarded at the limits. */
export function streamConfig(name: string, limits: NatsStreamLimits = {}): Partial<StreamConfig> & { name: string } {
  return {
    name,
    subjects: [`${SUBJECT_PREFIX}.>`],
    storage: StorageType.File,
    retention: RetentionPolicy.Limits,
    discard: DiscardPolicy.Old,
    max_msgs_per_subject: limits.maxMessagesPerSubject ?? 10_000,
    max_age: (limits.maxAgeMs ?? 24 * 3_600_000) * MS,
    duplicate_window: (limits.duplicateWindowMs ?? 120_000) * MS,
  };
}

/** Reports of the connection: `reconnecting` with the error when lost, `connected` when back. */
export type NatsReport = (status: 'connected' | 'reconnecting', error?: Error) => void;

/** The lost connection of a NATS client (`reconnecting`). */
export class NatsDisconnectedError extends Error {
  override readonly name = 'NatsDisconnectedError';
  readonly code = 'NATS_DISCONNECTED';
  readonly fatal = false;
  constructor(server: string) {
    super(`nats: disconnected from ${server}; reconnecting`);
  }
}

/**
 * Connects to NATS (waiting for the first connection, then reconnecting forever by itself
 * every 250 ms) and forwards its disconnects and reconnects to `report`.
 */
export async function connectNats(options: NatsConnectionOptions, report: NatsReport): Promise<NatsConnection> {
  const nc = await connect({
    servers: typeof options.servers === 'string' ? options.servers : [...options.servers],
    name: options.name ?? 'org-venues',
    ...(options.user === undefined ? {} : { user: options.user }),
    ...(options.pass === undefined ? {} : { pass: options.pass }),
    ...(options.token === undefined ? {} : { token: options.token }),
    timeout: options.connectTimeoutMs ?? 10_000,
    reconnect: true,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 250,
    waitOnFirstConnect: true,
  });
  void (async () => {
    for await (const status of nc.status()) {
      if (status.type === 'disconnect') report('reconnecting', new NatsDisconnectedError(status.server));
      else if (status.type === 'reconnect') report('connected');
    }
  })().catch(() => undefined);
  return nc;
}

/** Whether a JetStream error says that the stream does not exist. */
const isStreamNotFound = (error: unknown): boolean => /stream not found/i.test((error as Error)?.message ?? '');

/**
 * The JetStream manager of `nc`, with the venue stream created when it does not exist yet
 * (an existing stream is used as it is).
 */
export async function ensureStream(nc: NatsConnection, name: string, limits?: NatsStreamLimits, timeoutMs = 10_000): Promise<JetStreamManager> {
  const jsm = await jetstreamManager(nc, { timeout: timeoutMs });
  try {
    await jsm.streams.info(name);
  } catch (error) {
    if (!isStreamNotFound(error)) throw error;
    try {
      await jsm.streams.add(streamConfig(name, limits));
    } catch (addError) {
      // Another process created it meanwhile.
      if (!/already in use/i.test((addError as Error)?.message ?? '')) throw addError;
    }
  }
  return jsm;
}
