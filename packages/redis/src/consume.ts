import { abortableDelay, busSource, matchesFilter, parseAddress, redisKeyPattern } from '@org/bus';
import type { BusFilter, BusSource, ConsumerContext, StateReporterOptions } from '@org/bus';
import { command, connectRedis, EVENT_FIELD } from './connection';
import type { RedisConnection, RedisConnectionOptions } from './connection';

/**
 * Where a consumer starts on each key:
 * - `new`: only entries added from now on;
 * - `all`: everything the keys still hold;
 * - `last-per-subject`: first the newest entry of every key (the latest book of each symbol,
 *   the last trade, …), then live updates;
 * - `{ id }`: after this entry id (`<ms>-<n>`; ids are `receivedAt` based, so an id is a time).
 * Keys that appear later are read from their start. A consumer group (`durable`) that exists
 * already resumes where it left off, whatever `from` says.
 */
export type RedisStart = 'new' | 'all' | 'last-per-subject' | { readonly id: string };

/** Options of {@link redisVenueEvents}. */
export interface RedisVenueEventsOptions extends RedisConnectionOptions, StateReporterOptions {
  /** Which events (default all). */
  readonly filter?: BusFilter;
  /** Where to start (default `new`). */
  readonly from?: RedisStart;
  /**
   * A consumer group name (and its one consumer's): Redis keeps its position per key, so a
   * consumer stopped and started again resumes after the last event it emitted, with no gap
   * and no duplicate (entries are acknowledged, `XACK`, once emitted; those read but not
   * emitted stay pending and are read first on the next start, in order).
   */
  readonly durable?: string;
  /** How often new keys are looked for, ms (default 1 000). */
  readonly scanIntervalMs?: number;
}

/** An `XREAD`/`XREADGROUP` reply: per key, its entries `[id, [field, value, …]]`. */
type StreamsReply = [key: string, entries: [id: string, fields: string[]][]][] | null;

const asError = (error: unknown): Error => (error instanceof Error ? error : new Error(String(error)));

const pause = abortableDelay;

/** The keys matching `filter` now. */
async function scanKeys(client: RedisConnection, filter: BusFilter): Promise<string[]> {
  const keys: string[] = [];
  let cursor = '0';
  do {
    const [next, batch] = await command<[string, string[]]>(client, ['SCAN', cursor, 'MATCH', redisKeyPattern(filter), 'COUNT', '1000', 'TYPE', 'stream']);
    cursor = next;
    for (const key of batch) {
      const address = parseAddress(key);
      if (address && matchesFilter(address, filter)) keys.push(key);
    }
  } while (cursor !== '0');
  return keys.sort();
}

/** The newest entry of `key`, or undefined when it is empty. */
async function newest(client: RedisConnection, key: string): Promise<[string, string[]] | undefined> {
  const [entry] = await command<[string, string[]][]>(client, ['XREVRANGE', key, '+', '-', 'COUNT', '1']);
  return entry;
}

const fieldOf = (fields: readonly string[]): string => {
  const at = fields.indexOf(EVENT_FIELD);
  return at >= 0 && at % 2 === 0 ? (fields[at + 1] ?? '') : '';
};

/**
 * The venue events on Redis Streams as an `Observable<VenueEvent>`, each deep-equal to the
 * event published (`decodeVenueEvent` of field `e`). Each subscription has its own
 * connection (reconnecting by itself), reading every key that matches `filter`
 * (`SCAN … MATCH venues:…`, again every `scanIntervalMs` for new keys) with blocking
 * `XREAD` (or `XREADGROUP` with `durable`). Unsubscribing closes the connection.
 *
 * - Order: per key, the order of the stream (publish order); keys interleave.
 * - An entry that is not a version-1 event (garbage, `v: 2`, truncated JSON) becomes a
 *   non-fatal `ErrorEvent` with a `BusDecodeError` (venue and symbol from its key), and the
 *   consumer goes on.
 * - After a lost connection or a server restart it goes on from the last id read per key.
 * - `state$`: `connecting`, `connected`, `reconnecting` (with the error), `closed`. The first
 *   `connected` comes once the keys are found and their start positions taken, so that every
 *   event published after it is received.
 */
export function redisVenueEvents(options: RedisVenueEventsOptions): BusSource {
  const filter = options.filter ?? {};
  const from = options.from ?? 'new';
  const scanEvery = options.scanIntervalMs ?? 1_000;
  return busSource(
    'redis',
    async (context) => {
      const { signal, reporter } = context;
      let client: RedisConnection | undefined;
      // Unsubscribing cuts a blocking read short; otherwise the loop ends after its acknowledgements.
      const close = (): void => {
        if (blocking.now) client?.destroy();
      };
      const blocking = { now: false };
      const positionsTaken = { now: false };
      signal.addEventListener('abort', close);
      try {
        for (let attempt = 0; !client && !signal.aborted; attempt++) {
          try {
            // The connection's own `connected` waits for the first scan (see `state$` above).
            client = await connectRedis(options, (status, error) => {
              if (status !== 'connected' || positionsTaken.now) reporter.setStatus(status, error);
            });
          } catch (error) {
            reporter.setStatus('reconnecting', asError(error));
            await pause(Math.min(1_000, 100 * 2 ** attempt), signal);
          }
        }
        if (!client || signal.aborted) return;
        await read(client, context, { filter, from, scanEvery, durable: options.durable }, blocking, positionsTaken);
      } finally {
        signal.removeEventListener('abort', close);
        if (client?.isOpen) await client.close().catch(() => client?.destroy());
      }
    },
    options,
  );
}

interface ReadPlan {
  readonly filter: BusFilter;
  readonly from: RedisStart;
  readonly scanEvery: number;
  readonly durable: string | undefined;
}

/** The read loop of one subscription: discovery of keys, then blocking reads; retries on errors. */
async function read(client: RedisConnection, { signal, reporter, deliver }: ConsumerContext, plan: ReadPlan, blocking: { now: boolean }, positionsTaken: { now: boolean }): Promise<void> {
  /** Per key: the last id read (plain reads) or `0` / `>` (a group: its pending entries first). */
  const positions = new Map<string, string>();
  let firstScan = true;
  let scannedAt = 0;
  const group = plan.durable;
  /** Acknowledgements not yet confirmed: sent again after an error, so that nothing emitted comes twice. */
  const unacked: string[][] = [];
  const acknowledge = async (): Promise<void> => {
    while (unacked.length > 0) {
      await command(client, unacked[0] ?? []);
      unacked.shift();
    }
  };
  const addKey = async (key: string): Promise<void> => {
    const existing = firstScan;
    if (group) {
      let start = '0';
      if (existing && plan.from === 'new') start = '$';
      else if (existing && typeof plan.from === 'object') start = plan.from.id;
      else if (existing && plan.from === 'last-per-subject') {
        const [, before] = await command<[string, string[]][]>(client, ['XREVRANGE', key, '+', '-', 'COUNT', '2']);
        start = before?.[0] ?? '0';
      }
      try {
        await command(client, ['XGROUP', 'CREATE', key, group, start]);
      } catch (error) {
        if (!/BUSYGROUP/.test(asError(error).message)) throw error;
      }
      positions.set(key, '0');
      return;
    }
    if (!existing || plan.from === 'all') positions.set(key, '0-0');
    else if (typeof plan.from === 'object') positions.set(key, plan.from.id);
    else {
      const entry = await newest(client, key);
      positions.set(key, entry?.[0] ?? '0-0');
      if (entry && plan.from === 'last-per-subject') deliver(key, entry[0], fieldOf(entry[1]));
    }
  };
  for (let attempt = 0; !signal.aborted; attempt++) {
    try {
      if (Date.now() - scannedAt >= plan.scanEvery || positions.size === 0) {
        for (const key of await scanKeys(client, plan.filter)) if (!positions.has(key)) await addKey(key);
        firstScan = false;
        scannedAt = Date.now();
        if (!positionsTaken.now) {
          positionsTaken.now = true;
          reporter.setStatus('connected');
        }
      }
      if (positions.size === 0) {
        await pause(Math.min(plan.scanEvery, 200), signal);
        continue;
      }
      const keys = [...positions.keys()];
      const ids = keys.map((key) => positions.get(key) ?? '0-0');
      // A group reads its pending entries (delivered before, not acknowledged) first, without blocking.
      const pendingPass = group !== undefined && ids.some((id) => id !== '>');
      const block = pendingPass ? [] : ['BLOCK', String(Math.min(plan.scanEvery, 1_000))];
      const reading = group ? ['XREADGROUP', 'GROUP', group, group] : ['XREAD'];
      blocking.now = block.length > 0;
      const reply = await command<StreamsReply>(client, [...reading, 'COUNT', '500', ...block, 'STREAMS', ...keys, ...ids]).finally(() => (blocking.now = false));
      let stopped = false;
      const answered = new Set<string>();
      for (const [key, entries] of reply ?? []) {
        answered.add(key);
        const done: string[] = [];
        let last: string | undefined;
        for (const [id, fields] of entries) {
          if (stopped || !deliver(key, id, fieldOf(fields))) {
            stopped = true;
            break;
          }
          if (group) done.push(id);
          last = id;
        }
        // The key's position once per reply, not per entry.
        if (last !== undefined && (!group || positions.get(key) !== '>')) positions.set(key, last);
        if (group && done.length > 0) unacked.push(['XACK', key, group, ...done]);
        if (group && entries.length === 0) positions.set(key, '>');
      }
      if (pendingPass) for (const key of keys) if (!answered.has(key)) positions.set(key, '>');
      await acknowledge();
      if (stopped) return;
      if (!signal.aborted) reporter.setStatus('connected');
      attempt = 0;
    } catch (error) {
      if (signal.aborted) break;
      reporter.setStatus('reconnecting', asError(error));
      await pause(Math.min(1_000, 100 * 2 ** attempt), signal);
    }
  }
  await acknowledge().catch(() => undefined);
}
