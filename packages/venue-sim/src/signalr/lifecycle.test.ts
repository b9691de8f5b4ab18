import type { HubConnection } from '@microsoft/signalr';
import { HubConnectionState } from '@microsoft/signalr';
import { Subject, firstValueFrom, timeout } from 'rxjs';
import type { Clock } from '../clock';
import { systemClock } from '../clock';
import type { HubServer, HubServerOptions } from './index';
import { createHubServer } from './index';
import { clientFactory, closed, openRaw, reconnected, reconnecting } from './test-client';

const ROUTE = '/hub';
const clients = clientFactory();
const disconnects = new Subject<Error | undefined>();
let server: HubServer | undefined;

async function startServer(options: HubServerOptions = {}): Promise<string> {
  server = createHubServer(options);
  server.hub(ROUTE, {
    onDisconnected: (_connection, error) => disconnects.next(error),
    methods: {
      Echo: (_connection, text: string) => text,
      Kick: (connection, error?: string, allowReconnect?: boolean) => connection.close({ error, allowReconnect }),
    },
  });
  return (await server.listen()) + ROUTE;
}

async function connect(url: string, reconnect: boolean, options: { serverTimeoutMs?: number; keepAliveMs?: number } = {}): Promise<HubConnection> {
  const connection = clients.create(url, {}, (builder) => {
    if (reconnect) builder.withAutomaticReconnect([0, 0, 0]);
  });
  if (options.serverTimeoutMs !== undefined) connection.serverTimeoutInMilliseconds = options.serverTimeoutMs;
  if (options.keepAliveMs !== undefined) connection.keepAliveIntervalInMilliseconds = options.keepAliveMs;
  await connection.start();
  return connection;
}

afterEach(async () => {
  await clients.stopAll();
  await server?.close();
  server = undefined;
});

describe('SignalR hub emulator: Close, reconnect, keep-alive, faults (signalr.md §7, §8, §13)', () => {
  it('ends the connection on a Close with error, without reconnecting even with a retry policy', async () => {
    const connection = await connect(await startServer(), true);
    let reconnects = 0;
    connection.onreconnecting(() => reconnects++);
    const ended = closed(connection);
    connection.invoke('Kick', 'Session replaced.').catch(() => undefined);
    expect(await ended).toEqual(new Error('Server returned an error on close: Session replaced.'));
    expect(reconnects).toBe(0);
    expect(connection.state).toBe(HubConnectionState.Disconnected);
  });

  it('makes a client with withAutomaticReconnect reconnect on a Close with allowReconnect', async () => {
    const connection = await connect(await startServer(), true);
    const firstId = connection.connectionId;
    const retrying = reconnecting(connection);
    const back = reconnected(connection);
    server!.faults.drop({ error: 'Server restarting.' });
    expect(await retrying).toEqual(new Error('Server returned an error on close: Server restarting.'));
    const newId = await back;
    expect(newId).not.toBe(firstId);
    expect(server!.connections().map((context) => context.id)).toEqual([newId]);
    expect(await connection.invoke('Echo', 'back')).toBe('back');
  });

  it('makes a client with withAutomaticReconnect reconnect when the socket drops without a Close', async () => {
    const connection = await connect(await startServer(), true);
    const retrying = reconnecting(connection);
    const back = reconnected(connection);
    const serverSaw = firstValueFrom(disconnects.pipe(timeout(5000)));
    server!.faults.drop({ graceful: false });
    expect((await retrying)?.message).toMatch(/^WebSocket closed with status code: 1006/);
    expect(await serverSaw).toBeInstanceOf(Error);
    await back;
    expect(await connection.invoke('Echo', 'back')).toBe('back');
  });

  it('keeps a silent connection up through three client server-timeouts with server pings', async () => {
    const connection = await connect(await startServer({ keepAliveIntervalMs: 100 }), false, { serverTimeoutMs: 1500, keepAliveMs: 500 });
    let ended = false;
    connection.onclose(() => (ended = true));
    await new Promise((resolve) => setTimeout(resolve, 3 * 1500));
    expect(ended).toBe(false);
    expect(connection.state).toBe(HubConnectionState.Connected);
    expect(await connection.invoke('Echo', 'alive')).toBe('alive');
  });

  it('lets the client time out while the server stalls', async () => {
    const connection = await connect(await startServer({ keepAliveIntervalMs: 100 }), false, { serverTimeoutMs: 500, keepAliveMs: 200 });
    const ended = closed(connection);
    server!.faults.stall();
    expect(await ended).toEqual(new Error('Server timeout elapsed without receiving a message from the server.'));
  });

  it('closes a client that sent nothing within clientTimeoutMs with ASP.NET Core\'s Close error', async () => {
    const connection = await connect(await startServer({ clientTimeoutMs: 300 }), false, { keepAliveMs: 60_000, serverTimeoutMs: 120_000 });
    const ended = closed(connection);
    const serverSaw = firstValueFrom(disconnects.pipe(timeout(5000)));
    expect(await ended).toEqual(new Error('Server returned an error on close: Connection closed with an error.'));
    expect((await serverSaw)?.message).toBe("Client hasn't sent a message/ping within the configured ClientTimeoutInterval.");
  });

  it('sends a malformed frame that the client rejects', async () => {
    const connection = await connect(await startServer(), false);
    const ended = closed(connection);
    server!.faults.malformed();
    expect(await ended).toEqual(new Error('Message is incomplete.'));
  });

  it('sends Close with an error after the handshake when an async onConnected rejects', async () => {
    server = createHubServer();
    server.hub(ROUTE, {
      onConnected: async () => {
        throw new Error('no capacity');
      },
      methods: {},
    });
    const socket = await openRaw((await server.listen()) + ROUTE);
    socket.send('{"protocol":"json","version":1}\x1e');
    expect(await socket.next()).toBe('{}');
    expect(JSON.parse(await socket.next())).toEqual({ type: 7, error: 'Connection closed with an error.', allowReconnect: true });
    expect(await socket.closed).toBe(1000);
  });

  it('refuses new connections for a period, by its clock', async () => {
    let offset = 0;
    const clock: Clock = { ...systemClock, now: () => Date.now() + offset };
    const url = await startServer({ clock });
    server!.faults.refuse(60_000);
    await expect(clients.create(url).start()).rejects.toThrow("Status code '503'");
    offset = 60_000;
    const connection = await connect(url, false);
    expect(await connection.invoke('Echo', 'in')).toBe('in');
  });

  it('sends Close with allowReconnect to every connection on close()', async () => {
    const connection = await connect(await startServer(), true);
    const retrying = reconnecting(connection);
    await server!.close();
    expect(await retrying).toBeUndefined();
  });
});
