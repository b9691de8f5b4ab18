import { interval, take } from 'rxjs';
import { HubException } from './errors';
import { createHubServer } from './server';
import type { HubServer, HubServerOptions } from './types';

/** Route of the demo hub. */
export const ECHO_ROUTE = '/echo';

/**
 * A demo hub for the CLI and for trying a SignalR client by hand (signalr.md §6):
 * `Echo(text)` returns `text`; `Broadcast(text)` sends `Message(connectionId, text)` to every
 * connection; `Counter(count, intervalMs = 1000)` streams `0 … count-1`; `Fail(text)`
 * throws a HubException with `text`.
 * @returns the listening server; the hub URL is `server.url + ECHO_ROUTE`.
 */
export async function startEchoHub(options: HubServerOptions = {}): Promise<HubServer> {
  const server = createHubServer(options);
  server.hub(ECHO_ROUTE, {
    methods: {
      Echo: (_connection, text: unknown) => text,
      Broadcast: (connection, text: unknown) => server.sendToAll(ECHO_ROUTE, 'Message', connection.id, text),
      Counter: (_connection, count: number, intervalMs = 1000) =>
        interval(intervalMs).pipe(take(count)),
      Fail: (_connection, text: string) => {
        throw new HubException(String(text));
      },
    },
  });
  await server.listen();
  return server;
}
