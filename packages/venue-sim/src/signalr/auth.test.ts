import { HttpTransportType } from '@microsoft/signalr';
import type { HubRequest, HubServer } from './index';
import { createHubServer } from './index';
import { clientFactory } from './test-client';

const ROUTE = '/ExecutionLiveServer/v1';
const clients = clientFactory();
const seen: HubRequest[] = [];
let server: HubServer;
let hubUrl: string;

beforeEach(async () => {
  seen.length = 0;
  server = createHubServer();
  server.hub(ROUTE, {
    authenticate: (request) => {
      seen.push(request);
      if (request.token !== 'good-token') throw new Error('bad token');
      return { user: 'alice' };
    },
    methods: { Principal: (connection) => connection.principal },
  });
  hubUrl = (await server.listen()) + ROUTE;
});

afterEach(async () => {
  await clients.stopAll();
  await server.close();
});

describe('SignalR hub emulator: access tokens (signalr.md §2.2, §3)', () => {
  it('accepts a token from Authorization: Bearer on negotiate and on the WebSocket', async () => {
    const connection = clients.create(hubUrl, { accessTokenFactory: () => 'good-token' });
    await connection.start();
    expect(await connection.invoke('Principal')).toEqual({ user: 'alice' });
    expect(seen.map((request) => request.headers.authorization)).toEqual(['Bearer good-token', 'Bearer good-token']);
  });

  it('accepts a token from the access_token query parameter (browsers, @aspnet/signalr 1.x)', async () => {
    const connection = clients.create(hubUrl + '?access_token=good-token');
    await connection.start();
    expect(await connection.invoke('Principal')).toEqual({ user: 'alice' });
    expect(seen.every((request) => request.headers.authorization === undefined && request.token === 'good-token')).toBe(true);
  });

  it('answers negotiate with 401 for a rejected token: start() rejects naming 401', async () => {
    const connection = clients.create(hubUrl, { accessTokenFactory: () => 'wrong' });
    await expect(connection.start()).rejects.toThrow(
      new Error("Failed to complete negotiation with the server: Error: Unauthorized: Status code '401'"),
    );
    expect(server.connections()).toEqual([]);
  });

  it('refuses the WebSocket upgrade of a skip-negotiation client with a rejected token', async () => {
    const connection = clients.create(hubUrl, {
      skipNegotiation: true,
      transport: HttpTransportType.WebSockets,
      accessTokenFactory: () => 'wrong',
    });
    await expect(connection.start()).rejects.toThrow('WebSocket failed to connect.');
    expect(server.connections()).toEqual([]);
  });
});
