import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { installClosure, readManifest, ROOT } from './packages';

const SIGNALR = ['@microsoft/signalr'];
const SOCKET_IO = ['socket.io', 'socket.io-client', 'engine.io', 'engine.io-client'];

// What installing each package alone must not pull in: no package depends on a transport it
// does not use (the venue-sim and umbrella packages use them all).
const forbidden: Record<string, string[]> = {
  '@org/auth-signing': ['ws', ...SIGNALR, ...SOCKET_IO],
  '@org/reconnect': ['ws', ...SIGNALR, ...SOCKET_IO],
  '@org/finery': [...SIGNALR, ...SOCKET_IO],
  '@org/etorox': SOCKET_IO,
  '@org/hercle': SOCKET_IO,
  '@org/marketprophit': SIGNALR,
};

test.each(Object.entries(forbidden))('installing %s pulls in no foreign transport', (name, transports) => {
  const closure = installClosure(name);
  expect(transports.filter((transport) => closure.has(transport))).toEqual([]);
});

// The engine clients come only with the engine packages: no venue package, the umbrella or the CLI pulls one in.
const ENGINE_CLIENTS = ['@nats-io/transport-node', '@nats-io/jetstream', '@nats-io/nats-core', 'redis', '@redis/client', '@org/nats', '@org/redis'];
test.each(['@org/finery', '@org/etorox', '@org/hercle', '@org/marketprophit', '@org/venues', '@org/venues-cli', '@org/bus'])('installing %s pulls in no engine client', (name) => {
  const closure = installClosure(name);
  expect(ENGINE_CLIENTS.filter((client) => closure.has(client))).toEqual([]);
});

test('each engine package pulls in its own client and not the other', () => {
  expect(installClosure('@org/nats').has('@nats-io/jetstream')).toBe(true);
  expect(installClosure('@org/nats').has('redis')).toBe(false);
  expect(installClosure('@org/redis').has('redis')).toBe(true);
  expect(installClosure('@org/redis').has('@nats-io/jetstream')).toBe(false);
});

test('the venue packages do pull in their own transport', () => {
  expect(installClosure('@org/finery').has('ws')).toBe(true);
  expect(installClosure('@org/etorox').has('@microsoft/signalr')).toBe(true);
  expect(installClosure('@org/hercle').has('@microsoft/signalr')).toBe(true);
  expect(installClosure('@org/marketprophit').has('socket.io-client')).toBe(true);
});

// The umbrella is a library for services: the venue packages are optional peers (a service
// installs those it configures), and nothing of the CLI or the simulators comes with it.
test('installing @org/venues pulls in no venue package, no server and no CLI', () => {
  const closure = installClosure('@org/venues');
  const servers = ['socket.io', 'engine.io', 'ws', 'jose', '@org/venue-sim', 'commander'];
  const venues = ['@org/finery', '@org/etorox', '@org/hercle', '@org/marketprophit'];
  expect([...servers, ...venues, ...SIGNALR, ...SOCKET_IO].filter((name) => closure.has(name))).toEqual([]);
  const manifest = readManifest(join(ROOT, 'packages', 'venues', 'package.json'));
  for (const venue of venues) {
    expect(manifest.peerDependencies?.[venue]).toBeDefined();
    expect(manifest.peerDependenciesMeta?.[venue]).toEqual({ optional: true });
  }
});

test('the built @org/venues uses no server API', () => {
  const dist = join(ROOT, 'packages', 'venues', 'dist');
  const code = readdirSync(dist, { recursive: true, encoding: 'utf8' })
    .filter((file) => /\.m?js$/.test(file))
    .map((file) => readFileSync(join(dist, file), 'utf8'))
    .join('\n');
  expect(code).not.toMatch(/WebSocketServer|createServer|from ["']socket\.io["']|require\(["']socket\.io["']\)|commander|@org\/venue-sim/);
});

test('the CLI package brings the CLI, the simulators and every venue', () => {
  const closure = installClosure('@org/venues-cli');
  for (const name of ['commander', '@org/venue-sim', '@org/venues', '@org/finery', '@org/etorox', '@org/hercle', '@org/marketprophit']) expect(closure.has(name)).toBe(true);
});
