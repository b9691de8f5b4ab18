import { installClosure } from './packages';

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

test('the venue packages do pull in their own transport', () => {
  expect(installClosure('@org/finery').has('ws')).toBe(true);
  expect(installClosure('@org/etorox').has('@microsoft/signalr')).toBe(true);
  expect(installClosure('@org/hercle').has('@microsoft/signalr')).toBe(true);
  expect(installClosure('@org/marketprophit').has('socket.io-client')).toBe(true);
});
