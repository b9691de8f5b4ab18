import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { HubConnectionBuilder, LogLevel } from '@microsoft/signalr';
import { fineryAuthHeaders } from '@org/auth-signing';
import WebSocket from 'ws';
import type { CliSession } from './cli';
import { createCli } from './cli';
import { fineryDemoCredentials } from './finery';
import { hercleDemoCredentials } from './hercle';

const VENUES = ['finery', 'etorox', 'hercle', 'marketprophit'];

/** Resolves the reply to one Finery `instruments` request over a signed WebSocket (finery.md §2, §8). */
function fineryInstruments(url: string): Promise<unknown> {
  const ws = new WebSocket(url, { headers: { ...fineryAuthHeaders(fineryDemoCredentials) } });
  return new Promise<unknown>((resolve, reject) => {
    ws.on('error', reject);
    ws.on('open', () => ws.send(JSON.stringify({ event: 'request', reqId: 7, method: 'instruments' })));
    ws.on('message', (raw) => {
      const frame = JSON.parse(raw.toString()) as { reqId?: number; reply?: unknown };
      if (frame.reqId === 7) resolve(frame.reply);
    });
  }).finally(() => ws.terminate());
}

function run(args: string[]): Promise<{ out: string; err: string; session?: CliSession; exitCode?: number }> {
  const result: { out: string; err: string; session?: CliSession; exitCode?: number } = { out: '', err: '' };
  const program = createCli(
    { out: (text) => (result.out += text), err: (text) => (result.err += text) },
    (session) => (result.session = session),
  );
  return program.parseAsync(['node', 'venue-sim', ...args]).then(
    () => result,
    (error: { exitCode?: number }) => ({ ...result, exitCode: error.exitCode }),
  );
}

describe('venue-sim CLI', () => {
  it('prints help naming the start command and the known simulators', async () => {
    const help = await run(['start', '--help']);
    expect(help.exitCode).toBe(0);
    expect(help.out).toContain('venue-sim start [options] <venues...>');
    expect(help.out).toContain('signalr-echo');
    for (const venue of VENUES) expect(help.out).toContain(venue);
    expect(help.out).toContain('--port');
  });

  it('names every simulator in the top-level help', async () => {
    const help = await run(['--help']);
    expect(help.exitCode).toBe(0);
    expect(help.out).toContain(`Simulators: ${[...VENUES, 'signalr-echo'].join(', ')}`);
  });

  it('lists the four venue simulators and the demo hub', async () => {
    const { out, exitCode } = await run(['list']);
    expect(exitCode).toBeUndefined();
    expect(out.trim().split('\n').sort()).toEqual([...VENUES, 'signalr-echo'].sort());
  });

  it('starts finery and hercle on working URLs, and closes both again', async () => {
    const { out, session } = await run(['start', 'finery', 'hercle']);
    expect(session?.running).toHaveLength(2);
    const [finery, hercle] = session!.running.map((sim) => sim.url) as [string, string];
    expect(finery).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/ws$/);
    expect(hercle).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/ExecutionLiveServer\/v1$/);
    expect(out).toContain(`finery  ${finery}`);
    expect(out).toContain(`hercle  ${hercle}`);
    expect(out).toContain(fineryDemoCredentials.key);
    expect(out).toContain(hercleDemoCredentials.apiKey);
    const hub = new HubConnectionBuilder()
      .withUrl(hercle, { accessTokenFactory: () => hercleDemoCredentials.apiKey })
      .configureLogging(LogLevel.None)
      .build();
    try {
      expect(await fineryInstruments(finery)).toEqual(expect.arrayContaining([expect.any(Array)]));
      await hub.start();
      await expect(hub.invoke('GetPairs', 'cli-test')).resolves.toBeNull();
    } finally {
      await hub.stop();
      await session!.close();
    }
    await expect(fineryInstruments(finery)).rejects.toThrow(/ECONNREFUSED/);
    await expect(fetch(`${hercle}/negotiate?negotiateVersion=1`, { method: 'POST' })).rejects.toThrow();
  });

  it('starts the signalr-echo hub, which the official client can call', async () => {
    const { out, session } = await run(['start', 'signalr-echo', '--port', '0']);
    expect(session?.running).toHaveLength(1);
    const url = session!.running[0]!.url;
    expect(out).toContain(url);
    const connection = new HubConnectionBuilder().withUrl(url).configureLogging(LogLevel.None).build();
    try {
      await connection.start();
      expect(await connection.invoke('Echo', 'ping')).toBe('ping');
    } finally {
      await connection.stop();
      await session!.close();
    }
  });

  it.each(VENUES)('fails to start %s on a port in use, with the listen error and nothing left running', async (venue) => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const { port } = blocker.address() as AddressInfo;
    try {
      const { err, exitCode, session } = await run(['start', venue, '--port', String(port)]);
      expect(exitCode).toBe(1);
      expect(err).toContain(`error: failed to start: listen EADDRINUSE: address already in use 127.0.0.1:${port}`);
      expect(session).toBeUndefined();
    } finally {
      await new Promise<void>((resolve) => blocker.close(() => resolve()));
    }
  });

  it('rejects an unknown simulator name with the known names', async () => {
    const { err, exitCode, session } = await run(['start', 'nasdaq']);
    expect(exitCode).toBe(1);
    expect(err).toBe(`error: unknown simulator(s): nasdaq; known: ${[...VENUES, 'signalr-echo'].join(', ')}\n`);
    expect(session).toBeUndefined();
  });
});
