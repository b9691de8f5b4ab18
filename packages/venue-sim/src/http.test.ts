import { createServer } from 'node:http';
import type { Server } from 'node:http';
import WebSocket from 'ws';
import { closeServer, listen, rejectUpgrade } from './http';

const servers: Server[] = [];
const server = (): Server => {
  const created = createServer((_request, response) => response.end('ok'));
  servers.push(created);
  return created;
};
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => closeServer(s)));
});

describe('listen', () => {
  it('resolves the bound host and the picked port', async () => {
    const address = await listen(server(), '127.0.0.1', 0);
    expect(address.host).toBe('127.0.0.1');
    expect(address.port).toBeGreaterThan(0);
    expect(await (await fetch(`http://${address.host}:${address.port}/`)).text()).toBe('ok');
  });

  it('rejects with EADDRINUSE when the port is taken', async () => {
    const { port } = await listen(server(), '127.0.0.1', 0);
    await expect(listen(server(), '127.0.0.1', port)).rejects.toMatchObject({ code: 'EADDRINUSE' });
  });
});

describe('rejectUpgrade', () => {
  it('answers the upgrade with the status, its reason phrase, the content type and the body', async () => {
    const s = server();
    s.on('upgrade', (_request, socket) => rejectUpgrade(socket, 429, '{"error":1}', 'application/json'));
    const { host, port } = await listen(s, '127.0.0.1', 0);
    const ws = new WebSocket(`ws://${host}:${port}/`);
    const response = await new Promise<{ status?: number; reason?: string; type?: string; body: string }>((resolve, reject) => {
      ws.on('error', reject);
      ws.on('unexpected-response', (_request, res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode, reason: res.statusMessage, type: res.headers['content-type'], body }));
      });
    });
    ws.terminate();
    expect(response).toEqual({ status: 429, reason: 'Too Many Requests', type: 'application/json', body: '{"error":1}' });
  });
});

describe('closeServer', () => {
  it('ends open keep-alive connections and stops listening', async () => {
    const s = server();
    const { host, port } = await listen(s, '127.0.0.1', 0);
    const url = `http://${host}:${port}/`;
    expect(await (await fetch(url)).text()).toBe('ok');
    await closeServer(s);
    expect(s.listening).toBe(false);
    await expect(fetch(url)).rejects.toThrow();
  });

  it('resolves for a server that never listened', async () => {
    await expect(closeServer(server())).resolves.toBeUndefined();
  });
});
