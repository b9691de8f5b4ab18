import { hercleDemoCredentials, startHercleSimulator, systemClock } from '@org/venue-sim';
import type { HercleSimulator } from '@org/venue-sim';
import type { ConnectionState } from '@org/reconnect';
import { createServer } from 'node:net';
import type { AddressInfo, Socket } from 'node:net';
import { filter, firstValueFrom, interval, lastValueFrom, map, ReplaySubject, retry, share, skip, take, takeWhile, tap, timeout, toArray } from 'rxjs';
import type { Observable, Subscription } from 'rxjs';
import { format, inspect } from 'node:util';
import { HercleClient } from './client';
import type { HercleClientOptions } from './client';
import { HercleAuthError, HercleConnectionError, HercleError, HercleTimeoutError } from './errors';
import type { HercleBalances, HerclePriceUpdate } from './types';

const WAIT = 8000;
const first = <T>(source: Observable<T>, predicate: (value: T) => boolean = () => true): Promise<T> =>
  firstValueFrom(source.pipe(filter(predicate), timeout(WAIT)));

describe('HercleClient against the Hercle simulator (hercle.md)', () => {
  let sim: HercleSimulator;
  let skewMs = 0;
  const clock = { ...systemClock, now: () => Date.now() + skewMs };
  const clients: HercleClient[] = [];
  const subscriptions: Subscription[] = [];
  const client = (options: Partial<HercleClientOptions> = {}) => {
    const c = new HercleClient({
      url: sim.url,
      apiKey: hercleDemoCredentials.apiKey,
      maintenance: null,
      reconnect: { schedule: [0, 50, 100], initialDelayMs: 100, maxDelayMs: 200 },
      ...options,
    });
    clients.push(c);
    return c;
  };
  const hold = <T>(source: Observable<T>): Subscription => {
    const s = source.subscribe({ error: () => undefined });
    subscriptions.push(s);
    return s;
  };

  beforeAll(async () => {
    sim = await startHercleSimulator({ priceIntervalMs: 50, clock });
  });
  afterEach(() => {
    subscriptions.splice(0).forEach((s) => s.unsubscribe());
    clients.splice(0).forEach((c) => c.close());
  });
  afterAll(() => sim.close());

  describe('authentication', () => {
    it('fails fatally with HercleAuthError on an unknown key, without retrying', async () => {
      const c = client({ apiKey: 'not-a-key' });
      const states: ConnectionState[] = [];
      c.status$.subscribe((s) => states.push(s));
      const error = await firstValueFrom(c.events$).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(HercleAuthError);
      expect((error as HercleAuthError).fatal).toBe(true);
      expect((error as Error).message).toContain("Status code '401'");
      expect((error as Error).message).not.toContain('not-a-key');
      expect(states.map((s) => s.status)).toEqual(['idle', 'connecting', 'closed']);
    });

    it('a fatal error from the key function ends the loop with that error', async () => {
      const broken = Object.assign(new Error('vault: apiKey missing'), { fatal: true });
      const c = client({
        apiKey: () => {
          throw broken;
        },
      });
      await expect(firstValueFrom(c.events$)).rejects.toBe(broken);
    });

    it('reads the key again on every connect', async () => {
      let reads = 0;
      const c = client({
        apiKey: () => {
          reads += 1;
          return hercleDemoCredentials.apiKey;
        },
      });
      hold(c.events$);
      await first(c.status$, (s) => s.status === 'connected');
      const afterFirstConnect = reads;
      expect(afterFirstConnect).toBeGreaterThan(0);
      sim.faults.drop();
      await first(c.status$.pipe(skip(1)), (s) => s.status === 'connected' && s.attempt === 1);
      expect(reads).toBeGreaterThan(afterFirstConnect);
    });
  });

  describe('commands', () => {
    it('getPairs, getBalances and getPairSizeByAmount return the parsed replies', async () => {
      const c = client();
      const pairs = await firstValueFrom(c.getPairs());
      expect(pairs).toContainEqual(expect.objectContaining({ name: 'BTCUSDT', asset: 'BTC', currency: 'USDT' }));
      const balances = await firstValueFrom(c.getBalances());
      expect(balances).toMatchObject({ userId: 'sim-user-1', sequence: expect.any(Number) });
      expect(balances.assets.map((a) => a.name)).toContain('USDT');
      const price = await firstValueFrom(c.getPairSizeByAmount('ETHUSDT', 'buy', 3200));
      expect(price).toMatchObject({ pair: 'ETHUSDT', id: expect.any(String) });
      expect(price.size).toBeCloseTo(1, 1);
    });

    it('placeOtcOrder fills against a streamed price id and the order is found by its ClientId', async () => {
      const c = client();
      hold(c.prices('BTCUSDT', 0.25)); // PlaceOtcOrder needs a live price subscription (hercle.md §4.2)
      const update = await first(c.prices('BTCUSDT', 0.25));
      const order = await firstValueFrom(c.placeOtcOrder(update.id, 'sell', 1, { clientId: 'otc-order-1' }));
      expect(order).toMatchObject({ status: 1, statusError: '', side: 'sell', pair: 'BTCUSDT', size: 0.25 });
      const orders = await firstValueFrom(c.getOrdersByClientId('otc-order-1'));
      expect(orders).toEqual([expect.objectContaining({ clientId: 'otc-order-1', orderStatus: 1 })]);
      const trades = await firstValueFrom(c.getTradesByClientId('otc-order-1'));
      expect(trades).toEqual([expect.objectContaining({ clientId: 'otc-order-1', quantityFilled: 0.25 })]);
    });

    it('creates and accepts RFQs (default and custom expiry)', async () => {
      const c = client();
      const rfq = await firstValueFrom(c.createRequestForQuote({ pair: 'ETHUSDT', side: 'buy', size: 2 }));
      expect(rfq).toMatchObject({ instrument: 'ETHUSDT', side: 'buy', size: 2, status: 0 });
      expect(Date.parse(rfq.expireDateTime) - Date.parse(rfq.requestDateTime)).toBe(15_000);
      const filled = await firstValueFrom(c.acceptRequestForQuote(rfq.requestForQuoteId));
      expect(filled).toMatchObject({ status: 1, tradeId: rfq.requestForQuoteId, price: rfq.price });
      const custom = await firstValueFrom(c.createRequestForQuote({ pair: 'BTCUSDT', side: 'sell', amount: 6500, expirationSeconds: 120 }));
      expect(Date.parse(custom.expireDateTime) - Date.parse(custom.requestDateTime)).toBe(120_000);
    });

    it('pages orders, trades and transactions over a date range', async () => {
      const c = client();
      hold(c.prices('BTCUSDT', 0.1));
      const update = await first(c.prices('BTCUSDT', 0.1));
      await firstValueFrom(c.placeOtcOrder(update.id, 'buy', 1));
      const range = { start: new Date(Date.now() - 3_600_000), end: new Date(Date.now() + 3_600_000), pageSize: 5 };
      const orders = await firstValueFrom(c.getOrdersPaginated(range));
      expect(orders.length).toBeGreaterThan(0);
      expect(orders.length).toBeLessThanOrEqual(5);
      expect(await firstValueFrom(c.getTradesPaginated(range))).toContainEqual(expect.objectContaining({ instrument: 'BTCUSDT' }));
      expect(await firstValueFrom(c.getTransactionsPaginated({ ...range, page: 0 }))).toContainEqual(expect.objectContaining({ type: 2 }));
      const month = { start: new Date(Date.now() - 20 * 86_400_000), end: new Date(Date.now() + 3_600_000) };
      expect(await firstValueFrom(c.getHistoricalTradesPaginated(month))).toContainEqual(expect.objectContaining({ instrument: 'BTCUSDT' }));
      expect(await firstValueFrom(c.getHistoricalTransactionsPaginated(month))).toContainEqual(expect.objectContaining({ type: 0 }));
    });

    it('commands in a row share one connection, which closes lingerMs after the last one', async () => {
      const c = client({ lingerMs: 200 });
      await firstValueFrom(c.getPairs({ clientId: 'linger-1' }));
      await firstValueFrom(c.getPairs({ clientId: 'linger-2' }));
      const calls = sim.received('GetPairs').filter((r) => String(r.args[0]).startsWith('linger-'));
      expect(calls).toHaveLength(2);
      expect(calls[0]!.connectionId).toBe(calls[1]!.connectionId);
      await first(c.status$, (s) => s.status === 'closed');
      const eager = client({ lingerMs: 0 });
      await firstValueFrom(eager.getPairs());
      expect((await firstValueFrom(eager.status$)).status).toBe('closed');
    });

    it('command() invokes any method and returns the envelope with the call ClientId', async () => {
      const c = client({ clientId: 'desk-7' });
      const event = await firstValueFrom(c.command('GetPairs'));
      expect(event).toMatchObject({ kind: 'message', subject: 'execution.pairs', target: 'executionEvents', topic: 'Execution' });
      expect(event.clientId).toMatch(/^desk-7-/);
    });
  });

  describe('errors', () => {
    it('preChecksError becomes HercleError PRECHECKS with the field', async () => {
      const c = client();
      const error = await firstValueFrom(c.getOrdersPaginated({ start: '2026-01-01T00:00:00Z', end: '2026-01-20T00:00:00Z' })).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(HercleError);
      expect(error).toMatchObject({ code: 'PRECHECKS', subject: 'preChecksError', details: { field: 'EndDate' }, fatal: false });
      expect((error as HercleError).reason).toContain('7 days');
    });

    it('a *.error subject becomes HercleError OPERATIONAL with statusError as reason', async () => {
      const c = client();
      const error = await firstValueFrom(c.placeOtcOrder('unknown-price', 'buy', 1)).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'OPERATIONAL', subject: 'execution.order.error', reason: 'Unknown price id unknown-price' });
    });

    it('an expired RFQ is refused with an *.error subject', async () => {
      const c = client();
      const rfq = await firstValueFrom(c.createRequestForQuote({ pair: 'BTCUSDT', side: 'buy', size: 0.01, expirationSeconds: 5 }));
      skewMs += 6_000; // the simulator clock only moves forward
      const error = await firstValueFrom(c.acceptRequestForQuote(rfq.requestForQuoteId)).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'OPERATIONAL', subject: 'account.requestForQuote.error', reason: 'Request for quote expired' });
    });

    it('an order cancelled with a statusError becomes HercleError ORDER_CANCELLED', async () => {
      const c = client();
      hold(c.prices('ETHEUR', 1));
      const update = await first(c.prices('ETHEUR', 1));
      sim.setMidPrice('ETHEUR', update.markPrice * 1.2);
      const error = await firstValueFrom(c.placeOtcOrder(update.id, 'buy', 0.5)).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'ORDER_CANCELLED', subject: 'execution.order.executed', reason: 'Slippage exceeded' });
    });

    it('a reply that never comes times out; a SignalR failure is a HercleConnectionError', async () => {
      const c = client({ replyTimeoutMs: 300 });
      const silent = await firstValueFrom(c.command('UnsubscribePairPriceChannel', 'BTCUSDT', 1)).catch((e: unknown) => e);
      expect(silent).toBeInstanceOf(HercleTimeoutError);
      const unknown = await firstValueFrom(c.command('NoSuchMethod')).catch((e: unknown) => e);
      expect(unknown).toBeInstanceOf(HercleConnectionError);
      expect((unknown as Error).message).toContain('Method does not exist');
    });

    it('a command pending when the connection drops fails with HercleConnectionError, not a timeout', async () => {
      const c = client({ replyTimeoutMs: 60_000 });
      hold(c.events$);
      await first(c.status$, (s) => s.status === 'connected');
      const pending = firstValueFrom(c.command('UnsubscribePairPriceChannel', 'BTCUSDT', 1)).catch((e: unknown) => e);
      sim.faults.drop({ graceful: false });
      const error = await pending;
      expect(error).toBeInstanceOf(HercleConnectionError);
    });

    it('malformed data becomes a malformed event and the stream goes on', async () => {
      const c = client();
      hold(c.events$);
      await first(c.status$, (s) => s.status === 'connected');
      const next = firstValueFrom(c.events$.pipe(take(2), toArray(), timeout(WAIT)));
      sim.sendToAll('subscriptions', { channel: 'subscriptions', topic: 'Execution', subject: 'execution.feeds.priceUpdate', type: 'message', clientId: 'x', data: '{"id":' });
      sim.sendToAll('executionEvents', { channel: 'executionEvents', topic: 'Account', subject: 'account.balances.snapshot', type: 'message', clientId: 'x', data: { userId: 'u', sequence: 1, assets: [], deleted: false } });
      const [bad, good] = await next;
      expect(bad).toMatchObject({ kind: 'malformed', target: 'subscriptions', subject: 'execution.feeds.priceUpdate', raw: '{"id":' });
      expect(bad!.kind === 'malformed' && bad!.error.code).toBe('PROTOCOL');
      expect(good).toMatchObject({ kind: 'message', subject: 'account.balances.snapshot', data: { sequence: 1 } });
    });
  });

  describe('price streams', () => {
    it('shares one channel per (pair, size): one Subscribe, Unsubscribe after the last subscriber', async () => {
      const c = client();
      hold(c.events$);
      await first(c.status$, (s) => s.status === 'connected');
      const before = sim.received('SubscribePairPriceChannel').length;
      const a = c.prices('BTCUSDT', 2).subscribe();
      const two = firstValueFrom(c.prices('BTCUSDT', 2).pipe(take(2), toArray(), timeout(WAIT)));
      expect((await two).every((u) => u.pair === 'BTCUSDT' && u.size === 2)).toBe(true);
      expect(sim.received('SubscribePairPriceChannel').slice(before)).toHaveLength(1);
      expect(sim.priceSubscriptions()).toEqual([expect.objectContaining({ pair: 'BTCUSDT', size: 2 })]);
      const unsubscribed = sim.received('UnsubscribePairPriceChannel').length;
      a.unsubscribe();
      await firstValueFrom(c.getPairs()); // one connection, in order: the Unsubscribe was handled before this reply
      expect(sim.received('UnsubscribePairPriceChannel').length).toBe(unsubscribed + 1);
      expect(sim.priceSubscriptions()).toEqual([]);
    });

    it('an unknown pair errors the price stream with HercleError PRECHECKS', async () => {
      const c = client();
      const error = await firstValueFrom(c.prices('NOPE', 1)).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'PRECHECKS', details: { field: 'PairName' } });
    });

    it('delivers each update only to its own (pair, size) among channels of the same pair and of the same size', async () => {
      const c = client();
      const channels: [string, number][] = [['BTCUSDT', 1], ['BTCUSDT', 2], ['ETHUSDT', 1]];
      const received = await Promise.all(channels.map(([pair, size]) => firstValueFrom(c.prices(pair, size).pipe(take(3), toArray(), timeout(WAIT)))));
      received.forEach((updates, i) => expect(updates.map((u) => [u.pair, u.size])).toEqual([channels[i], channels[i], channels[i]]));
    });

    it('an error reply ends only its own channel; the others stream on', async () => {
      const c = client();
      const errors: unknown[] = [];
      subscriptions.push(c.prices('BTCUSDT', 1).subscribe({ error: (e: unknown) => errors.push(e) }));
      await first(c.prices('BTCUSDT', 1));
      const error = await firstValueFrom(c.prices('NOPE', 1)).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'PRECHECKS' });
      await first(c.prices('BTCUSDT', 1));
      expect(errors).toEqual([]);
    });

    it('a subscriber that subscribes again from within the error (retry()) keeps the channel subscribed on the venue', async () => {
      const c = client();
      const errors: unknown[] = [];
      hold(c.prices('ETHEUR', 2).pipe(tap({ error: (e: unknown) => errors.push(e) }), retry(1)));
      const connectionId = (await first(c.status$, (s) => s.status === 'connected')).detail?.connectionId;
      await first(c.prices('ETHEUR', 2));
      const subscribe = sim.received('SubscribePairPriceChannel').find((r) => r.connectionId === connectionId && r.args[1] === 'ETHEUR');
      const clientId = String(subscribe?.args[0]);
      const errored = first(c.events$, (e) => e.kind === 'error' && e.clientId === clientId);
      sim.sendToAll('executionEvents', { channel: 'executionEvents', topic: 'Execution', subject: 'execution.feeds.error', type: 'message', clientId, data: '{"statusError":"feed restarted"}' });
      await errored;
      expect(errors).toEqual([expect.objectContaining({ code: 'OPERATIONAL', message: expect.stringContaining('feed restarted') })]);
      await firstValueFrom(c.getPairs()); // one connection, in order: any Unsubscribe was handled before this reply
      expect(sim.priceSubscriptions()).toContainEqual({ connectionId, pair: 'ETHEUR', size: 2 });
      await first(c.prices('ETHEUR', 2));
    });
  });

  describe('price delivery', () => {
    /** Blocks the event loop for `ms` milliseconds, as a slow synchronous consumer does. */
    const busyWait = (ms: number) => {
      const end = performance.now() + ms;
      while (performance.now() < end);
    };
    const untilLast = (updates: Observable<HerclePriceUpdate>) =>
      firstValueFrom(updates.pipe(takeWhile((update) => update.id !== 'burst-400', true), toArray(), timeout(WAIT)));

    it('every update by default; with conflate: true a slow consumer gets the newest price, not a backlog', async () => {
      // One update at subscribe, then only the burst below: nothing else to race with.
      const quiet = await startHercleSimulator({ priceIntervalMs: 3_600_000 });
      try {
        const c = client({ url: quiet.url });
        const priceUpdate = (data: HerclePriceUpdate) => ({ channel: 'subscriptions', topic: 'Execution', subject: 'execution.feeds.priceUpdate', type: 'message', clientId: 'x', data: JSON.stringify(data) });
        // The consumer takes 50 ms per price, and the venue sends 400 updates during its first one.
        let burstSent = false;
        const slow = (update: HerclePriceUpdate) => {
          if (!burstSent) for (let i = 1; i <= 400; i += 1) quiet.sendToAll('subscriptions', priceUpdate({ ...update, id: `burst-${i}`, buyPrice: update.buyPrice + i }));
          burstSent = true;
          busyWait(50);
        };
        const every = untilLast(c.prices('BTCUSDT', 1));
        const latest = untilLast(c.prices('BTCUSDT', 1, { conflate: true }).pipe(tap(slow)));
        const [all, newest] = await Promise.all([every, latest]);
        expect(all.map((update) => update.id).slice(1)).toEqual(Array.from({ length: 400 }, (_, i) => `burst-${i + 1}`));
        expect(newest.length).toBeGreaterThanOrEqual(2);
        expect(newest.length).toBeLessThan(all.length);
        expect([newest[0], newest.at(-1)]).toEqual([all[0], all.at(-1)]);
      } finally {
        await quiet.close();
      }
    });

    it('stamps receivedAt when the envelope arrives: a price conflated behind a busy consumer shows its age', async () => {
      const quiet = await startHercleSimulator({ priceIntervalMs: 3_600_000 });
      try {
        const c = client({ url: quiet.url });
        // Another subscriber of the same channel blocks the event loop for 100 ms on the late price.
        hold(c.prices('BTCUSDT', 1).pipe(tap((update) => update.id === 'late' && busyWait(100))));
        const late = firstValueFrom(
          c.prices('BTCUSDT', 1, { conflate: true }).pipe(
            filter((update) => update.id === 'late'),
            map((update) => ({ update, deliveredAt: Date.now() })),
            timeout(WAIT),
          ),
        );
        const initial = await first(c.prices('BTCUSDT', 1));
        const before = Date.now();
        const { receivedAt: _, ...wire } = initial;
        quiet.sendToAll('subscriptions', { channel: 'subscriptions', topic: 'Execution', subject: 'execution.feeds.priceUpdate', type: 'message', data: JSON.stringify({ ...wire, id: 'late' }) });
        const { update, deliveredAt } = await late;
        expect(update.receivedAt).toBeGreaterThanOrEqual(before);
        // Delivered after the busy subscriber, stamped before it (the bound allows Date.now's rounding).
        expect(deliveredAt - update.receivedAt).toBeGreaterThanOrEqual(95);
      } finally {
        await quiet.close();
      }
    });
  });

  describe('reconnect', () => {
    const subscribesOn = (connectionId: string | undefined) =>
      sim
        .received('SubscribePairPriceChannel')
        .filter((r) => r.connectionId === connectionId)
        .map((r) => `${String(r.args[1])}|${String(r.args[2])}`)
        .sort();

    it('re-issues every price channel exactly once after a drop, and prices flow again', async () => {
      const c = client();
      hold(c.prices('BTCUSDT', 1));
      hold(c.prices('ETHUSDT', 3));
      hold(c.prices('BTCUSDT', 1));
      const firstId = ((await first(c.status$, (s) => s.status === 'connected')).detail?.connectionId as string) ?? '';
      await first(c.prices('ETHUSDT', 3));
      expect(subscribesOn(firstId)).toEqual(['BTCUSDT|1', 'ETHUSDT|3']);
      sim.faults.drop({ graceful: false });
      const back = await first(c.status$, (s) => s.status === 'connected' && s.detail?.connectionId !== firstId);
      const secondId = back.detail?.connectionId as string;
      const [btc, eth] = await Promise.all([first(c.prices('BTCUSDT', 1)), first(c.prices('ETHUSDT', 3))]);
      expect(btc.size).toBe(1);
      expect(eth.size).toBe(3);
      expect(subscribesOn(secondId)).toEqual(['BTCUSDT|1', 'ETHUSDT|3']);
    });

    it('waits out simulator maintenance (Close, then 503) and re-issues every channel once', async () => {
      const c = client();
      hold(c.prices('BTCEUR', 0.5));
      hold(c.prices('ETHEUR', 4));
      const firstId = (await first(c.status$, (s) => s.status === 'connected')).detail?.connectionId as string;
      sim.startMaintenance({ durationMs: 60_000 });
      const refused = await first(c.status$, (s) => s.status === 'reconnecting' && s.attempt >= 2);
      expect(refused.error?.message).toContain("Status code '503'");
      skewMs += 60_001;
      const back = await first(c.status$, (s) => s.status === 'connected');
      expect(back.detail?.connectionId).not.toBe(firstId);
      await Promise.all([first(c.prices('BTCEUR', 0.5)), first(c.prices('ETHEUR', 4))]);
      expect(subscribesOn(back.detail?.connectionId as string)).toEqual(['BTCEUR|0.5', 'ETHEUR|4']);
    });

    it('reconnects after a malformed SignalR frame and after a silent (stalled) server', async () => {
      let stallSkewMs = 0;
      const stallSim = await startHercleSimulator({ priceIntervalMs: 50, keepAliveIntervalMs: 100, clock: { ...systemClock, now: () => Date.now() + stallSkewMs } });
      try {
        const c = client({ url: stallSim.url, serverTimeoutMs: 1000 });
        hold(c.prices('BTCUSDT', 1));
        const firstId = (await first(c.status$, (s) => s.status === 'connected')).detail?.connectionId;
        stallSim.faults.malformed();
        const secondId = (await first(c.status$, (s) => s.status === 'connected' && s.detail?.connectionId !== firstId)).detail?.connectionId;
        await first(c.prices('BTCUSDT', 1));
        stallSim.faults.stall(60_000);
        const timedOut = await first(c.status$, (s) => s.status === 'reconnecting');
        expect(timedOut.error?.message).toContain('Server timeout elapsed');
        stallSkewMs += 60_001;
        await first(c.status$, (s) => s.status === 'connected' && s.detail?.connectionId !== secondId);
        expect((await first(c.prices('BTCUSDT', 1))).pair).toBe('BTCUSDT');
      } finally {
        clients.splice(0).forEach((c) => c.close());
        await stallSim.close();
      }
    });

    it('stretches a retry inside the maintenance window to its end', async () => {
      const end = Date.now() + 3_600_000;
      const c = client({ maintenance: { contains: (ms) => ms < end, end: () => end } });
      hold(c.events$);
      await first(c.status$, (s) => s.status === 'connected');
      sim.faults.drop();
      const waiting = await first(c.status$, (s) => s.status === 'reconnecting');
      expect(waiting.delayMs).toBeGreaterThan(3_500_000);
      expect(waiting.detail).toMatchObject({ maintenanceUntil: end });
    });
  });

  describe('balances()', () => {
    it('emits the snapshot on connect and drops a stale sequence', async () => {
      const c = client();
      const balances = c.balances().pipe(share({ connector: () => new ReplaySubject<HercleBalances>() }));
      hold(balances);
      const current = await first(balances);
      const envelope = (sequence: number) => ({
        channel: 'executionEvents',
        topic: 'Account',
        subject: 'account.balances.snapshot',
        type: 'message',
        clientId: 'push',
        data: JSON.stringify({ userId: 'sim-user-1', sequence, assets: [], deleted: false }),
      });
      sim.sendToAll('executionEvents', envelope(current.sequence - 1));
      sim.sendToAll('executionEvents', envelope(current.sequence + 5));
      const [initial, next] = await firstValueFrom(balances.pipe(take(2), toArray(), timeout(WAIT)));
      expect(initial!.sequence).toBe(current.sequence);
      expect(next!.sequence).toBe(current.sequence + 5);
    });
  });

  describe('consistency: secrets, closed client, released state (issues 18, 19)', () => {
    const key = hercleDemoCredentials.apiKey;

    it('shows no key in JSON.stringify, util.inspect or console.log of the client, nor down an error cause chain', async () => {
      const c = client();
      hold(c.events$);
      await first(c.status$, (st) => st.status === 'connected');
      for (const text of [JSON.stringify(c), inspect(c), inspect(c, { showHidden: true, depth: 10 }), format('%o', c)]) expect(text).not.toContain(key);
      expect(JSON.parse(JSON.stringify(c))).toEqual({ venue: 'hercle', url: sim.url, status: 'connected', priceStreams: 0, closed: false });
      // The hub's error text names the method, here built from the key: redacted in the message and in the kept cause.
      const error = (await firstValueFrom(c.command(`Missing-${key}`)).catch((e: unknown) => e)) as HercleConnectionError;
      expect(error).toBeInstanceOf(HercleConnectionError);
      expect(error.message).toContain("Failed to invoke '[REDACTED]'");
      const chain: string[] = [];
      for (let e: unknown = error; e instanceof Error; e = e.cause) chain.push(`${e.message} ${e.stack ?? ''}`);
      expect(chain.length).toBeGreaterThan(1);
      expect(chain.join('\n')).not.toContain(key);
    });

    it('refuses a plaintext URL to a non-loopback host unless allowInsecure', () => {
      expect(() => client({ url: 'http://hercle.example.com/ExecutionLiveServer/v1' })).toThrow(expect.objectContaining({ name: 'InsecureTransportError', code: 'INSECURE_TRANSPORT', field: 'url' }));
      expect(() => client({ url: 'http://hercle.example.com/ExecutionLiveServer/v1', allowInsecure: true })).not.toThrow();
    });

    it('after close() every stream and command errors with CLIENT_CLOSED; a pending command too', async () => {
      const c = client({ replyTimeoutMs: 60_000 });
      hold(c.events$);
      await first(c.status$, (st) => st.status === 'connected');
      const pending = firstValueFrom(c.command('UnsubscribePairPriceChannel', 'BTCUSDT', 1)).catch((e: unknown) => e);
      c.close();
      const closed = { name: 'HercleConnectionError', code: 'CLIENT_CLOSED', fatal: false, message: 'hercle: client closed' };
      await expect(pending).resolves.toMatchObject(closed);
      await expect(firstValueFrom(c.getPairs())).rejects.toMatchObject(closed);
      await expect(firstValueFrom(c.prices('BTCUSDT', 1))).rejects.toMatchObject(closed);
      await expect(firstValueFrom(c.events$)).rejects.toMatchObject(closed);
      await expect(firstValueFrom(c.balances())).rejects.toMatchObject(closed);
    });

    it('logs no warning on the normal unsubscribe(); close() sequence', async () => {
      const warnings: string[] = [];
      const c = client({ logger: { warn: (message) => warnings.push(message), error: (message) => warnings.push(message) } });
      const subscription = c.prices('BTCUSDT', 1).subscribe();
      await first(c.prices('BTCUSDT', 1));
      subscription.unsubscribe();
      c.close();
      await lastValueFrom(c.status$);
      await new Promise((resolve) => setTimeout(resolve, 100)); // the cancelled Unsubscribe invocation settles
      expect(warnings).toEqual([]);
    });

    it('releases the state of every price stream on its last unsubscribe (2,000 keys)', async () => {
      const c = client();
      hold(c.events$);
      await first(c.status$, (st) => st.status === 'connected');
      const subscriptions = Array.from({ length: 2_000 }, (_, i) => c.prices('BTCUSDT', 1 + i / 1000).subscribe({ error: () => undefined }));
      expect(JSON.parse(JSON.stringify(c)).priceStreams).toBe(2_000);
      subscriptions.forEach((sub) => sub.unsubscribe());
      expect(JSON.parse(JSON.stringify(c)).priceStreams).toBe(0);
      await firstValueFrom(c.getPairs()); // in order after the 2,000 Unsubscribe invocations
      expect(sim.priceSubscriptions()).toEqual([]);
    });
  });

  it('close() completes streams and ends in closed', async () => {
    const c = client();
    const done = lastValueFrom(c.prices('BTCUSDT', 1).pipe(toArray()));
    await first(c.prices('BTCUSDT', 1));
    c.close();
    expect((await done).length).toBeGreaterThan(0);
    expect((await lastValueFrom(c.status$)).status).toBe('closed');
  });
});

describe('HercleClient connect timeout', () => {
  it('gives up a hub whose negotiate is never answered: reconnecting with ConnectTimeoutError, the socket closed', async () => {
    // Sockets that carried a request; fetch's pool may open idle spares, which it closes itself.
    const requested = new Set<Socket>();
    const closed = new Set<Socket>();
    const sockets: Socket[] = [];
    const server = createServer((socket) => {
      sockets.push(socket);
      socket.once('data', () => requested.add(socket)); // reads the negotiate, never answers
      socket.on('close', () => closed.add(socket));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const c = new HercleClient({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/ExecutionLiveServer/v1`, apiKey: hercleDemoCredentials.apiKey, maintenance: null, connectTimeoutMs: 300, reconnect: { schedule: [0, 60_000] } });
    try {
      const subscription = c.events$.subscribe({ error: () => undefined });
      const reconnecting = await first(c.status$, (st) => st.status === 'reconnecting' && st.attempt === 2);
      expect(reconnecting.error).toMatchObject({ name: 'ConnectTimeoutError', code: 'CONNECT_TIMEOUT', timeoutMs: 300, fatal: false });
      await firstValueFrom(interval(10).pipe(filter(() => requested.size >= 2 && [...requested].every((socket) => closed.has(socket))), timeout(WAIT)));
      subscription.unsubscribe();
    } finally {
      c.close();
      sockets.forEach((socket) => socket.destroy());
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
