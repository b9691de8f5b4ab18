/**
 * The loop over real TCP sockets on 127.0.0.1 (node:net, a line protocol: this package depends
 * on no transport): drops, replay of the subscription registry, the idle watchdog, teardown.
 */
import { createServer, connect as netConnect } from 'node:net';
import type { AddressInfo, Socket } from 'node:net';
import { filter, firstValueFrom, Observable, ReplaySubject, startWith, timeout } from 'rxjs';
import type { Subscription } from 'rxjs';
import { IdleTimeoutError } from './errors';
import { idleTimeout } from './idle';
import { reconnect } from './reconnect';
import { createSubscriptionRegistry } from './registry';
import type { ConnectionState } from './state';

const WAIT_MS = 5_000;

/** Splits a socket's text into lines. */
function onLines(socket: Socket, handle: (line: string) => void): void {
  let buffer = '';
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => {
    buffer += chunk;
    for (let end = buffer.indexOf('\n'); end >= 0; end = buffer.indexOf('\n')) {
      handle(buffer.slice(0, end));
      buffer = buffer.slice(end + 1);
    }
  });
}

/** A line server: greets every connection with `hello`, records what each connection sent. */
async function startLineServer() {
  const sockets = new Set<Socket>();
  const received: string[][] = [];
  const lines$ = new ReplaySubject<{ connection: number; line: string }>();
  const closed$ = new ReplaySubject<number>();
  const server = createServer((socket) => {
    const connection = received.length;
    const lines: string[] = [];
    received.push(lines);
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => {
      sockets.delete(socket);
      closed$.next(connection);
    });
    onLines(socket, (line) => {
      lines.push(line);
      lines$.next({ connection, line });
    });
    socket.write('hello\n');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    sockets,
    received,
    line: (connection: number, line: string) =>
      firstValueFrom(
        lines$.pipe(
          filter((l) => l.connection === connection && l.line === line),
          timeout(WAIT_MS)
        )
      ),
    closed: (connection: number) =>
      firstValueFrom(
        closed$.pipe(
          filter((c) => c === connection),
          timeout(WAIT_MS)
        )
      ),
    broadcast: (line: string) => sockets.forEach((socket) => socket.write(`${line}\n`)),
    dropAll: () => sockets.forEach((socket) => socket.destroy()),
    close: () =>
      new Promise<void>((resolve) => {
        sockets.forEach((socket) => socket.destroy());
        server.close(() => resolve());
      }),
  };
}

/** A minimal venue-style client on the line server, built the way the README shows. */
function lineClient(port: number, idleMs: number) {
  const subs = createSubscriptionRegistry<string, string>();
  let current: Socket | undefined;
  const open = new Set<Socket>();
  const socketClosed$ = new ReplaySubject<void>();
  const conn = reconnect<string>({
    policy: { initialDelayMs: 20, maxDelayMs: 100 },
    connect: ({ connected }) =>
      new Observable<string>((subscriber) => {
        const socket = netConnect(port, '127.0.0.1');
        open.add(socket);
        socket.on('connect', () => {
          current = socket;
          connected();
          subs.replay((line) => socket.write(`${line}\n`));
        });
        onLines(socket, (line) => subscriber.next(line));
        socket.on('error', (error) => subscriber.error(error));
        socket.on('close', () => {
          open.delete(socket);
          socketClosed$.next();
          subscriber.error(new Error('socket closed'));
        });
        return () => {
          if (current === socket) current = undefined;
          socket.destroy();
        };
      }).pipe(idleTimeout(idleMs)),
  });
  const subscribe = (line: string) => {
    if (subs.add(line, line)) current?.write(`${line}\n`);
  };
  const send = (line: string) => current?.write(`${line}\n`);
  const state = (predicate: (s: ConnectionState) => boolean) =>
    firstValueFrom(conn.state$.pipe(filter(predicate), timeout(WAIT_MS)));
  /** Resolves once every socket this client opened has emitted 'close'. */
  const allClosed = () =>
    firstValueFrom(
      socketClosed$.pipe(
        startWith(undefined),
        filter(() => open.size === 0),
        timeout(WAIT_MS)
      )
    );
  return { conn, subs, subscribe, send, state, allClosed };
}

describe('reconnect over loopback TCP', () => {
  let server: Awaited<ReturnType<typeof startLineServer>>;
  let subscription: Subscription | undefined;
  beforeEach(async () => {
    server = await startLineServer();
  });
  afterEach(async () => {
    subscription?.unsubscribe();
    await server.close();
  });

  it('reconnects after drops and replays each active subscription exactly once per connection', async () => {
    const client = lineClient(server.port, 60_000);
    const data: string[] = [];
    subscription = client.conn.data$.subscribe((line) => data.push(line));
    await client.state((s) => s.status === 'connected');
    client.subscribe('SUB BTCUSDT');
    client.subscribe('SUB ETHUSDT');
    client.subscribe('SUB BTCUSDT'); // already active: not sent again
    await server.line(0, 'SUB ETHUSDT');

    server.dropAll();
    await server.line(1, 'SUB ETHUSDT');
    client.send('MARK');
    await server.line(1, 'MARK');
    expect(server.received[1]).toEqual(['SUB BTCUSDT', 'SUB ETHUSDT', 'MARK']);

    client.subs.delete('SUB BTCUSDT');
    server.dropAll();
    await server.line(2, 'SUB ETHUSDT');
    client.send('MARK');
    await server.line(2, 'MARK');
    expect(server.received[2]).toEqual(['SUB ETHUSDT', 'MARK']);
    expect(server.received[0]).toEqual(['SUB BTCUSDT', 'SUB ETHUSDT']);

    server.broadcast('tick');
    await firstValueFrom(
      client.conn.data$.pipe(
        filter((l) => l === 'tick'),
        timeout(WAIT_MS)
      )
    );
    expect(data.filter((l) => l === 'hello')).toHaveLength(3);
  });

  it('catches a stream that goes stale on an open socket, reconnects, and tears down on unsubscribe', async () => {
    const client = lineClient(server.port, 150);
    subscription = client.conn.data$.subscribe();
    const stale = await client.state((s) => s.status === 'reconnecting');
    expect(stale.error).toBeInstanceOf(IdleTimeoutError);
    expect(stale.error?.message).toBe('No data received for 150 ms');
    await client.state((s) => s.status === 'connected');
    await server.closed(0); // the stale connection was closed by the client
    subscription.unsubscribe();
    expect(client.conn.state.status).toBe('closed');
    await client.allClosed();
  });
});
