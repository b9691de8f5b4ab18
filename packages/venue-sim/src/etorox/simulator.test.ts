import { randomUUID, sign } from 'node:crypto';
import { createPrivateKey } from 'node:crypto';
import { HttpTransportType } from '@microsoft/signalr';
import type { HubConnection } from '@microsoft/signalr';
import { etoroxCliFactory } from './cli';
import { createManualClock } from '../clock';
import { clientFactory, closed as closedWith } from '../signalr/test-client';
import { etoroxDemoCredentials, startEtoroxSimulator } from './index';
import type { EtoroxSimulator, EtoroxSimulatorOptions } from './index';

const privateKey = createPrivateKey({ key: etoroxDemoCredentials.privateKey, format: 'pem', passphrase: '' });

function setupRequest(overrides: Partial<{ apiKey: string; nonce: string; timestamp: number; signature: string }> = {}) {
  const nonce = overrides.nonce ?? randomUUID();
  const timestamp = overrides.timestamp ?? Date.now();
  const signature = sign('sha256', Buffer.from(`${nonce}${timestamp}`), privateKey).toString('base64');
  return { apiKey: etoroxDemoCredentials.apiKey, nonce, timestamp, signature, ...overrides };
}

let sim: EtoroxSimulator;
const clients = clientFactory();
const started: EtoroxSimulator[] = [];

async function start(options: EtoroxSimulatorOptions = {}): Promise<void> {
  sim = await startEtoroxSimulator({ marketIntervalMs: 0, ...options });
  started.push(sim);
}

async function connect(options: { skipNegotiation?: boolean; apiKey?: string; correlationId?: string } = {}) {
  const correlationId = options.correlationId ?? randomUUID();
  const connection = clients.create(`${sim.hubUrl(options.apiKey)}?correlationId=${correlationId}`, {
    transport: HttpTransportType.WebSockets,
    skipNegotiation: options.skipNegotiation ?? false,
  });
  const closed = closedWith(connection);
  await connection.start();
  return { connection, closed };
}

/** Collects stream items until `count` arrived or the stream ended. */
function collect(connection: HubConnection, request: object, count: number, drive = true) {
  const items: unknown[] = [];
  let subscription: { dispose(): void } | undefined;
  const done = new Promise<unknown[]>((resolve, reject) => {
    subscription = connection.stream('subscribe', request).subscribe({
      next: (item) => {
        items.push(item);
        if (items.length === count) resolve(items);
      },
      error: reject,
      complete: () => resolve(items),
    });
  });
  if (drive) void waitFor(() => sim.subscriptions().length > 0).then(() => sim.step(count));
  return { items, done, dispose: () => subscription?.dispose() };
}

async function waitFor(check: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !check(); i += 1) await new Promise((resolve) => setTimeout(resolve, 10));
  if (!check()) throw new Error('condition not reached within 5 s');
}

const waitForSubscriptions = (count: number) => waitFor(() => sim.subscriptions().length === count);

afterEach(async () => {
  await clients.stopAll();
  await Promise.all(started.splice(0).map((simulator) => simulator.close()));
});

describe('eToroX simulator: setup', () => {
  it('accepts a signed setup on a negotiated connection and keeps correlationId', async () => {
    await start();
    const correlationId = randomUUID();
    const { connection } = await connect({ correlationId });
    await expect(connection.invoke('setup', setupRequest())).resolves.toEqual({ status: 'success' });
    expect(sim.connections()).toEqual([expect.objectContaining({ correlationId, identified: true, apiKey: etoroxDemoCredentials.apiKey })]);
  });

  it('accepts a connection that skips negotiation', async () => {
    await start();
    const { connection } = await connect({ skipNegotiation: true });
    await expect(connection.invoke('setup', setupRequest())).resolves.toEqual({ status: 'success' });
  });

  it.each([
    ['a bad signature', () => setupRequest({ signature: Buffer.alloc(128, 1).toString('base64') }), 'Invalid signature'],
    ['a stale timestamp', () => setupRequest({ timestamp: Date.now() - 60_000 }), 'Timestamp outside the allowed window'],
    ['an unknown API key', () => setupRequest({ apiKey: randomUUID() }), 'Unknown API key'],
    ['a missing field', () => ({ apiKey: etoroxDemoCredentials.apiKey, nonce: randomUUID() }), 'Invalid setup request'],
  ])('answers an error status and hangs up on %s', async (_case, request, reason) => {
    await start();
    const { connection, closed } = await connect();
    const result = await connection.invoke('setup', request());
    expect(result).toEqual({ status: 'error', message: expect.stringContaining(reason) });
    await expect(closed).resolves.toEqual(new Error(`Server returned an error on close: ${result.message}`));
  });

  it('rejects a reused nonce', async () => {
    await start();
    const request = setupRequest();
    const first = await connect();
    await expect(first.connection.invoke('setup', request)).resolves.toEqual({ status: 'success' });
    const second = await connect();
    await expect(second.connection.invoke('setup', request)).resolves.toEqual({ status: 'error', message: 'Nonce already used' });
  });

  it('closes a connection that does not set up in time', async () => {
    await start({ setupTimeoutMs: 200 });
    const { closed } = await connect();
    await expect(closed).resolves.toEqual(new Error('Server returned an error on close: Setup was not performed in time'));
  });

  it('runs the setup deadline, the maximum age and the timestamp window on the injected clock', async () => {
    const clock = createManualClock();
    await start({ clock, setupTimeoutMs: 10_000, maxConnectionAgeMs: 60_000, clientTimeoutMs: 0 }); // the client pings on real time
    const late = await connect();
    const identified = await connect();
    await expect(identified.connection.invoke('setup', setupRequest({ timestamp: clock.now() }))).resolves.toEqual({ status: 'success' });
    clock.advance(10_000);
    await expect(late.closed).resolves.toEqual(new Error('Server returned an error on close: Setup was not performed in time'));
    await waitFor(() => sim.connections().length === 1);
    expect(sim.connections()[0]?.identified).toBe(true);
    clock.advance(50_000);
    await expect(identified.closed).resolves.toEqual(new Error('Server returned an error on close: Connection exceeded the maximum connection age'));
    const third = await connect();
    await expect(third.connection.invoke('setup', setupRequest({ timestamp: clock.now() - 31_000 }))).resolves.toMatchObject({ status: 'error' });
  });

  it('closes connections older than the maximum age', async () => {
    await start({ maxConnectionAgeMs: 300 });
    const { connection, closed } = await connect();
    await connection.invoke('setup', setupRequest());
    await expect(closed).resolves.toEqual(new Error('Server returned an error on close: Connection exceeded the maximum connection age'));
  });
});

describe('eToroX simulator: subscribe', () => {
  async function identified() {
    await start();
    const { connection } = await connect();
    await connection.invoke('setup', setupRequest());
    return connection;
  }

  it('fails before setup', async () => {
    await start();
    const { connection } = await connect();
    await expect(collect(connection, { channels: ['btcusd'], event: 'marketData' }, 1, false).done).rejects.toThrow(
      'An error occurred on the server while streaming results. HubException: Setup required',
    );
  });

  it('streams documented public items as objects', async () => {
    const connection = await identified();
    const items = (await collect(connection, { channels: ['btcusd'], event: 'marketData' }, 200).done) as Record<string, unknown>[];
    const names = new Set(items.map((item) => item.name));
    expect([...names].sort()).toEqual(['order_canceled', 'order_completed', 'order_created', 'order_updated', 'trade_completed']);
    for (const item of items) {
      expect(item.market).toBe('btcusd');
      expect(typeof item.snapshot_id).toBe('string');
      if (item.name === 'trade_completed') expect(item.amount).toMatch(/^\d+\.\d{18}$/);
      if (item.name === 'order_updated') expect(item.delta).toMatch(/^-\d+(\.\d+)?$/);
      if (item.name === 'order_canceled') expect(Object.keys(item)).toEqual(expect.arrayContaining(['update_at', 'origin_volume']));
    }
    const ids = items.map((item) => Number(item.snapshot_id));
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
  });

  it('sends the alternate documented forms on request', async () => {
    await start({ itemVariant: 'alternate' });
    const { connection } = await connect();
    await connection.invoke('setup', setupRequest());
    const items = (await collect(connection, { channels: ['btcusd'], event: 'marketData' }, 200).done) as Record<string, unknown>[];
    for (const item of items) {
      expect(typeof item.snapshot_id).toBe('number');
      expect(item).not.toHaveProperty('update_at');
      if ('delta' in item) expect(typeof item.delta).toBe('number');
      if (item.name === 'trade_completed') expect(typeof item.amount).toBe('number');
    }
    expect(items.some((item) => item.name === 'order_canceled')).toBe(true);
  });

  it('streams bare arrays in the order of sorted fields, null for absent fields', async () => {
    const connection = await identified();
    const items = (await collect(connection, { channels: ['ethusd'], event: 'orderbook', fields: ['name', 'price', 'tid', 'volume'] }, 50).done) as unknown[][];
    for (const item of items) {
      expect(item).toHaveLength(4);
      if (item[0] === 'trade_completed') expect(item[3]).toBeNull();
      else expect(item[2]).toBeNull();
    }
  });

  it('streams several channels in one stream, attributed by market', async () => {
    const connection = await identified();
    const items = (await collect(connection, { channels: ['btcusd', 'ethusd'], event: 'marketData', fields: ['market', 'name'] }, 40).done) as unknown[][];
    expect(new Set(items.map((item) => item[0]))).toEqual(new Set(['btcusd', 'ethusd']));
    expect(sim.subscriptions().map((topic) => topic.channel).sort()).toEqual(['btcusd', 'ethusd']);
  });

  it('rejects unsorted fields, an unknown channel and a duplicate topic', async () => {
    const connection = await identified();
    const prefix = 'An error occurred on the server while streaming results. HubException: ';
    await expect(collect(connection, { channels: ['btcusd'], event: 'marketData', fields: ['price', 'name'] }, 1, false).done).rejects.toThrow(
      `${prefix}Fields must be sorted alphanumerically`,
    );
    await expect(collect(connection, { channels: ['nosuch'], event: 'marketData' }, 1, false).done).rejects.toThrow(
      `${prefix}Unknown or inactive topic 'nosuch/marketData'`,
    );
    await expect(collect(connection, { channels: ['ethusd', 'ethusd'], event: 'marketData' }, 1, false).done).rejects.toThrow(
      `${prefix}Topic 'ethusd/marketData' is already subscribed`,
    );
    const held = collect(connection, { channels: ['btcusd'], event: 'marketData' }, 1, false);
    await waitForSubscriptions(1);
    await expect(collect(connection, { channels: ['btcusd'], event: 'marketData' }, 1, false).done).rejects.toThrow(
      `${prefix}Topic 'btcusd/marketData' is already subscribed`,
    );
    held.dispose();
  });

  it('rejects subscribe as a non-streaming invocation', async () => {
    const connection = await identified();
    await expect(connection.invoke('subscribe', { channels: ['btcusd'], event: 'marketData' })).rejects.toThrow(
      "The client attempted to invoke the streaming 'subscribe' method with a non-streaming invocation.",
    );
  });

  it('stops a cancelled stream and frees its topic', async () => {
    const connection = await identified();
    const first = collect(connection, { channels: ['btcusd'], event: 'marketData' }, 5);
    await first.done;
    first.dispose();
    await waitForSubscriptions(0);
    sim.step(5);
    expect(first.items).toHaveLength(5);
    await expect(collect(connection, { channels: ['btcusd'], event: 'marketData' }, 5).done).resolves.toHaveLength(5);
  });

  it('sends raw items as they are and keeps a consistent book', async () => {
    const connection = await identified();
    const stream = collect(connection, { channels: ['btcusd'], event: 'marketData', fields: ['name'] }, 1, false);
    await waitForSubscriptions(1);
    sim.sendItem('btcusd', { name: 'order_created', price: 'not a number' });
    await expect(stream.done).resolves.toEqual([{ name: 'order_created', price: 'not a number' }]);
    sim.step(500);
    const book = sim.book('btcusd');
    expect(book.orders).toBeGreaterThan(0);
    const bestBid = book.bids[0]?.[0] ?? 0;
    const bestAsk = book.asks[0]?.[0] ?? Infinity;
    expect(bestBid).toBeLessThan(bestAsk);
  });
});

describe('eToroX simulator: CLI entry', () => {
  it('starts the simulator and describes how to connect', async () => {
    const running = await etoroxCliFactory({ port: 0 });
    try {
      expect(running.describe()).toContain(`${running.url}/streams/v1/${etoroxDemoCredentials.apiKey}/signalr`);
    } finally {
      await running.close();
    }
  });
});
