/**
 * Property-based fuzz tests of the Finery codec and book engine (finery.md §6, §7.1), and of
 * the client over a real WebSocket fed mutated frames.
 */
import { applyBookSnapshot, applyBookUpdates, bookLevels, createBookState, decodeFrame, FineryClient, FineryProtocolError } from '@org/finery';
import type { FineryEvent, OrderBook } from '@org/finery';
import fc from 'fast-check';
import type { AddressInfo } from 'node:net';
import { filter, firstValueFrom, timeout } from 'rxjs';
import { WebSocketServer } from 'ws';
import type { WebSocket } from 'ws';
import type { Level, SideModel } from './book-model';
import { bookArbitrary, bookDefects, sideLevels } from './book-model';
import { useFuzzSeed } from './seed';
import { mutatedText } from './mutate';

useFuzzSeed();

const snapshotFrame = (bids: Level[], asks: Level[]) => JSON.stringify(['F', 'BTC-USD', 'S', [bids, asks]]);
const updateFrame = (bids: unknown[], asks: unknown[]) => JSON.stringify(['F', 'BTC-USD', 'M', [bids, asks]]);

/** Valid frames of every kind the client reads (finery.md §3, §6–§8). */
const validFrame: fc.Arbitrary<unknown> = fc.oneof(
  bookArbitrary().map(({ bids, asks }) => ['F', 'BTC-USD', 'S', [bids, asks]]),
  fc
    .tuple(fc.constantFrom('+', 'M', '-', '~'), fc.integer({ min: 1, max: 1e12 }), fc.integer({ min: 0, max: 1e9 }))
    .map((update) => ['B', 4955410050, 'M', [[update], []]]),
  fc.constant(['X', 0, 'Z', 0]),
  fc.constant(['K', 0, 'S', [1, [['BTC', 100000000, 0]]]]),
  fc.constant({ reqId: 1, reply: { error: 0 } }),
);

/** Decodes `text` the way the client does: a value or `FineryProtocolError`, nothing else escapes. */
function decodeOrProtocolError(text: string) {
  try {
    return decodeFrame(text);
  } catch (error) {
    if (!(error instanceof FineryProtocolError)) throw error;
    return undefined;
  }
}

/** Level updates (`+ M -`) that are valid against the model, resolved from random intents. */
type Intent = [bid: boolean, kind: number, pick: number, size: number];

function resolve(model: { bids: SideModel; asks: SideModel }, intents: readonly Intent[]): { bids: unknown[]; asks: unknown[] } {
  const out = { bids: [] as unknown[], asks: [] as unknown[] };
  for (const [bid, kind, pick, size] of intents) {
    const side = bid ? model.bids : model.asks;
    const prices = [...side.keys()];
    if ((kind === 0 && side.size < 25) || prices.length === 0) {
      const price = (bid ? 1 + (pick % 999) : 1_001 + (pick % 999)) * 1e5;
      if (side.has(price)) continue;
      side.set(price, size);
      (bid ? out.bids : out.asks).push(['+', price, size]);
    } else {
      const price = prices[pick % prices.length] as number;
      if (kind === 1) {
        side.set(price, size);
        (bid ? out.bids : out.asks).push(['M', price, size]);
      } else {
        side.delete(price);
        (bid ? out.bids : out.asks).push(['-', price, 0]);
      }
    }
  }
  return out;
}

const intents = fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 0, max: 2 }), fc.nat(), fc.integer({ min: 1, max: 1e9 })), { maxLength: 8 });

describe('finery codec and book engine (fuzz)', () => {
  test('random and mutated frames decode or fail with FineryProtocolError, nothing else', () => {
    fc.assert(
      fc.property(fc.oneof(mutatedText(validFrame), fc.string(), fc.json()), (text) => {
        decodeOrProtocolError(text);
      }),
      { numRuns: 2_000 },
    );
  });

  test('valid snapshots and level updates keep the book equal to a reference model', () => {
    fc.assert(
      fc.property(bookArbitrary(), fc.array(intents, { maxLength: 30 }), ({ bids, asks }, messages) => {
        const state = createBookState();
        expect(applyBookSnapshot(state, bids, asks)).toBeUndefined();
        const model = { bids: new Map(bids), asks: new Map(asks) };
        for (const message of messages) {
          const { bids: b, asks: a } = resolve(model, message);
          const frame = decodeFrame(updateFrame(b, a));
          if (frame.kind !== 'message' || frame.message.action !== 'M') throw new Error(`not a book update: ${frame.kind}`);
          const [ub, ua] = frame.message.data as [never[], never[]];
          expect(applyBookUpdates(state, ub, ua)).toBeUndefined();
          expect(bookLevels(state, 'bids')).toEqual(sideLevels(model.bids, true));
          expect(bookLevels(state, 'asks')).toEqual(sideLevels(model.asks, false));
        }
      }),
      { numRuns: 300 },
    );
  });

  test('mutated updates never throw and never leave an unflagged book unsorted, crossed or NaN', () => {
    fc.assert(
      fc.property(bookArbitrary(), fc.array(fc.tuple(intents, fc.boolean(), fc.nat(), fc.nat()), { maxLength: 30 }), ({ bids, asks }, messages) => {
        const state = createBookState();
        applyBookSnapshot(state, bids, asks);
        const model = { bids: new Map(bids), asks: new Map(asks) };
        for (const [message, mutate, seedA, seedB] of messages) {
          const { bids: b, asks: a } = resolve(model, message);
          let text = updateFrame(b, a);
          if (mutate) text = fc.sample(mutatedText(fc.constant(JSON.parse(text) as unknown)), { seed: seedA ^ seedB, numRuns: 1 })[0] as string;
          const frame = decodeOrProtocolError(text);
          if (frame?.kind !== 'message' || (frame.message.feed !== 'F' && frame.message.feed !== 'B') || frame.message.action !== 'M') continue;
          const [ub, ua] = frame.message.data as [never[], never[]];
          const flagged = applyBookUpdates(state, ub, ua);
          if (flagged === undefined) {
            expect(bookDefects(bookLevels(state, 'bids'), bookLevels(state, 'asks'), 25)).toEqual([]);
          } else {
            // As the client does: a flagged book waits for a fresh snapshot.
            const fresh = { bids: sideLevels(model.bids, true), asks: sideLevels(model.asks, false) };
            expect(applyBookSnapshot(state, fresh.bids, fresh.asks)).toBeUndefined();
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('finery client over a WebSocket fed mutated frames (fuzz)', () => {
  let server: WebSocketServer;
  let url: string;
  let truth: { bids: Level[]; asks: Level[] } = { bids: [], asks: [] };
  const sockets = new Set<WebSocket>();

  beforeAll(async () => {
    // A minimal venue: `X` 0 on connect, each bind answered with the current snapshot, each unbind with `U`.
    server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise<void>((resolve) => server.once('listening', resolve));
    url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/ws`;
    server.on('connection', (ws) => {
      sockets.add(ws);
      ws.on('close', () => sockets.delete(ws));
      ws.send('["X",0,"Z",0]');
      ws.on('message', (raw) => {
        const message = JSON.parse(String(raw)) as { event?: string; feed?: string; feedId?: unknown };
        if (message.event === 'bind') ws.send(snapshotFrame(truth.bids, truth.asks));
        if (message.event === 'unbind') ws.send(JSON.stringify([message.feed, message.feedId ?? 0, 'U', 0]));
      });
    });
  });
  afterAll(async () => {
    for (const ws of sockets) ws.terminate();
    await new Promise((resolve) => server.close(resolve));
  });

  /** Control frames that legitimately end a binding or the connection are not garbage. */
  const isGarbage = (text: string) => {
    const frame = decodeOrProtocolError(text);
    return frame === undefined || frame.kind === 'message' || frame.kind === 'reply';
  };

  test('the book stream goes on through mutated frames and ends equal to the next snapshot', async () => {
    const baseFrames = bookArbitrary().map(({ bids, asks }) => ['F', 'BTC-USD', 'S', [bids, asks]] as unknown);
    const updates = fc.tuple(fc.constantFrom('+', 'M', '-'), fc.integer({ min: 1, max: 2_000 }), fc.integer({ min: 1, max: 1e9 }));
    const deltas = fc.tuple(fc.array(updates, { maxLength: 3 }), fc.array(updates, { maxLength: 3 })).map(([b, a]) => ['F', 'BTC-USD', 'M', [b.map(([x, p, s]) => [x, p * 1e5, s]), a.map(([x, p, s]) => [x, p * 1e5, s])]] as unknown);
    const garbage = fc.array(fc.oneof(mutatedText(baseFrames), mutatedText(deltas), fc.string()), { minLength: 1, maxLength: 12 }).map((frames) => frames.filter(isGarbage));
    const client = new FineryClient({ url, key: 'fuzz-key', secret: 'fuzz-secret', reconnect: { initialDelayMs: 20, maxDelayMs: 100 } });
    const seen: OrderBook[] = [];
    const errors: unknown[] = [];
    const malformed: unknown[] = [];
    const book$ = client.book('BTC-USD', { feed: 'F' });
    const subscription = book$.subscribe({ next: (b) => seen.push(b), error: (e) => errors.push(e) });
    subscription.add(client.events$.subscribe((e) => malformed.push(e)));
    try {
      await firstValueFrom(book$.pipe(timeout(5_000)));
      await fc.assert(
        fc.asyncProperty(garbage, bookArbitrary(), async (frames, next) => {
          for (const text of frames) for (const ws of sockets) ws.send(text);
          truth = next;
          for (const ws of sockets) ws.send(snapshotFrame(next.bids, next.asks));
          const expected = JSON.stringify([next.bids, next.asks]);
          await firstValueFrom(book$.pipe(filter((b) => JSON.stringify([b.bids, b.asks]) === expected), timeout(5_000)));
          expect(errors).toEqual([]);
        }),
        { numRuns: 25, endOnFailure: true },
      );
      expect(seen.every((b) => bookDefects(b.bids, b.asks, 25).length === 0)).toBe(true);
      expect(malformed.length).toBeGreaterThan(0);
    } finally {
      subscription.unsubscribe();
      client.close();
    }
  }, 60_000);

  /** Hostile frames: nesting that would exhaust a recursive decoder, sides far longer than the venue's 25 levels. */
  const nested = (depth: number, open: string, close: string, leaf: string) => `${open.repeat(depth)}${leaf}${close.repeat(depth)}`;
  const hostileFrames: readonly [string, string][] = [
    ['a feed id nested 5 000 deep', `["F",${nested(5_000, '{"a":', '}', '1')},"S",[[],[]]]`],
    ['a feed id nested 50 000 deep in arrays', `["F",${nested(50_000, '[', ']', '')},"M",[[],[]]]`],
    ['a Z with a nested feed id', `["K",${nested(20_000, '{"a":', '}', '0')},"Z",2]`],
    ['a U with a nested feed id', `["F",${nested(20_000, '[', ']', '')},"U",0]`],
    ['a feed id holding 200 000 values', `["F",{"a":[${Array(200_000).fill(7).join(',')}]},"S",[[],[]]]`],
    ['an update with 40 000 levels', JSON.stringify(['F', 'BTC-USD', 'M', [Array.from({ length: 40_000 }, (_, i) => ['+', (i + 1) * 1_000, 1]), []]])],
    ['a snapshot with 100 000 levels', JSON.stringify(['F', 'BTC-USD', 'S', [Array.from({ length: 100_000 }, (_, i) => [(100_001 - i) * 1_000, 1]), []]])],
    ['a reply with a nested reqId', `{"reqId":${nested(50_000, '[', ']', '1')},"reply":0}`],
  ];

  test('hostile frames (deep nesting, huge arrays) become malformed-frame events; the client and its book go on', async () => {
    truth = { bids: [[100_000_000, 5]], asks: [[200_000_000, 7]] };
    const client = new FineryClient({ url, key: 'fuzz-key', secret: 'fuzz-secret', reconnect: { initialDelayMs: 20, maxDelayMs: 100 } });
    const states: string[] = [];
    const events: FineryEvent[] = [];
    const book$ = client.book('BTC-USD', { feed: 'F' });
    const errors: unknown[] = [];
    const subscription = book$.subscribe({ error: (e: unknown) => errors.push(e) });
    subscription.add(client.events$.subscribe((e) => events.push(e)));
    subscription.add(client.status$.subscribe((s) => states.push(s.status)));
    try {
      await firstValueFrom(book$.pipe(timeout(5_000)));
      for (const [name, text] of hostileFrames) {
        const before = events.length;
        for (const ws of sockets) ws.send(text);
        const event = await firstValueFrom(client.events$.pipe(timeout({ first: 5_000, with: () => { throw new Error(`no event for ${name}`); } })));
        expect([name, event.type, event.error]).toEqual([name, 'malformed-frame', expect.any(FineryProtocolError)]);
        expect(events.length).toBe(before + 1);
      }
      truth = { bids: [[100_000_000, 9]], asks: [[200_000_000, 9]] };
      for (const ws of sockets) ws.send(snapshotFrame(truth.bids, truth.asks));
      const book = await firstValueFrom(book$.pipe(filter((b) => b.bids[0]?.[1] === 9), timeout(5_000)));
      expect([book.bids, book.asks]).toEqual([truth.bids, truth.asks]);
      expect(states.filter((s) => s !== 'connected' && s !== 'connecting' && s !== 'idle')).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      subscription.unsubscribe();
      client.close();
    }
  }, 60_000);
});
