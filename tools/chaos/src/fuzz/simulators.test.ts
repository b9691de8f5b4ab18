/**
 * The simulators never die from a client's frame (issue 19): hostile frames sent over real
 * sockets on loopback, raw `ws` peers speaking each venue's wire protocol (finery.md §2, §5,
 * §8; socketio.md §2–§3 with marketprophit.md §4). After each attack the simulator still
 * answers the attacker (or closed only that connection) and serves a bystander.
 */
import { fineryDemoCredentials, marketProphitDemoCredentials, startFinerySimulator, startMarketProphitSimulator } from '@org/venue-sim';
import type { FinerySimulator, MarketProphitSimulator } from '@org/venue-sim';
import fc from 'fast-check';
import { createHmac } from 'node:crypto';
import WebSocket from 'ws';
import { useFuzzSeed } from './seed';

useFuzzSeed();

/** JSON text of `inner` wrapped `depth` times in objects or arrays (built as text: no recursion here either). */
const nested = (depth: number, kind: 'object' | 'array' = 'object', inner = '1'): string =>
  kind === 'object' ? '{"a":'.repeat(depth) + inner + '}'.repeat(depth) : '['.repeat(depth) + inner + ']'.repeat(depth);

/** A raw peer: every text frame parsed (or kept as text), awaited by predicate. */
interface Peer {
  readonly ws: WebSocket;
  next(match: (frame: unknown) => boolean, what: string): Promise<unknown>;
  readonly closed: Promise<number>;
}

function peer(ws: WebSocket): Peer {
  const frames: unknown[] = [];
  const waiters: { match: (frame: unknown) => boolean; resolve: (frame: unknown) => void }[] = [];
  ws.on('message', (raw) => {
    const text = raw.toString();
    let frame: unknown = text;
    try {
      frame = JSON.parse(text);
    } catch {
      // Engine.IO packets are not JSON: kept as text.
    }
    const waiter = waiters.find((w) => w.match(frame));
    if (waiter) {
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve(frame);
    } else frames.push(frame);
  });
  ws.on('error', () => undefined);
  const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
  return {
    ws,
    closed,
    next(match, what) {
      const seen = frames.find(match);
      if (seen !== undefined) {
        frames.splice(frames.indexOf(seen), 1);
        return Promise.resolve(seen);
      }
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no ${what} within 5 s`)), 5_000);
        waiters.push({
          match,
          resolve: (frame) => {
            clearTimeout(timer);
            resolve(frame);
          },
        });
      });
    },
  };
}

const opened = (ws: WebSocket): Promise<void> =>
  new Promise((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });

describe('Finery simulator: hostile frames (finery.md §5, §8)', () => {
  let sim: FinerySimulator;
  const sockets: WebSocket[] = [];
  let nonce = Date.now();

  /** A connection signed as finery.md §2 describes: EFX-Content `{nonce, timestamp}`, EFX-Sign its HMAC-SHA384 in Base64. */
  const connect = async (): Promise<Peer> => {
    const content = JSON.stringify({ nonce: ++nonce, timestamp: Date.now() });
    const sign = createHmac('sha384', fineryDemoCredentials.secret).update(content).digest('base64');
    const ws = new WebSocket(sim.url, { headers: { 'EFX-Key': fineryDemoCredentials.key, 'EFX-Content': content, 'EFX-Sign': sign } });
    sockets.push(ws);
    const p = peer(ws);
    await opened(ws);
    await p.next((f) => Array.isArray(f) && f[0] === 'X', 'X status');
    return p;
  };
  let reqId = 0;
  /** A well-formed request answers: the connection and the simulator are alive. */
  const alive = async (p: Peer): Promise<void> => {
    const id = ++reqId;
    p.ws.send(JSON.stringify({ event: 'request', reqId: id, method: 'instruments', content: {} }));
    await p.next((f) => (f as { reqId?: unknown }).reqId === id, `reply to request ${id}`);
  };

  beforeAll(async () => {
    sim = await startFinerySimulator({ updatesPerSecond: 0 });
  });
  afterAll(async () => {
    sockets.forEach((ws) => ws.terminate());
    await sim.close();
  });

  test.each([5_000, 20_000, 100_000])('a bind whose feedId nests %i levels answers Z 103', async (depth) => {
    const [attacker, bystander] = [await connect(), await connect()];
    attacker.ws.send(`{"event":"bind","feed":"F","feedId":${nested(depth)}}`);
    expect(await attacker.next((f) => Array.isArray(f) && f[2] === 'Z', 'Z')).toEqual(['F', null, 'Z', 103]);
    attacker.ws.send(`{"event":"unbind","feed":"B","feedId":${nested(depth, 'array')}}`);
    expect(await attacker.next((f) => Array.isArray(f) && f[2] === 'Z', 'Z')).toEqual(['B', null, 'Z', 103]);
    await alive(attacker);
    await alive(bystander);
  });

  test.each([5_000, 20_000])('a request whose reqId or content nests %i levels answers error 9', async (depth) => {
    const [attacker, bystander] = [await connect(), await connect()];
    attacker.ws.send(`{"event":"request","reqId":${nested(depth)},"method":"book","content":{}}`);
    expect(await attacker.next((f) => (f as { error?: unknown }).error !== undefined, 'error')).toEqual({ event: 'request', reqId: null, error: 9, param: 'reqId' });
    attacker.ws.send(`{"event":"request","reqId":7,"method":"add","content":${nested(depth, 'array')}}`);
    expect(await attacker.next((f) => (f as { reqId?: unknown }).reqId === 7, 'error')).toEqual({ event: 'request', reqId: 7, error: 9, param: 'content' });
    await alive(attacker);
    await alive(bystander);
  });

  test('random deep and odd frames never stop the simulator (fuzz)', async () => {
    const bystander = await connect();
    const attacker = await connect();
    const hostile = fc.oneof(
      fc.tuple(fc.constantFrom('bind', 'unbind', 'request', 'other'), fc.integer({ min: 30, max: 3_000 }), fc.constantFrom<'object' | 'array'>('object', 'array'), fc.constantFrom('feed', 'feedId', 'reqId', 'method', 'content', 'event')).map(
        ([event, depth, kind, field]) => {
          const base: Record<string, string> = { event: JSON.stringify(event), feed: '"B"', feedId: '"BTC-USD"', reqId: '1', method: '"book"', content: '{"instrument":"BTC-USD"}' };
          base[field] = nested(depth, kind, field === 'content' ? '{}' : '1');
          return `{${Object.entries(base).map(([k, v]) => `"${k}":${v}`).join(',')}}`;
        },
      ),
      fc.jsonValue({ maxDepth: 6 }).map((v) => JSON.stringify({ event: 'bind', feed: 'F', feedId: v })),
      fc.jsonValue({ maxDepth: 6 }).map((v) => JSON.stringify({ event: 'request', reqId: v, method: 'book', content: v })),
      fc.string(),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(hostile, { minLength: 1, maxLength: 5 }), async (frames) => {
        for (const text of frames) attacker.ws.send(text);
        await alive(attacker);
        await alive(bystander);
      }),
      { numRuns: 40, endOnFailure: true },
    );
  }, 60_000);
});

describe('Market Prophit simulator: hostile subscribes (marketprophit.md §4, socketio.md §3)', () => {
  let sim: MarketProphitSimulator;
  const sockets: WebSocket[] = [];
  let token: string;

  /** A socket.io v4 session over a raw WebSocket: Engine.IO open, then CONNECT to `/` (socketio.md §2–§3). */
  const connect = async (): Promise<Peer> => {
    const ws = new WebSocket(`${sim.url.replace('http', 'ws')}/socket.io/?EIO=4&transport=websocket&token=${token}`);
    sockets.push(ws);
    const p = peer(ws);
    await opened(ws);
    await p.next((f) => typeof f === 'string' && f.startsWith('0{'), 'Engine.IO open');
    ws.send('40');
    await p.next((f) => typeof f === 'string' && f.startsWith('40{'), 'CONNECT reply');
    return p;
  };
  let ackId = 0;
  /** Sends EVENT `subscribe` with an ack id and resolves the acknowledgement's argument. */
  const subscribe = async (p: Peer, json: string): Promise<unknown> => {
    const id = ++ackId;
    p.ws.send(`42${id}["subscribe",${json}]`);
    const reply = (await p.next((f) => typeof f === 'string' && f.startsWith(`43${id}[`), `ack ${id}`)) as string;
    return (JSON.parse(reply.slice(`43${id}`.length)) as unknown[])[0];
  };

  beforeAll(async () => {
    sim = await startMarketProphitSimulator();
    const basic = Buffer.from(`${marketProphitDemoCredentials.secretKey}:`).toString('base64');
    token = ((await (await fetch(`${sim.url}/jwt`, { method: 'POST', headers: { authorization: `Basic ${basic}` } })).json()) as { token: string }).token;
  });
  afterAll(async () => {
    sockets.forEach((ws) => ws.terminate());
    await sim.close();
  });

  test.each([
    ['params nested 20 000 deep', `{"path":"market-prophit-sentiment","params":${nested(20_000)}}`],
    ['params nested 100 000 deep (arrays)', `{"path":"/real-time/crowd-sentiment","method":"get","params":{"ticker":${nested(100_000, 'array')}}}`],
    ['a path nested 20 000 deep', `{"path":${nested(20_000, 'array')},"params":{}}`],
  ])('a subscribe with %s is refused in its ack; the simulator serves on', async (_label, json) => {
    const [attacker, bystander] = [await connect(), await connect()];
    expect(await subscribe(attacker, json)).toEqual(expect.stringMatching(/^Invalid subscription/));
    expect(await subscribe(attacker, '{"path":"market-prophit-sentiment","params":{}}')).toBeNull();
    expect(await subscribe(bystander, '{"path":"/real-time/crowd-sentiment","method":"get","params":{"ticker":"AAPL"}}')).toBeNull();
    // The accepted subscription pushes: nothing deep was kept to be re-sent.
    await attacker.next((f) => typeof f === 'string' && f.startsWith('42["data"'), 'a data push');
    expect(sim.subscriptions().every((s) => JSON.stringify(s.params).length < 100)).toBe(true);
  });

  test('a message over maxPayload (1e6 bytes, socketio.md §2) closes only that socket', async () => {
    const [attacker, bystander] = [await connect(), await connect()];
    attacker.ws.send(`421["subscribe",{"path":"crowd-sentiment","params":{"pad":"${'x'.repeat(1_100_000)}"}}]`);
    expect(await attacker.closed).toBe(1009);
    expect(await subscribe(bystander, '{"path":"crowd-sentiment","params":{}}')).toBeNull();
  });

  test('random subscribe payloads are acknowledged, never fatal (fuzz)', async () => {
    const attacker = await connect();
    const payload = fc.oneof(
      fc.jsonValue({ maxDepth: 5 }).map((v) => JSON.stringify(v)),
      fc.jsonValue({ maxDepth: 4 }).map((params) => JSON.stringify({ path: 'crowd-sentiment', params })),
      fc.tuple(fc.integer({ min: 33, max: 5_000 }), fc.constantFrom<'object' | 'array'>('object', 'array')).map(([depth, kind]) => `{"path":"crowd-sentiment","params":{"x":${nested(depth, kind)}}}`),
    );
    await fc.assert(
      fc.asyncProperty(payload, async (json) => {
        const answer = await subscribe(attacker, json);
        expect(answer === null || typeof answer === 'string').toBe(true);
      }),
      { numRuns: 60, endOnFailure: true },
    );
    const bystander = await connect();
    expect(await subscribe(bystander, '{"path":"user-sentiment","params":{}}')).toBeNull();
  }, 60_000);
});
