import { connect, createServer } from 'node:net';
import type { AddressInfo, Socket } from 'node:net';

/**
 * A TCP proxy on loopback in front of a simulator, for the `hang` fault: a server that accepts
 * TCP but never answers (no negotiate reply, no HTTP upgrade), which the simulators themselves
 * cannot play. Forwards every connection unchanged otherwise.
 */
export interface HangProxy {
  /** `url` (a simulator's URL) with its host and port replaced by the proxy's. */
  wrap(url: string): string;
  /**
   * For `ms`: every proxied connection is destroyed, and every new one accepted and read but
   * never answered nor forwarded. Resolves at the end of the window; connections that hung
   * stay hung until the client closes them.
   */
  hang(ms: number): Promise<void>;
  /** Hung connections that carried a request and that the client has not closed yet. */
  hungOpen(): number;
  close(): Promise<void>;
}

/** Starts a proxy to `target` (`host:port` of a simulator's URL). */
export async function startHangProxy(targetUrl: string): Promise<HangProxy> {
  const target = new URL(targetUrl);
  const pairs = new Set<[Socket, Socket]>();
  const hung = new Set<Socket>();
  const held = new Set<Socket>();
  let hanging = false;
  const server = createServer((socket) => {
    socket.on('error', () => socket.destroy());
    if (hanging) {
      held.add(socket);
      socket.once('data', () => hung.add(socket));
      socket.on('close', () => {
        hung.delete(socket);
        held.delete(socket);
      });
      return;
    }
    const upstream = connect(Number(target.port), target.hostname);
    const pair: [Socket, Socket] = [socket, upstream];
    pairs.add(pair);
    const end = () => {
      pairs.delete(pair);
      socket.destroy();
      upstream.destroy();
    };
    upstream.on('error', end);
    socket.on('close', end);
    upstream.on('close', end);
    socket.pipe(upstream);
    upstream.pipe(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  let timer: NodeJS.Timeout | undefined;
  return {
    wrap(url) {
      const wrapped = new URL(url);
      wrapped.hostname = '127.0.0.1';
      wrapped.port = String(port);
      return wrapped.toString().replace(/\/$/, url.endsWith('/') ? '/' : '');
    },
    hang(ms) {
      hanging = true;
      for (const [socket, upstream] of [...pairs]) {
        socket.destroy();
        upstream.destroy();
      }
      return new Promise<void>((resolve) => {
        timer = setTimeout(() => {
          hanging = false;
          resolve();
        }, ms);
      });
    },
    hungOpen: () => hung.size,
    async close() {
      clearTimeout(timer);
      for (const [socket, upstream] of pairs) {
        socket.destroy();
        upstream.destroy();
      }
      for (const socket of held) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
