import { HttpTransportType, HubConnectionState } from '@microsoft/signalr';
import { Observable, Subject, filter, firstValueFrom, interval, of, take, timeout } from 'rxjs';
import type { HubConnectionContext, HubServer } from './index';
import { HubArgumentsError, HubException, createHubServer, serializeItem } from './index';
import { clientFactory, within } from './test-client';

const ROUTE = '/streams/v1/:apiKey/signalr';
const clients = clientFactory();
const teardowns = new Subject<string>();
const disconnects = new Subject<{ id: string; error?: Error }>();
const lateGate = { open: () => undefined as void, subscribed: 0, called: new Subject<void>() };
let server: HubServer;
let hubUrl: string;

beforeEach(async () => {
  server = createHubServer();
  server.hub(ROUTE, {
    onConnected: (connection) => connection.state.set('greeting', `hello ${connection.params['apiKey']}`),
    onDisconnected: (connection, error) => disconnects.next({ id: connection.id, error }),
    methods: {
      Echo: (_connection, text: string) => text,
      Add: async (_connection, a: number, b: number) => {
        if (typeof a !== 'number' || typeof b !== 'number') throw new HubArgumentsError('Invocation provides wrong arguments.');
        return a + b;
      },
      Nothing: () => undefined,
      Greeting: (connection) => connection.state.get('greeting'),
      Boom: () => {
        throw new Error('secret detail');
      },
      Refuse: () => {
        throw new HubException('Not allowed.');
      },
      Whoami: (connection) => ({ id: connection.id, params: connection.params }),
      Shout: (connection, text: string) => connection.send('ReceiveMessage', 'server', text.toUpperCase()),
      Counter: (_connection, count: number) => interval(10).pipe(take(count)),
      Late: async () => {
        const gate = new Promise<void>((resolve) => (lateGate.open = resolve));
        lateGate.called.next();
        await gate;
        return new Observable(() => {
          lateGate.subscribed++;
        });
      },
      Preserialized: () => of(serializeItem({ bid: '1.5' }), serializeItem(undefined), 3),
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
  hubUrl = (await server.listen()) + '/streams/v1/KEY/signalr';
});

afterEach(async () => {
  await clients.stopAll();
  await server.close();
});

async function started(options = {}) {
  const connection = clients.create(hubUrl, options);
  await connection.start();
  return connection;
}

function collect<T>(stream: { subscribe(s: { next(v: T): void; complete(): void; error(e: unknown): void }): unknown }) {
  return within(
    new Promise<{ items: T[]; error?: Error }>((resolve) => {
      const items: T[] = [];
      stream.subscribe({ next: (item) => items.push(item), complete: () => resolve({ items }), error: (error) => resolve({ items, error: error as Error }) });
    }),
    'stream end',
  );
}

describe('SignalR hub emulator with @microsoft/signalr: hub protocol', () => {
  it('starts and stops with negotiation (v1), reporting the server connection id', async () => {
    const connection = await started();
    expect(connection.state).toBe(HubConnectionState.Connected);
    const who = await connection.invoke<{ id: string; params: Record<string, string> }>('Whoami');
    expect(who).toEqual({ id: connection.connectionId, params: { apiKey: 'KEY' } });
    expect(server.connections(ROUTE).map((context) => context.id)).toEqual([connection.connectionId]);
    const gone = firstValueFrom(disconnects.pipe(filter((event) => event.id === who.id), timeout(5000)));
    await connection.stop();
    expect(connection.state).toBe(HubConnectionState.Disconnected);
    expect((await gone).error).toBeUndefined();
    expect(server.connections()).toEqual([]);
  });

  it('starts and stops when the client skips negotiation', async () => {
    const connection = await started({ skipNegotiation: true, transport: HttpTransportType.WebSockets });
    expect(connection.connectionId).toBeNull();
    expect(await connection.invoke('Echo', 'hi')).toBe('hi');
    expect(server.connections(ROUTE)).toHaveLength(1);
    await connection.stop();
  });

  it('declines stateful reconnect: a client that asks for it connects without it (signalr.md §12)', async () => {
    const connection = clients.create(hubUrl, {}, (builder) => builder.withStatefulReconnect());
    await connection.start();
    expect(await connection.invoke('Echo', 'plain')).toBe('plain');
  });

  it('answers invoke with results, matching method names case-insensitively, and keeps per-connection state', async () => {
    const connection = await started();
    expect(await connection.invoke('add', 2, 3)).toBe(5);
    expect(await connection.invoke('Nothing')).toBeNull();
    expect(await connection.invoke('Greeting')).toBe('hello KEY');
  });

  it.each([
    ['Boom', [], "An unexpected error occurred invoking 'Boom' on the server."],
    ['Refuse', [], "An unexpected error occurred invoking 'Refuse' on the server. HubException: Not allowed."],
    ['Missing', [], "Failed to invoke 'Missing' due to an error on the server. HubException: Method does not exist."],
    ['Add', [1], "Failed to invoke 'Add' due to an error on the server."],
    ['Counter', [2], "The client attempted to invoke the streaming 'Counter' method with a non-streaming invocation."],
  ])('rejects invoke of %s with the ASP.NET Core error text', async (method, args, text) => {
    const connection = await started();
    await expect(connection.invoke(method, ...args)).rejects.toThrow(new Error(text));
    expect(await connection.invoke('Echo', 'still up')).toBe('still up');
  });

  it('delivers server-to-client invocations for send/on: to the caller, to a connection id and to all', async () => {
    const first = await started();
    const second = await started();
    const received = (connection: typeof first, count: number) =>
      within(
        new Promise<unknown[][]>((resolve) => {
          const calls: unknown[][] = [];
          connection.on('receivemessage', (...args: unknown[]) => {
            calls.push(args);
            if (calls.length === count) resolve(calls);
          });
        }),
        'ReceiveMessage',
      );
    const toFirst = received(first, 3);
    const toSecond = received(second, 1);
    await first.send('Shout', 'hello');
    await first.invoke('Echo', 'flush');
    server.sendToConnection(first.connectionId!, 'ReceiveMessage', 'direct', 1);
    server.sendToAll(ROUTE, 'ReceiveMessage', 'all', serializeItem({ bid: 1 }));
    expect(await toFirst).toEqual([['server', 'HELLO'], ['direct', 1], ['all', { bid: 1 }]]);
    expect(await toSecond).toEqual([['all', { bid: 1 }]]);
  });

  it('streams items then completes', async () => {
    const connection = await started();
    expect(await collect(connection.stream<number>('Counter', 3))).toEqual({ items: [0, 1, 2] });
  });

  it('streams items serialized once with serializeItem', async () => {
    const connection = await started();
    expect(await collect(connection.stream('Preserialized'))).toEqual({ items: [{ bid: '1.5' }, null, 3] });
  });

  it('appends error details with detailedErrors', async () => {
    const detailed = createHubServer({ detailedErrors: true });
    detailed.hub('/hub', {
      methods: {
        Boom: () => {
          throw new TypeError('bad state');
        },
        Bind: () => {
          throw new HubArgumentsError('Invocation provides 1 argument(s) but target expects 2.');
        },
      },
    });
    const connection = clients.create((await detailed.listen()) + '/hub');
    try {
      await connection.start();
      await expect(connection.invoke('Boom')).rejects.toThrow(
        new Error("An unexpected error occurred invoking 'Boom' on the server. TypeError: bad state"),
      );
      await expect(connection.invoke('Bind', 1)).rejects.toThrow(
        new Error("Failed to invoke 'Bind' due to an error on the server. InvalidDataException: Invocation provides 1 argument(s) but target expects 2."),
      );
    } finally {
      await connection.stop();
      await detailed.close();
    }
  });

  it('ends a stream with the ASP.NET Core error texts', async () => {
    const connection = await started();
    const failed = await collect(connection.stream<number>('Failing'));
    expect(failed.items).toEqual([1]);
    expect(failed.error).toEqual(new Error('An error occurred on the server while streaming results. HubException: Feed lost.'));
    const wrongKind = await collect(connection.stream('Echo', 'x'));
    expect(wrongKind.error).toEqual(new Error("The client attempted to invoke the non-streaming 'Echo' method with a streaming invocation."));
  });

  it('tears the stream down when the client disposes it (CancelInvocation)', async () => {
    const connection = await started();
    const torndown = firstValueFrom(teardowns.pipe(filter((name) => name === 'disposed'), timeout(5000)));
    await within(
      new Promise<void>((resolve) => {
        const subscription = connection.stream<number>('Endless', 'disposed').subscribe({
          next: () => {
            subscription.dispose();
            resolve();
          },
          complete: () => undefined,
          error: () => undefined,
        });
      }),
      'first item',
    );
    await torndown;
    expect(await connection.invoke('Echo', 'after')).toBe('after');
  });

  it('tears open streams down when the connection ends', async () => {
    const connection = await started();
    const torndown = firstValueFrom(teardowns.pipe(filter((name) => name === 'stopped'), timeout(5000)));
    const first = within(new Promise((resolve) => connection.stream('Endless', 'stopped').subscribe({ next: resolve, complete: () => undefined, error: () => undefined })), 'item');
    await first;
    await connection.stop();
    await torndown;
  });

  it('does not start a stream whose method resolves after the connection closed', async () => {
    const connection = await started();
    const gone = firstValueFrom(disconnects.pipe(timeout(5000)));
    const called = firstValueFrom(lateGate.called.pipe(timeout(5000)));
    connection.stream('Late').subscribe({ next: () => undefined, complete: () => undefined, error: () => undefined });
    await called;
    await connection.stop();
    await gone;
    lateGate.open();
    await new Promise((resolve) => setImmediate(resolve));
    expect(lateGate.subscribed).toBe(0);
  });

  it('lists connection contexts per route', async () => {
    const connection = await started();
    const contexts: HubConnectionContext[] = server.connections(ROUTE);
    expect(contexts).toHaveLength(1);
    expect(contexts[0]).toMatchObject({ id: connection.connectionId, route: ROUTE, params: { apiKey: 'KEY' }, principal: undefined });
    expect(server.connections('/other')).toEqual([]);
  });
});
