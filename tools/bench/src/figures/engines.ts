import { jetstream, jetstreamManager, DeliverPolicy } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { startNatsServer, startRedisServer } from '@org/engine-servers';
import type { EngineServer } from '@org/engine-servers';
import { natsVenueEvents, publishToNats, streamConfig } from '@org/nats';
import { publishToRedis, redisVenueEvents } from '@org/redis';
import { encodeVenueEvent } from '@org/venues';
import type { TradeEvent, VenueEvent } from '@org/venues';
import { createClient } from 'redis';
import { from, Subject } from 'rxjs';
import type { Observable } from 'rxjs';
import { median, pairRatios, quantile, round } from '../stats';
import type { FigureContext, Row } from '../types';
import type { Figure } from '../types';

const BATCH = 256;
const KEYS = 8;

/** `n` trades over `KEYS` symbols (no conflation: every event is published). */
const trades = (n: number, receivedAt = Date.now()): TradeEvent[] =>
  Array.from({ length: n }, (_, i) => ({ venue: 'etorox', kind: 'trade', symbol: `S${i % KEYS}-USD`, price: 100 + (i % 50) / 100, size: 1.25, side: 'buy', tradeId: String(i), receivedAt }));

/** What differs per engine: our publisher and consumer, and the engine's own client doing the same with pre-encoded payloads. */
interface Engine {
  readonly name: 'nats' | 'redis';
  start(): Promise<EngineServer>;
  /** Ours: publishes `events`, resolves when all are acknowledged. */
  publish(url: string, events$: Observable<VenueEvent>): { done: Promise<void>; close(): Promise<unknown> };
  /** The engine's own client: publishes pre-encoded payloads in batches of `BATCH` in flight. */
  rawPublish(url: string, payloads: readonly [string, string][]): Promise<void>;
  /** Ours: resolves after `n` events read from the start. */
  consume(url: string, n: number, onEvent?: (event: VenueEvent) => void): { ready: Promise<void>; done: Promise<void> };
  /** The engine's own client: reads `n` messages from the start, `JSON.parse` of each (no checks, no error events). */
  rawConsume(url: string, n: number): Promise<void>;
  /** Empties the engine between runs. */
  reset(url: string): Promise<void>;
}

const countTo = (n: number, onEvent?: (event: VenueEvent) => void) => {
  let seen = 0;
  let resolve: () => void = () => undefined;
  const done = new Promise<void>((r) => (resolve = r));
  return {
    done,
    next(event: VenueEvent) {
      onEvent?.(event);
      if (++seen === n) resolve();
    },
  };
};

const NATS: Engine = {
  name: 'nats',
  start: startNatsServer,
  publish(url, events$) {
    const publisher = publishToNats(events$, { servers: url, queue: { maxEvents: 1e7, maxBytes: 1e10 }, batchSize: BATCH });
    return { done: publisher.flush(), close: () => publisher.close() };
  },
  async rawPublish(url, payloads) {
    const nc = await connect({ servers: url });
    const js = jetstream(nc);
    for (let i = 0; i < payloads.length; i += BATCH) await Promise.all(payloads.slice(i, i + BATCH).map(([subject, payload], j) => js.publish(subject, payload, { msgID: `raw-${i + j}` })));
    await nc.close();
  },
  consume(url, n, onEvent) {
    const counter = countTo(n, onEvent);
    const source = natsVenueEvents({ servers: url, from: 'all' });
    const subscription = source.subscribe((event) => counter.next(event));
    const ready = new Promise<void>((resolve) => source.state$.subscribe((s) => s.status === 'connected' && resolve()));
    return { ready, done: counter.done.finally(() => subscription.unsubscribe()) };
  },
  async rawConsume(url, n) {
    const nc = await connect({ servers: url });
    const consumer = await jetstream(nc).consumers.get('VENUES', { filter_subjects: 'venues.>', deliver_policy: DeliverPolicy.All });
    let seen = 0;
    await new Promise<void>((resolve) => {
      void consumer.consume({
        max_messages: 1_000,
        callback: (m) => {
          JSON.parse(m.string());
          if (++seen === n) resolve();
        },
      });
    });
    await nc.close();
  },
  async reset(url) {
    const nc = await connect({ servers: url });
    const jsm = await jetstreamManager(nc);
    await jsm.streams.delete('VENUES').catch(() => undefined);
    await jsm.streams.add(streamConfig('VENUES'));
    await nc.close();
  },
};

const REDIS: Engine = {
  name: 'redis',
  start: startRedisServer,
  publish(url, events$) {
    const publisher = publishToRedis(events$, { url, queue: { maxEvents: 1e7, maxBytes: 1e10 }, batchSize: BATCH, maxLen: 1e7 });
    return { done: publisher.flush(), close: () => publisher.close() };
  },
  async rawPublish(url, payloads) {
    const client = createClient({ url });
    await client.connect();
    for (let i = 0; i < payloads.length; i += BATCH) await Promise.all(payloads.slice(i, i + BATCH).map(([key, payload]) => client.sendCommand(['XADD', key, 'MAXLEN', '~', '10000000', '*', 'e', payload])));
    await client.close();
  },
  consume(url, n, onEvent) {
    const counter = countTo(n, onEvent);
    const source = redisVenueEvents({ url, from: 'all', scanIntervalMs: 100 });
    const subscription = source.subscribe((event) => counter.next(event));
    const ready = new Promise<void>((resolve) => source.state$.subscribe((s) => s.status === 'connected' && resolve()));
    return { ready, done: counter.done.finally(() => subscription.unsubscribe()) };
  },
  async rawConsume(url, n) {
    const client = createClient({ url });
    await client.connect();
    const keys = Array.from({ length: KEYS }, (_, i) => `venues:etorox:trade:S${i}-USD`);
    const ids = keys.map(() => '0-0');
    let seen = 0;
    while (seen < n) {
      const reply = (await client.sendCommand(['XREAD', 'COUNT', '500', 'STREAMS', ...keys, ...ids])) as [string, [string, string[]][]][] | null;
      for (const [key, entries] of reply ?? []) {
        for (const [, fields] of entries) JSON.parse(fields[1] ?? '');
        seen += entries.length;
        const last = entries[entries.length - 1];
        if (last) ids[keys.indexOf(key)] = last[0];
      }
    }
    await client.close();
  },
  async reset(url) {
    const client = createClient({ url });
    await client.connect();
    await client.sendCommand(['FLUSHALL']);
    await client.close();
  },
};

/** Events per second of `run` over `n` events. */
async function rate(n: number, run: () => Promise<void>): Promise<number> {
  const started = performance.now();
  await run();
  return n / ((performance.now() - started) / 1000);
}

async function measure(engine: Engine, context: FigureContext): Promise<Row[]> {
  const server = await engine.start();
  const figure = `11 engines/${engine.name}`;
  const n = context.quick ? 5_000 : 20_000;
  const runs = Math.max(1, context.runs);
  const publish = { ours: [] as number[], baseline: [] as number[] };
  const consume = { ours: [] as number[], baseline: [] as number[] };
  try {
    // Run -1 warms up both sides' code (as the throughput figures' discarded run) and is not recorded.
    for (let run = -1; run < runs; run++) {
      const keep = (samples: number[], value: number): void => {
        if (run >= 0) samples.push(value);
      };
      // Publish: ours (encode + queue + batches) against the engine's client with payloads encoded beforehand.
      await engine.reset(server.url);
      const events = trades(n);
      const publisher = engine.publish(server.url, from(events));
      keep(publish.ours, await rate(n, () => publisher.done));
      await publisher.close();
      await engine.reset(server.url);
      const payloads = events.map((event): [string, string] => [
        engine.name === 'nats' ? `venues.etorox.trade.${event.symbol}` : `venues:etorox:trade:${event.symbol}`,
        encodeVenueEvent(event),
      ]);
      keep(publish.baseline, await rate(n, () => engine.rawPublish(server.url, payloads)));
      // Consume: the n events just stored, ours (decode) against the engine's client (no decode), taking turns to go first.
      const oursFirst = run % 2 === 0;
      const oursConsume = async () => keep(consume.ours, await rate(n, () => engine.consume(server.url, n).done));
      if (oursFirst) await oursConsume();
      keep(consume.baseline, await rate(n, () => engine.rawConsume(server.url, n)));
      if (!oursFirst) await oursConsume();
    }
    // End-to-end latency: events stamped receivedAt = now, 1 000/s, publish → engine → consumer.
    await engine.reset(server.url);
    const latencies: number[] = [];
    const count = context.quick ? 500 : 2_000;
    const consumer = engine.consume(server.url, count, (event) => latencies.push(Date.now() - event.receivedAt));
    await consumer.ready;
    const live = new Subject<VenueEvent>();
    const publisher = engine.publish(server.url, live);
    let i = 0;
    const timer = setInterval(() => {
      for (let k = 0; k < 5 && i < count; k++, i++) live.next({ ...trades(1)[0]!, tradeId: String(i), receivedAt: Date.now() });
    }, 5);
    await consumer.done;
    clearInterval(timer);
    await publisher.close();
    const row = (metric: string, ours: number[], baseline: number[], target: string, min: number): Row => {
      // As every throughput figure: the median of the back-to-back runs' ratios.
      const pairs = pairRatios(ours, baseline);
      const r = pairs.length > 0 ? median(pairs) : null;
      return {
        figure,
        metric,
        ours: round(median(ours)),
        baseline: round(median(baseline)),
        ratio: r === null ? null : round(r, 3),
        target,
        pass: r === null ? null : r >= min,
        detail: { events: n, runs, ours, baseline, pairRatios: pairs.map((x) => round(x, 3)) },
      };
    };
    return [
      row('publish events/s', publish.ours, publish.baseline, '≥ 0.8×', 0.8),
      row('consume events/s', consume.ours, consume.baseline, '≥ 0.8×', 0.8),
      { figure, metric: 'end-to-end latency p50 ms', ours: round(quantile(latencies, 0.5), 3), baseline: null, ratio: null, target: 'report', pass: null, detail: { events: count, ratePerSecond: 1000 } },
      { figure, metric: 'end-to-end latency p99 ms', ours: round(quantile(latencies, 0.99), 3), baseline: null, ratio: null, target: 'report', pass: null, detail: { events: count, ratePerSecond: 1000 } },
    ];
  } finally {
    await server.close();
  }
}

/**
 * Figure 11: the engine packages on loopback against a private server of each engine.
 * Publish and consume throughput (events/s) of `publishToNats` / `natsVenueEvents` and
 * `publishToRedis` / `redisVenueEvents` against the engine's own client publishing payloads
 * encoded beforehand (same batch of 256 in flight) and reading with a bare `JSON.parse`, side by side
 * in the same run (target ≥ 0.8×); end-to-end latency p50/p99 from `receivedAt` (the moment
 * an event is made, as a venue frame is stamped on receipt) to the consumer, at 1 000 events/s.
 */
export const enginesFigure: Figure = {
  name: 'engines',
  number: 11,
  title: 'Engines: publish/consume events/s vs the engine client on pre-encoded payloads; end-to-end latency',
  async run(context) {
    const rows: Row[] = [];
    for (const engine of [NATS, REDIS]) {
      context.log(`engines: ${engine.name}`);
      rows.push(...(await measure(engine, context)));
    }
    return rows;
  },
};
