import type { HubConnection, IHttpConnectionOptions } from '@microsoft/signalr';
import { HttpTransportType, HubConnectionBuilder, HubConnectionState, LogLevel } from '@microsoft/signalr';
import { Observable, Subject, filter, firstValueFrom, interval, take, timeout } from 'rxjs';
import type { HubServer } from './index';
import { HubException, createHubServer } from './index';

const ROUTE = '/streams/v1/:apiKey/signalr';

let server: HubServer;
let base: string;
const clients: HubConnection[] = [];
const teardowns = new Subject<string>();

function client(path: string, options: IHttpConnectionOptions = {}, configure?: (builder: HubConnectionBuilder) => void): HubConnection {
  const builder = new HubConnectionBuilder().withUrl(base + path, options).configureLogging(LogLevel.None);
  configure?.(builder);
  const connection = builder.build();
  clients.push(connection);
  return connection;
}

beforeEach(async () => {
  server = createHubServer();
  server.hub(ROUTE, {
    methods: {
      Echo: (_connection, text: string) => text,
      Add: async (_connection, a: number, b: number) => a + b,
      Boom: () => {
        throw new Error('secret detail');
      },
      Refuse: () => {
        throw new HubException('Not allowed.');
      },
      Whoami: (connection) => ({ id: connection.id, params: connection.params, correlationId: connection.query.get('correlationId') }),
      Shout: (connection, text: string) => connection.send('ReceiveMessage', 'server', text.toUpperCase()),
      Counter: (_connection, count: number) => interval(10).pipe(take(count)),
      Failing: () =>
        new Observable<number>((subscriber) => {
          subscriber.next(1);
          subscriber.error(new HubException('Feed lost.'));
        }),
      Endless: (_connection, name: string) =>
        new Observable<number>((subscriber) => {
          const timer = setInterval(() => subscriber.next(1), 5);
          return () => {
            clearInterval(timer);
            teardowns.next(name);
          };
        }),
    },
  });
  base = await server.listen();
});

afterEach(async () => {
  await Promise.all(clients.splice(0).map((connection) => connection.stop()));
  await server.close();
});

describe('SignalR hub emulator with @microsoft/signalr', () => {
  it('starts and stops with negotiation (v1), reporting the server connection id', async () => {
    const connection = client('/streams/v1/KEY/signalr');
    await connection.start();
    expect(connection.state).toBe(HubConnectionState.Connected);
    const who = await connection.invoke<{ id: string; params: Record<string, string> }>('Whoami');
    expect(who.id).toBe(connection.connectionId);
    expect(who.params).toEqual({ apiKey: 'KEY' });
    expect(server.connections(ROUTE).map((context) => context.id)).toEqual([connection.connectionId]);
    await connection.stop();
    expect(connection.state).toBe(HubConnectionState.Disconnected);
  });

  it('starts and stops when the client skips negotiation', async () => {
    const connection = client('/streams/v1/KEY/signalr', { skipNegotiation: true, transport: HttpTransportType.WebSockets });
    await connection.start();
    expect(connection.connectionId).toBeNull();
    expect(await connection.invoke('Echo', 'hi')).toBe('hi');
    await connection.stop();
  });

  it('answers invoke with a result, and with ASP.NET error texts', async () => {
    const connection = client('/streams/v1/KEY/signalr');
    await connection.start();
    expect(await connection.invoke('add', 2, 3)).toBe(5);
    await expect(connection.invoke('Boom')).rejects.toThrow(
      new Error("An unexpected error occurred invoking 'Boom' on the server."),
    );
    await expect(connection.invoke('Refuse')).rejects.toThrow(
      new Error("An unexpected error occurred invoking 'Refuse' on the server. HubException: Not allowed."),
    );
    await expect(connection.invoke('Missing')).rejects.toThrow(
      new Error("Failed to invoke 'Missing' due to an error on the server. HubException: Method does not exist."),
    );
    await expect(connection.invoke('Counter', 2)).rejects.toThrow(
      new Error("The client attempted to invoke the streaming 'Counter' method with a non-streaming invocation."),
    );
  });

  it('delivers server-to-client invocations for send/on', async () => {
    const connection = client('/streams/v1/KEY/signalr');
    const received = new Promise<unknown[]>((resolve) => connection.on('receivemessage', (...args: unknown[]) => resolve(args)));
    await connection.start();
    await connection.send('Shout', 'hello');
    expect(await received).toEqual(['server', 'HELLO']);
  });

  it('streams items then completes', async () => {
    const connection = client('/streams/v1/KEY/signalr');
    await connection.start();
    const items = await new Promise<number[]>((resolve, reject) => {
      const seen: number[] = [];
      connection.stream<number>('Counter', 3).subscribe({ next: (item) => seen.push(item), complete: () => resolve(seen), error: reject });
    });
    expect(items).toEqual([0, 1, 2]);
  });

  it('tears the stream down when the client disposes it', async () => {
    const connection = client('/streams/v1/KEY/signalr');
    await connection.start();
    const stream = connection.stream<number>('Endless', 'first');
    const torndown = firstValueFrom(teardowns.pipe(filter((name) => name === 'first'), timeout(5000)));
    await new Promise<void>((resolve) => {
      const subscription = stream.subscribe({
        next: () => {
          subscription.dispose();
          resolve();
        },
        complete: () => undefined,
        error: () => undefined,
      });
    });
    await torndown;
    expect(await connection.invoke('Echo', 'after')).toBe('after');
  });
});
