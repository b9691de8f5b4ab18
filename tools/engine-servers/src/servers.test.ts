import { createConnection } from 'node:net';
import { missingServerMessage, startNatsServer, startRedisServer } from './servers';
import type { EngineServer } from './servers';

const connects = (url: string): Promise<boolean> =>
  new Promise((resolve) => {
    const { hostname, port } = new URL(url);
    const socket = createConnection({ host: hostname, port: Number(port) }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });

test.each([
  ['nats', startNatsServer],
  ['redis', startRedisServer],
] as const)('a private %s server starts on a free port, is killed and starts again on the same port', async (_name, start) => {
  const server: EngineServer = await start();
  try {
    expect(await connects(server.url)).toBe(true);
    if (!server.private) return;
    await server.kill();
    expect(await connects(server.url)).toBe(false);
    await server.start();
    expect(await connects(server.url)).toBe(true);
  } finally {
    await server.close();
  }
});

test('without a binary and without the variable, the error names the Debian package', () => {
  expect(missingServerMessage('nats-server', 'NATS_URL')).toMatch(/Debian's nats-server package \(apt-get install -y nats-server\)/);
  expect(missingServerMessage('redis-server', 'REDIS_URL')).toMatch(/REDIS_URL/);
});
