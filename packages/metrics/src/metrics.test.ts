import { connectVenues } from '@org/venues';
import type { StatusEvent, VenueEvent } from '@org/venues';
import { startAllSimulators } from '@org/venue-sim';
import type { Simulators } from '@org/venue-sim';
import { Subject } from 'rxjs';
import { serveMetrics, venueMetrics } from './index';
import type { MetricsServer, VenueMetrics } from './index';

/** One sample of the Prometheus text format (0.0.4). */
interface Sample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

/**
 * A strict parser of the Prometheus text exposition format 0.0.4: `# HELP` / `# TYPE` lines,
 * then samples `name{label="value",…} number`; throws on any line it cannot read, on a
 * sample without a preceding `# TYPE` of its family, and on a duplicate series.
 */
function parsePrometheus(text: string): { types: Map<string, string>; samples: Sample[] } {
  const types = new Map<string, string>();
  const samples: Sample[] = [];
  const seen = new Set<string>();
  const NAME = '[a-zA-Z_:][a-zA-Z0-9_:]*';
  const sampleLine = new RegExp(`^(${NAME})(?:\\{(.*)\\})? (\\S+)$`);
  const labelPair = /^([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\\n]|\\["\\n])*)"(?:,|$)/;
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const meta = new RegExp(`^# (HELP|TYPE) (${NAME}) (.*)$`).exec(line);
    if (meta) {
      if (meta[1] === 'TYPE') {
        if (!['counter', 'gauge', 'histogram', 'summary', 'untyped'].includes(meta[3] ?? '')) throw new Error(`bad type: ${line}`);
        types.set(meta[2] ?? '', meta[3] ?? '');
      }
      continue;
    }
    const match = sampleLine.exec(line);
    if (!match) throw new Error(`not a sample line: ${line}`);
    const [, name = '', body = '', rawValue = ''] = match;
    const family = types.has(name) ? name : name.replace(/_(bucket|sum|count)$/, '');
    if (!types.has(family)) throw new Error(`sample before its # TYPE: ${line}`);
    const labels: Record<string, string> = {};
    let rest = body;
    while (rest !== '') {
      const pair = labelPair.exec(rest);
      if (!pair) throw new Error(`bad labels: ${line}`);
      labels[pair[1] ?? ''] = (pair[2] ?? '').replace(/\\n/g, '\n').replace(/\\(["\\])/g, '$1');
      rest = rest.slice(pair[0].length);
    }
    const value = rawValue === '+Inf' ? Infinity : rawValue === '-Inf' ? -Infinity : rawValue === 'NaN' ? NaN : Number(rawValue);
    if (rawValue === '' || (Number.isNaN(value) && rawValue !== 'NaN')) throw new Error(`bad value: ${line}`);
    const key = `${name}${JSON.stringify(Object.entries(labels).sort())}`;
    if (seen.has(key)) throw new Error(`duplicate series: ${line}`);
    seen.add(key);
    samples.push({ name, labels, value });
  }
  return { types, samples };
}

const value = (samples: readonly Sample[], name: string, labels: Record<string, string>): number | undefined =>
  samples.find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))?.value;

let sims: Simulators;

beforeAll(async () => {
  sims = await startAllSimulators({ finery: { updatesPerSecond: 20 }, etorox: { marketIntervalMs: 50 }, hercle: { priceIntervalMs: 100 }, marketprophit: { speed: 60 } });
});

afterAll(() => sims?.close());

const allVenues = () =>
  connectVenues({
    finery: { ...sims.config.finery, instruments: ['BTC-USD'] },
    etorox: sims.config.etorox,
    hercle: sims.config.hercle,
    marketprophit: sims.config.marketprophit,
  });

const scrape = async (server: MetricsServer) => {
  const response = await fetch(`${server.url}/metrics`);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toContain('text/plain');
  return parsePrometheus(await response.text());
};

/** Scrapes until `ready` holds, at most `boundMs` (generous: the condition, not the time, is asserted). */
async function scrapeUntil(server: MetricsServer, ready: (samples: Sample[]) => boolean, boundMs = 15_000): Promise<Sample[]> {
  const deadline = Date.now() + boundMs;
  for (;;) {
    const { samples } = await scrape(server);
    if (ready(samples)) return samples;
    if (Date.now() > deadline) throw new Error(`condition not met within ${boundMs} ms; last scrape:\n${samples.map((s) => `${s.name}${JSON.stringify(s.labels)} ${s.value}`).join('\n')}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const connected = (venue: string) => (samples: Sample[]) => value(samples, 'venues_connection_state', { venue, status: 'connected' }) === 1;

test('the four venues over loopback: /metrics and /health of a real server, then a drop moves the counters and gauges', async () => {
  const venues = allVenues();
  const statuses: StatusEvent[] = [];
  const recording = venues.events$.subscribe((event: VenueEvent) => {
    if (event.kind === 'status' && event.venue === 'hercle') statuses.push(event);
  });
  const metrics = venueMetrics(venues);
  const server = await serveMetrics({ port: 0, registry: metrics.registry, health: metrics.health });
  try {
    const before = await scrapeUntil(
      server,
      (s) =>
        ['finery', 'etorox', 'hercle', 'marketprophit'].every((venue) => connected(venue)(s) && (value(s, 'venues_frames_received_total', { venue }) ?? 0) > 0) &&
        (value(s, 'venues_events_total', { venue: 'hercle', kind: 'quote' }) ?? 0) > 0 &&
        (value(s, 'venues_events_total', { venue: 'marketprophit', kind: 'sentiment' }) ?? 0) > 0,
    );
    const { types } = await scrape(server);
    expect(types.get('venues_events_total')).toBe('counter');
    expect(types.get('venues_connection_state')).toBe('gauge');
    expect(types.get('venues_exchange_latency_seconds')).toBe('histogram');
    expect(value(before, 'venues_connection_state', { venue: 'hercle', status: 'reconnecting' })).toBe(0);
    expect(value(before, 'venues_reconnects_total', { venue: 'hercle' })).toBeUndefined();
    expect(value(before, 'venues_last_message_age_seconds', { venue: 'finery' })).toBeGreaterThanOrEqual(0);
    // Market Prophit records and eToroX items carry exchange timestamps.
    expect(value(before, 'venues_exchange_latency_seconds_count', { venue: 'etorox' }) ?? 0).toBeGreaterThan(0);
    const health = await fetch(`${server.url}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ ok: true, reasons: [] });

    const framesBefore = value(before, 'venues_frames_received_total', { venue: 'hercle' }) ?? 0;
    statuses.length = 0;
    sims.simulators.hercle.faults.drop();
    const after = await scrapeUntil(
      server,
      (s) => (value(s, 'venues_reconnects_total', { venue: 'hercle' }) ?? 0) >= 1 && connected('hercle')(s) && (value(s, 'venues_frames_received_total', { venue: 'hercle' }) ?? 0) > framesBefore,
    );
    expect(after.filter((s) => s.name === 'venues_reconnects_total' && s.labels.venue === 'hercle').map((s) => s.value)).toEqual([1]);
    expect(statuses.map((e) => e.state.status)).toEqual(expect.arrayContaining(['reconnecting', 'connected']));
    const order = statuses.map((e) => e.state.status);
    expect(order.indexOf('reconnecting')).toBeLessThan(order.lastIndexOf('connected'));
    for (const venue of ['finery', 'etorox', 'marketprophit']) expect(value(after, 'venues_reconnects_total', { venue })).toBeUndefined();
    expect((await fetch(`${server.url}/health`)).status).toBe(200);
  } finally {
    recording.unsubscribe();
    metrics.close();
    venues.close();
    await server.close();
  }
});

test('a malformed frame is counted on its venue, and a fatal venue turns /health to 503 with the reason', async () => {
  const venues = connectVenues({
    marketprophit: sims.config.marketprophit,
    hercle: { client: { url: sims.urls.hercle, apiKey: 'not-a-key' } },
  });
  const metrics = venueMetrics(venues);
  const server = await serveMetrics({ port: 0, registry: metrics.registry, health: metrics.health });
  try {
    await scrapeUntil(server, (s) => (value(s, 'venues_events_total', { venue: 'marketprophit', kind: 'sentiment' }) ?? 0) > 0);
    sims.simulators.marketprophit.faults.malformed();
    await scrapeUntil(
      server,
      (s) => (value(s, 'venues_malformed_frames_total', { venue: 'marketprophit' }) ?? 0) >= 1 && value(s, 'venues_connection_state', { venue: 'hercle', status: 'closed' }) === 1,
    );
    const health = await fetch(`${server.url}/health`);
    expect(health.status).toBe(503);
    const body = (await health.json()) as { ok: boolean; reasons: string[] };
    expect(body.ok).toBe(false);
    expect(body.reasons).toHaveLength(1);
    expect(body.reasons[0]).toMatch(/^hercle: closed \(/);
    expect(body.reasons[0]).not.toContain('not-a-key');
    expect(metrics.health()).toEqual(body);
  } finally {
    metrics.close();
    venues.close();
    await server.close();
  }
});

test('sink hooks: queue depth is the latest value, drops count the increments; close() removes every metric', async () => {
  const venues = connectVenues({ hercle: sims.config.hercle });
  let metrics: VenueMetrics | undefined = venueMetrics(venues);
  const registry = metrics.registry;
  const server = await serveMetrics({ port: 0, registry });
  try {
    const sink = new Subject<{ queued: number; dropped: number }>();
    metrics.observeSink(sink, 'nats');
    sink.next({ queued: 5, dropped: 0 });
    sink.next({ queued: 7, dropped: 3 });
    sink.next({ queued: 2, dropped: 4 });
    const { samples } = await scrape(server);
    expect(value(samples, 'venues_sink_queue_depth', { sink: 'nats' })).toBe(2);
    expect(value(samples, 'venues_sink_dropped_total', { sink: 'nats' })).toBe(4);
    expect(sink.observed).toBe(true);
    metrics.close();
    expect(sink.observed).toBe(false);
    expect((await registry.metrics()).trim()).toBe('');
    metrics = venueMetrics(venues, { registry }); // the names are free again
    expect(registry.getSingleMetric('venues_events_total')).toBeDefined();
    expect((await fetch(`${server.url}/nope`)).status).toBe(404);
  } finally {
    metrics?.close();
    venues.close();
    await server.close();
  }
});
