import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { accessSync, constants, mkdtempSync, rmSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

/** An engine server for one test suite. */
export interface EngineServer {
  /** `nats://127.0.0.1:<port>` or `redis://127.0.0.1:<port>`. */
  readonly url: string;
  /** Whether this suite started it (and can `kill`/`start` it): false for NATS_URL / REDIS_URL. */
  readonly private: boolean;
  /** Kills the server process (SIGKILL) and waits for it to exit; its data folder stays. */
  kill(): Promise<void>;
  /** Starts it again on the same port and data folder, resolving once it accepts connections. */
  start(): Promise<void>;
  /** Kills it and removes its data folder. */
  close(): Promise<void>;
}

/** Which engine, its binary, Debian package and fallback variable. */
interface Engine {
  readonly name: 'nats' | 'redis';
  readonly binary: string;
  readonly env: 'NATS_URL' | 'REDIS_URL';
  args(port: number, dir: string): string[];
}

const NATS: Engine = {
  name: 'nats',
  binary: 'nats-server',
  env: 'NATS_URL',
  args: (port, dir) => ['-js', '-a', '127.0.0.1', '-p', String(port), '-sd', dir],
};

const REDIS: Engine = {
  name: 'redis',
  binary: 'redis-server',
  env: 'REDIS_URL',
  // No RDB snapshots; the append-only file, fsynced on every write, so that a kill loses nothing acknowledged.
  args: (port, dir) => ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'yes', '--appendfsync', 'always', '--dir', dir],
};

/** `binary` on PATH (and the sbin folders Debian installs servers into), or undefined. */
export function findBinary(binary: string): string | undefined {
  const folders = [...(process.env.PATH ?? '').split(delimiter), '/usr/local/sbin', '/usr/sbin', '/sbin'];
  for (const folder of folders.filter(Boolean)) {
    const path = join(folder, binary);
    try {
      accessSync(path, constants.X_OK);
      return path;
    } catch {
      // not there
    }
  }
  return undefined;
}

/** A TCP port free on 127.0.0.1 now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Resolves once 127.0.0.1:`port` accepts a TCP connection; rejects after `timeoutMs` or when `exited` says the process died. */
async function accepting(port: number, timeoutMs: number, exited: () => string | undefined): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = createConnection({ host: '127.0.0.1', port }, () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (ok) return;
    const reason = exited();
    if (reason !== undefined) throw new Error(reason);
    if (Date.now() > deadline) throw new Error(`nothing accepts connections on 127.0.0.1:${port} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Why a suite cannot have its server: names the Debian package and the variable. */
export const missingServerMessage = (binary: string, env: string): string =>
  `${binary} is not on PATH and ${env} is not set: install Debian's ${binary} package (apt-get install -y ${binary}), or set ${env} to a running server`;

async function startEngine(engine: Engine): Promise<EngineServer> {
  const binary = findBinary(engine.binary);
  const fallback = process.env[engine.env];
  if (!binary) {
    if (fallback) {
      const missing = async (): Promise<void> => {
        throw new Error(`${engine.env}=${fallback} is not this suite's own server: it cannot be killed or restarted (install ${engine.binary})`);
      };
      return { url: fallback, private: false, kill: missing, start: missing, close: async () => undefined };
    }
    throw new Error(missingServerMessage(engine.binary, engine.env));
  }
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), `${engine.name}-test-`));
  let child: ChildProcess | undefined;
  let output = '';
  const start = async (): Promise<void> => {
    output = '';
    const process = spawn(binary, engine.args(port, dir), { stdio: ['ignore', 'pipe', 'pipe'] });
    child = process;
    let exit: string | undefined;
    process.once('exit', (code, signal) => (exit = `${engine.binary} exited (${signal ?? code}) before accepting connections: ${output.slice(-2000)}`));
    const keep = (chunk: Buffer): void => {
      output = (output + chunk.toString()).slice(-4000);
    };
    process.stdout?.on('data', keep);
    process.stderr?.on('data', keep);
    await accepting(port, 15_000, () => exit);
  };
  const kill = async (): Promise<void> => {
    const process = child;
    child = undefined;
    if (!process || process.exitCode !== null || process.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      process.once('exit', () => resolve());
      process.kill('SIGKILL');
    });
  };
  await start();
  return {
    url: `${engine.name}://127.0.0.1:${port}`,
    private: true,
    kill,
    start,
    async close() {
      await kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * A private `nats-server -js -a 127.0.0.1 -p <free port> -sd <temporary folder>` from PATH,
 * clean for the suite; `NATS_URL` when there is no binary (then not `private`).
 *
 * @throws Error naming the Debian package `nats-server` when there is neither.
 */
export const startNatsServer = (): Promise<EngineServer> => startEngine(NATS);

/**
 * A private `redis-server --port <free port> --save '' --appendonly yes --appendfsync always
 * --dir <temporary folder>` from PATH, clean for the suite; `REDIS_URL` when there is no binary.
 *
 * @throws Error naming the Debian package `redis-server` when there is neither.
 */
export const startRedisServer = (): Promise<EngineServer> => startEngine(REDIS);
