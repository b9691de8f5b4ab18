/**
 * Token endpoint failures (marketprophit.md §2.1, §8) against real loopback HTTP servers: each
 * surfaces as `reconnecting` with the error on `status$` and in the log, within the connect
 * timeout; a 401 ends the client without a retry.
 */
import { AuthRejectedError, AuthRequestError } from '@org/auth-signing';
import type { ConnectionState } from '@org/reconnect';
import { createServer } from 'node:http';
import type { RequestListener, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { filter, firstValueFrom, timeout } from 'rxjs';
import { MarketProphitClient } from './client';

const secretKey = 'sk_live_token_failure_test_key';
let server: Server | undefined;
let client: MarketProphitClient | undefined;
let requests = 0;

const serve = async (handler: RequestListener): Promise<string> => {
  server = createServer((req, res) => {
    requests += 1;
    handler(req, res);
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
};

/** A port that refuses connections: bound once, then released. */
const closedPort = async (): Promise<string> => {
  const url = await serve(() => undefined);
  await new Promise((resolve) => server?.close(resolve));
  server = undefined;
  return url;
};

beforeEach(() => {
  requests = 0;
});

afterEach(async () => {
  client?.close();
  client = undefined;
  server?.closeAllConnections();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  server = undefined;
});

/** Subscribes, and resolves with the first `reconnecting` (or `closed`) state and the warnings logged until then. */
const firstFailure = async (baseUrl: string, connectTimeoutMs = 1_000, allowInsecure = false): Promise<{ state: ConnectionState; warnings: string[] }> => {
  const warnings: string[] = [];
  client = new MarketProphitClient({ baseUrl, secretKey, connectTimeoutMs, allowInsecure, logger: { warn: (msg) => warnings.push(msg), error: (msg) => warnings.push(msg) } });
  const state = firstValueFrom(client.status$.pipe(filter((s) => s.status === 'reconnecting' || s.status === 'closed'), timeout(connectTimeoutMs * 5)));
  client.subscribe('crowd-sentiment').subscribe({ error: () => undefined });
  return { state: await state, warnings };
};

describe('token endpoint failures surface as reconnecting with the error', () => {
  it('closed port', async () => {
    const { state, warnings } = await firstFailure(await closedPort());
    expect(state.status).toBe('reconnecting');
    expect(state.error).toBeInstanceOf(AuthRequestError);
    expect(state.error?.message).toMatch(/POST \/jwt failed: fetch failed \(ECONNREFUSED\)/);
    expect(warnings).toEqual([expect.stringContaining('ECONNREFUSED')]);
  });

  it('an unresolvable host (.invalid never resolves, RFC 6761): a DNS error, or the fetch timeout where the resolver hangs', async () => {
    const { state, warnings } = await firstFailure('http://token-endpoint.invalid', 1_000, true);
    expect(state).toMatchObject({ status: 'reconnecting', error: expect.any(AuthRequestError) });
    expect(state.error?.message).toMatch(/POST \/jwt failed: (fetch failed \((ENOTFOUND|EAI_AGAIN)\)|no response within 500 ms)/);
    expect(warnings).toEqual([expect.stringContaining('POST /jwt failed')]);
  });

  it('HTTP 500', async () => {
    const url = await serve((_req, res) => res.writeHead(500, { 'content-type': 'application/json' }).end('{"type":"api_error","message":"try again later"}'));
    const { state, warnings } = await firstFailure(url);
    expect(state).toMatchObject({ status: 'reconnecting', error: expect.any(AuthRequestError) });
    expect(state.error?.message).toContain('HTTP 500 (try again later)');
    expect(warnings).toEqual([expect.stringContaining('HTTP 500')]);
  });

  it('a server that never answers: reported by the token fetch within the connect timeout', async () => {
    const url = await serve(() => undefined);
    const { state } = await firstFailure(url, 600);
    expect(state).toMatchObject({ status: 'reconnecting', error: expect.any(AuthRequestError) });
    expect(state.error?.message).toContain('no response within 300 ms');
  });

  it('a garbage body', async () => {
    const url = await serve((_req, res) => res.writeHead(200).end('<html>not a token</html>'));
    const { state } = await firstFailure(url);
    expect(state).toMatchObject({ status: 'reconnecting', error: expect.any(AuthRequestError) });
    expect(state.error?.message).toContain('the response body is not JSON');
  });

  it('is retried with the reconnect backoff, then streams once the endpoint recovers', async () => {
    let fail = true;
    const url = await serve((_req, res) => (fail ? res.writeHead(503).end('busy') : res.writeHead(200).end('{"token":"t"}')));
    client = new MarketProphitClient({ baseUrl: url, secretKey, connectTimeoutMs: 1_000, reconnect: { initialDelayMs: 10, maxDelayMs: 20 } });
    const states: string[] = [];
    client.status$.subscribe((s) => states.push(s.status));
    const recovered = firstValueFrom(client.status$.pipe(filter((s) => s.status === 'connecting' && s.attempt === 3), timeout(5_000)));
    client.subscribe('crowd-sentiment').subscribe({ error: () => undefined });
    await recovered;
    fail = false;
    // The socket.io connect then fails (no socket.io server here), which is a different error: the token was obtained.
    const next = await firstValueFrom(client.status$.pipe(filter((s) => s.status === 'reconnecting' && !(s.error instanceof AuthRequestError)), timeout(5_000)));
    expect(next.error).toMatchObject({ code: 'CONNECTION_ERROR' });
    expect(states.slice(0, 4)).toEqual(['idle', 'connecting', 'reconnecting', 'connecting']);
  });

  it('HTTP 401 is fatal: closed with AuthRejectedError after one request, no retry storm', async () => {
    const url = await serve((_req, res) => res.writeHead(401).end('{"type":"invalid_request_error","message":"Invalid API key"}'));
    const { state } = await firstFailure(url);
    expect(state).toMatchObject({ status: 'closed', error: expect.any(AuthRejectedError) });
    expect(requests).toBe(1);
  });

  it('a 401 body that echoes the Authorization header: the Basic form of the secret is in no error, state or log line', async () => {
    const basic = Buffer.from(`${secretKey}:`).toString('base64');
    const url = await serve((req, res) => res.writeHead(401).end(JSON.stringify({ message: `Invalid credentials in "${req.headers.authorization ?? ''}"` })));
    const { state, warnings } = await firstFailure(url);
    expect(state).toMatchObject({ status: 'closed', error: expect.any(AuthRejectedError) });
    const shown = [state.error?.message, JSON.stringify(state), ...warnings].join('\n');
    expect(shown).toContain('Invalid credentials in \\"Basic [REDACTED]\\"');
    expect(shown).not.toContain(basic);
    expect(shown).not.toContain(secretKey);
  });
});
