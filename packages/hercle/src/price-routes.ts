import type { Observer } from 'rxjs';
import { replyError } from './reply';
import type { HercleEvent, HerclePriceUpdate } from './types';

/** One active price channel (hercle.md §4.1): its `observer` receives the channel's price updates, or its error reply as an error. */
export interface PriceRoute {
  readonly pair: string;
  /** Base units. */
  readonly size: number;
  /** The ClientId the channel was subscribed with (hercle.md §3). */
  readonly clientId: string;
  /** The channel's one (shared) subscriber. */
  readonly observer: Observer<HerclePriceUpdate>;
}

/** The routes of the live price channels, looked up once per envelope. */
export interface PriceRoutes {
  /** Adds a route; it replaces any route of the same (pair, size) or ClientId. */
  open(pair: string, size: number, clientId: string, observer: Observer<HerclePriceUpdate>): PriceRoute;
  /** Removes the route, unless another one has replaced it meanwhile. */
  close(route: PriceRoute): void;
  /**
   * Delivers one decoded envelope: an `execution.feeds.priceUpdate` message to the route of its
   * (pair, size) (hercle.md §4.1), an error envelope carrying a route's ClientId (hercle.md §5)
   * as that route's `HercleError` (`replyError`); anything else is ignored. Two Map look-ups, no
   * allocation: the cost per envelope does not grow with the number of channels.
   */
  dispatch(event: HercleEvent): void;
}

/** Routes price updates by (pair, size) and error replies by ClientId, each to one channel's subscriber. */
export function createPriceRoutes(): PriceRoutes {
  // pair → size → route: numbers as Map keys, so no key string is built per update.
  const byChannel = new Map<string, Map<number, PriceRoute>>();
  const byClientId = new Map<string, PriceRoute>();
  return {
    open(pair, size, clientId, observer) {
      const route: PriceRoute = { pair, size, clientId, observer };
      let sizes = byChannel.get(pair);
      if (!sizes) byChannel.set(pair, (sizes = new Map()));
      sizes.set(size, route);
      byClientId.set(clientId, route);
      return route;
    },
    close(route) {
      const sizes = byChannel.get(route.pair);
      if (sizes?.get(route.size) === route) {
        sizes.delete(route.size);
        if (sizes.size === 0) byChannel.delete(route.pair);
      }
      if (byClientId.get(route.clientId) === route) byClientId.delete(route.clientId);
    },
    dispatch(event) {
      if (event.kind === 'message') {
        if (event.subject === 'execution.feeds.priceUpdate') byChannel.get(event.data.pair)?.get(event.data.size)?.observer.next(event.data);
      } else if (event.kind === 'error' && event.clientId !== undefined) {
        const route = byClientId.get(event.clientId);
        route?.observer.error(replyError(event, 'SubscribePairPriceChannel', route.clientId));
      }
    },
  };
}
