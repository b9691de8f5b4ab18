/**
 * The Finery Markets simulator: a `ws` server at `/ws` on Node's http server that behaves
 * as finery.md documents the venue (header auth §2, `X` status §3, idle limit §4, bindings
 * and feeds §5–§7, requests §8, Cancel-on-Disconnect §11, limits §1), with a seeded
 * random-walk market and the shared fault hooks.
 */
import { createServer } from 'node:http';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { RawData, WebSocket } from 'ws';
import { MAX_CLIENT_DEPTH, nestedDeeperThan } from '../bounded';
import { systemClock } from '../clock';
import type { SimulatorOptions } from '../options';
import type { FaultHooks } from '../faults';
import { createFaultHooks, createFaultState } from '../faults';
import { closeServer, listen, rejectUpgrade } from '../http';
import { createSeededRandom } from '../random';
import type { NonceMemory } from './auth';
import { verifyUpgrade } from './auth';
import type { FeedBinding } from './feeds';
import { frame, resolveBinding, snapshot } from './feeds';
import type { MarketBook } from './market';
import { createMarketBook, diffSide, randomStep, replaceLevels, topLevels } from './market';
import type { FineryInstrumentSpec } from './reference';
import { findInstrument, FINERY_INSTRUMENTS } from './reference';
import { handleRequest } from './requests';
import type { FineryAccount } from './trading';
import { createTrading } from './trading';

/** The API key the simulator accepts by default (simulator values, not a real venue key). */
export const fineryDemoCredentials = { key: 'finery-demo-key', secret: 'finery-demo-secret' } as const;

/**
 * Options of `startFinerySimulator`; every default is a simulator choice [inferred] unless
 * finery.md documents it. The clock times timestamps, the idle limit and the market cadence;
 * the seed fixes the market walk.
 */
export interface FinerySimulatorOptions extends SimulatorOptions {
  /** Accepted keys; default `[fineryDemoCredentials]`. */
  credentials?: readonly { key: string; secret: string }[];
  /** finery.md §2.2: `'increasing'` (default) or `'unique-2min'`. */
  nonceRule?: 'increasing' | 'unique-2min';
  /** finery.md §2.3: allowed |now − timestamp|, ms. Default 120 000. */
  timestampToleranceMs?: number;
  /** finery.md §4: close a connection after this long without an inbound frame, ms. Default 80 000. */
  idleTimeoutMs?: number;
  /** finery.md §1: connections per IP. Default 100; more get HTTP 429. */
  maxConnectionsPerIp?: number;
  /**
   * Random market events per second per instrument: 0 stops the walk (drive it with
   * `step`), `'firehose'` runs it as fast as the readers take it. Default 5. In every mode a
   * connection whose send buffer passes 4 MB gets no market data until it drains below 1 MB,
   * then a fresh `S` per book binding: one client that stops reading never stalls the others.
   */
  updatesPerSecond?: number | 'firehose';
  /** finery.md §7.1 feed `B`: `'snapshot'` (default, newer docs: `S` on every change) or `'incremental'` (`M` deltas). */
  bookFeedB?: 'snapshot' | 'incremental';
  /**
   * Largest WebSocket message a client may send, bytes; a larger one closes that connection
   * with status 1009 before it is buffered. Default 1 048 576 (1 MiB) [inferred].
   */
  maxPayloadBytes?: number;
  /** Instruments and their markets; default `FINERY_INSTRUMENTS`. */
  instruments?: readonly FineryInstrumentSpec[];
}

/** What one connection did, for tests. */
export interface FineryConnectionInfo {
  readonly id: number;
  readonly key: string;
  /** The `bind`s and `unbind`s received, in order (the last 1 000). */
  readonly bindLog: readonly { event: 'bind' | 'unbind'; feed: unknown; feedId: unknown }[];
  /** Active bindings. */
  readonly bindings: readonly { feed: string; feedId: unknown }[];
  /** True while market data is withheld because the connection stopped reading (send buffer over 4 MB). */
  readonly lagging: boolean;
}

/** A running Finery simulator and its controls. */
export interface FinerySimulator {
  /** `ws://HOST:PORT/ws`. */
  readonly url: string;
  readonly faults: FaultHooks;
  /** Current backend status sent on `X` (finery.md §3). */
  readonly backendStatus: number;
  /** Sends `["X",0,"Z",code]` to everyone; non-zero pauses updates, 0 sends a fresh `S` per binding. */
  setBackendStatus(code: number): void;
  /** The published top-25 book of an instrument (name or id): bids descending, asks ascending, `[price, size]` in 1e-8 units. */
  book(instrument: string | number): { bids: [number, number][]; asks: [number, number][] };
  /** Runs `count` random market events on one instrument (or each), publishing each. */
  step(count?: number, instrument?: string): void;
  /**
   * Ends matching bindings on every connection from the venue side: `[feed, feedId, "U", 0]`,
   * or `[feed, feedId, "Z", code]` when `code` is given (finery.md §6, e.g. `["K",0,"Z",2]`).
   * `feedId` as bound (omit for every binding of `feed`).
   */
  endBindings(feed: string, feedId?: unknown, code?: number): void;
  /**
   * Replaces an instrument's levels (best first, `[price, size]` in 1e-8 units) and publishes
   * the change, e.g. an emptied side as `["~",0,0]`. Resting orders keep their accounts'
   * records but their liquidity leaves the book. For tests and demos.
   */
  setBook(instrument: string, bids: readonly (readonly [number, number])[], asks: readonly (readonly [number, number])[]): void;
  connections(): FineryConnectionInfo[];
  close(): Promise<void>;
}

interface Connection {
  readonly id: number;
  readonly ws: WebSocket;
  /** The upgraded TCP socket, corked while a batch of market events is sent. */
  readonly socket: Duplex;
  readonly account: FineryAccount;
  readonly ip: string;
  readonly bindings: Map<string, FeedBinding>;
  readonly bindLog: { event: 'bind' | 'unbind'; feed: unknown; feedId: unknown }[];
  idle?: unknown;
  /** Market data was withheld while its send buffer was full: a fresh `S` per book binding follows once it drains. */
  lagging: boolean;
}

/** Entries kept in a connection's `bindLog` (the most recent ones) [inferred]. */
const BIND_LOG_LIMIT = 1_000;

/**
 * A connection whose send buffer holds more than this many bytes gets no market data until it
 * drains below {@link DRAINED_BYTES}, then a fresh snapshot per book binding [inferred]: one
 * client that stops reading never holds back the others (nor the firehose).
 */
const LAGGING_BYTES = 4_000_000;
const DRAINED_BYTES = 1_000_000;

/** Default `maxPayloadBytes` [inferred]: every documented client message is well under 1 KiB (finery.md §5). */
const DEFAULT_MAX_PAYLOAD = 1_048_576;

/** Content type of the simulator's upgrade rejections (finery.md §2.4: `{"error":code}` bodies). */
const JSON_TYPE = 'application/json';

const isBookFeed = (b: FeedBinding): boolean => b.feed === 'B' || b.feed === 'F' || b.feed === 'MD';

function canonicalId(feedId: unknown): string {
  if (feedId === null || typeof feedId !== 'object') return JSON.stringify(feedId ?? 0);
  const record = feedId as Record<string, unknown>;
  return JSON.stringify(Object.keys(record).sort().map((k) => [k, record[k]]));
}

/**
 * Starts the Finery simulator on `host:port` (default `127.0.0.1:0`); resolves once it
 * listens. Upgrades on any path but `/ws` get 404, a refuse fault 503 `{"error":2}`, a
 * full IP 429, a failed authentication 401 `{"error":code}` (finery.md §2.4).
 */
export async function startFinerySimulator(options: FinerySimulatorOptions = {}): Promise<FinerySimulator> {
  const clock = options.clock ?? systemClock;
  const rng = createSeededRandom(options.seed ?? 1);
  const instruments = options.instruments ?? FINERY_INSTRUMENTS;
  const idleMs = options.idleTimeoutMs ?? 80_000;
  const maxPerIp = options.maxConnectionsPerIp ?? 100;
  const bookFeedB = options.bookFeedB ?? 'snapshot';
  const secrets = new Map((options.credentials ?? [fineryDemoCredentials]).map((c) => [c.key, c.secret]));
  const accounts = new Map<string, FineryAccount>();
  const nonces = new Map<string, NonceMemory>();
  const faultState = createFaultState(clock);
  const connections = new Set<Connection>();
  const books = new Map<string, MarketBook>(instruments.map((spec) => [spec.name, createMarketBook(spec, rng)]));
  let backendStatus = 0;
  let connectionIds = 0;

  const account = (key: string): FineryAccount => {
    let a = accounts.get(key);
    if (!a) accounts.set(key, (a = { key, secret: secrets.get(key) as string, clientId: 100 + accounts.size, positions: new Map(), orders: new Map() }));
    return a;
  };
  const send = (conn: Connection, text: string) => {
    if (!faultState.stalled && conn.ws.readyState === conn.ws.OPEN) conn.ws.send(text);
  };
  const toOwner = (owner: FineryAccount, feed: 'O' | 'K', action: string, data: unknown[], match: (b: FeedBinding) => boolean) => {
    let json: string | undefined;
    for (const conn of connections) {
      if (conn.account !== owner || backendStatus !== 0) continue;
      for (const b of conn.bindings.values()) if (b.feed === feed && match(b)) send(conn, frame(b, action, (json ??= JSON.stringify(data))));
    }
  };
  const trading = createTrading(books, () => clock.now(), {
    order: (owner, action, order) => toOwner(owner, 'O', action, trading.orderTuple(order), (b) => !b.instrument || b.instrument === order.instrument),
    deal: (owner, deal) => toOwner(owner, 'O', 'D', deal, (b) => !b.instrument || b.instrument === deal[0]),
    position: (owner, action, position) => toOwner(owner, 'K', action, position, (b) => !b.currency || b.currency === position[0]),
  });

  /** Publishes the changes of one book's top 25 to its `B`, `F`, `MD` bindings (finery.md §7.1). */
  const publish = (book: MarketBook) => {
    const bids = diffSide(book.bids);
    const asks = diffSide(book.asks);
    if ((bids.length === 0 && asks.length === 0) || backendStatus !== 0) return;
    let delta: string | undefined;
    let full: string | undefined;
    for (const conn of connections) {
      if (lagging(conn)) continue;
      for (const b of conn.bindings.values()) {
        if (b.instrument !== book.spec.name || !isBookFeed(b)) continue;
        if (b.feed === 'B' && bookFeedB === 'snapshot') send(conn, frame(b, 'S', (full ??= JSON.stringify([book.bids.view, book.asks.view]))));
        else send(conn, frame(b, 'M', (delta ??= JSON.stringify([bids, asks]))));
      }
    }
  };
  const publishAll = () => books.forEach(publish);
  /** Marks a connection lagging when its send buffer is full (finery.md §7.1 frames withheld). */
  const lagging = (conn: Connection): boolean => {
    if (!conn.lagging && conn.ws.bufferedAmount > LAGGING_BYTES) conn.lagging = true;
    return conn.lagging;
  };
  /** A lagging connection that drained gets a fresh `S` per book binding, then deltas again. */
  const resync = () => {
    if (backendStatus !== 0) return;
    for (const conn of connections) {
      if (!conn.lagging || conn.ws.bufferedAmount > DRAINED_BYTES) continue;
      conn.lagging = false;
      for (const b of conn.bindings.values()) if (isBookFeed(b)) send(conn, snapshot(b, books, instruments, conn.account, trading));
    }
  };
  /** Runs market events; the frames they produce leave in as few TCP writes as possible. */
  const step = (count = 1, instrument?: string) => {
    const targets = instrument === undefined ? [...books.values()] : [books.get(findInstrument(instruments, instrument)?.name ?? '')].filter((b): b is MarketBook => !!b);
    resync();
    const sockets = [...connections].map((c) => c.socket);
    sockets.forEach((socket) => socket.cork());
    try {
      for (let i = 0; i < count; i++) {
        for (const book of targets) {
          randomStep(book, rng, (side, level) => trading.sweep(book, side, level));
          publish(book);
        }
      }
    } finally {
      sockets.forEach((socket) => socket.uncork());
    }
  };

  const onBind = (conn: Connection, event: 'bind' | 'unbind', feed: unknown, feedId: unknown) => {
    conn.bindLog.push({ event, feed, feedId });
    if (conn.bindLog.length > BIND_LOG_LIMIT) conn.bindLog.shift();
    const echo = JSON.stringify(feedId ?? 0);
    const key = `${String(feed)}|${canonicalId(feedId)}`;
    const fail = (code: number) => send(conn, `[${JSON.stringify(String(feed))},${echo},"Z",${code}]`);
    if (event === 'unbind') {
      const binding = conn.bindings.get(key);
      if (!binding) return fail(101);
      conn.bindings.delete(key);
      return send(conn, frame(binding, 'U', '0'));
    }
    const binding = resolveBinding(feed, feedId, instruments);
    if ('code' in binding) return fail(binding.code);
    if (conn.bindings.has(key)) return fail(100);
    conn.bindings.set(key, binding);
    if (backendStatus === 0) send(conn, snapshot(binding, books, instruments, conn.account, trading));
  };

  /**
   * A frame nested deeper than {@link MAX_CLIENT_DEPTH}: the venue's error for the part that
   * is too deep, without echoing it (finery.md §6 `Z` 103 for a feed id, §8 error 9 for a
   * request field) [inferred]; any other frame that deep is dropped.
   */
  const refuseDeep = (conn: Connection, message: Record<string, unknown>) => {
    const { event, feed, reqId } = message;
    if (event === 'bind' || event === 'unbind') {
      const name = typeof feed === 'string' ? feed : '';
      return send(conn, `[${JSON.stringify(name)},null,"Z",${typeof feed === 'string' ? 103 : 102}]`);
    }
    if (event !== 'request') return;
    const deepId = nestedDeeperThan(reqId);
    const param = deepId ? 'reqId' : nestedDeeperThan(message.content) ? 'content' : 'method';
    send(conn, JSON.stringify({ event: 'request', reqId: deepId ? null : reqId, error: 9, param }));
  };

  const onMessage = (conn: Connection, raw: RawData) => {
    let message: Record<string, unknown>;
    try {
      message = JSON.parse(raw.toString());
    } catch {
      return;
    }
    if (message === null || typeof message !== 'object' || Array.isArray(message)) return;
    if (nestedDeeperThan(message, MAX_CLIENT_DEPTH + 1)) return refuseDeep(conn, message);
    if (message.event === 'bind' || message.event === 'unbind') onBind(conn, message.event, message.feed, message.feedId);
    else if (message.event === 'request') {
      send(conn, handleRequest({ account: conn.account, connectionId: conn.id, trading, instruments, backendStatus }, message));
      publishAll();
    }
  };

  /** Nothing thrown while handling one client's frame escapes: that connection closes with 1011, the others go on. */
  const onFrame = (conn: Connection, raw: RawData) => {
    try {
      onMessage(conn, raw);
    } catch {
      conn.ws.close(1011, 'internal error');
    }
  };

  const touch = (conn: Connection) => {
    if (conn.idle !== undefined) clock.clearTimeout(conn.idle);
    conn.idle = clock.setTimeout(() => conn.ws.close(1000, 'idle timeout'), idleMs);
  };

  const wss = new WebSocketServer({ noServer: true, autoPong: false, maxPayload: options.maxPayloadBytes ?? DEFAULT_MAX_PAYLOAD });
  const server = createServer((_req, res) => {
    res.writeHead(426, { 'Content-Type': 'text/plain' }).end('WebSocket only: /ws');
  });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const ip = req.socket.remoteAddress ?? '';
    if (new URL(req.url ?? '/', 'http://localhost').pathname !== '/ws') return rejectUpgrade(socket, 404, '{}', JSON_TYPE);
    if (faultState.refusing) return rejectUpgrade(socket, 503, '{"error":2}', JSON_TYPE);
    if ([...connections].filter((c) => c.ip === ip).length >= maxPerIp) return rejectUpgrade(socket, 429, '{}', JSON_TYPE);
    const auth = verifyUpgrade(req.headers, secrets, nonces, clock.now(), {
      nonceRule: options.nonceRule ?? 'increasing',
      timestampToleranceMs: options.timestampToleranceMs ?? 120_000,
    });
    if ('error' in auth) return rejectUpgrade(socket, 401, JSON.stringify({ error: auth.error }), JSON_TYPE);
    wss.handleUpgrade(req, socket, head, (ws) => {
      const conn: Connection = { id: ++connectionIds, ws, socket, account: account(auth.key), ip, bindings: new Map(), bindLog: [], lagging: false };
      connections.add(conn);
      touch(conn);
      send(conn, `["X",0,"Z",${backendStatus}]`);
      ws.on('message', (raw) => {
        touch(conn);
        onFrame(conn, raw);
      });
      ws.on('ping', (data) => {
        touch(conn);
        if (!faultState.stalled) ws.pong(data);
      });
      ws.on('pong', () => touch(conn));
      ws.on('error', () => ws.terminate());
      ws.on('close', () => {
        if (conn.idle !== undefined) clock.clearTimeout(conn.idle);
        connections.delete(conn);
        const touched = trading.cancelOnDisconnect(conn.account, conn.id);
        touched.forEach((name) => publish(books.get(name) as MarketBook));
      });
    });
  });

  const address = await listen(server, options.host ?? '127.0.0.1', options.port ?? 0);
  const rate = options.updatesPerSecond ?? 5;
  let timer: unknown;
  let immediate: NodeJS.Immediate | undefined;
  let running = true;
  if (rate === 'firehose') {
    const pump = () => {
      immediate = undefined;
      if (!running) return;
      // Paced by the readers: events run while some connection takes them; lagging ones are skipped, then resynced.
      const reading = [...connections].some((c) => c.ws.bufferedAmount <= (c.lagging ? DRAINED_BYTES : LAGGING_BYTES));
      if (reading) {
        step(50);
        immediate = setImmediate(pump);
      } else timer = clock.setTimeout(pump, 5);
    };
    pump();
  } else if (rate > 0) {
    const intervalMs = Math.max(10, Math.floor(1000 / rate));
    let owed = 0;
    timer = clock.setInterval(() => {
      owed += (rate * intervalMs) / 1000;
      const count = Math.floor(owed);
      owed -= count;
      if (count > 0) step(count);
    }, intervalMs);
  }


  const faults = createFaultHooks(faultState, {
    drop(dropOptions) {
      for (const conn of connections) {
        if (dropOptions?.graceful === false) conn.ws.terminate();
        else conn.ws.close(1001, dropOptions?.error ?? 'simulated drop');
      }
    },
    malformed() {
      for (const conn of connections) if (conn.ws.readyState === conn.ws.OPEN) conn.ws.send('["F","BTC-USD","M",[[["+",1');
    },
  });

  return {
    url: `ws://${address.host}:${address.port}/ws`,
    faults,
    get backendStatus() {
      return backendStatus;
    },
    setBackendStatus(code) {
      const wasDown = backendStatus !== 0;
      backendStatus = code;
      for (const conn of connections) {
        send(conn, `["X",0,"Z",${code}]`);
        if (code === 0 && wasDown) for (const b of conn.bindings.values()) send(conn, snapshot(b, books, instruments, conn.account, trading));
      }
    },
    book(instrument) {
      const book = books.get(findInstrument(instruments, instrument)?.name ?? '');
      if (!book) throw new Error(`unknown instrument ${instrument}`);
      return { bids: topLevels(book.bids), asks: topLevels(book.asks) };
    },
    step,
    endBindings(feed, feedId, code) {
      for (const conn of connections) {
        for (const [key, b] of conn.bindings) {
          if (b.feed !== feed || (feedId !== undefined && canonicalId(feedId) !== canonicalId(b.feedId))) continue;
          conn.bindings.delete(key);
          send(conn, frame(b, code === undefined ? 'U' : 'Z', String(code ?? 0)));
        }
      }
    },
    setBook(instrument, bids, asks) {
      const book = books.get(findInstrument(instruments, instrument)?.name ?? '');
      if (!book) throw new Error(`unknown instrument ${instrument}`);
      replaceLevels(book, bids, asks);
      publish(book);
    },
    connections: () =>
      [...connections].map((c) => ({
        id: c.id,
        key: c.account.key,
        bindLog: [...c.bindLog],
        bindings: [...c.bindings.values()].map((b) => ({ feed: b.feed, feedId: b.feedId })),
        lagging: c.lagging,
      })),
    async close() {
      running = false;
      if (timer !== undefined) {
        clock.clearInterval(timer);
        clock.clearTimeout(timer);
      }
      if (immediate) clearImmediate(immediate);
      faultState.dispose();
      for (const conn of connections) conn.ws.terminate();
      wss.close();
      await closeServer(server);
    },
  };
}
