import { createServer } from 'node:net';
import type { AddressInfo, Socket } from 'node:net';
import { etoroxDemoCredentials } from '@org/venue-sim';
import { filter, toArray } from 'rxjs';
import { EtoroxClient } from './index';
import { useEtoroxHarness } from './test-helpers';

const h = useEtoroxHarness();
const { start, within, waitFor, record, statusIs } = h;

/** Waits until the client streams again on a new connection with both topics subscribed once. */
async function resubscribed(before: string | null | undefined) {
  await waitFor(() => {
    const topics = h.sim.subscriptions();
    return topics.length === 2 && topics.every((topic) => topic.correlationId !== before);
  });
}

describe('EtoroxClient through faults', () => {
  it('completes every subscription on close; later ones error with CLIENT_CLOSED', async () => {
    await start();
    const events = record(h.client.subscribe({ channels: ['btcusd'] }));
    let completed = false;
    h.client.book('btcusd').subscribe({ complete: () => (completed = true) });
    await waitFor(() => events.values.length > 0);
    h.client.close();
    expect(completed).toBe(true);
    await waitFor(() => h.sim.connections().length === 0);
    await expect(within(h.client.status$.pipe(toArray()))).resolves.toEqual([expect.objectContaining({ status: 'closed' })]);
    const closed = { name: 'EtoroxConnectionError', code: 'CLIENT_CLOSED', fatal: false, message: 'etorox: client closed' };
    await expect(within(h.client.subscribe({ channels: ['ethusd'] }))).rejects.toMatchObject(closed);
    await expect(within(h.client.book('ethusd'))).rejects.toMatchObject(closed);
  });

  it('starts the book over after a drop, without phantom orders', async () => {
    await start({ marketIntervalMs: 0 });
    const books = record(h.client.book('btcusd'));
    await waitFor(() => h.sim.subscriptions().length === 1);
    h.sim.step(100);
    await waitFor(() => books.values.at(-1)?.snapshotId === h.sim.book('btcusd').snapshotId);
    const beforeDrop = books.values.length;
    h.sim.faults.drop({ graceful: false });
    h.sim.step(200); // changes the client never sees
    await statusIs('reconnecting');
    await statusIs('connected');
    await waitFor(() => h.sim.subscriptions().length === 1);
    h.sim.step(50);
    const expected = h.sim.book('btcusd');
    await waitFor(() => books.values.at(-1)?.snapshotId === expected.snapshotId);
    const book = books.values.at(-1)!;
    // The first book after the drop is a snapshot again, and seq counts the books since.
    expect(books.values.slice(beforeDrop).map((b) => [b.snapshot, b.seq])).toEqual(books.values.slice(beforeDrop).map((_b, i) => [i === 0, i]));
    expect(book.orders).toBeLessThanOrEqual(expected.orders);
    const levels = new Map([...expected.bids, ...expected.asks].map(([price, volume]) => [price, volume]));
    for (const [price, volume] of [...book.bids, ...book.asks]) expect(volume).toBeLessThanOrEqual(levels.get(price) ?? 0);
  });

  it('reconnects when the hub goes silent past the server timeout', async () => {
    await start({ keepAliveIntervalMs: 100 }, { serverTimeoutMs: 500 });
    const btc = record(h.client.subscribe({ channels: ['btcusd'] }));
    record(h.client.subscribe({ channels: ['ethusd'] }));
    await statusIs('connected');
    const before = h.sim.connections()[0]?.correlationId;
    h.sim.faults.stall(1000);
    const reconnecting = await statusIs('reconnecting');
    expect(reconnecting.error?.message).toContain('Server timeout elapsed without receiving a message from the server.');
    await resubscribed(before);
    const count = btc.values.length;
    await waitFor(() => btc.values.length > count + 5);
    expect(btc.errors).toEqual([]);
  });

  it('keeps retrying while connections are refused', async () => {
    await start({}, { reconnect: { initialDelayMs: 100, maxDelayMs: 200 } });
    record(h.client.subscribe({ channels: ['btcusd'] }));
    record(h.client.subscribe({ channels: ['ethusd'], fields: ['price'] }));
    await statusIs('connected');
    const before = h.sim.connections()[0]?.correlationId;
    h.sim.faults.refuse(1500);
    h.sim.faults.drop();
    await within(h.client.status$.pipe(filter((state) => state.status === 'reconnecting' && state.attempt >= 2)));
    await statusIs('connected');
    await resubscribed(before);
  });

  it('reconnects when the hub closes a connection at its maximum age', async () => {
    await start({ maxConnectionAgeMs: 400 });
    const btc = record(h.client.subscribe({ channels: ['btcusd'] }));
    record(h.client.subscribe({ channels: ['btceur'] }));
    await statusIs('connected');
    const before = h.sim.connections()[0]?.correlationId;
    const reconnecting = await statusIs('reconnecting');
    expect(reconnecting.error).toMatchObject({ name: 'EtoroxConnectionError', fatal: false, message: expect.stringContaining('maximum connection age') });
    await resubscribed(before);
    expect(btc.errors).toEqual([]);
  });
});

describe('EtoroxClient connect timeout', () => {
  it.each([true, false])('gives up a server that accepts TCP but never answers (skipNegotiation %s): reconnecting with ConnectTimeoutError, socket closed', async (skipNegotiation) => {
    // Sockets that carried a request (negotiate or upgrade); fetch's pool may open idle spares, which it closes itself.
    const requested = new Set<Socket>();
    const closed = new Set<Socket>();
    const sockets: Socket[] = [];
    const server = createServer((socket) => {
      sockets.push(socket);
      socket.once('data', () => requested.add(socket)); // reads the request, never answers
      socket.on('close', () => closed.add(socket));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const client = new EtoroxClient({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, ...etoroxDemoCredentials, skipNegotiation, connectTimeoutMs: 300, reconnect: { initialDelayMs: 60_000, jitter: 0 } });
    try {
      const subscription = client.subscribe({ channels: ['btcusd'] }).subscribe({ error: () => undefined });
      const reconnecting = await within(client.status$.pipe(filter((state) => state.status === 'reconnecting' && state.attempt === 2)));
      expect(reconnecting.error).toMatchObject({ name: 'ConnectTimeoutError', code: 'CONNECT_TIMEOUT', timeoutMs: 300, fatal: false });
      // Both attempts were abandoned and their sockets closed by the client (no hung start() left).
      await waitFor(() => requested.size >= 2 && [...requested].every((socket) => closed.has(socket)));
      subscription.unsubscribe();
    } finally {
      client.close();
      sockets.forEach((socket) => socket.destroy());
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
