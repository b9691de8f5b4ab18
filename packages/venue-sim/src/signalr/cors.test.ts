import type { HubServer, HubServerOptions } from './index';
import { createHubServer } from './index';

const ROUTE = '/ExecutionLiveServer/v1';
const PAGE = 'http://127.0.0.1:5173';
/** What `@microsoft/signalr` in a browser sends besides simple headers (signalr.md §2.1). */
const REQUESTED = 'authorization, x-requested-with, x-signalr-user-agent';
let server: HubServer;
let negotiateUrl: string;

const start = async (options: HubServerOptions = {}): Promise<void> => {
  server = createHubServer(options);
  server.hub(ROUTE, { authenticate: (request) => request.token === 'good-token', methods: {} });
  negotiateUrl = `${await server.listen()}${ROUTE}/negotiate?negotiateVersion=1`;
};

afterEach(() => server.close());

const cors = (response: Response) => ({
  status: response.status,
  origin: response.headers.get('access-control-allow-origin'),
  credentials: response.headers.get('access-control-allow-credentials'),
  vary: response.headers.get('vary'),
});

const preflight = (origin: string) =>
  fetch(negotiateUrl, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': REQUESTED } });

const negotiate = (headers: Record<string, string>) => fetch(negotiateUrl, { method: 'POST', headers: { authorization: 'Bearer good-token', ...headers } });

describe('SignalR hub emulator: CORS of negotiate (signalr.md §2)', () => {
  it('origins "*" (default): preflight 204 allowing what was asked, negotiate with the origin echoed and credentials', async () => {
    await start();
    const answer = await preflight(PAGE);
    expect(cors(answer)).toEqual({ status: 204, origin: PAGE, credentials: 'true', vary: 'Origin' });
    expect(answer.headers.get('access-control-allow-methods')).toBe('POST');
    expect(answer.headers.get('access-control-allow-headers')).toBe(REQUESTED);
    expect(answer.headers.get('access-control-max-age')).toBe('600');
    const negotiated = await negotiate({ origin: PAGE });
    expect(cors(negotiated)).toEqual({ status: 200, origin: PAGE, credentials: 'true', vary: 'Origin' });
    expect(await negotiated.json()).toMatchObject({ negotiateVersion: 1 });
    expect(cors(await negotiate({}))).toEqual({ status: 200, origin: '*', credentials: null, vary: null });
  });

  it('errors carry the headers, so a page reads the 401 and 404', async () => {
    await start();
    expect(cors(await negotiate({ origin: PAGE, authorization: 'Bearer bad' }))).toMatchObject({ status: 401, origin: PAGE });
    expect(cors(await fetch(negotiateUrl.replace(ROUTE, '/elsewhere'), { method: 'POST', headers: { origin: PAGE } }))).toMatchObject({ status: 404, origin: PAGE });
  });

  it('a list of origins: a listed origin is echoed, another gets no Allow-Origin', async () => {
    await start({ origins: [PAGE] });
    expect(cors(await preflight(PAGE))).toEqual({ status: 204, origin: PAGE, credentials: 'true', vary: 'Origin' });
    const other = await preflight('http://evil.test');
    expect(cors(other)).toEqual({ status: 204, origin: null, credentials: null, vary: 'Origin' });
    expect(other.headers.get('access-control-allow-headers')).toBeNull();
    expect(cors(await negotiate({ origin: 'http://evil.test' }))).toEqual({ status: 200, origin: null, credentials: null, vary: 'Origin' });
    expect(cors(await negotiate({}))).toMatchObject({ status: 200, origin: null });
  });

  it('rejects an origins option of the wrong shape', () => {
    expect(() => createHubServer({ origins: [42] as never })).toThrow(TypeError);
  });
});
