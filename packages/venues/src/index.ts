/**
 * @org/venues: every venue as one typed RxJS event stream. The venue packages are optional
 * peer dependencies, loaded only for the venues configured. Public surface only.
 */
export { connectVenues, VenueConfigError } from './connect';
export { decodeVenueEvent, DEFAULT_MAX_LINE_LENGTH, encodeVenueEvent, VENUE_CODEC_VERSION, VenueCodecError, WireError, type DecodeOptions, type VenueCodecErrorCode } from './codec';
export type { Venues, VenuesOptions } from './connect';
export type { EtoroxVenueOptions } from './map/etorox';
export type { FineryVenueOptions } from './map/finery';
export type { HerclePriceSubscription, HercleVenueOptions } from './map/hercle';
export type { MarketProphitVenueOptions } from './map/marketprophit';
export { VENUE_PACKAGES, VenuePackageMissingError } from './load';
export { bookQuote } from './quote';
export type { BookQuote } from './quote';
export { sentimentSubscriptions } from './sentiment';
export type { MarketProphitSubscription } from './sentiment';
export { normalizeSymbol, toVenueSymbol } from './symbols';
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
