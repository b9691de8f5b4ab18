import { DefaultHttpClient, NullLogger } from '@microsoft/signalr';
import type { HttpRequest, HttpResponse, IHttpConnectionOptions } from '@microsoft/signalr';
import WebSocket from 'ws';

/**
 * Transport options of one `@microsoft/signalr` connection that `signal` can cut short: the
 * negotiate request (signalr.md §2) is aborted, and the WebSocket is terminated, also while its
 * HTTP upgrade is still pending. SignalR's own `stop()` waits for a pending `start()` to settle,
 * so without this a server that accepts TCP but never answers would keep the socket (and the
 * `start()` promise) forever after the connect timeout gave the attempt up. `WebSocket` is the
 * constructor option SignalR reads in Node (`@internal` in its typings, the `ws` class by default).
 */
export function abortableTransport(
  signal: AbortSignal,
  /** The WebSocket class to make abortable (`EtoroxClientOptions.WebSocket`, e.g. a recording tap); default `ws`'s. */
  base: new (address: string, protocols?: string | string[], options?: { headers?: Record<string, string> }) => object = WebSocket,
): Pick<IHttpConnectionOptions, 'httpClient'> & { WebSocket: new (address: string, protocols?: string | string[], options?: WebSocket.ClientOptions) => WebSocket } {
  class AbortableHttpClient extends DefaultHttpClient {
    override send(request: HttpRequest): Promise<HttpResponse> {
      if (request.abortSignal) return super.send(request);
      // SignalR's own AbortSignal shape: `aborted` and one `onabort` handler.
      const abortSignal: { readonly aborted: boolean; onabort: (() => void) | null } = {
        get aborted() {
          return signal.aborted;
        },
        onabort: null,
      };
      signal.addEventListener('abort', () => abortSignal.onabort?.(), { once: true });
      return super.send({ ...request, abortSignal });
    }
  }
  // `base` is `ws`'s class or one that behaves like it (terminate, once).
  const Base = base as typeof WebSocket;
  class AbortableWebSocket extends Base {
    constructor(address: string, protocols?: string | string[], options?: WebSocket.ClientOptions) {
      super(address, protocols, options);
      const terminate = () => this.terminate();
      if (signal.aborted) queueMicrotask(terminate);
      else signal.addEventListener('abort', terminate, { once: true });
      this.once('close', () => signal.removeEventListener('abort', terminate));
    }
  }
  return { httpClient: new AbortableHttpClient(NullLogger.instance), WebSocket: AbortableWebSocket };
}
