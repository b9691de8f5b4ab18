import type { HubConnection } from '@microsoft/signalr';
import { filter, firstValueFrom, Observable, take, timeout, toArray } from 'rxjs';
import { systemClock } from '../clock';
import { clientFactory, closed } from '../signalr/test-client';
import { hercleDemoCredentials, startHercleSimulator } from './simulator';
import type { HercleSimulator } from './simulator';
import type { HercleWireEnvelope } from './wire';

interface Received {
  target: string;
  envelope: HercleWireEnvelope;
}

const clients = clientFactory();

function connect(url: string, apiKey: string = hercleDemoCredentials.apiKey): { hub: HubConnection; events: Observable<Received> } {
  const hub = clients.create(url, { accessTokenFactory: () => apiKey });
  const events = new Observable<Received>((subscriber) => {
    const on = (target: string) => (envelope: HercleWireEnvelope) => subscriber.next({ target, envelope });
    const exec = on('executionEvents');
    const subs = on('subscriptions');
    hub.on('executionEvents', exec);
    hub.on('subscriptions', subs);
    return () => {
      hub.off('executionEvents', exec);
      hub.off('subscriptions', subs);
    };
  });
  return { hub, events };
}

describe('Hercle simulator over SignalR (hercle.md)', () => {
  let sim: HercleSimulator;
  let skewMs = 0;
  const clock = { ...systemClock, now: () => Date.now() + skewMs };
  const open = async (apiKey?: string) => {
    const c = connect(sim.url, apiKey);
    await c.hub.start();
    return c;
  };

  beforeEach(async () => {
    skewMs = 0;
    sim = await startHercleSimulator({ priceIntervalMs: 50, maintenanceMs: 60_000, clock });
  });
  afterEach(async () => {
    await clients.stopAll();
    await sim.close();
  });

  it('refuses an unknown API key with HTTP 401 on negotiate (hercle.md §1)', async () => {
    const { hub } = connect(sim.url, 'wrong-key');
    await expect(hub.start()).rejects.toThrow("Failed to complete negotiation with the server: Error: Unauthorized: Status code '401'");
  });

  it('replies on executionEvents with the documented envelope: data a JSON string, clientId echoed (hercle.md §2)', async () => {
    const { hub, events } = await open();
    const reply = firstValueFrom(events.pipe(filter((e) => e.envelope.clientId === 'cid-42'), timeout(5000)));
    await expect(hub.invoke('GetBalances', 'cid-42')).resolves.toBeNull();
    const { target, envelope } = await reply;
    expect(target).toBe('executionEvents');
    expect(envelope).toMatchObject({ channel: 'executionEvents', topic: 'Account', subject: 'account.balances.snapshot', type: 'message', clientId: 'cid-42' });
    expect(typeof envelope.data).toBe('string');
    expect(JSON.parse(envelope.data)).toMatchObject({ userId: 'sim-user-1', deleted: false, sequence: expect.any(Number) });
  });

  it('accepts the single-array argument form and sends the void Completion before the reply (hercle.md §3)', async () => {
    const { hub, events } = await open();
    const order: string[] = [];
    const reply = firstValueFrom(events.pipe(filter((e) => e.envelope.clientId === 'arr-1'), timeout(5000)));
    void reply.then(() => order.push('reply'));
    await hub.invoke('GetPairs', ['arr-1']).then(() => order.push('completion'));
    const { envelope } = await reply;
    expect(envelope.subject).toBe('execution.pairs');
    expect(order).toEqual(['completion', 'reply']);
  });

  it('streams price updates per (pair, size) on subscriptions until unsubscribed', async () => {
    const { hub, events } = await open();
    const updates = firstValueFrom(
      events.pipe(
        filter((e) => e.target === 'subscriptions'),
        take(4),
        toArray(),
        timeout(5000),
      ),
    );
    await hub.invoke('SubscribePairPriceChannel', 'p-1', 'BTCUSDT', 0.5);
    await hub.invoke('SubscribePairPriceChannel', 'p-1', 'BTCUSDT', 0.5);
    const received = await updates;
    for (const { envelope } of received) {
      expect(envelope).toMatchObject({ channel: 'subscriptions', subject: 'execution.feeds.priceUpdate', clientId: 'p-1' });
      const data = JSON.parse(envelope.data) as { pair: string; size: number; buyPrice: number; sellPrice: number; id: string };
      expect(data).toMatchObject({ pair: 'BTCUSDT', size: 0.5 });
      expect(data.buyPrice).toBeGreaterThan(data.sellPrice);
    }
    expect(new Set(received.map((r) => JSON.parse(r.envelope.data).id)).size).toBe(4);
    expect(sim.priceSubscriptions()).toEqual([{ connectionId: hub.connectionId, pair: 'BTCUSDT', size: 0.5 }]);
    await hub.invoke('UnsubscribePairPriceChannel', 'p-1', 'BTCUSDT', 0.5);
    expect(sim.priceSubscriptions()).toEqual([]);
  });

  it('answers bad arguments with preChecksError and the field name (hercle.md §5)', async () => {
    const { hub, events } = await open();
    const reply = firstValueFrom(events.pipe(filter((e) => e.envelope.clientId === 'bad'), timeout(5000)));
    await hub.invoke('GetOrdersPaginated', 'bad', '2026-01-01T00:00:00Z', '2026-01-02T00:00:00Z', 0, 100);
    const { envelope } = await reply;
    expect(envelope).toMatchObject({ subject: 'preChecksError', topic: 'Account' });
    expect(JSON.parse(envelope.data)).toMatchObject({ field: 'PageSize' });
  });

  it('maintenance closes every connection with a Close allowing reconnect, refuses, then accepts again (hercle.md §7)', async () => {
    const { hub } = await open();
    const ended = closed(hub);
    sim.startMaintenance();
    expect((await ended)?.message).toBe('Server returned an error on close: Scheduled maintenance');
    const refused = connect(sim.url);
    await expect(refused.hub.start()).rejects.toThrow("Status code '503'");
    skewMs = 60_001;
    const { hub: again } = await open();
    expect(again.connectionId).not.toBe(hub.connectionId);
  });

  it('keeps received() bounded: the latest invocations within 1 000 entries and 1 MiB of arguments', async () => {
    const { hub } = await open();
    const big = 'x'.repeat(30_000);
    for (let i = 0; i < 60; i++) await hub.invoke('GetBalances', `big-${i}`, big);
    for (let i = 0; i < 1_100; i++) void hub.send('GetBalances', `small-${i}`);
    await hub.invoke('GetBalances', 'last');
    const kept = sim.received();
    expect(kept).toHaveLength(1_000);
    expect(kept[kept.length - 1]?.args).toEqual(['last']);
    expect(kept.some((entry) => String(entry.args[0]).startsWith('big-'))).toBe(false);
    const big2 = await Promise.all(Array.from({ length: 60 }, (_, i) => hub.invoke('GetBalances', `again-${i}`, big)));
    expect(big2).toEqual(Array(60).fill(null));
    const chars = sim.received().reduce((sum, entry) => sum + JSON.stringify(entry.args).length, 0);
    expect(chars).toBeLessThanOrEqual(1_048_576);
    expect(sim.received('GetBalances').at(-1)?.args[0]).toBe('again-59');
  });
});
