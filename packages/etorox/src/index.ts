/** @org/etorox: the eToroX v1 streaming client (etorox.md). Public surface only. */
export { EtoroxClient } from './client';
export type { EtoroxBookOptions, EtoroxClientOptions, EtoroxSubscribeOptions } from './options';
export { EtoroxAuthError, EtoroxConfigError, EtoroxConnectionError, EtoroxGapError, EtoroxItemError, EtoroxSubscribeError } from './errors';
export { decodeEtoroxItem, ETOROX_MAX_ITEM_DEPTH, etoroxRequestFields } from './codec';
export { applyEtoroxEvent, bookQuote, clearEtoroxOrderBook, createEtoroxOrderBook, etoroxBookLevels } from './book';
export type { BookQuote, EtoroxBookOrder, EtoroxOrderBook, QuoteUnit } from './book';
export type {
  EtoroxBook,
  EtoroxClientEvent,
  EtoroxErrorEvent,
  EtoroxEvent,
  EtoroxEventName,
  EtoroxOrderCanceled,
  EtoroxOrderCompleted,
  EtoroxOrderCreated,
  EtoroxOrderEvent,
  EtoroxOrderUpdated,
  EtoroxPartialEvent,
  EtoroxSide,
  EtoroxTradeCompleted,
} from './types';
