/**
 * Hercle wire shapes as the simulator emits them (hercle.md §2, §4). Numbers are plain
 * JSON numbers in the venue's units (base-asset quantities, quote-currency prices);
 * dates are ISO-8601 strings.
 */

/** The two client targets the hub calls (hercle.md §2). */
export type HercleTarget = 'executionEvents' | 'subscriptions';

/** The single argument of every server → client call; `data` is a JSON string (hercle.md §2). */
export interface HercleWireEnvelope {
  channel: string;
  topic: string;
  subject: string;
  type: 'message';
  clientId: string;
  data: string;
}

/** One reply a command handler produces, before encoding. */
export interface HercleReply {
  target: HercleTarget;
  subject: string;
  clientId: string;
  data: unknown;
  /** Envelope topic; default {@link topicOf} the subject. */
  topic?: string;
}

/**
 * The envelope topic of a subject: its first segment capitalised (`account.*` → `Account`,
 * `banking.*` → `Banking`); `preChecksError` takes the topic of the command that failed
 * (hercle.md §2, §5 simulator defaults).
 */
export function topicOf(subject: string): string {
  const first = subject.split('.')[0] ?? '';
  return first.charAt(0).toUpperCase() + first.slice(1);
}

/** Encodes a reply as the documented envelope: `channel` = target, `data` as a JSON string (hercle.md §2). */
export function encodeEnvelope(reply: HercleReply): HercleWireEnvelope {
  return {
    channel: reply.target,
    topic: reply.topic ?? topicOf(reply.subject),
    subject: reply.subject,
    type: 'message',
    clientId: reply.clientId,
    data: JSON.stringify(reply.data),
  };
}

/** `side` of orders, RFQs and trades (hercle.md §4.2). */
export type HercleSide = 'buy' | 'sell';

/** Order/RFQ/trade status enum (hercle.md §4.2): 0 Created, 1 Executed, 2 Cancelled, 3 Pending. */
export const HERCLE_STATUS = { created: 0, executed: 1, cancelled: 2, pending: 3 } as const;

/** Transaction `type` enum (hercle.md §4.2): 0 Deposit, 1 Withdrawal, 2 Trade Fee. */
export const HERCLE_TRANSACTION_TYPE = { deposit: 0, withdrawal: 1, tradeFee: 2 } as const;

/** `execution.pairs` item (hercle.md §4.1). */
export interface HerclePairInfo {
  name: string;
  asset: string;
  currency: string;
  minSize: number;
  minQuoteSize: number;
  maxSize: number;
  maxQuoteSize: number;
}

/** `execution.feeds.priceUpdate` data (hercle.md §4.1). */
export interface HerclePriceUpdateData {
  id: string;
  buyPrice: number;
  sellPrice: number;
  size: number;
  pair: string;
  markPrice: number;
  timestamp: string;
}

/** `execution.order.executed` data (hercle.md §4.2). */
export interface HercleExecutedOrderData {
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

/** `account.orders.snapshot` item (hercle.md §4.2). */
export interface HercleOrderData {
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
export interface HercleTradeData {
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

/** `account.transactions.snapshot` item (hercle.md §4.2). */
export interface HercleTransactionData {
  id: string;
  userId: string;
  sequence: number;
  type: number;
  asset: string;
  amount: number;
  timestamp: string;
}

/** `account.requestForQuote.created` data (hercle.md §4.2). */
export interface HercleRfqData {
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

/** `account.balances.snapshot` data (hercle.md §4.3, §6). */
export interface HercleBalancesData {
  userId: string;
  sequence: number;
  assets: { name: string; available: number; allocated: number; currentExposure: number; maxExposure: number }[];
  baseCurrency: string;
  totalCurrentExposure: number;
  totalMaxExposure: number;
  deleted: boolean;
}
