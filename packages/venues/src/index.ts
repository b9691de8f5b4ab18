/**
 * @org/venues: every venue as one typed RxJS event stream, and each venue package under
 * its own namespace. Public surface only.
 */
export * as finery from '@org/finery';
export * as etorox from '@org/etorox';
export * as hercle from '@org/hercle';
export * as marketprophit from '@org/marketprophit';
export { decodeVenueEvent, DEFAULT_MAX_LINE_LENGTH, encodeVenueEvent, VENUE_CODEC_VERSION, VenueCodecError, WireError, type DecodeOptions, type VenueCodecErrorCode } from './codec';
export { connectVenues } from './connect';
export type { Venues, VenuesOptions } from './connect';
export type { EtoroxVenueOptions } from './map/etorox';
export type { FineryVenueOptions } from './map/finery';
export type { HerclePriceSubscription, HercleVenueOptions } from './map/hercle';
export type { MarketProphitSubscription, MarketProphitVenueOptions } from './map/marketprophit';
export { normalizeSymbol } from './symbols';
export { VENUE_NAMES } from './types';
export type {
  BalanceEvent,
  BookEvent,
  ErrorEvent,
  Level,
  OrderEvent,
  QuoteEvent,
  SentimentEvent,
  StatusEvent,
  TradeEvent,
  VenueEvent,
  VenueEventBase,
  VenueEventKind,
  VenueName,
} from './types';
