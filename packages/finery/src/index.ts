/**
 * @org/finery: the Finery Markets WebSocket API (finery.md) as RxJS Observables.
 * Public surface only.
 */
export { FineryClient, FINERY_PRODUCTION_URL, FINERY_TEST_URL } from './client';
export type { FineryClientOptions, FineryEvent } from './client';
export { applyBookSnapshot, applyBookUpdates, bookLevels, createBookState } from './book';
export type { BookState } from './book';
export { bindingKey, decodeFrame, encodeBind, encodeRequest } from './codec';
export type { InboundFrame } from './codec';
export { FINERY_DECIMALS, fromDecimal, toDecimal, volumeUnits } from './decimal';
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
