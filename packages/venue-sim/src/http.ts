/**
 * HTTP listener plumbing shared by the simulators that own a Node `http.Server` (Finery,
 * Market Prophit, the SignalR hub emulator): listening, refusing a WebSocket upgrade with
 * an HTTP status, and closing.
 */
import { STATUS_CODES } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';

/** Where a server listens, ready for a URL: `http://${host}:${port}`. */
export interface ListenAddress {
  /** The bound address, an IPv6 one in brackets, e.g. `127.0.0.1` or `[::1]`. */
  host: string;
  /** The bound TCP port (the one picked when asked for 0). */
  port: number;
}

/**
 * Starts `server` on `host:port` (port 0 picks a free one) and resolves the bound address.
 * @throws (rejects with) the listen error, e.g. `EADDRINUSE` when the port is taken or
 *   `EADDRNOTAVAIL` for a host that is not local.
 */
export function listen(server: Server, host: string, port: number): Promise<ListenAddress> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const address = server.address() as AddressInfo;
      resolve({ host: address.family === 'IPv6' ? `[${address.address}]` : address.address, port: address.port });
    });
  });
}

/**
 * Fails a WebSocket upgrade on its raw socket: an HTTP/1.1 response with `status`, its
 * standard reason phrase and `body`, then closes the socket. A socket no longer
 * writable is destroyed.
 */
export function rejectUpgrade(socket: Duplex, status: number, body = '', contentType = 'text/plain'): void {
  if (!socket.writable) return void socket.destroy();
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\nConnection: close\r\nContent-Type: ${contentType}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

/**
 * Stops listening and ends every open HTTP connection (upgraded sockets are the caller's
 * to close first); resolves once the listener is closed. Never rejects: a server that is
 * not listening resolves at once.
 */
export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
