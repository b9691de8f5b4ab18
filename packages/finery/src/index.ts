/**
 * @org/finery: the Finery Markets WebSocket API (finery.md) as RxJS Observables.
 * Public surface only.
 */
export { FineryClient, FINERY_PRODUCTION_URL, FINERY_TEST_URL } from './client';
export type { BookOptions, FineryClientOptions, FineryEvent } from './client';
export { applyBookSnapshot, applyBookUpdates, bookDepth, bookLevels, bookSide, createBookState, levelPrice, levelSize, readLevels } from './book';
export { bookQuote, BookView } from './book-view';
export type { BookQuote, BookTop, QuoteUnit } from './book-view';
export type { BookSideView, BookState } from './book';
export { bindingKey, createKeyCache, decodeFrame, encodeBind, encodeRequest, MAX_BOOK_SIDE_ENTRIES, MAX_FEED_ID_DEPTH } from './codec';
export type { InboundFrame, KeyCache } from './codec';
export { TIMESTAMP_RETRIES } from './connection';
export { FINERY_DECIMALS, fromDecimal, toDecimal, toDecimalNumber, volumeUnits } from './decimal';
export {
  errorMeaning,
  FineryApiError,
  FineryBookError,
  FineryConnectionError,
  FineryProtocolError,
  FineryTimeoutError,
} from './errors';
export type { FineryErrorSource } from './errors';
export type {
  AddOrderContent,
  AddOrderReply,
  BookLevel,
  BookMessage,
  BookUpdate,
  Currency,
  Deal,
  FeedAction,
  FeedId,
  FeedMessage,
  FeedMessageOf,
  FeedName,
  FineryRequests,
  Instrument,
  InstrumentsMessage,
  Order,
  OrderBook,
  OrdersMessage,
  OtherFeedMessage,
  PositionsMessage,
  Position,
} from './types';
