import type { Clock } from '../clock';
import type { HercleSimPair } from './market';
import { HERCLE_STATUS, HERCLE_TRANSACTION_TYPE } from './wire';
import type { HercleBalancesData, HercleExecutedOrderData, HercleOrderData, HercleSide, HercleTradeData, HercleTransactionData } from './wire';

/** One fill or rejection to record against the account. */
export interface HercleFill {
  pair: HercleSimPair;
  side: HercleSide;
  size: number;
  /** Execution price (quote currency per base unit). */
  price: number;
  clientId: string;
  /** 0 Market (OTC order against a price id), 1 Fill-or-Kill (accepted RFQ). */
  orderType: number;
  slippage: number;
  /** The order id to use (RFQ id for accepted RFQs); a new one when absent. */
  orderId: string;
}

/** The simulated account: balances with one sequence counter, orders, trades, transactions (hercle.md §4.2, §4.3, §6). */
export interface HercleAccount {
  balances(): HercleBalancesData;
  /** The amount of `asset` available now. */
  available(asset: string): number;
  /** Executes a fill: moves balances (sequence + 1), books the order, trade and fee. */
  fill(fill: HercleFill): HercleExecutedOrderData;
  /** Books an order cancelled with `reason` (no balance change). */
  cancel(fill: HercleFill, reason: string): HercleExecutedOrderData;
  orders(): readonly HercleOrderData[];
  trades(): readonly HercleTradeData[];
  transactions(): readonly HercleTransactionData[];
}

export interface HercleAccountOptions {
  clock: Clock;
  newId: () => string;
  userId: string;
  email: string;
  /** Starting balances per asset, booked as deposits. */
  balances: Readonly<Record<string, number>>;
  /** Trade fee as a fraction of the notional, charged in the quote currency. */
  feeRate: number;
  baseCurrency: string;
}

/** `value` rounded to 8 decimals: the precision the simulator gives Hercle sizes, amounts and balances (hercle.md §4.2 states none). */
export const round8 = (value: number): number => Math.round(value * 1e8) / 1e8;

/** Creates the account; the starting balances are deposits with sequences 1..n. */
export function createHercleAccount(options: HercleAccountOptions): HercleAccount {
  const { clock, userId } = options;
  const assets = new Map<string, number>();
  const orders: HercleOrderData[] = [];
  const trades: HercleTradeData[] = [];
  const transactions: HercleTransactionData[] = [];
  let sequence = 0;

  const iso = () => new Date(clock.now()).toISOString();
  const book = (asset: string, amount: number, type: number | undefined) => {
    assets.set(asset, round8((assets.get(asset) ?? 0) + amount));
    if (type !== undefined) {
      transactions.push({ id: options.newId(), userId, sequence, type, asset, amount: round8(Math.abs(amount)), timestamp: iso() });
    }
  };
  for (const [asset, amount] of Object.entries(options.balances)) {
    sequence += 1;
    book(asset, amount, HERCLE_TRANSACTION_TYPE.deposit);
  }

  const record = (fill: HercleFill, status: number, reason: string): HercleExecutedOrderData => {
    const timestamp = iso();
    const executed = status === HERCLE_STATUS.executed;
    orders.push({
      orderId: fill.orderId,
      clientId: fill.clientId,
      userId,
      instrument: fill.pair.name,
      base: fill.pair.asset,
      quote: fill.pair.currency,
      side: fill.side,
      orderType: fill.orderType,
      price: fill.price,
      executedPrice: executed ? fill.price : 0,
      executedTimestamp: executed ? timestamp : '',
      quantity: fill.size,
      quantityFilled: executed ? fill.size : 0,
      orderStatus: status,
      cancellationReason: reason,
      slippage: fill.slippage,
      timestamp,
    });
    return {
      tradeId: fill.orderId,
      side: fill.side,
      pair: fill.pair.name,
      price: fill.price,
      size: fill.size,
      notional: round8(fill.price * fill.size),
      status,
      baseCurrency: fill.pair.asset,
      quoteCurrency: fill.pair.currency,
      timestamp,
      statusError: reason,
    };
  };

  return {
    balances: () => ({
      userId,
      sequence,
      assets: [...assets].map(([name, available]) => ({ name, available, allocated: 0, currentExposure: 0, maxExposure: 0 })),
      baseCurrency: options.baseCurrency,
      totalCurrentExposure: 0,
      totalMaxExposure: 0,
      deleted: false,
    }),
    available: (asset) => assets.get(asset) ?? 0,
    fill(fill) {
      const notional = fill.price * fill.size;
      const sign = fill.side === 'buy' ? 1 : -1;
      sequence += 1;
      book(fill.pair.asset, sign * fill.size, undefined);
      book(fill.pair.currency, -sign * notional, undefined);
      book(fill.pair.currency, -notional * options.feeRate, HERCLE_TRANSACTION_TYPE.tradeFee);
      trades.push({
        id: options.newId(),
        userId,
        clientId: fill.clientId,
        instrument: fill.pair.name,
        side: fill.side,
        price: fill.price,
        quantityFilled: fill.size,
        timestamp: iso(),
        email: options.email,
      });
      return record(fill, HERCLE_STATUS.executed, '');
    },
    cancel: (fill, reason) => record(fill, HERCLE_STATUS.cancelled, reason),
    orders: () => orders,
    trades: () => trades,
    transactions: () => transactions,
  };
}
