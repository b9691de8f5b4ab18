import type { Observer } from 'rxjs';
import { replyError } from './reply';
import type { HercleEvent, HerclePriceUpdate } from './types';

/** One price channel (hercle.md §4.1): a (pair, size in base units) and the ClientId it is subscribed with (§3). */
export interface PriceChannel {
  readonly pair: string;
  readonly size: number;
  readonly clientId: string;
}

/** An active price channel: its `observer` (what delivers to the channel's subscribers) receives its price updates, or its error reply as an error. */
export interface PriceRoute {
  readonly channel: PriceChannel;
  readonly observer: Observer<HerclePriceUpdate>;
}

/** The routes of the active price channels, looked up once per envelope. */
export interface PriceRoutes {
  /** Adds a route; it replaces any route of the same channel. */
  open(channel: PriceChannel, observer: Observer<HerclePriceUpdate>): PriceRoute;
  /** Removes the route and returns true, or returns false when another route of its channel has replaced it meanwhile. */
  close(route: PriceRoute): boolean;
  /** Delivers an `execution.feeds.priceUpdate` (hercle.md §4.1) to the route of its (pair, size), if any. Map look-ups only, no allocation: the cost per update does not grow with the number of channels. */
  deliver(update: HerclePriceUpdate): void;
  /** Errors the route whose ClientId an error envelope carries (hercle.md §5) with its `HercleError` (`replyError`); anything else is ignored. */
  fail(event: HercleEvent): void;
}

/** Routes price updates by (pair, size) and error replies by ClientId, each to one channel's subscriber. */
export function createPriceRoutes(): PriceRoutes {
  // pair → size → route: numbers as Map keys, so no key string is built per update.
  const byPair = new Map<string, Map<number, PriceRoute>>();
  const byClientId = new Map<string, PriceRoute>();
  return {
    open(channel, observer) {
      const route: PriceRoute = { channel, observer };
      let sizes = byPair.get(channel.pair);
      if (!sizes) byPair.set(channel.pair, (sizes = new Map()));
      sizes.set(channel.size, route);
      byClientId.set(channel.clientId, route);
      return route;
    },
    close(route) {
      const { pair, size, clientId } = route.channel;
      const sizes = byPair.get(pair);
      if (sizes?.get(size) !== route) return false;
      sizes.delete(size);
      if (sizes.size === 0) byPair.delete(pair);
      byClientId.delete(clientId);
      return true;
    },
    deliver(update) {
      byPair.get(update.pair)?.get(update.size)?.observer.next(update);
    },
    fail(event) {
      if (event.kind !== 'error' || event.clientId === undefined) return;
      byClientId.get(event.clientId)?.observer.error(replyError(event, 'SubscribePairPriceChannel', event.clientId));
    },
  };
}
