import { AckPolicy, DeliverPolicy, jetstream } from '@nats-io/jetstream';
import type { Consumer, JetStreamClient, JetStreamManager, JsMsg } from '@nats-io/jetstream';
import { abortableDelay, busSource, isExactNatsFilter, matchesFilter, natsFilterSubject, parseAddress } from '@org/bus';
import type { BusFilter, BusSource, ConsumerContext, StateReporterOptions } from '@org/bus';
import { connectNats, DEFAULT_STREAM, ensureStream } from './connection';
import type { NatsConnectionOptions, NatsStreamLimits } from './connection';

/**
 * Where a consumer starts in the stream:
 * - `new`: only events published from now on;
 * - `all`: everything the stream still holds;
 * - `last-per-subject`: first the latest message of every subject (the latest book of each
 *   symbol, the last trade, …: JetStream `DeliverLastPerSubject`), then live updates;
 * - `{ sequence }`: from this stream sequence on.
 * A durable consumer that exists already resumes where it left off, whatever `from` says.
 */
export type NatsStart = 'new' | 'all' | 'last-per-subject' | { readonly sequence: number };

/** Options of {@link natsVenueEvents}. */
export interface NatsVenueEventsOptions extends NatsConnectionOptions, StateReporterOptions {
  /** Which events (default all). */
  readonly filter?: BusFilter;
  /** Where to start (default `new`). */
  readonly from?: NatsStart;
  /**
   * The name of a durable consumer (letters, digits, `-`, `_`): its position is kept by
   * JetStream, so a consumer stopped and started again resumes after the last event it
   * emitted, with no gap and no duplicate (each event is acknowledged once emitted; when
   * messages were fetched but not emitted at unsubscribe, the durable is made again from the
   * first of them). One subscriber per durable name at a time. After a crash (no clean
   * unsubscribe) unacknowledged messages come again after JetStream's ack wait (30 s).
   * Without it, an ordered ephemeral consumer.
   */
  readonly durable?: string;
  /** Limits of the stream when the consumer creates it (it does when no publisher has yet). */
  readonly streamLimits?: NatsStreamLimits;
}

/** The JetStream start of `from`. */
const startOf = (from: NatsStart = 'new'): { deliver_policy: DeliverPolicy; opt_start_seq?: number } => {
  if (typeof from === 'object') return { deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: from.sequence };
  return { deliver_policy: { new: DeliverPolicy.New, all: DeliverPolicy.All, 'last-per-subject': DeliverPolicy.LastPerSubject }[from] };
};

const pause = abortableDelay;

const asError = (error: unknown): Error => (error instanceof Error ? error : new Error(String(error)));

/**
 * The venue events on NATS JetStream as an `Observable<VenueEvent>`, each deep-equal to the
 * event published (`decodeVenueEvent` of the payload). Each subscription has its own
 * connection (reconnecting by itself) and consumer; unsubscribing closes both. Creates the
 * stream when it does not exist yet.
 *
 * - Order: stream order (for one subject: publish order).
 * - A message that is not a version-1 event (garbage, `v: 2`, truncated JSON) becomes a
 *   non-fatal `ErrorEvent` with a `BusDecodeError` (venue and symbol from its subject), and
 *   the consumer goes on; one on a subject naming no venue is counted on `state$.dropped`.
 * - After a lost connection or a server restart an ephemeral consumer is made again from the
 *   sequence after the last one seen; a durable one resumes by itself.
 * - `state$`: `connecting`, `connected`, `reconnecting` (with the error), `closed`.
 */
export function natsVenueEvents(options: NatsVenueEventsOptions): BusSource {
  const stream = options.stream ?? DEFAULT_STREAM;
  const filter = options.filter ?? {};
  const subject = natsFilterSubject(filter);
  const timeout = options.connectTimeoutMs ?? 10_000;
  // The filter subject alone selects the events of an exact filter: no subject is parsed per message then.
  const exact = isExactNatsFilter(filter);
  const wanted = (m: JsMsg): boolean => {
    if (exact) return true;
    const address = parseAddress(m.subject);
    return address === undefined || matchesFilter(address, filter);
  };

  return busSource(
    'nats',
    async (context) => {
      const { signal, reporter } = context;
      const reconnected = new EventTarget();
      const connecting = connectNats(options, (status, error) => {
        reporter.setStatus(status, error);
        if (status === 'connected') reconnected.dispatchEvent(new Event('reconnected'));
      });
      const aborted = new Promise<undefined>((resolve) => (signal.aborted ? resolve(undefined) : signal.addEventListener('abort', () => resolve(undefined))));
      const nc = await Promise.race([connecting, aborted]);
      if (!nc) {
        void connecting.then((late) => late.close()).catch(() => undefined);
        return;
      }
      try {
        let jsm: JetStreamManager | undefined;
        for (let attempt = 0; !jsm && !signal.aborted; attempt++) {
          try {
            jsm = await ensureStream(nc, stream, options.streamLimits, timeout);
          } catch (error) {
            reporter.setStatus('reconnecting', asError(error));
            await pause(Math.min(2_000, 100 * 2 ** attempt), signal);
          }
        }
        if (!jsm) return;
        const js = jetstream(nc, { timeout });
        if (options.durable) await readDurable(js, jsm, options.durable, context, { stream, subject, wanted, from: options.from });
        else await readOrdered(js, context, { stream, subject, wanted, from: options.from }, reconnected);
      } finally {
        // Acknowledgements out before the connection goes (not waiting on a server that is down).
        const flushed = new AbortController();
        await Promise.race([nc.flush().catch(() => undefined), pause(2_000, flushed.signal)]);
        flushed.abort();
        await nc.close().catch(() => undefined);
      }
    },
    options,
  );
}

interface ReadPlan {
  readonly stream: string;
  readonly subject: string;
  readonly wanted: (m: JsMsg) => boolean;
  readonly from?: NatsStart;
}

/**
 * An ordered ephemeral consumer, made again from the next sequence whenever it stops, misses
 * heartbeats or the connection comes back (the server may have restarted and lost it).
 */
async function readOrdered(js: JetStreamClient, { signal, reporter, deliver }: ConsumerContext, plan: ReadPlan, reconnected: EventTarget): Promise<void> {
  let start = startOf(plan.from);
  // The last message seen: its stream sequence (parsed from its reply subject) is read only to restart after it.
  let last: JsMsg | undefined;
  for (let attempt = 0; !signal.aborted; attempt++) {
    try {
      const consumer = await js.consumers.get(plan.stream, { filter_subjects: plan.subject, ...start });
      const messages = await consumer.consume({
        max_messages: 1_000,
        callback(m) {
          if (signal.aborted) return;
          last = m;
          if (plan.wanted(m)) deliver(m.subject, () => String(m.info.streamSequence), m.data);
        },
      });
      const stop = (): void => void messages.close();
      signal.addEventListener('abort', stop);
      reconnected.addEventListener('reconnected', stop);
      void (async () => {
        for await (const notification of messages.status()) if (notification.type === 'heartbeats_missed') stop();
      })().catch(() => undefined);
      reporter.setStatus('connected');
      attempt = 0;
      const ended = await messages.closed();
      signal.removeEventListener('abort', stop);
      reconnected.removeEventListener('reconnected', stop);
      if (signal.aborted) return;
      reporter.setStatus('reconnecting', ended instanceof Error ? ended : new Error('nats: the consumer stopped'));
    } catch (error) {
      if (signal.aborted) return;
      reporter.setStatus('reconnecting', asError(error));
    }
    if (last) start = { deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: last.info.streamSequence + 1 };
    await pause(Math.min(2_000, 100 * 2 ** attempt), signal);
  }
}

/** Whether a JetStream error says that the consumer does not exist. */
const isConsumerNotFound = (error: unknown): boolean => /consumer not found/i.test((error as Error)?.message ?? '');

/**
 * A durable pull consumer: fetch, emit, acknowledge. At unsubscribe, what was fetched but not
 * emitted is not given back one by one (JetStream would redeliver it out of order, after
 * newer messages): the durable is made again, same name and filter, starting right after the
 * last message emitted, so that the next run resumes exactly there.
 */
async function readDurable(js: JetStreamClient, jsm: JetStreamManager, durable: string, { signal, reporter, deliver }: ConsumerContext, plan: ReadPlan): Promise<void> {
  const config = (start: { deliver_policy: DeliverPolicy; opt_start_seq?: number }) => ({
    durable_name: durable,
    ack_policy: AckPolicy.Explicit,
    filter_subject: plan.subject,
    max_ack_pending: 20_000,
    ...start,
  });
  let consumer: Consumer | undefined;
  /** The first message received and not emitted; the last one emitted or skipped (acknowledged). */
  let unemitted: number | undefined;
  let acknowledged: number | undefined;
  for (let attempt = 0; !signal.aborted && unemitted === undefined; attempt++) {
    try {
      if (!consumer) {
        try {
          await jsm.consumers.info(plan.stream, durable);
        } catch (error) {
          if (!isConsumerNotFound(error)) throw error;
          await jsm.consumers.add(plan.stream, config(startOf(plan.from)));
        }
        consumer = await js.consumers.get(plan.stream, durable);
      }
      const batch = await consumer.fetch({ max_messages: 500, expires: 1_000 });
      // Unsubscribing ends the batch at once (messages still on their way are left to the new start below).
      const stop = (): void => void batch.close();
      signal.addEventListener('abort', stop);
      try {
        for await (const m of batch) {
          const seq = m.info.streamSequence;
          if (unemitted !== undefined || signal.aborted) {
            unemitted ??= seq;
            continue;
          }
          if (!plan.wanted(m) || deliver(m.subject, String(seq), m.data)) {
            m.ack();
            acknowledged = seq;
          } else unemitted = seq;
        }
      } finally {
        signal.removeEventListener('abort', stop);
      }
      reporter.setStatus('connected');
      attempt = 0;
    } catch (error) {
      if (signal.aborted) break;
      reporter.setStatus('reconnecting', asError(error));
      await pause(Math.min(2_000, 100 * 2 ** attempt), signal);
    }
  }
  const resumeAt = unemitted ?? (acknowledged === undefined ? undefined : acknowledged + 1);
  if (resumeAt === undefined) return;
  await jsm.consumers.delete(plan.stream, durable).catch(() => undefined);
  await jsm.consumers.add(plan.stream, config({ deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: resumeAt })).catch(() => undefined);
}
