import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT } from 'jose';
import { firstValueFrom } from 'rxjs';
import { AuthConfigError, AuthRejectedError, AuthRequestError } from './errors';
import { jwtTokens } from './jwt';
import { fetchMarketProphitJwt } from './marketprophit';
import type { FetchLike } from './marketprophit';

const SECRET_KEY = 'sk_live_w3Q4bCJVB8xgyeIKJmTC4DS5'; // marketprophit.md §2.1 sample
const BASIC = `Basic ${Buffer.from(`${SECRET_KEY}:`).toString('base64')}`;

interface Seen {
  method?: string;
  url?: string;
  authorization?: string;
}

/** A tiny loopback stand-in for `POST /jwt` (marketprophit.md §2.1, §8). */
async function startServer(handler: (req: IncomingMessage, res: ServerResponse) => void) {
  const seen: Seen[] = [];
  const server = createServer((req, res) => {
    seen.push({ method: req.method, url: req.url, authorization: req.headers.authorization });
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const json = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
};

async function issueJwt(): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ streaming_access: true })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuedAt(now)
    .setExpirationTime(now + 3600)
    .sign(new TextEncoder().encode('simulator-signing-key'));
}

function expectNoSecret(error: unknown) {
  const { message, stack } = error as Error;
  expect(message).not.toContain(SECRET_KEY);
  expect(stack ?? '').not.toContain(SECRET_KEY);
  expect(message).not.toContain(BASIC.slice(6));
}

describe('fetchMarketProphitJwt over loopback HTTP', () => {
  let server: Awaited<ReturnType<typeof startServer>> | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('POSTs /jwt with Basic auth (secret key as user, empty password) and resolves the token', async () => {
    const token = await issueJwt();
    server = await startServer((_req, res) => json(res, 200, { token }));
    await expect(fetchMarketProphitJwt({ baseUrl: server.url, secretKey: SECRET_KEY })).resolves.toBe(token);
    expect(server.seen).toEqual([{ method: 'POST', url: '/jwt', authorization: BASIC }]);
  });

  it('appends /jwt to a base URL with a path prefix and a trailing slash', async () => {
    server = await startServer((_req, res) => json(res, 200, { token: 'opaque-token' }));
    await expect(fetchMarketProphitJwt({ baseUrl: `${server.url}/api/`, secretKey: SECRET_KEY })).resolves.toBe(
      'opaque-token',
    );
    expect(server.seen[0]?.url).toBe('/api/jwt');
  });

  it('turns HTTP 401 into a fatal AuthRejectedError without the secret, even when the body echoes it', async () => {
    server = await startServer((_req, res) =>
      json(res, 401, { type: 'invalid_request_error', message: `Invalid API key ${SECRET_KEY}` }),
    );
    const error = await fetchMarketProphitJwt({ baseUrl: server.url, secretKey: SECRET_KEY }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthRejectedError);
    expect(error).toMatchObject({ fatal: true, status: 401, code: 'AUTH_REJECTED' });
    expect((error as Error).message).toContain('Invalid API key [REDACTED]');
    expectNoSecret(error);
  });

  it.each([
    [500, { type: 'api_error', message: 'try again later' }],
    [200, { nope: true }],
    [200, 'not json'],
  ])('turns HTTP %p with body %p into a transient AuthRequestError', async (status, body) => {
    server = await startServer((_req, res) =>
      typeof body === 'string' ? res.writeHead(status).end(body) : json(res, status, body),
    );
    const error = await fetchMarketProphitJwt({ baseUrl: server.url, secretKey: SECRET_KEY }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthRequestError);
    expect(error).toMatchObject({ fatal: false, status });
    expectNoSecret(error);
  });

  it('turns a timeout into a transient AuthRequestError', async () => {
    server = await startServer(() => undefined); // never answers
    const timedOut = await fetchMarketProphitJwt({ baseUrl: server.url, secretKey: SECRET_KEY, timeoutMs: 100 }).catch(
      (e: unknown) => e,
    );
    expect(timedOut).toBeInstanceOf(AuthRequestError);
    expect(timedOut).toMatchObject({ fatal: false, status: undefined });
    expectNoSecret(timedOut);
  });

  it('feeds jwtTokens: the first token arrives, and a 401 errors the stream after one request', async () => {
    const token = await issueJwt();
    server = await startServer((_req, res) => json(res, 200, { token }));
    const baseUrl = server.url;
    await expect(
      firstValueFrom(jwtTokens((signal) => fetchMarketProphitJwt({ baseUrl, secretKey: SECRET_KEY, signal }))),
    ).resolves.toBe(token);
    await server.close();

    server = await startServer((_req, res) => json(res, 401, { type: 'invalid_request_error', message: 'Invalid API key' }));
    const rejectedUrl = server.url;
    await expect(
      firstValueFrom(jwtTokens((signal) => fetchMarketProphitJwt({ baseUrl: rejectedUrl, secretKey: 'sk_bad', signal }))),
    ).rejects.toBeInstanceOf(AuthRejectedError);
    expect(server.seen).toHaveLength(1);
  });
});

describe('fetchMarketProphitJwt with an injected fetch', () => {
  it('uses the injected fetch and passes an abort signal', async () => {
    const calls: Parameters<FetchLike>[] = [];
    const fetch: FetchLike = async (...args) => {
      calls.push(args);
      return { status: 200, text: async () => '{"token":"t"}' };
    };
    await expect(fetchMarketProphitJwt({ baseUrl: 'https://open.marketprophit.com', secretKey: SECRET_KEY, fetch })).resolves.toBe('t');
    expect(calls).toHaveLength(1);
    expect(calls[0]![0]).toBe('https://open.marketprophit.com/jwt');
    expect(calls[0]![1]).toMatchObject({ method: 'POST', headers: { authorization: BASIC } });
    expect(calls[0]![1].signal).toBeInstanceOf(AbortSignal);
  });

  it('turns a network failure into a transient AuthRequestError, redacting the secret from its text', async () => {
    const fetch: FetchLike = async () => {
      throw new TypeError(`fetch failed: connect ECONNREFUSED (user ${SECRET_KEY})`);
    };
    const error = await fetchMarketProphitJwt({ baseUrl: 'http://127.0.0.1:9', secretKey: SECRET_KEY, fetch }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(AuthRequestError);
    expect(error).toMatchObject({ fatal: false, status: undefined });
    expect((error as Error).message).toContain('ECONNREFUSED (user [REDACTED])');
    expectNoSecret(error);
  });

  it('refuses to send the secret in clear to a non-loopback host unless allowInsecure (InsecureTransportError)', async () => {
    const fetch: FetchLike = jest.fn(async () => ({ status: 200, text: async () => '{"token":"t"}' }));
    const error = await fetchMarketProphitJwt({ baseUrl: 'http://open.marketprophit.com', secretKey: SECRET_KEY, fetch }).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'InsecureTransportError', code: 'INSECURE_TRANSPORT', fatal: true, field: 'baseUrl' });
    expect(fetch).not.toHaveBeenCalled();
    expectNoSecret(error);
    await expect(fetchMarketProphitJwt({ baseUrl: 'http://open.marketprophit.com', secretKey: SECRET_KEY, fetch, allowInsecure: true })).resolves.toBe('t');
  });

  it.each([
    [{ baseUrl: 'https://open.marketprophit.com', secretKey: '' }, 'secretKey'],
    [{ baseUrl: '', secretKey: SECRET_KEY }, 'baseUrl'],
    [{ baseUrl: 'not a url', secretKey: SECRET_KEY }, 'baseUrl'],
    [{ baseUrl: 'ftp://example.com', secretKey: SECRET_KEY }, 'baseUrl'],
  ])('rejects bad options %p with AuthConfigError naming %p, before any request', async (options, field) => {
    const fetch = jest.fn<ReturnType<FetchLike>, Parameters<FetchLike>>();
    const error = await fetchMarketProphitJwt({ ...options, fetch }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthConfigError);
    expect((error as AuthConfigError).field).toBe(field);
    expectNoSecret(error);
    expect(fetch).not.toHaveBeenCalled();
  });
});
