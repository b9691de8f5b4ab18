import { createManualClock } from '../clock';
import type { HubServer, HubServerOptions } from './index';
import { createHubServer } from './index';
import type { RawSocket } from './test-client';
import { clientFactory, openRaw } from './test-client';

const ROUTE = '/streams/v1/{apiKey}/signalr';
const RS = '\x1e';
const clients = clientFactory();
const sockets: RawSocket[] = [];
let server: HubServer;
let base: string;

beforeEach(async () => {
  server = createHubServer({ keepAliveIntervalMs: 60_000 });
  server.hub(ROUTE, {
    methods: {
      Echo: (_connection, text: string) => text,
      Whoami: (connection) => ({ id: connection.id, correlationId: connection.query.get('correlationId'), apiKey: connection.params['apiKey'] }),
    },
  });
  base = await server.listen();
});

afterEach(async () => {
  await clients.stopAll();
  sockets.splice(0).forEach((raw) => raw.socket.terminate());
  await server.close();
});

/** Replaces the server with one built from `options` and an empty hub. */
async function restart(options: HubServerOptions): Promise<void> {
  await server.close();
  server = createHubServer(options);
  server.hub(ROUTE, { methods: {} });
  base = await server.listen();
}

async function negotiate(query: string, method = 'POST'): Promise<{ status: number; body: Record<string, unknown> | string }> {
  const response = await fetch(`${base}/streams/v1/KEY/signalr/negotiate${query}`, { method });
  const text = await response.text();
  const json = response.headers.get('content-type') === 'application/json';
  return { status: response.status, body: json ? (JSON.parse(text) as Record<string, unknown>) : text };
}

async function raw(query: string, headers?: Record<string, string>): Promise<RawSocket> {
  const socket = await openRaw(`${base}/streams/v1/KEY/signalr${query}`, headers);
  sockets.push(socket);
  return socket;
}

async function handshaken(query: string): Promise<RawSocket> {
  const socket = await raw(query);
  socket.send('{"protocol":"json","version":1}' + RS);
  expect(await socket.next()).toBe('{}');
  return socket;
}

describe('SignalR hub emulator: negotiate and the wire (signalr.md §2–§6)', () => {
  it('answers negotiate v0 on an old-style URL with a correlationId query, and connects with id = connectionId', async () => {
    const { status, body } = await negotiate('?correlationId=abc');
    expect(status).toBe(200);
    expect(body).toEqual({
      negotiateVersion: 0,
      connectionId: expect.any(String),
      availableTransports: [{ transport: 'WebSockets', transferFormats: ['Text', 'Binary'] }],
    });
    const connectionId = (body as { connectionId: string }).connectionId;
    const socket = await handshaken(`?correlationId=abc&id=${connectionId}`);
    socket.send(`{"arguments":[],"invocationId":"0","target":"Whoami","type":1}${RS}`);
    expect(JSON.parse(await socket.next())).toEqual({
      type: 3,
      invocationId: '0',
      result: { id: connectionId, correlationId: 'abc', apiKey: 'KEY' },
    });
  });

  it('lets the official client connect through negotiate v0, keeping the correlationId query', async () => {
    const connection = clients.create(`${base}/streams/v1/KEY/signalr?correlationId=abc&negotiateVersion=0`);
    await connection.start();
    const who = await connection.invoke<{ id: string; correlationId: string }>('Whoami');
    expect(who).toEqual({ id: connection.connectionId, correlationId: 'abc', apiKey: 'KEY' });
  });

  it('answers negotiate v1 with a connection token, clamping higher versions', async () => {
    const { body } = await negotiate('?negotiateVersion=7');
    expect(body).toEqual({
      negotiateVersion: 1,
      connectionId: expect.any(String),
      connectionToken: expect.any(String),
      availableTransports: [{ transport: 'WebSockets', transferFormats: ['Text', 'Binary'] }],
    });
    const { connectionId, connectionToken } = body as { connectionId: string; connectionToken: string };
    expect(connectionToken).not.toBe(connectionId);
    await expect(raw(`?id=${connectionId}`)).rejects.toThrow('Unexpected server response: 404');
    await handshaken(`?id=${connectionToken}`);
    await expect(raw(`?id=${connectionToken}`)).rejects.toThrow('Unexpected server response: 409');
    await expect(raw('?id=unknown')).rejects.toThrow('Unexpected server response: 404');
  });

  it('answers negotiate errors with HTTP 200 {"error"}, which start() rejects with', async () => {
    expect(await negotiate('?negotiateVersion=x')).toEqual({ status: 200, body: { error: 'The client requested a non-integer protocol version.' } });
    expect(await negotiate('?negotiateVersion=-1')).toEqual({
      status: 200,
      body: { error: "The client requested version '-1', but the server does not support this version." },
    });
    expect((await negotiate('', 'GET')).status).toBe(405);
    const connection = clients.create(`${base}/streams/v1/KEY/signalr?negotiateVersion=x`);
    await expect(connection.start()).rejects.toThrow(new Error('The client requested a non-integer protocol version.'));
  });

  it('reports misuse: url before listen(), a route mapped twice, method names differing only in case', async () => {
    const fresh = createHubServer();
    expect(() => fresh.url).toThrow('The hub server is not listening: await listen() first.');
    fresh.hub('/a', { methods: {} });
    expect(() => fresh.hub('/a', { methods: {} })).toThrow("A hub is already mapped at '/a'.");
    expect(() => fresh.hub('/b', { methods: { Go: () => 1, go: () => 2 } })).toThrow(
      "Hub at '/b' has two methods named 'go' (names are case-insensitive).",
    );
    await fresh.close();
  });

  it('answers 404 for a path that is not a hub', async () => {
    const response = await fetch(`${base}/nothing/negotiate?negotiateVersion=1`, { method: 'POST' });
    expect(response.status).toBe(404);
    await expect(openRaw(`${base}/nothing`)).rejects.toThrow('Unexpected server response: 404');
  });

  it.each([
    ['{"protocol":"messagepack","version":1}', "The protocol 'messagepack' is not supported."],
    ['{"protocol":"json","version":3}', "The server does not support version 3 of the 'json' protocol."],
  ])('refuses the handshake %s with a handshake error', async (request, error) => {
    const socket = await raw('');
    socket.send(request + RS);
    expect(JSON.parse(await socket.next())).toEqual({ error });
    expect(await socket.closed).toBe(1000);
    expect(server.connections()).toEqual([]);
  });

  it('drives keep-alive Pings and the client timeout from the injected clock (defaults 15 s / 30 s)', async () => {
    const clock = createManualClock();
    await restart({ clock });
    const socket = await handshaken('');
    clock.advance(15_000);
    expect(await socket.next({ pings: true })).toBe('{"type":6}');
    clock.advance(15_000);
    expect(await socket.next({ pings: true })).toBe('{"type":6}');
    expect(server.connections()).toHaveLength(1);
    clock.advance(1_000);
    expect(JSON.parse(await socket.next())).toEqual({ type: 7, error: 'Connection closed with an error.', allowReconnect: true });
    expect(await socket.closed).toBe(1000);
  });

  it('cancels a handshake that does not arrive within handshakeTimeoutMs', async () => {
    await restart({ handshakeTimeoutMs: 50 });
    const socket = await raw('');
    expect(JSON.parse(await socket.next())).toEqual({ error: 'Handshake was canceled.' });
    expect(await socket.closed).toBe(1000);
  });

  it('reads several messages from one frame, the handshake included, and messages split across frames', async () => {
    const socket = await raw('');
    socket.send(
      '{"protocol":"json","version":1}' + RS +
        `{"type":6}${RS}{"arguments":["a"],"invocationId":"0","target":"Echo","type":1}${RS}{"arguments":["b"],"invocationId":"1","target":"echo","type":1}${RS}{"argu`,
    );
    socket.send(`ments":["c"],"invocationId":"2","target":"Echo","type":1}${RS}`);
    expect(await socket.next()).toBe('{}');
    expect(await socket.next()).toBe('{"type":3,"invocationId":"0","result":"a"}');
    expect(await socket.next()).toBe('{"type":3,"invocationId":"1","result":"b"}');
    expect(await socket.next()).toBe('{"type":3,"invocationId":"2","result":"c"}');
  });

  it('gives no reply to an Invocation without invocationId', async () => {
    const socket = await handshaken('');
    socket.send(`{"arguments":["quiet"],"target":"Echo","type":1}${RS}{"arguments":["loud"],"invocationId":"5","target":"Echo","type":1}${RS}`);
    expect(await socket.next()).toBe('{"type":3,"invocationId":"5","result":"loud"}');
  });

  it('closes with Close "Connection closed with an error." on a protocol violation', async () => {
    const socket = await handshaken('');
    socket.send(`{"invocationId":"0","type":1}${RS}`);
    expect(JSON.parse(await socket.next())).toEqual({ type: 7, error: 'Connection closed with an error.', allowReconnect: true });
    expect(await socket.closed).toBe(1000);
  });

  it('closes the socket when the client sends Close', async () => {
    const socket = await handshaken('');
    socket.send(`{"type":7}${RS}`);
    expect(await socket.closed).toBe(1000);
  });

  it('sends keep-alive Pings every keepAliveIntervalMs', async () => {
    await restart({ keepAliveIntervalMs: 20 });
    const socket = await handshaken('');
    expect(await socket.next({ pings: true })).toBe('{"type":6}');
    expect(await socket.next({ pings: true })).toBe('{"type":6}');
  });

  describe('MaximumReceiveMessageSize 32 KB (signalr.md §7)', () => {
    const invocation = (text: string) => `{"arguments":[${JSON.stringify(text)}],"invocationId":"1","target":"Echo","type":1}${RS}`;

    it('answers a complete message just under the limit', async () => {
      const socket = await handshaken('');
      socket.send(invocation('x'.repeat(32_000)));
      expect(JSON.parse(await socket.next())).toEqual({ type: 3, invocationId: '1', result: 'x'.repeat(32_000) });
    });

    it.each([
      ['a complete 40 KB message', invocation('x'.repeat(40_000))],
      ['a complete message of 12 000 three-byte characters (36 KB of UTF-8)', invocation('€'.repeat(12_000))],
      ['a complete message after a valid one in the same frame', `{"type":6}${RS}${invocation('x'.repeat(40_000))}`],
      ['an unterminated 40 KB remainder', '{"type":1,"target":"Echo","arguments":["' + 'x'.repeat(40_000)],
    ])('closes the connection with an error on %s, and serves others', async (_label, frame) => {
      const [socket, other] = [await handshaken(''), await handshaken('')];
      socket.send(frame);
      expect(JSON.parse(await socket.next())).toEqual({ type: 7, error: 'Connection closed with an error.', allowReconnect: true });
      expect(await socket.closed).toBe(1000);
      other.send(invocation('still here'));
      expect(JSON.parse(await other.next())).toEqual({ type: 3, invocationId: '1', result: 'still here' });
    });

    it('refuses a 16 MB frame at the WebSocket layer (1009) without buffering it', async () => {
      const socket = await handshaken('');
      socket.send(invocation('x'.repeat(16 * 1024 * 1024)));
      expect(await socket.closed).toBe(1009);
      const other = await handshaken('');
      other.send(invocation('after'));
      expect(JSON.parse(await other.next())).toEqual({ type: 3, invocationId: '1', result: 'after' });
    });
  });
});
