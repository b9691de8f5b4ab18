import { round8 } from './account';
import type { HercleSimPair } from './market';
import { checkArguments, checkRange, HERCLE_MAX_CLIENT_ID, HerclePreCheckFailure, num, pageArguments, side, text } from './validate';
import type { Validator } from './validate';
import type { HercleVenue } from './venue';
import { HERCLE_STATUS, topicOf } from './wire';
import type { HercleReply, HercleSide } from './wire';

/** What a command may do to the calling connection: its price subscriptions (hercle.md §4.1). */
export interface HercleSession {
  /** Starts price updates for (pair, size) on `subscriptions`, echoing `clientId`; a repeat is a no-op. */
  subscribe(pair: string, size: number, clientId: string): void;
  unsubscribe(pair: string, size: number): void;
  /** Whether this connection has an active price channel for (pair, size). */
  isSubscribed(pair: string, size: number): boolean;
}

interface CommandContext {
  venue: HercleVenue;
  session: HercleSession;
  clientId: string;
  /** The successful reply: the command's subject on `executionEvents`. */
  reply(data: unknown): HercleReply[];
}

/** One hub method: its argument checks, the subject of its reply and its handler. */
export interface HercleCommand {
  /** Subject of the successful reply; its first segment gives the `preChecksError` topic. */
  readonly subject: string;
  run(ctx: Omit<CommandContext, 'reply'>, args: readonly unknown[]): HercleReply[];
}

type Parsed<V extends readonly Validator<unknown>[]> = { [K in keyof V]: V[K] extends Validator<infer T> ? T : never };

function command<V extends readonly Validator<unknown>[]>(
  subject: string,
  validators: readonly [...V],
  handler: (ctx: CommandContext, args: Parsed<V>) => HercleReply[],
): HercleCommand {
  return {
    subject,
    run: (ctx, args) =>
      handler({ ...ctx, reply: (data) => [{ target: 'executionEvents', subject, clientId: ctx.clientId, data }] }, checkArguments<V>(validators as V, args)),
  };
}

const pairArg = (field: string): Validator<string> => text(field, 32);

function pairOf(ctx: CommandContext, name: string, field: string): HercleSimPair {
  const pair = ctx.venue.market.pair(name);
  if (!pair) throw new HerclePreCheckFailure(field, `Unknown pair ${name}`);
  return pair;
}

function sizeOf(pair: HercleSimPair, size: number, field: string): number {
  if (size < pair.minSize || size > pair.maxSize) {
    throw new HerclePreCheckFailure(field, `${field} must be between ${pair.minSize} and ${pair.maxSize}`);
  }
  return size;
}

/** Operational failure on a `*.error` subject with `{"statusError"}` (hercle.md §5 simulator default). */
function operationalError(ctx: CommandContext, subject: string, reason: string): HercleReply[] {
  return [{ target: 'executionEvents', subject, clientId: ctx.clientId, data: { statusError: reason } }];
}

function byTimeDesc<T extends { timestamp: string }>(items: readonly T[], start: number, end: number, page: number, pageSize: number): T[] {
  return items
    .filter((item) => {
      const at = Date.parse(item.timestamp);
      return at >= start && at <= end;
    })
    .sort((a, b) => Date.parse(b.timestamp) - Date.parse(a.timestamp))
    .slice(page * pageSize, (page + 1) * pageSize);
}

function paginated<T extends { timestamp: string }>(subject: string, maxDays: number, items: (ctx: CommandContext) => readonly T[]): HercleCommand {
  return command(subject, pageArguments(), (ctx, [start, end, page, pageSize]) => {
    checkRange(start, end, maxDays);
    return ctx.reply(byTimeDesc(items(ctx), start, end, page, pageSize));
  });
}

/** Executes `size` of `pair` at `price` after the balance check; `execution.order.error` when funds are short. */
function execute(ctx: CommandContext, fill: { pair: HercleSimPair; side: HercleSide; size: number; price: number; orderType: number; slippage: number; orderId: string }): HercleReply[] {
  const { account } = ctx.venue;
  const needed = fill.side === 'buy' ? fill.price * fill.size * 1.01 : fill.size;
  const asset = fill.side === 'buy' ? fill.pair.currency : fill.pair.asset;
  if (account.available(asset) < needed) return operationalError(ctx, 'execution.order.error', `Insufficient ${asset} balance`);
  return ctx.reply(account.fill({ ...fill, clientId: ctx.clientId }));
}

function createRfq(ctx: CommandContext, pairName: string, rfqSide: HercleSide, size: number, amount: number, expirationS: number) {
  const pair = pairOf(ctx, pairName, 'PairName');
  if ((size > 0) === (amount > 0)) throw new HerclePreCheckFailure('Size', 'Pass either Size or Amount, and 0 for the other');
  const { market, clock, rfqs } = ctx.venue;
  const estimate = market.current(pair, size > 0 ? size : pair.minSize);
  const baseSize = size > 0 ? size : round8(amount / (rfqSide === 'buy' ? estimate.buyPrice : estimate.sellPrice));
  sizeOf(pair, baseSize, size > 0 ? 'Size' : 'Amount');
  const quote = market.quote(pair, baseSize);
  const price = rfqSide === 'buy' ? quote.buyPrice : quote.sellPrice;
  const now = clock.now();
  const data = {
    requestForQuoteId: market.newId(),
    userId: ctx.venue.account.balances().userId,
    instrument: pair.name,
    baseCurrency: pair.asset,
    quoteCurrency: pair.currency,
    side: rfqSide,
    size: baseSize,
    price,
    amount: round8(baseSize * price),
    status: HERCLE_STATUS.created,
    requestDateTime: new Date(now).toISOString(),
    expireDateTime: new Date(now + expirationS * 1000).toISOString(),
  };
  rfqs.set(data.requestForQuoteId, { data, pair, expiresAt: now + expirationS * 1000 });
  return data;
}

const rfqArgs = [pairArg('PairName'), side('Side'), num('Size', { min: 0 }), num('Amount', { min: 0 })] as const;

/**
 * The hub methods of hercle.md §4.1–§4.3 that the simulator serves (market data,
 * trading, balances), keyed by method name.
 */
export const HERCLE_COMMANDS: Readonly<Record<string, HercleCommand>> = {
  GetPairs: command('execution.pairs', [], (ctx) => ctx.reply(ctx.venue.market.pairs())),
  GetPairSizeByAmount: command('execution.pair.price', [pairArg('Pair'), side('Side'), num('Amount', { min: 0 })], (ctx, [name, orderSide, amount]) => {
    const pair = pairOf(ctx, name, 'Pair');
    if (amount < pair.minQuoteSize || amount > pair.maxQuoteSize) {
      throw new HerclePreCheckFailure('Amount', `Amount must be between ${pair.minQuoteSize} and ${pair.maxQuoteSize}`);
    }
    const estimate = ctx.venue.market.current(pair, pair.minSize);
    const size = round8(amount / (orderSide === 'buy' ? estimate.buyPrice : estimate.sellPrice));
    const quote = ctx.venue.market.quote(pair, sizeOf(pair, size, 'Amount'));
    return ctx.reply({ id: quote.id, pair: pair.name, price: orderSide === 'buy' ? quote.buyPrice : quote.sellPrice, size, timestamp: quote.timestamp });
  }),
  SubscribePairPriceChannel: command('execution.feeds.priceUpdate', [pairArg('PairName'), num('Size', { min: 0 })], (ctx, [name, size]) => {
    const pair = pairOf(ctx, name, 'PairName');
    ctx.session.subscribe(pair.name, sizeOf(pair, size, 'Size'), ctx.clientId);
    return [];
  }),
  UnsubscribePairPriceChannel: command('execution.feeds.priceUpdate', [pairArg('PairName'), num('Size', { min: 0 })], (ctx, [name, size]) => {
    ctx.session.unsubscribe(pairOf(ctx, name, 'PairName').name, size);
    return [];
  }),
  PlaceOtcOrder: command('execution.order.executed', [text('PriceId', 64), side('Side'), num('Slippage', { min: 0, max: 100 })], (ctx, [priceId, orderSide, slippage]) => {
    const { market, clock, account, priceIdTtlMs } = ctx.venue;
    const quoted = market.issued(priceId);
    if (!quoted) return operationalError(ctx, 'execution.order.error', `Unknown price id ${priceId}`);
    if (quoted.streamed && !ctx.session.isSubscribed(quoted.pair.name, quoted.size)) {
      // "needs an active price subscription" (hercle.md §4.2)
      return operationalError(ctx, 'execution.order.error', `No active price subscription for ${quoted.pair.name} ${quoted.size}`);
    }
    const now = market.current(quoted.pair, quoted.size);
    const price = orderSide === 'buy' ? now.buyPrice : now.sellPrice;
    const fill = { pair: quoted.pair, side: orderSide, size: quoted.size, price, orderType: 0, slippage, orderId: market.newId(), clientId: ctx.clientId };
    const limit = orderSide === 'buy' ? quoted.buyPrice * (1 + slippage / 100) : quoted.sellPrice * (1 - slippage / 100);
    const expired = clock.now() - quoted.issuedAt > priceIdTtlMs;
    if (expired && ctx.venue.expiredPrice === 'error') return operationalError(ctx, 'execution.order.error', 'Price expired');
    let reason = '';
    if (expired) reason = 'Price expired';
    else if (orderSide === 'buy' ? price > limit : price < limit) reason = 'Slippage exceeded';
    if (reason !== '') return ctx.reply(account.cancel(fill, reason));
    return execute(ctx, fill);
  }),
  CreateRequestForQuote: command('account.requestForQuote.created', rfqArgs, (ctx, [name, rfqSide, size, amount]) =>
    ctx.reply(createRfq(ctx, name, rfqSide, size, amount, 15)),
  ),
  CreateRequestForQuoteWithCustomExpiration: command(
    'account.requestForQuote.created',
    [...rfqArgs, num('ExpirationInSeconds', { min: 1, max: 240, integer: true })] as const,
    (ctx, [name, rfqSide, size, amount, expiration]) => ctx.reply(createRfq(ctx, name, rfqSide, size, amount, expiration)),
  ),
  AcceptRequestForQuote: command('execution.order.executed', [text('RequestForQuoteId', 64)], (ctx, [id]) => {
    const rfq = ctx.venue.rfqs.get(id);
    const subject = 'account.requestForQuote.error';
    if (!rfq) return operationalError(ctx, subject, `Unknown request for quote ${id}`);
    if (rfq.data.status !== HERCLE_STATUS.created) return operationalError(ctx, subject, 'Request for quote is no longer open');
    if (ctx.venue.clock.now() > rfq.expiresAt) {
      rfq.data.status = HERCLE_STATUS.cancelled;
      return operationalError(ctx, subject, 'Request for quote expired');
    }
    const replies = execute(ctx, { pair: rfq.pair, side: rfq.data.side, size: rfq.data.size, price: rfq.data.price, orderType: 1, slippage: 0, orderId: id });
    if (replies[0]?.subject === 'execution.order.executed') rfq.data.status = HERCLE_STATUS.executed;
    return replies;
  }),
  GetOrdersByClientId: command('account.orders.snapshot', [text('OrderClientId', HERCLE_MAX_CLIENT_ID)], (ctx, [id]) =>
    ctx.reply(ctx.venue.account.orders().filter((o) => o.clientId === id)),
  ),
  GetOrdersPaginated: paginated('account.orders.snapshot', 7, (ctx) => ctx.venue.account.orders()),
  GetTradesPaginated: paginated('account.trades.snapshot', 7, (ctx) => ctx.venue.account.trades()),
  GetHistoricalTradesPaginated: paginated('account.trades.snapshot', 30, (ctx) => ctx.venue.account.trades()),
  GetTradesByClientId: command('account.trades.snapshot', [text('TradeClientId', HERCLE_MAX_CLIENT_ID)], (ctx, [id]) =>
    ctx.reply(ctx.venue.account.trades().filter((t) => t.clientId === id)),
  ),
  GetTransactionsPaginated: paginated('account.transactions.snapshot', 7, (ctx) => ctx.venue.account.transactions()),
  GetHistoricalTransactionsPaginated: paginated('account.transactions.snapshot', 30, (ctx) => ctx.venue.account.transactions()),
  GetBalances: command('account.balances.snapshot', [], (ctx) => ctx.reply(ctx.venue.account.balances())),
};

/**
 * Runs one hub method. Accepts positional arguments and the single-array form
 * `invoke('GetPairs', [clientId])` (hercle.md §3). ClientId (≤ 36 chars) comes first and is
 * echoed; failed checks become `preChecksError` with `{"message","field"}` and the topic of
 * the command (hercle.md §5).
 */
export function runHercleCommand(venue: HercleVenue, session: HercleSession, method: string, rawArgs: readonly unknown[]): HercleReply[] {
  const cmd = HERCLE_COMMANDS[method];
  if (!cmd) throw new Error(`Unknown Hercle command ${method}`);
  const args = rawArgs.length === 1 && Array.isArray(rawArgs[0]) ? (rawArgs[0] as unknown[]) : rawArgs;
  const clientId = typeof args[0] === 'string' ? args[0] : '';
  try {
    text('ClientId', HERCLE_MAX_CLIENT_ID).check(args[0]);
    return cmd.run({ venue, session, clientId }, args.slice(1));
  } catch (error) {
    if (!(error instanceof HerclePreCheckFailure)) throw error;
    const data = { message: error.message, field: error.field };
    return [{ target: 'executionEvents', subject: 'preChecksError', topic: topicOf(cmd.subject), clientId, data }];
  }
}
