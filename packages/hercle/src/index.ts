/**
 * @org/hercle: the Hercle SignalR hub `ExecutionLiveServer/v1` (hercle.md) as RxJS
 * Observables: price streams, OTC orders, RFQs, balances, account history, reconnects
 * through drops and the weekly maintenance window. Public surface only.
 */
export { HercleClient, HERCLE_MAINTENANCE_WINDOW, HERCLE_RECONNECT_SCHEDULE } from './client';
export type { HercleClientOptions, HercleCommandOptions, HerclePageQuery, HerclePriceOptions, HercleRfqRequest } from './client';
export { decodeEnvelope, HERCLE_MAX_DEPTH, isErrorSubject, ofSubject } from './codec';
export { HercleAuthError, HercleConfigError, HercleConnectionError, HercleError, HercleProtocolError, HercleTimeoutError } from './errors';
export { HERCLE_PRODUCTION_URL, HERCLE_SANDBOX_URL, HercleStatus, HercleTransactionType } from './types';
export type {
  HercleAssetBalance,
  HercleBalances,
  HercleEnvelopeFields,
  HercleErrorData,
  HercleErrorMessage,
  HercleEvent,
  HercleExecutedOrder,
  HercleMalformedMessage,
  HercleMessage,
  HercleOrder,
  HercleOtherMessage,
  HerclePair,
  HerclePairPrice,
  HerclePriceUpdate,
  HercleRequestForQuote,
  HercleSide,
  HercleSubject,
  HercleSubjectData,
  HercleTarget,
  HercleTrade,
  HercleTransaction,
} from './types';
