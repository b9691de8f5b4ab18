import type { HercleProtocolError } from './errors';

/** Production hub URL (hercle.md §1). */
export const HERCLE_PRODUCTION_URL = 'https://publicapi.hercle.financial/ExecutionLiveServer/v1';

/** Sandbox hub URL, "same API as production" (hercle.md §1). */
export const HERCLE_SANDBOX_URL = 'https://publicapi.sandbox.hercle.financial/ExecutionLiveServer/v1';

/** The client targets the hub calls (hercle.md §2). */
export type HercleTarget = 'executionEvents' | 'subscriptions';

/** `side` of orders, RFQs and trades (hercle.md §4.2). */
export type HercleSide = 'buy' | 'sell';

/** Order/RFQ/trade status (hercle.md §4.2): 0 Created, 1 Executed, 2 Cancelled, 3 Pending. */
export const HercleStatus = { Created: 0, Executed: 1, Cancelled: 2, Pending: 3 } as const;

/** Transaction type (hercle.md §4.2): 0 Deposit, 1 Withdrawal, 2 Trade Fee. */
export const HercleTransactionType = { Deposit: 0, Withdrawal: 1, TradeFee: 2 } as const;

/** `execution.pairs` item (hercle.md §4.1). Sizes in base units, quote sizes in the quote currency. */
export interface HerclePair {
  name: string;
  asset: string;
  currency: string;
  minSize: number;
  minQuoteSize: number;
  maxSize: number;
  maxQuoteSize: number;
}

/** `execution.pair.price`: the price and size for an amount (hercle.md §4.1). `id` is a PriceId. */
export interface HerclePairPrice {
  id: string;
  pair: string;
  price: number;
  size: number;
  timestamp: string;
}

/**
 * `execution.feeds.priceUpdate` on `subscriptions` (hercle.md §4.1): `buyPrice` is what the
 * client pays, `sellPrice` what it receives, in the quote currency per base unit; `size` in
 * base units; `id` is the PriceId for `PlaceOtcOrder`; `timestamp` ISO-8601 (the venue's).
 * `receivedAt` is not a venue field: ms since the Unix epoch when the client received the
 * envelope, stamped before any conflation, so that a price delivered late shows its age.
 */
export interface HerclePriceUpdate {
  id: string;
  buyPrice: number;
  sellPrice: number;
  size: number;
  pair: string;
  markPrice: number;
  timestamp: string;
  receivedAt: number;
}

/** `execution.order.executed` (hercle.md §4.2). `status` per {@link HercleStatus}; `statusError` empty on success. */
export interface HercleExecutedOrder {
  tradeId: string;
  side: HercleSide;
  pair: string;
  price: number;
  size: number;
  notional: number;
  status: number;
  baseCurrency: string;
  quoteCurrency: string;
  timestamp: string;
  statusError: string;
}

/** `account.requestForQuote.created` (hercle.md §4.2). Dates ISO-8601. */
export interface HercleRequestForQuote {
  requestForQuoteId: string;
  userId: string;
  instrument: string;
  baseCurrency: string;
  quoteCurrency: string;
  side: HercleSide;
  size: number;
  price: number;
  amount: number;
  status: number;
  requestDateTime: string;
  expireDateTime: string;
}

/** `account.orders.snapshot` item (hercle.md §4.2). `orderType` 0 Market, 1 Fill-or-Kill. */
export interface HercleOrder {
  orderId: string;
  clientId: string;
  userId: string;
  instrument: string;
  base: string;
  quote: string;
  side: HercleSide;
  orderType: number;
  price: number;
  executedPrice: number;
  executedTimestamp: string;
  quantity: number;
  quantityFilled: number;
  orderStatus: number;
  cancellationReason: string;
  slippage: number;
  timestamp: string;
}

/** `account.trades.snapshot` item (hercle.md §4.2). */
export interface HercleTrade {
  id: string;
  userId: string;
  clientId: string;
  instrument: string;
  side: HercleSide;
  price: number;
  quantityFilled: number;
  timestamp: string;
  email: string;
}

/** `account.transactions.snapshot` item (hercle.md §4.2). `type` per {@link HercleTransactionType}. */
export interface HercleTransaction {
  id: string;
  userId: string;
  sequence: number;
  type: number;
  asset: string;
  amount: number;
  timestamp: string;
}

/** One asset of a balance snapshot (hercle.md §4.3). */
export interface HercleAssetBalance {
  name: string;
  available: number;
  allocated: number;
  currentExposure?: number;
  maxExposure?: number;
}

/** `account.balances.snapshot`: complete balance state; `sequence` grows with every change (hercle.md §4.3, §6). */
export interface HercleBalances {
  userId: string;
  sequence: number;
  assets: HercleAssetBalance[];
  baseCurrency?: string;
  totalCurrentExposure?: number;
  totalMaxExposure?: number;
  deleted: boolean;
}

/** The `data` of each subject this package types (hercle.md §4). */
export interface HercleSubjectData {
  'execution.pairs': HerclePair[];
  'execution.pair.price': HerclePairPrice;
  'execution.feeds.priceUpdate': HerclePriceUpdate;
  'execution.order.executed': HercleExecutedOrder;
  'account.requestForQuote.created': HercleRequestForQuote;
  'account.orders.snapshot': HercleOrder[];
  'account.trades.snapshot': HercleTrade[];
  'account.transactions.snapshot': HercleTransaction[];
  'account.balances.snapshot': HercleBalances;
}

/** A subject with a typed `data`. */
export type HercleSubject = keyof HercleSubjectData;

/** `data` of `preChecksError` (`message`, `field`) and of `*.error` subjects (`statusError` or `message`) (hercle.md §5). */
export interface HercleErrorData {
  message?: string;
  field?: string;
  statusError?: string;
  [key: string]: unknown;
}

/** Envelope fields every event keeps (hercle.md §2). `raw` is the `data` string as received. */
export interface HercleEnvelopeFields {
  target: HercleTarget;
  channel?: string;
  topic?: string;
  type?: string;
  clientId?: string;
  raw?: string;
}

/** A typed message: `kind: 'message'`, narrowed by `subject`. */
export type HercleMessage<S extends HercleSubject = HercleSubject> = {
  [K in S]: HercleEnvelopeFields & { kind: 'message'; subject: K; data: HercleSubjectData[K] };
}[S];

/** `preChecksError` or a subject ending in `.error` (hercle.md §5): `reason` is `statusError ?? message`. */
export interface HercleErrorMessage extends HercleEnvelopeFields {
  kind: 'error';
  subject: string;
  data: HercleErrorData;
  reason: string;
}

/** A well-formed envelope with a subject this package does not type (e.g. `banking.*`). */
export interface HercleOtherMessage extends HercleEnvelopeFields {
  kind: 'other';
  subject: string;
  data: unknown;
}

/** An envelope that could not be decoded (not an object, no subject, `data` not JSON, wrong shape). */
export interface HercleMalformedMessage extends HercleEnvelopeFields {
  kind: 'malformed';
  subject?: string;
  error: HercleProtocolError;
}

/** Every envelope from `executionEvents` and `subscriptions`, with `data` parsed (hercle.md §2). */
export type HercleEvent = HercleMessage | HercleErrorMessage | HercleOtherMessage | HercleMalformedMessage;
