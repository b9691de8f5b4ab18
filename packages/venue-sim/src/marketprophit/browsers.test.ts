import { filter, firstValueFrom, timeout } from 'rxjs';
import { createManualClock } from '../clock';
import type { ManualClock } from '../clock';
import { startMarketProphitSimulator } from './simulator';
import type { MarketProphitSimEvent, MarketProphitSimulator, MarketProphitSimulatorOptions } from './simulator';
import { marketProphitDemoCredentials } from './token';

/** The slice of socket.io-client 2.x (Engine.IO 3) this file uses; the package ships no types. */
interface V2Socket {
  on(event: string, listener: (...args: unknown[]) => void): void;
  emit(event: string, ...args: unknown[]): void;
  close(): void;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports -- the npm alias of socket.io-client 2.x has no typings
const ioV2 = require('socket.io-client-v2') as (url: string, options: object) => V2Socket;

const START = Date.UTC(2014, 8, 15, 9, 3, 30);
const PAGE = 'http://127.0.0.1:5173';
const BASIC = `Basic ${Buffer.from(`${marketProphitDemoCredentials.secretKey}:`).toString('base64')}`;
let clock: ManualClock;
let sim: MarketProphitSimulator;

const start = async (options: MarketProphitSimulatorOptions = {}): Promise<void> => {
  clock = createManualClock(START);
  sim = await startMarketProphitSimulator({ clock, ...options });
};

afterEach(() => sim.close());

const token = async (): Promise<string> =>
  ((await (await fetch(`${sim.url}/jwt`, { method: 'POST', headers: { authorization: BASIC } })).json()) as { token: string }).token;

const cors = (response: Response) => ({
  origin: response.headers.get('access-control-allow-origin'),
  credentials: response.headers.get('access-control-allow-credentials'),
  vary: response.headers.get('vary'),
});

const preflight = (path: string, origin: string, headers = 'authorization') =>
  fetch(`${sim.url}${path}`, {
    method: 'OPTIONS',
    headers: { origin, 'access-control-request-method': path === '/jwt' ? 'POST' : 'GET', 'access-control-request-headers': headers },
  });

describe('CORS, origins "*" (default, marketprophit.md §2.1)', () => {
  beforeEach(() => start());

  it('POST /jwt: "*" without an Origin; a page origin echoed with credentials allowed', async () => {
    expect(cors(await fetch(`${sim.url}/jwt`, { method: 'POST', headers: { authorization: BASIC } }))).toEqual({ origin: '*', credentials: null, vary: null });
    const fromPage = await fetch(`${sim.url}/jwt`, { method: 'POST', headers: { authorization: BASIC, origin: PAGE } });
    expect(fromPage.status).toBe(200);
    expect(cors(fromPage)).toEqual({ origin: PAGE, credentials: 'true', vary: 'Origin' });
    const refused = await fetch(`${sim.url}/jwt`, { method: 'POST', headers: { authorization: 'Basic eDp5', origin: PAGE } });
    expect([refused.status, cors(refused).origin]).toEqual([401, PAGE]);
  });

  it('answers the preflight of POST /jwt and of a polling request with 204 and what was asked', async () => {
    for (const path of ['/jwt', '/socket.io/?EIO=4&transport=polling']) {
      const answer = await preflight(path, PAGE, 'authorization, x-requested-with');
      expect(answer.status).toBe(204);
      expect(cors(answer)).toEqual({ origin: PAGE, credentials: 'true', vary: 'Origin' });
      expect(answer.headers.get('access-control-allow-methods')).toBe(path === '/jwt' ? 'POST' : 'GET');
      expect(answer.headers.get('access-control-allow-headers')).toBe('authorization, x-requested-with');
    }
  });

  it('the Engine.IO polling handshake and its errors carry the headers', async () => {
    const handshake = await fetch(`${sim.url}/socket.io/?EIO=4&transport=polling&token=${await token()}`, { headers: { origin: PAGE } });
    expect(handshake.status).toBe(200);
    expect(await handshake.text()).toMatch(/^0\{"sid":/);
    expect(cors(handshake)).toEqual({ origin: PAGE, credentials: 'true', vary: 'Origin' });
    const unknownTransport = await fetch(`${sim.url}/socket.io/?EIO=4&transport=carrier-pigeon`, { headers: { origin: PAGE } });
    expect(unknownTransport.status).toBe(400);
    expect(cors(unknownTransport).origin).toBe(PAGE);
  });
});

describe('CORS, a list of origins', () => {
  beforeEach(() => start({ origins: [PAGE] }));

  it('echoes a listed origin, gives nothing to another', async () => {
    const listed = await fetch(`${sim.url}/socket.io/?EIO=4&transport=polling&token=${await token()}`, { headers: { origin: PAGE } });
    expect(cors(listed)).toEqual({ origin: PAGE, credentials: 'true', vary: 'Origin' });
    const other = await fetch(`${sim.url}/socket.io/?EIO=4&transport=polling&token=${await token()}`, { headers: { origin: 'http://evil.test' } });
    expect(cors(other)).toEqual({ origin: null, credentials: null, vary: 'Origin' });
    const otherPreflight = await preflight('/jwt', 'http://evil.test');
    expect([otherPreflight.status, cors(otherPreflight).origin, otherPreflight.headers.get('access-control-allow-methods')]).toEqual([204, null, null]);
    expect(cors(await fetch(`${sim.url}/jwt`, { method: 'POST', headers: { authorization: BASIC } })).origin).toBeNull();
  });

  it('rejects an origins option of the wrong shape', async () => {
    await expect(startMarketProphitSimulator({ origins: 'http://x' as never })).rejects.toThrow(TypeError);
  });
});

describe('socket.io-client 2.x (Engine.IO 3, allowEIO3, socketio.md §9)', () => {
  beforeEach(() => start());
  const sockets: V2Socket[] = [];
  afterEach(() => sockets.splice(0).forEach((socket) => socket.close()));

  const connect = (query: string, transports: string[]): V2Socket => {
    const socket = ioV2(sim.url, { query, transports, reconnection: false, forceNew: true });
    sockets.push(socket);
    return socket;
  };
  const next = <T>(socket: V2Socket, event: string): Promise<T> =>
    new Promise((resolve) => socket.on(event, (value: unknown) => resolve(value as T)));
  const simEvent = (match: (event: MarketProphitSimEvent) => boolean) => firstValueFrom(sim.events$.pipe(filter(match), timeout(5000)));

  it.each([[['websocket']], [['polling', 'websocket']]])('connects over %j, subscribes with an ack and receives pushes', async (transports) => {
    const socket = connect(`token=${await token()}`, transports);
    await next(socket, 'connect');
    const ack = new Promise((resolve) => socket.emit('subscribe', { path: '/real-time/crowd-sentiment', method: 'get', params: { ticker: 'AAPL' } }, resolve));
    expect(await ack).toBeNull();
    const push = next<{ path: string; results: { ticker: string }[] }>(socket, 'res');
    clock.advance(60_000);
    expect(await push).toMatchObject({ path: '/real-time/crowd-sentiment', results: [{ ticker: 'AAPL' }] });
  });

  it('gets the refusal of a bad token as an error event with its data', async () => {
    const refused = simEvent((event) => event.type === 'refused');
    const error = next<unknown>(connect('token=not.a.jwt', ['websocket']), 'error');
    await refused;
    expect(await error).toEqual({ code: 'invalid_token' });
  });
});
