import { filter, toArray } from 'rxjs';
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
  it('completes every subscription on close, and later ones at once', async () => {
    await start();
    const events = record(h.client.subscribe({ channels: ['btcusd'] }));
    let completed = false;
    h.client.book('btcusd').subscribe({ complete: () => (completed = true) });
    await waitFor(() => events.values.length > 0);
    h.client.close();
    expect(completed).toBe(true);
    await waitFor(() => h.sim.connections().length === 0);
    await expect(within(h.client.status$.pipe(toArray()))).resolves.toEqual([expect.objectContaining({ status: 'closed' })]);
    await expect(within(h.client.subscribe({ channels: ['ethusd'] }).pipe(toArray()))).resolves.toEqual([]);
  });

  it('starts the book over after a drop, without phantom orders', async () => {
    await start({ marketIntervalMs: 0 });
    const books = record(h.client.book('btcusd'));
    await waitFor(() => h.sim.subscriptions().length === 1);
    h.sim.step(100);
    await waitFor(() => books.values.at(-1)?.snapshotId === h.sim.book('btcusd').snapshotId);
    h.sim.faults.drop({ graceful: false });
    h.sim.step(200); // changes the client never sees
    await statusIs('reconnecting');
    await statusIs('connected');
    await waitFor(() => h.sim.subscriptions().length === 1);
    h.sim.step(50);
    const expected = h.sim.book('btcusd');
    await waitFor(() => books.values.at(-1)?.snapshotId === expected.snapshotId);
    const book = books.values.at(-1)!;
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
