import { InsecureTransportError } from '@org/auth-signing';
import { ConnectTimeoutError } from '@org/reconnect';
import { fineryDemoCredentials } from '@org/venue-sim';
import { createServer } from 'node:net';
import type { Server, Socket } from 'node:net';
import { inspect } from 'node:util';
import { filter, firstValueFrom, interval, take, timeout } from 'rxjs';
import type { Observable } from 'rxjs';
import { bookQuote, FineryClient, FineryConnectionError, toDecimalNumber } from './index';
import type { BookView, OrderBook } from './index';
import { loopback, sameBook, status, until } from './test-helpers';

// The client's safety rules (hung handshakes, plaintext, secrets in objects, lifecycle,
// latest-value books), each against a real socket on loopback.

const { sim, client } = loopback();

/** Resolves once `check` holds, polled every 20 ms (10 s at most). */
const eventually = (check: () => boolean) => firstValueFrom(interval(20).pipe(filter(check), timeout(10_000)));

/** A TCP server that accepts connections and never answers the HTTP upgrade. */
async function silentServer(): Promise<{ url: string; accepted: () => number; close: () => Promise<void> }> {
  const sockets: Socket[] = [];
  const server: Server = createServer((socket) => void sockets.push(socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `ws://127.0.0.1:${port}/ws`,
    accepted: () => sockets.length,
    close: () => {
      sockets.forEach((s) => s.destroy());
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

describe('FineryClient safety', () => {
  it('turns a hung HTTP upgrade into reconnecting with ConnectTimeoutError, and retries', async () => {
    const server = await silentServer();
    try {
      const c = client(server.url, { connectTimeoutMs: 300 });
      const reconnecting = until(c.status$, (s) => s.status === 'reconnecting');
      c.connect();
      const state = await reconnecting;
      expect(state.error).toBeInstanceOf(ConnectTimeoutError);
      await eventually(() => server.accepted() >= 2);
      c.close();
    } finally {
      await server.close();
    }
  });

  it('refuses plaintext to a non-loopback host unless allowInsecure is set', () => {
    expect(() => new FineryClient({ url: 'ws://finery.example.com/ws', ...fineryDemoCredentials })).toThrow(InsecureTransportError);
    expect(() => new FineryClient({ url: 'ws://finery.example.com/ws', ...fineryDemoCredentials, allowInsecure: true }).close()).not.toThrow();
  });

  it('shows no credential in JSON.stringify, util.inspect or the object keys', () => {
    const secret = 'not-a-real-secret-0123456789';
    const c = client('ws://127.0.0.1:1/ws', { key: 'key-0123456789', secret });
    for (const shown of [JSON.stringify(c), inspect(c, { showHidden: true, depth: 10 }), JSON.stringify(Object.entries(c))]) {
      expect(shown).not.toContain(secret);
    }
    expect(JSON.parse(JSON.stringify(c))).toEqual({ venue: 'finery', url: 'ws://127.0.0.1:1/ws', status: 'idle', closed: false });
  });

  it('disconnects after the last unsubscribe and connects again on the next subscription', async () => {
    const s = await sim();
    const c = client(s.url);
    const first = c.book('BTC-USD').subscribe();
    await status(c, 'connected');
    expect(s.connections()).toHaveLength(1);
    first.unsubscribe();
    await eventually(() => s.connections().length === 0);
    await firstValueFrom(c.book('BTC-USD').pipe(take(1), timeout(10_000)));
    expect(s.connections()).toHaveLength(1);
  });

  it('errors every method with CLIENT_CLOSED after close()', async () => {
    const c = client('ws://127.0.0.1:1/ws');
    c.close();
    for (const stream of [c.book('BTC-USD'), c.bookView('BTC-USD'), c.feed('K'), c.request('instruments')] as Observable<unknown>[]) {
      const error: unknown = await firstValueFrom(stream).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(FineryConnectionError);
      expect(error).toMatchObject({ code: 'CLIENT_CLOSED' });
    }
  });

  it('conflates books for a consumer that falls behind, and never hands out a stale one', async () => {
    const s = await sim();
    const c = client(s.url);
    const book$ = c.book('BTC-USD');
    await until(book$, sameBook(s, 'BTC-USD'));
    const conflated: OrderBook[] = [];
    const everyMessage: OrderBook[] = [];
    const subs = [book$.subscribe((b) => conflated.push(b)), c.book('BTC-USD', { conflate: false }).subscribe((b) => everyMessage.push(b))];
    await until(book$, () => conflated.length > 0 && everyMessage.length > 0);
    const [before, beforeAll] = [conflated.length, everyMessage.length];
    s.step(200, 'BTC-USD'); // every update in one turn of the event loop
    const current = sameBook(s, 'BTC-USD');
    await eventually(() => current(conflated.at(-1)!) && current(everyMessage.at(-1)!));
    subs.forEach((sub) => sub.unsubscribe());
    expect(everyMessage.length - beforeAll).toBeGreaterThan(10);
    expect(conflated.length - before).toBeLessThan((everyMessage.length - beforeAll) / 2);
  });

  it('stamps receivedAt with the clock as each frame arrives, not when a conflated book is delivered', async () => {
    const s = await sim();
    let ticks = 0;
    const c = client(s.url, { now: () => 1_000 + (ticks += 1) });
    const stamps = new Set<number>();
    const views = c.bookView('BTC-USD').subscribe((v) => stamps.add(v.receivedAt));
    const book$ = c.book('BTC-USD');
    const books: OrderBook[] = [];
    const held = book$.subscribe((b) => books.push(b));
    await until(book$, sameBook(s, 'BTC-USD'));
    s.step(50, 'BTC-USD');
    await eventually(() => books.length > 0 && sameBook(s, 'BTC-USD')(books.at(-1)!));
    views.unsubscribe();
    held.unsubscribe();
    // Each conflated book carries the stamp of the last frame merged into it: one the view saw.
    expect(books.every((b) => stamps.has(b.receivedAt))).toBe(true);
    expect(Math.min(...stamps)).toBeGreaterThan(1_000);
    expect(Math.max(...stamps)).toBeLessThanOrEqual(1_000 + ticks);
  });

  it('quotes the live book: bookQuote of a copy and BookView.quote agree, in 1e-8 units and as decimals', async () => {
    const s = await sim();
    const c = client(s.url);
    s.setBook('BTC-USD', [[6_000_000_000_000, 25_000_000], [5_999_900_000_000, 1]], [[6_000_100_000_000, 150_000_000]]);
    const view = await until(c.bookView('BTC-USD'), (v) => v.bestBid()?.[0] === 6_000_000_000_000);
    const units = { bid: 6_000_000_000_000, bidSize: 25_000_000, ask: 6_000_100_000_000, askSize: 150_000_000, mid: 6_000_050_000_000, spread: 100_000_000 };
    expect(view.quote()).toEqual(units);
    expect([view.mid(), view.spread()]).toEqual([units.mid, units.spread]);
    expect(bookQuote(view.snapshot())).toEqual(units);
    expect(bookQuote(view, 'decimal')).toEqual({ bid: 60_000, bidSize: 0.25, ask: 60_001, askSize: 1.5, mid: 60_000.5, spread: 1 });
    expect(toDecimalNumber(units.bidSize)).toBe(0.25);
    expect(bookQuote({ ...view.snapshot(), asks: [] })).toBeUndefined();
  });

  it('emits one shared BookView per message; snapshot() copies, the view reads the live book', async () => {
    const s = await sim();
    const c = client(s.url);
    const views = c.bookView('BTC-USD');
    const seen = new Set<BookView>();
    const held = views.subscribe((v) => seen.add(v));
    const matches = (v: BookView) => sameBook(s, 'BTC-USD')(v.snapshot());
    const first = await until(views, matches);
    const kept = first.snapshot();
    s.step(20, 'BTC-USD');
    await until(views, matches);
    held.unsubscribe();
    expect([...seen]).toEqual([first]);
    expect(first.snapshot()).not.toEqual(kept);
    const expected = s.book('BTC-USD');
    expect(first.top(10).bids).toEqual(expected.bids.slice(0, 10));
    expect(first.bestAsk()).toEqual(expected.asks[0]);
  });
});
