import { fineryAuthHeaders, hmacSha384Base64 } from '@org/auth-signing';
import WebSocket from 'ws';
import { fineryDemoCredentials, startFinerySimulator } from './index';
import type { FinerySimulator, FinerySimulatorOptions } from './index';

type Frame = unknown[] | Record<string, unknown>;

interface Peer {
  ws: WebSocket;
  frames: Frame[];
  next(match: (f: Frame) => boolean): Promise<Frame>;
  send(message: object): void;
}

const sims: FinerySimulator[] = [];
const peers: WebSocket[] = [];

async function sim(options: FinerySimulatorOptions = {}): Promise<FinerySimulator> {
  const s = await startFinerySimulator({ updatesPerSecond: 0, ...options });
  sims.push(s);
  return s;
}

afterEach(async () => {
  peers.splice(0).forEach((ws) => ws.terminate());
  await Promise.all(sims.splice(0).map((s) => s.close()));
});

function connect(url: string, headers: Record<string, string> = { ...fineryAuthHeaders(fineryDemoCredentials) }): Promise<Peer> {
  const ws = new WebSocket(url, { headers });
  peers.push(ws);
  const frames: Frame[] = [];
  const waiters: { match: (f: Frame) => boolean; resolve: (f: Frame) => void }[] = [];
  ws.on('message', (raw) => {
    let frame: Frame;
    try {
      frame = JSON.parse(raw.toString());
    } catch {
      frame = { malformed: raw.toString() };
    }
    const waiter = waiters.find((w) => w.match(frame));
    if (!waiter) {
      frames.push(frame);
      return;
    }
    waiters.splice(waiters.indexOf(waiter), 1);
    waiter.resolve(frame);
  });
  const peer: Peer = {
    ws,
    frames,
    next: (match) => {
      const seen = frames.find(match);
      if (seen) {
        frames.splice(frames.indexOf(seen), 1);
        return Promise.resolve(seen);
      }
      return new Promise((resolve) => waiters.push({ match, resolve }));
    },
    send: (message) => ws.send(JSON.stringify(message)),
  };
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(peer));
    ws.once('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => reject(Object.assign(new Error(`HTTP ${res.statusCode}`), { status: res.statusCode, body })));
    });
    ws.once('error', reject);
  });
}

const feedFrame = (feed: string, action: string) => (f: Frame) => Array.isArray(f) && f[0] === feed && f[2] === action;

type Level = [number, number];
/** A plain reference book for checking the simulator's own updates (finery.md §7.1). */
function applyReference(book: { bids: Level[]; asks: Level[] }, [bids, asks]: [unknown[][], unknown[][]]): void {
  for (const [side, updates, better] of [
    [book.bids, bids, (a: number, b: number) => a > b],
    [book.asks, asks, (a: number, b: number) => a < b],
  ] as const) {
    for (const [action, price, size] of updates as [string, number, number][]) {
      const i = side.findIndex(([p]) => p === price);
      if (action === '~') {
        const keep = side.filter(([p]) => !better(p, price));
        side.splice(0, side.length, ...keep);
        if (price !== 0) {
          const j = side.findIndex(([p]) => p === price);
          if (j >= 0) side[j] = [price, size];
          else side.unshift([price, size]);
        }
      } else if (action === '-') side.splice(i, 1);
      else if (action === 'M') side[i] = [price, size];
      else {
        const at = side.findIndex(([p]) => better(price, p));
        side.splice(at < 0 ? side.length : at, 0, [price, size]);
      }
    }
    side.splice(25);
  }
}

describe('Finery simulator: handshake (finery.md §2)', () => {
  it('accepts demo credentials and sends ["X",0,"Z",0] (finery.md §3)', async () => {
    const s = await sim();
    const peer = await connect(s.url);
    expect(await peer.next(feedFrame('X', 'Z'))).toEqual(['X', 0, 'Z', 0]);
  });

  it.each([
    ['unknown key', () => fineryAuthHeaders({ key: 'nobody', secret: 'x' }), 14],
    ['bad signature', () => ({ ...fineryAuthHeaders(fineryDemoCredentials), 'EFX-Sign': hmacSha384Base64('wrong', '{}') }), 14],
    ['missing header', () => ({ 'EFX-Key': fineryDemoCredentials.key }), 3],
    ['old timestamp', () => fineryAuthHeaders(fineryDemoCredentials, { timestamp: Date.now() - 600_000 }), 7],
  ])('rejects %s with HTTP 401 {"error":%#}', async (_name, headers, code) => {
    const s = await sim();
    await expect(connect(s.url, headers() as Record<string, string>)).rejects.toMatchObject({ status: 401, body: JSON.stringify({ error: code }) });
  });

  it('rejects a nonce that is not greater than the last one with 6, accepts both rules', async () => {
    const s = await sim();
    const headers = fineryAuthHeaders(fineryDemoCredentials, { nonce: 50 });
    await connect(s.url, { ...headers });
    await expect(connect(s.url, { ...headers })).rejects.toMatchObject({ status: 401, body: '{"error":6}' });
    await expect(connect(s.url, { ...fineryAuthHeaders(fineryDemoCredentials, { nonce: 49 }) })).rejects.toMatchObject({ body: '{"error":6}' });
    const unique = await sim({ nonceRule: 'unique-2min' });
    await connect(unique.url, { ...fineryAuthHeaders(fineryDemoCredentials, { nonce: 50 }) });
    await connect(unique.url, { ...fineryAuthHeaders(fineryDemoCredentials, { nonce: 49 }) });
    await expect(connect(unique.url, { ...fineryAuthHeaders(fineryDemoCredentials, { nonce: 49 }) })).rejects.toMatchObject({ body: '{"error":6}' });
  });

  it('signs the exact documented vector with a nonce beyond 2^53 (finery.md §2.1)', async () => {
    const key = 'RlZ4sKsHSr5zmYKIzbtf772J9y9gx8nekd8COrawI5V';
    const content = `{"nonce": 49856723467362345, "timestamp": ${Date.now()}}`;
    const s = await sim({ credentials: [{ key, secret: 'cZpZ1vwzOaXuiONfIQVg8h6za97FoHhrwwgoSCNwDAR' }] });
    const sign = hmacSha384Base64('cZpZ1vwzOaXuiONfIQVg8h6za97FoHhrwwgoSCNwDAR', content);
    await connect(s.url, { 'EFX-Key': key, 'EFX-Sign': sign, 'EFX-Content': content });
    await expect(connect(s.url, { 'EFX-Key': key, 'EFX-Sign': sign, 'EFX-Content': content })).rejects.toMatchObject({ body: '{"error":6}' });
  });

  it('caps connections per IP and refuses during a refuse fault', async () => {
    const s = await sim({ maxConnectionsPerIp: 1 });
    await connect(s.url);
    await expect(connect(s.url)).rejects.toMatchObject({ status: 429 });
    peers.splice(0).forEach((ws) => ws.terminate());
    s.faults.refuse(60_000);
    await new Promise((r) => setTimeout(r, 50));
    await expect(connect(s.url)).rejects.toMatchObject({ status: 503 });
  });
});

describe('Finery simulator: feeds (finery.md §5–§7)', () => {
  it('binds by name and by numeric id, echoes the id as sent, answers Z codes and U', async () => {
    const s = await sim();
    const peer = await connect(s.url);
    peer.send({ event: 'bind', feed: 'F', feedId: 'BTC-USD' });
    peer.send({ event: 'bind', feed: 'F', feedId: 4955410050 });
    const byName = (await peer.next((f) => Array.isArray(f) && f[1] === 'BTC-USD')) as unknown[];
    const byId = (await peer.next((f) => Array.isArray(f) && f[1] === 4955410050)) as unknown[];
    expect(byName.slice(0, 3)).toEqual(['F', 'BTC-USD', 'S']);
    expect(byId[2]).toBe('S');
    expect(byName[3]).toEqual([s.book('BTC-USD').bids, s.book('BTC-USD').asks]);
    peer.send({ event: 'bind', feed: 'F', feedId: 'BTC-USD' });
    expect(await peer.next(feedFrame('F', 'Z'))).toEqual(['F', 'BTC-USD', 'Z', 100]);
    peer.send({ event: 'bind', feed: 'Q' });
    expect(await peer.next(feedFrame('Q', 'Z'))).toEqual(['Q', 0, 'Z', 102]);
    peer.send({ event: 'bind', feed: 'B', feedId: 'DOGE-XYZ' });
    expect(await peer.next(feedFrame('B', 'Z'))).toEqual(['B', 'DOGE-XYZ', 'Z', 103]);
    peer.send({ event: 'unbind', feed: 'K' });
    expect(await peer.next(feedFrame('K', 'Z'))).toEqual(['K', 0, 'Z', 101]);
    peer.send({ event: 'unbind', feed: 'F', feedId: 'BTC-USD' });
    expect(await peer.next(feedFrame('F', 'U'))).toEqual(['F', 'BTC-USD', 'U', 0]);
    expect(s.connections()[0]?.bindings).toEqual([{ feed: 'F', feedId: 4955410050 }]);
    peer.send({ event: 'bind', feed: 'K' });
    await peer.next(feedFrame('K', 'S'));
    s.endBindings('K', undefined, 2);
    expect(await peer.next(feedFrame('K', 'Z'))).toEqual(['K', 0, 'Z', 2]);
    s.endBindings('F');
    expect(await peer.next(feedFrame('F', 'U'))).toEqual(['F', 4955410050, 'U', 0]);
    expect(s.connections()[0]?.bindings).toEqual([]);
  });

  it.each(['incremental', 'snapshot'] as const)('publishes B (%s) and F updates that rebuild the book exactly', async (mode) => {
    const s = await sim({ bookFeedB: mode });
    const peer = await connect(s.url);
    peer.send({ event: 'bind', feed: 'F', feedId: 'ETH-USD' });
    peer.send({ event: 'bind', feed: 'B', feedId: 'ETH-USD' });
    const [, , , [bids, asks]] = (await peer.next(feedFrame('F', 'S'))) as [string, string, string, [Level[], Level[]]];
    await peer.next(feedFrame('B', 'S'));
    const book = { bids, asks };
    let bBook = { bids: [...bids], asks: [...asks] };
    s.step(2000, 'ETH-USD');
    peer.send({ event: 'bind', feed: 'I' });
    await peer.next(feedFrame('I', 'S'));
    const actions = new Set<string>();
    for (const f of peer.frames as unknown[][]) {
      if (f[0] === 'F' && f[2] === 'M') {
        const data = f[3] as [unknown[][], unknown[][]];
        data.flat().forEach((u) => actions.add(u[0] as string));
        applyReference(book, data);
      }
      if (f[0] === 'B' && f[2] === 'M') applyReference(bBook, f[3] as [unknown[][], unknown[][]]);
      if (f[0] === 'B' && f[2] === 'S') bBook = { bids: (f[3] as Level[][])[0] as Level[], asks: (f[3] as Level[][])[1] as Level[] };
    }
    expect(book).toEqual(s.book('ETH-USD'));
    expect(bBook).toEqual(s.book('ETH-USD'));
    expect([...actions].sort()).toEqual(['+', '-', 'M', '~']);
    expect(book.bids.length).toBe(25);
    expect((book.bids[0] as Level)[0]).toBeLessThan((book.asks[0] as Level)[0]);
  });

  it('gives the same market for the same seed and another for another seed', async () => {
    const [a, b, c] = await Promise.all([sim({ seed: 5 }), sim({ seed: 5 }), sim({ seed: 6 })]);
    [a, b, c].forEach((s) => s.step(300));
    expect(a.book('ETH-BTC')).toEqual(b.book('ETH-BTC'));
    expect(a.book('ETH-BTC')).not.toEqual(c.book('ETH-BTC'));
    expect(a.book('ETH-BTC').asks.every(([p, q]) => Number.isSafeInteger(p) && Number.isSafeInteger(q) && q > 0)).toBe(true);
  });

  it('sends ["~",0,0] for an emptied side and ~ to a new top', async () => {
    const s = await sim();
    const peer = await connect(s.url);
    peer.send({ event: 'bind', feed: 'F', feedId: 'BTC-EUR' });
    await peer.next(feedFrame('F', 'S'));
    s.setBook('BTC-EUR', [[200, 5], [100, 5]], [[300, 1], [400, 2]]);
    await peer.next(feedFrame('F', 'M'));
    s.setBook('BTC-EUR', [], [[400, 2]]);
    expect(await peer.next(feedFrame('F', 'M'))).toEqual(['F', 'BTC-EUR', 'M', [[['~', 0, 0]], [['~', 400, 2]]]]);
  });

  it('flips the backend status, pauses updates and sends a fresh S after X 0 (finery.md §3)', async () => {
    const s = await sim();
    const peer = await connect(s.url);
    peer.send({ event: 'bind', feed: 'F', feedId: 'BTC-USD' });
    await peer.next(feedFrame('F', 'S'));
    s.setBackendStatus(2);
    expect(await peer.next((f) => Array.isArray(f) && f[0] === 'X' && f[3] === 2)).toEqual(['X', 0, 'Z', 2]);
    s.step(10, 'BTC-USD');
    s.setBackendStatus(0);
    expect(await peer.next((f) => Array.isArray(f) && f[0] === 'X' && f[3] === 0)).toBeDefined();
    const fresh = (await peer.next(feedFrame('F', 'S'))) as unknown[];
    expect(fresh[3]).toEqual([s.book('BTC-USD').bids, s.book('BTC-USD').asks]);
    expect(peer.frames.filter(feedFrame('F', 'M'))).toEqual([]);
  });

  it('answers protocol pings, closes idle connections with 1000, sends a malformed frame on demand', async () => {
    const s = await sim({ idleTimeoutMs: 300 });
    const peer = await connect(s.url);
    const pong = new Promise((resolve) => peer.ws.once('pong', resolve));
    peer.ws.ping('hi');
    expect((await pong as Buffer).toString()).toBe('hi');
    s.faults.malformed();
    expect(await peer.next((f) => 'malformed' in f)).toBeDefined();
    const code = await new Promise((resolve) => peer.ws.once('close', resolve));
    expect(code).toBe(1000);
  });
});

describe('Finery simulator: requests and orders (finery.md §8, §11)', () => {
  it('answers instruments, book, add, del, mod, delAll and positions with documented shapes and errors', async () => {
    const s = await sim();
    const peer = await connect(s.url);
    let reqId = 0;
    const ask = async (method: string, content?: object) => {
      const id = ++reqId;
      peer.send(content === undefined ? { event: 'request', reqId: id, method } : { event: 'request', reqId: id, method, content });
      return (await peer.next((f) => !Array.isArray(f) && f.reqId === id)) as Record<string, unknown>;
    };
    expect(((await ask('instruments')).reply as unknown[][])[1]).toContainEqual(['BTC-USD', 4955410050, 'BTC', 'USD']);
    expect((await ask('book', { instrument: 'BTC-USD', tradable: true })).reply).toEqual([s.book('BTC-USD').bids, s.book('BTC-USD').asks]);
    expect(await ask('book', { instrument: 'NOPE' })).toEqual({ event: 'request', reqId: 2 + 1, error: 34, param: 'instrument' });
    const bestBid = (s.book('BTC-USD').bids[0] as Level)[0];
    const placed = await ask('add', { instrument: 'BTC-USD', clientOrderId: 7, price: bestBid - 50 * 100_000_000, size: 1000, side: 'bid', type: 'limit', cod: false });
    expect(placed.reply).toMatchObject({ clientOrderId: 7, remainingSize: 1000, deals: [] });
    expect(await ask('add', { instrument: 'BTC-USD', clientOrderId: 7, price: 1, size: 1, side: 'bid', type: 'limit' })).toMatchObject({ error: 74 });
    const bought = await ask('add', { instrument: 'BTC-USD', size: 20_000, side: 'bid', type: 'marketIOC' });
    expect((bought.reply as { deals: unknown[] }).deals.length).toBeGreaterThan(0);
    expect(await ask('add', { instrument: 'BTC-USD', size: 1, side: 'bid', type: 'postOnly', price: 10 ** 15 })).toMatchObject({ error: 75 });
    expect(await ask('add', { instrument: 'BTC-USD', side: 'bid', type: 'limit', price: 1 })).toMatchObject({ error: 81 });
    const positions = (await ask('positions')).reply as unknown[];
    expect(positions[1]).toContainEqual(['BTC', 20_000, 1, expect.any(Number), expect.any(Number)]);
    expect((positions[2] as unknown[][]).map((o) => o[5])).toEqual([7]);
    const other = (await ask('add', { instrument: 'BTC-USD', clientOrderId: 8, price: bestBid - 60 * 100_000_000, size: 1000, side: 'bid', type: 'limit' })).reply as { id: number };
    expect(await ask('mod', { orderId: other.id, price: bestBid - 61 * 100_000_000, size: 500, clientOrderId: 7 })).toMatchObject({ reply: { error: 74, origId: other.id, origRemainingSize: 1000 } });
    expect(await ask('del', { clientOrderId: 7 })).toMatchObject({ reply: { error: 0 } });
    expect(await ask('del', { clientOrderId: 7 })).toMatchObject({ error: 80 });
    expect(await ask('delAll', {})).toMatchObject({ reply: { removed: 0 } });
    expect(await ask('frobnicate', {})).toMatchObject({ error: 8 });
    const ownAsk = (s.book('BTC-USD').asks[0] as Level)[0] - 100_000_000;
    await ask('add', { instrument: 'BTC-USD', price: ownAsk, size: 1000, side: 'ask', type: 'limit' });
    expect(await ask('add', { instrument: 'BTC-USD', price: ownAsk, size: 1000, side: 'bid', type: 'limit' })).toMatchObject({ error: 78 });
    expect(await ask('add', { instrument: 'BTC-USD', size: 1, side: 'up', type: 'limit', price: 1 })).toMatchObject({ error: 9, param: 'side' });
    expect(await ask('add', { instrument: 'BTC-USD', size: 1.5, side: 'bid', type: 'limit', price: 1 })).toMatchObject({ error: 70, param: 'size' });
    peer.send({ event: 'request', reqId: 'tag-1', method: 'instruments' });
    expect(await peer.next((f) => !Array.isArray(f) && f.reqId === 'tag-1')).toMatchObject({ event: 'request', reqId: 'tag-1', reply: expect.any(Array) });
  });

  it('cancels cod orders of a dropped connection with reason 4 and reports it on O (finery.md §11)', async () => {
    const s = await sim();
    const watcher = await connect(s.url);
    watcher.send({ event: 'bind', feed: 'O' });
    await watcher.next(feedFrame('O', 'S'));
    const trader = await connect(s.url);
    const price = (s.book('BTC-USD').asks[0] as Level)[0] + 5 * 100_000_000;
    trader.send({ event: 'request', reqId: 1, method: 'add', content: { instrument: 'BTC-USD', price, size: 3000, side: 'ask', type: 'limit', cod: true } });
    trader.send({ event: 'request', reqId: 2, method: 'add', content: { instrument: 'BTC-USD', price, size: 1000, side: 'ask', type: 'limit', cod: false } });
    await trader.next((f) => !Array.isArray(f) && f.reqId === 2);
    const added = (await watcher.next(feedFrame('O', '+'))) as unknown[];
    expect((added[3] as unknown[]).slice(0, 9)).toEqual(['BTC-USD', 0, 1, 0, expect.any(Number), 0, price, 3000, 3000]);
    trader.ws.terminate();
    const cancelled = (await watcher.next(feedFrame('O', '-'))) as unknown[];
    expect((cancelled[3] as unknown[]).slice(0, 9)).toEqual(['BTC-USD', 0, 1, 4, expect.any(Number), 0, price, 3000, 3000]);
    expect(s.book('BTC-USD').asks.find(([p]) => p === price)?.[1]).toBeGreaterThanOrEqual(1000);
  });
});

describe('Finery simulator limits', () => {
  /** Resolves once `check` holds, polling every 20 ms; rejects after `ms`. */
  const until = async (check: () => boolean, what: string, ms = 15_000): Promise<void> => {
    const deadline = Date.now() + ms;
    while (!check()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };

  it('firehose: a client that stops reading is skipped, the others keep streaming, and it gets a fresh S once it reads again', async () => {
    const s = await sim({ updatesPerSecond: 'firehose' });
    const reader = await connect(s.url);
    const stalled = await connect(s.url);
    let read = 0;
    reader.ws.on('message', () => (read += 1));
    reader.send({ event: 'bind', feed: 'F', feedId: 'BTC-USD' });
    stalled.send({ event: 'bind', feed: 'F', feedId: 'BTC-USD' });
    await stalled.next(feedFrame('F', 'S'));
    stalled.ws.pause();
    const stalledId = s.connections()[1]?.id;
    // The kernel's socket buffers fill first (several MB on loopback): generous bounds for a loaded machine.
    await until(() => s.connections().find((c) => c.id === stalledId)?.lagging === true, 'the stalled connection to lag', 60_000);
    const before = read;
    await until(() => read > before + 2_000, 'the reader to get 2 000 more frames', 30_000);
    stalled.frames.splice(0);
    stalled.ws.resume();
    await until(() => s.connections().find((c) => c.id === stalledId)?.lagging === false, 'the stalled connection to catch up', 30_000);
    await stalled.next(feedFrame('F', 'S'));
  }, 150_000);

  it('closes a connection that sends a message over maxPayloadBytes with 1009, and serves the others', async () => {
    const s = await sim({ maxPayloadBytes: 4096 });
    const [big, other] = [await connect(s.url), await connect(s.url)];
    const closed = new Promise<number>((resolve) => big.ws.once('close', resolve));
    big.send({ event: 'request', reqId: 1, method: 'instruments', content: { pad: 'x'.repeat(5000) } });
    expect(await closed).toBe(1009);
    other.send({ event: 'request', reqId: 2, method: 'instruments', content: {} });
    expect(await other.next((f) => (f as { reqId?: unknown }).reqId === 2)).toMatchObject({ reqId: 2, reply: expect.any(Array) });
  });
});

