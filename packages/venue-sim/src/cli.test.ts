import { HubConnectionBuilder, LogLevel } from '@microsoft/signalr';
import type { CliSession } from './cli';
import { createCli } from './cli';

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
    expect(help.out).toContain('--port');
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

  it('rejects an unknown simulator name with the known names', async () => {
    const { err, exitCode, session } = await run(['start', 'nasdaq']);
    expect(exitCode).toBe(1);
    expect(err).toBe('error: unknown simulator(s): nasdaq; known: signalr-echo\n');
    expect(session).toBeUndefined();
  });
});
