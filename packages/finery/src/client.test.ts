import { fineryAuthHeaders } from '@org/auth-signing';
import { IdleTimeoutError } from '@org/reconnect';
import type { ConnectionState } from '@org/reconnect';
import { fineryDemoCredentials } from '@org/venue-sim';
import type { FinerySimulator } from '@org/venue-sim';
import { firstValueFrom, lastValueFrom, take, toArray } from 'rxjs';
import WebSocket from 'ws';
import { FineryApiError, FineryConnectionError, FineryTimeoutError } from './index';
import type { FineryClient, FineryEvent, OrderBook } from './index';
import { loopback, sameBook, status, until } from './test-helpers';

const { sim, client } = loopback();

const binds = (s: FinerySimulator) => s.connections().flatMap((c) => c.bindLog.filter((e) => e.event === 'bind').map((e) => `${String(e.feed)}:${JSON.stringify(e.feedId)}`));

function collect(c: FineryClient): FineryEvent[] {
  const events: FineryEvent[] = [];
  c.events$.subscribe((e) => events.push(e));
  return events;
}

describe('FineryClient handshake and status (finery.md §2, §3)', () => {
  it('connects with fresh signed headers and reports the X backend status', async () => {
    const s = await sim();
    const c = client(s);
    c.connect();
    const connected = await status(c, 'connected');
    expect(connected.detail).toEqual({ backendStatus: 0 });
    expect(s.connections()).toHaveLength(1);
  });

  it('fails at once with fatal FineryApiError 14 on a bad signature, without retrying', async () => {
    const s = await sim();
    const c = client(s, { secret: 'wrong-secret' });
    const states = lastValueFrom(c.status$.pipe(take(3), toArray()));
    const error = await firstValueFrom(c.feed('K')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FineryApiError);
    expect(error).toMatchObject({ code: 14, meaning: 'invalid signature', source: 'handshake', fatal: true });
    expect((error as Error).message).not.toContain('wrong-secret');
    expect((await states).map((st) => st.status)).toEqual(['idle', 'connecting', 'closed']);
  });

  it('retries a timestamp error (7) three times with fresh values and a hint about the local clock, then is fatal', async () => {
    const s = await sim({ timestampToleranceMs: -1 });
    const c = client(s);
    const states = lastValueFrom(c.status$.pipe(take(9), toArray()));
    const error = await firstValueFrom(c.feed('O')).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 7, fatal: true, message: expect.stringContaining('local clock is probably off') });
    const seen = await states;
    expect(seen.map((st) => st.status)).toEqual(['idle', 'connecting', 'reconnecting', 'connecting', 'reconnecting', 'connecting', 'reconnecting', 'connecting', 'closed']);
    expect(seen[2]?.error).toMatchObject({ code: 7, fatal: false, message: expect.stringContaining('retry 1 of 3') });
  });

  it('retries a nonce error (6) once, then is fatal', async () => {
    const s = await sim();
    const ahead = new WebSocket(s.url, { headers: { ...fineryAuthHeaders(fineryDemoCredentials, { nonce: Date.now() + 10_000_000 }) } });
    await new Promise((resolve) => ahead.once('open', resolve));
    ahead.terminate();
    const c = client(s);
    await expect(firstValueFrom(c.request('instruments'))).rejects.toMatchObject({ code: 6, source: 'handshake', fatal: true });
  });

  it('retries a refused upgrade (HTTP 503) and fails fast without credentials', async () => {
    const s = await sim();
    s.faults.refuse(300);
    const c = client(s);
    const states: ConnectionState[] = [];
    c.status$.subscribe((st) => states.push(st));
    expect(await firstValueFrom(c.request('instruments'))).toBeDefined();
    expect(states.find((st) => st.status === 'reconnecting')?.error).toMatchObject({ name: 'FineryApiError', code: 2, source: 'handshake', fatal: false });
    const blank = client(s, { key: '' });
    await expect(firstValueFrom(blank.feed('K'))).rejects.toMatchObject({ name: 'AuthConfigError', fatal: true });
    await expect(firstValueFrom(blank.request('instruments'))).rejects.toMatchObject({ name: 'AuthConfigError' });
  });

  it('reconnects while the backend status is non-zero and serves fresh books after X 0', async () => {
    const s = await sim();
    const c = client(s);
    const book$ = c.book('BTC-USD');
    const sub = book$.subscribe();
    await status(c, 'connected');
    const down = until(c.status$, (st) => st.status === 'reconnecting');
    s.setBackendStatus(2);
    const reconnecting = await down;
    expect(reconnecting.error).toBeInstanceOf(FineryConnectionError);
    expect((reconnecting.error as FineryConnectionError).backendStatus).toBe(2);
    await until(c.status$, (st) => st.detail?.backendStatus === 2);
    s.step(50, 'BTC-USD');
    s.setBackendStatus(0);
    await until(c.status$, (st) => st.status === 'connected' && st.detail?.backendStatus === 0);
    await until(book$, sameBook(s, 'BTC-USD'));
    sub.unsubscribe();
  });
});

describe('FineryClient feeds (finery.md §5–§7)', () => {
  it('shares one binding per (feed, feedId), unbinds after the last subscriber, errors on Z', async () => {
    const s = await sim();
    const c = client(s);
    const a = c.feed('K').subscribe();
    const first = await firstValueFrom(c.feed('K'));
    expect(first).toMatchObject({ feed: 'K', feedId: 0, action: 'S', data: { nextId: expect.any(Number), positions: [] } });
    const byName = await firstValueFrom(c.feed('F', 'ETH-USD'));
    const byId = await firstValueFrom(c.feed('F', 4955410051));
    expect(byName.feedId).toBe('ETH-USD');
    expect(byId.feedId).toBe(4955410051);
    expect(binds(s).filter((b) => b === 'K:undefined')).toHaveLength(1);
    a.unsubscribe();
    await until(c.request('instruments'), () => true);
    expect(s.connections()[0]?.bindings).toEqual([]);
    await expect(firstValueFrom(c.feed('F', 'NOPE-NOPE'))).rejects.toMatchObject({ code: 103, meaning: 'invalid feed id', source: 'feed', fatal: false });
    await expect(firstValueFrom(c.feed('Q' as 'K'))).rejects.toMatchObject({ code: 102 });
  });

  it('starts a late subscriber with a fresh snapshot', async () => {
    const s = await sim();
    const c = client(s);
    const early: string[] = [];
    const sub = c.feed('O').subscribe((m) => early.push(m.action));
    await until(c.feed('O'), (m) => m.action === 'S');
    const late = await firstValueFrom(c.feed('O'));
    expect(late.action).toBe('S');
    expect(early.filter((a) => a === 'S').length).toBeGreaterThanOrEqual(2);
    expect(s.connections()[0]?.bindings).toEqual([{ feed: 'O', feedId: 0 }]);
    sub.unsubscribe();
  });

  it('completes a feed on a venue U and errors it on a venue Z, shared subscribers alike', async () => {
    const s = await sim();
    const c = client(s);
    const k1 = lastValueFrom(c.feed('K').pipe(toArray()));
    const k2 = lastValueFrom(c.feed('K').pipe(toArray()));
    const o = firstValueFrom(c.feed('O', 'BTC-USD').pipe(toArray()));
    await until(c.feed('I'), (m) => m.action === 'S');
    s.endBindings('K');
    expect((await k1).map((m) => m.action)).toEqual(['S']);
    expect((await k2).map((m) => m.action)).toEqual(['S']);
    s.endBindings('O', undefined, 2);
    await expect(o).rejects.toMatchObject({ code: 2, source: 'feed', meaning: 'not connected (backend service down)' });
  });

  it('decodes I, O and K messages as typed values', async () => {
    const s = await sim();
    const c = client(s);
    const instruments = await firstValueFrom(c.feed('I'));
    if (instruments.action !== 'S') throw new Error('expected a snapshot');
    expect(instruments.data.instruments).toContainEqual({ name: 'BTC-USD', id: 4955410050, assetCurrency: 'BTC', balanceCurrency: 'USD' });
    const orders = c.feed('O', 'BTC-USD');
    const deal = until(orders, (m) => m.action === 'D');
    const position = until(c.feed('K', 'BTC'), (m) => m.action === '+');
    await firstValueFrom(c.request('positions'));
    await firstValueFrom(c.request('add', { instrument: 'BTC-USD', size: 5000, side: 'bid', type: 'marketIOC' }));
    expect((await deal).data).toMatchObject({ instrument: 'BTC-USD', side: 0, orderType: 4, dealSize: expect.any(Number) });
    expect((await position).data).toMatchObject({ currency: 'BTC', value: 5000 });
  });

  it.each([
    ['F', {}],
    ['B', { bookFeedB: 'snapshot' }],
    ['B', { bookFeedB: 'incremental' }],
  ] as const)('keeps the %s book %j equal to the simulator through thousands of updates', async (feed, options) => {
    const s = await sim(options);
    const c = client(s);
    const events = collect(c);
    const book$ = c.book('ETH-USD', { feed, conflate: false });
    const seen: OrderBook[] = [];
    const sub = book$.subscribe((b) => seen.push(b));
    await until(book$, sameBook(s, 'ETH-USD'));
    s.step(3000, 'ETH-USD');
    const last = await until(book$, sameBook(s, 'ETH-USD'));
    sub.unsubscribe();
    expect(events).toEqual([]);
    expect(seen.length).toBeGreaterThan(1000);
    expect(last.bids).toHaveLength(25);
    for (const b of seen) {
      expect(b.bids.length).toBeLessThanOrEqual(25);
      expect(b.bids.every(([p, q], i) => Number.isSafeInteger(p) && Number.isSafeInteger(q) && (i === 0 || p < (b.bids[i - 1] as readonly number[])[0]!))).toBe(true);
      expect(b.asks.every(([p], i) => i === 0 || p > (b.asks[i - 1] as readonly number[])[0]!)).toBe(true);
      expect(b.bids[0]![0]).toBeLessThan(b.asks[0]![0]);
    }
  });

  it('marks provenance: each stream starts with a snapshot book, seq counts its books, a re-bind restarts it', async () => {
    const s = await sim();
    const c = client(s);
    const book$ = c.book('BTC-USD', { conflate: false });
    const seen: OrderBook[] = [];
    const sub = book$.subscribe((b) => seen.push(b));
    await until(book$, sameBook(s, 'BTC-USD'));
    s.step(5, 'BTC-USD');
    await until(book$, sameBook(s, 'BTC-USD'));
    // A late subscriber of the live book starts with a snapshot of its own.
    const late = await firstValueFrom(c.book('BTC-USD'));
    expect(late).toMatchObject({ snapshot: true, seq: 0 });
    const view = await firstValueFrom(c.bookView('BTC-USD'));
    expect(view.seq).toBe(seen.at(-1)?.seq);
    // A crossed book forces a re-bind: the next book is a snapshot again.
    s.setBook('BTC-USD', [[50_000_000_000, 1]], [[40_000_000_000, 1]]);
    await until(c.events$, (e) => e.type === 'book-inconsistent');
    s.setBook('BTC-USD', [[40_000_000_000, 1]], [[50_000_000_000, 1]]);
    await until(book$, sameBook(s, 'BTC-USD'));
    sub.unsubscribe();
    expect(seen[0]).toMatchObject({ snapshot: true, seq: 0 });
    seen.forEach((b, i) => {
      if (i > 0) expect(b.seq).toBe(b.snapshot ? 0 : (seen[i - 1]?.seq ?? 0) + 1);
    });
    expect(seen.filter((b) => b.snapshot).length).toBeGreaterThanOrEqual(2);
  });

  it('routes object feed ids by deep equality (MD with makers, F with clientId)', async () => {
    const s = await sim();
    const c = client(s);
    const md$ = c.book({ instrument: 'BTC-USD', makers: [1, 2] }, { feed: 'MD' });
    const sub = md$.subscribe();
    const book = await until(md$, sameBook(s, 'BTC-USD'));
    expect(book).toMatchObject({ feed: 'MD', instrument: { instrument: 'BTC-USD', makers: [1, 2] } });
    const master = await firstValueFrom(c.feed('F', { clientId: 5, instrument: 'ETH-USD' }));
    expect(master).toMatchObject({ feed: 'F', action: 'S', feedId: { instrument: 'ETH-USD', clientId: 5 } });
    sub.unsubscribe();
  });

  it('serves only the requested depth, sharing the binding and the book with the full book', async () => {
    const s = await sim();
    const c = client(s);
    const full$ = c.book('BTC-USD');
    const top$ = c.book('BTC-USD', { depth: 1 });
    const sub = full$.subscribe();
    await until(full$, sameBook(s, 'BTC-USD'));
    s.step(100, 'BTC-USD');
    const top = await until(top$, (b) => b.bids[0]?.[0] === s.book('BTC-USD').bids[0]![0] && b.asks[0]?.[0] === s.book('BTC-USD').asks[0]![0]);
    expect([top.bids, top.asks]).toEqual([s.book('BTC-USD').bids.slice(0, 1), s.book('BTC-USD').asks.slice(0, 1)]);
    expect(binds(s)).toEqual(['F:"BTC-USD"']);
    sub.unsubscribe();
  });

  it('applies ~ to a new top and ["~",0,0] to an emptied side (finery.md §7.1)', async () => {
    const s = await sim();
    const c = client(s);
    const book$ = c.book('BTC-EUR');
    const raw: unknown[] = [];
    const sub = c.feed('F', 'BTC-EUR').subscribe((m) => raw.push(m.data));
    await until(book$, sameBook(s, 'BTC-EUR'));
    s.setBook('BTC-EUR', [[20_000_000_000, 5], [10_000_000_000, 5]], [[30_000_000_000, 1], [40_000_000_000, 2]]);
    await until(book$, (b) => b.bids.length === 2);
    s.setBook('BTC-EUR', [[10_000_000_000, 7]], []);
    const emptied = await until(book$, (b) => b.asks.length === 0);
    expect(emptied.bids).toEqual([[10_000_000_000, 7]]);
    expect(raw).toContainEqual([[['~', 10_000_000_000, 7]], [['~', 0, 0]]]);
    sub.unsubscribe();
  });

  it('reports a crossed book, never emits it, and re-binds for a fresh snapshot', async () => {
    const s = await sim();
    const c = client(s);
    const events = collect(c);
    const book$ = c.book('BTC-USD');
    const seen: OrderBook[] = [];
    const sub = book$.subscribe((b) => seen.push(b));
    await until(book$, sameBook(s, 'BTC-USD'));
    s.setBook('BTC-USD', [[50_000_000_000, 1]], [[40_000_000_000, 1]]);
    await until(c.events$, (e) => e.type === 'book-inconsistent');
    s.setBook('BTC-USD', [[40_000_000_000, 1]], [[50_000_000_000, 1]]);
    await until(book$, sameBook(s, 'BTC-USD'));
    sub.unsubscribe();
    expect(events[0]).toMatchObject({ type: 'book-inconsistent', error: { name: 'FineryBookError', feed: 'F', feedId: 'BTC-USD' } });
    expect(seen.every((b) => b.bids.length === 0 || b.asks.length === 0 || b.bids[0]![0] < b.asks[0]![0])).toBe(true);
    expect(s.connections()[0]?.bindLog.filter((e) => e.event === 'bind').length).toBeGreaterThanOrEqual(2);
  });

  it('turns malformed frames into events while the stream goes on', async () => {
    const s = await sim();
    const c = client(s);
    const book$ = c.book('BTC-USD');
    const sub = book$.subscribe();
    await until(book$, sameBook(s, 'BTC-USD'));
    const malformed = until(c.events$, (e) => e.type === 'malformed-frame');
    s.faults.malformed();
    expect((await malformed).error).toMatchObject({ name: 'FineryProtocolError', frame: expect.stringContaining('BTC-USD') });
    s.step(200, 'BTC-USD');
    await until(book$, sameBook(s, 'BTC-USD'));
    expect(s.connections()).toHaveLength(1);
    // The unreadable frame may have belonged to any binding: the book was re-bound once for a fresh snapshot.
    expect(binds(s)).toEqual(['F:"BTC-USD"', 'F:"BTC-USD"']);
    sub.unsubscribe();
  });
});

describe('FineryClient requests (finery.md §8)', () => {
  it('correlates replies by reqId and raises FineryApiError for top-level and wrapped errors', async () => {
    const s = await sim();
    const c = client(s);
    const [instruments, book] = await Promise.all([firstValueFrom(c.request('instruments')), firstValueFrom(c.request('book', { instrument: 'BTC-USD', tradable: true }))]);
    expect(instruments[1]).toContainEqual(['BTC-USD', 4955410050, 'BTC', 'USD']);
    expect(book).toEqual([s.book('BTC-USD').bids, s.book('BTC-USD').asks]);
    await expect(firstValueFrom(c.request('book', { instrument: 'NOPE' }))).rejects.toMatchObject({ code: 34, meaning: 'instrument not found', details: { method: 'book', param: 'instrument' } });
    const price = s.book('BTC-USD').bids[5]![0];
    const placed = await firstValueFrom(c.request('add', { instrument: 'BTC-USD', clientOrderId: 1, price, size: 10_000, side: 'bid', type: 'limit', cod: false }));
    const other = await firstValueFrom(c.request('add', { instrument: 'BTC-USD', clientOrderId: 2, price, size: 10_000, side: 'bid', type: 'limit' }));
    const modError = await firstValueFrom(c.request('mod', { orderId: other.id, price, size: 5000, clientOrderId: 1 })).catch((e: unknown) => e);
    expect(modError).toBeInstanceOf(FineryApiError);
    expect(modError).toMatchObject({ code: 74, details: { origId: other.id, origRemainingSize: 10_000 } });
    expect(await firstValueFrom(c.request('del', { orderId: placed.id }))).toEqual({ error: 0 });
    await expect(firstValueFrom(c.request('del', { orderId: placed.id }))).rejects.toMatchObject({ code: 80 });
    const impatient = client(s, { requestTimeoutMs: 200 });
    s.faults.stall(5_000);
    await expect(firstValueFrom(impatient.request('instruments'))).rejects.toBeInstanceOf(FineryTimeoutError);
  });
});

describe('FineryClient reconnects (finery.md §4, §12)', () => {
  const feeds = ['F:"BTC-USD"', 'B:"ETH-USD"', 'O:undefined', 'K:undefined'];

  async function watched(s: FinerySimulator, c: FineryClient) {
    const f$ = c.book('BTC-USD');
    const b$ = c.book('ETH-USD', { feed: 'B' });
    const subs = [f$.subscribe(), b$.subscribe(), c.feed('O').subscribe(), c.feed('K').subscribe()];
    await until(f$, sameBook(s, 'BTC-USD'));
    await until(b$, sameBook(s, 'ETH-USD'));
    return { f$, b$, subs };
  }

  async function expectRebound(s: FinerySimulator, w: Awaited<ReturnType<typeof watched>>, firstId: number) {
    s.step(100);
    await until(w.f$, sameBook(s, 'BTC-USD'));
    await until(w.b$, sameBook(s, 'ETH-USD'));
    const [connection] = s.connections();
    expect(connection?.id).toBeGreaterThan(firstId);
    expect(binds(s).sort()).toEqual([...feeds].sort());
    w.subs.forEach((sub) => sub.unsubscribe());
  }

  it('re-binds every feed exactly once after a drop and replaces the books', async () => {
    const s = await sim();
    const c = client(s);
    const w = await watched(s, c);
    const firstId = s.connections()[0]!.id;
    const back = until(c.status$, (st) => st.status === 'reconnecting');
    s.faults.drop({ graceful: false });
    expect((await back).error).toBeInstanceOf(FineryConnectionError);
    s.step(100);
    await status(c, 'connected');
    await expectRebound(s, w, firstId);
  });

  it('detects a stall by silence, reconnects and re-binds every feed exactly once', async () => {
    const s = await sim();
    const c = client(s, { idleTimeoutMs: 500, pingIntervalMs: 100, statusTimeoutMs: 500 });
    const w = await watched(s, c);
    const firstId = s.connections()[0]!.id;
    const stalled = until(c.status$, (st) => st.status === 'reconnecting');
    s.faults.stall(1_000);
    expect((await stalled).error).toBeInstanceOf(IdleTimeoutError);
    await status(c, 'connected');
    await expectRebound(s, w, firstId);
  });

  it('keeps a quiet connection alive with protocol pings inside the idle limit', async () => {
    const s = await sim({ idleTimeoutMs: 1_000 });
    const c = client(s, { pingIntervalMs: 100, idleTimeoutMs: 5_000 });
    const states: string[] = [];
    c.status$.subscribe((st) => states.push(st.status));
    c.connect();
    await status(c, 'connected');
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect(states).toEqual(['idle', 'connecting', 'connected']);
  });

  it('close() completes books, fails pending requests and refuses new subscriptions', async () => {
    const s = await sim();
    const c = client(s);
    const book$ = c.book('BTC-USD');
    const all = lastValueFrom(book$.pipe(toArray()));
    await until(book$, sameBook(s, 'BTC-USD'));
    const pending = firstValueFrom(c.request('instruments'));
    c.close();
    expect((await all).length).toBeGreaterThan(0);
    await expect(pending).rejects.toThrow('client closed');
    await expect(firstValueFrom(c.feed('K'))).rejects.toBeInstanceOf(FineryConnectionError);
    expect((await lastValueFrom(c.status$)).status).toBe('closed');
  });

  it('cancels cod orders of a closed client with reason 4, seen on O (finery.md §11)', async () => {
    const s = await sim();
    const watcher = client(s);
    const trader = client(s);
    const orders = watcher.feed('O', 'BTC-USD');
    const snapshot = until(orders, (m) => m.action === 'S');
    const added = until(orders, (m) => m.action === '+');
    const cancelled = until(orders, (m) => m.action === '-');
    await snapshot;
    const price = s.book('BTC-USD').asks[3]![0];
    await firstValueFrom(trader.request('add', { instrument: 'BTC-USD', price, size: 2000, side: 'ask', type: 'limit', cod: true }));
    expect((await added).data).toMatchObject({ price, sizeLeft: 2000, cancelReason: 0 });
    trader.close();
    expect((await cancelled).data).toMatchObject({ price, cancelReason: 4 });
  });
});
