import { createManualClock } from '../clock';
import { runHercleCommand } from './commands';
import type { HercleSession } from './commands';
import { createHercleVenue } from './venue';
import type { HercleVenue } from './venue';
import type { HercleReply } from './wire';

const T0 = Date.parse('2026-03-02T12:00:00Z');

function setup(options: Parameters<typeof createHercleVenue>[1] = {}) {
  const clock = createManualClock(T0);
  const venue = createHercleVenue(clock, options);
  const subscribed: string[] = [];
  const active = new Set<string>();
  const session: HercleSession = {
    subscribe: (pair, size, clientId) => {
      subscribed.push(`+${pair}|${size}|${clientId}`);
      active.add(`${pair}|${size}`);
    },
    unsubscribe: (pair, size) => {
      subscribed.push(`-${pair}|${size}`);
      active.delete(`${pair}|${size}`);
    },
    isSubscribed: (pair, size) => active.has(`${pair}|${size}`),
  };
  const run = (method: string, ...args: unknown[]): HercleReply => {
    const replies = runHercleCommand(venue, session, method, args);
    expect(replies).toHaveLength(1);
    return replies[0]!;
  };
  return { venue, session, subscribed, run, advance: (ms: number) => clock.advance(ms) };
}

function quote(venue: HercleVenue, pair = 'BTCUSDT', size = 1) {
  return venue.market.quote(venue.market.pair(pair)!, size);
}

describe('Hercle command handlers (hercle.md §4, §5)', () => {
  it('answers GetPairs with the pair list, echoing the ClientId', () => {
    const { run } = setup();
    const reply = run('GetPairs', 'cid-1');
    expect(reply).toMatchObject({ target: 'executionEvents', subject: 'execution.pairs', clientId: 'cid-1' });
    expect((reply.data as { name: string }[]).map((p) => p.name)).toContain('BTCUSDT');
  });

  it('accepts the single-array argument form (hercle.md §3)', () => {
    const { venue, session } = setup();
    const [reply] = runHercleCommand(venue, session, 'GetBalances', [['cid-arr']]);
    expect(reply).toMatchObject({ subject: 'account.balances.snapshot', clientId: 'cid-arr' });
  });

  it.each([
    ['a missing argument', 'GetPairSizeByAmount', ['BTCUSDT', 'buy'], 'Amount', 'Execution'],
    ['an extra argument', 'GetBalances', ['x'], 'arguments', 'Account'],
    ['a wrong type', 'SubscribePairPriceChannel', ['BTCUSDT', '1'], 'Size', 'Execution'],
    ['a bad side', 'PlaceOtcOrder', ['id', 'hold', 1], 'Side', 'Execution'],
    ['an unknown pair', 'SubscribePairPriceChannel', ['DOGEBTC', 1], 'PairName', 'Execution'],
    ['a page size of 4', 'GetOrdersPaginated', ['2026-03-01T00:00:00Z', '2026-03-02T00:00:00Z', 0, 4], 'PageSize', 'Account'],
    ['a page size of 51', 'GetTradesPaginated', ['2026-03-01T00:00:00Z', '2026-03-02T00:00:00Z', 0, 51], 'PageSize', 'Account'],
    ['a range over 7 days', 'GetTransactionsPaginated', ['2026-02-20T00:00:00Z', '2026-03-02T00:00:00Z', 0, 10], 'EndDate', 'Account'],
    ['a date that is not ISO-8601', 'GetOrdersPaginated', ['yesterday', '2026-03-02T00:00:00Z', 0, 10], 'StartDate', 'Account'],
    ['an RFQ with both size and amount', 'CreateRequestForQuote', ['BTCUSDT', 'buy', 1, 1000], 'Size', 'Account'],
    ['an RFQ expiry over 240 s', 'CreateRequestForQuoteWithCustomExpiration', ['BTCUSDT', 'buy', 1, 0, 241], 'ExpirationInSeconds', 'Account'],
  ])('answers %s with preChecksError naming the field', (_label, method, args, field, topic) => {
    const { run } = setup();
    const reply = run(method, 'cid-2', ...args);
    expect(reply.subject).toBe('preChecksError');
    expect(reply.clientId).toBe('cid-2');
    expect(reply.data).toMatchObject({ field });
    expect(reply.topic).toBe(topic);
  });

  it('rejects a ClientId over 36 characters', () => {
    const { run } = setup();
    const reply = run('GetPairs', 'x'.repeat(37));
    expect(reply).toMatchObject({ subject: 'preChecksError', data: { field: 'ClientId' } });
  });

  it('subscribes and unsubscribes the session price channel', () => {
    const { run, venue, session, subscribed } = setup();
    expect(runHercleCommand(venue, session, 'SubscribePairPriceChannel', ['c', 'ETHUSDT', 2])).toEqual([]);
    expect(runHercleCommand(venue, session, 'UnsubscribePairPriceChannel', ['c', 'ETHUSDT', 2])).toEqual([]);
    expect(subscribed).toEqual(['+ETHUSDT|2|c', '-ETHUSDT|2']);
    expect(run('SubscribePairPriceChannel', 'c', 'BTCUSDT', 500).subject).toBe('preChecksError');
  });

  it('prices an amount with GetPairSizeByAmount and accepts its id for an order', () => {
    const { run } = setup();
    const price = run('GetPairSizeByAmount', 'c', 'BTCUSDT', 'buy', 65_000).data as { id: string; size: number; price: number };
    expect(price.size).toBeGreaterThan(0.9);
    expect(price.size).toBeLessThan(1.1);
    const order = run('PlaceOtcOrder', 'c', price.id, 'buy', 1);
    expect(order).toMatchObject({ subject: 'execution.order.executed', data: { status: 1, statusError: '', size: price.size } });
  });

  it('executes an OTC order, moving balances and the sequence, and records order, trade and fee', () => {
    const { run, venue } = setup();
    const before = venue.account.balances();
    const price = quote(venue);
    const reply = run('PlaceOtcOrder', 'ord-1', price.id, 'buy', 0.5);
    const order = reply.data as { status: number; price: number; notional: number };
    expect(order).toMatchObject({ status: 1, pair: 'BTCUSDT', size: 1, baseCurrency: 'BTC', quoteCurrency: 'USDT' });
    const after = venue.account.balances();
    expect(after.sequence).toBe(before.sequence + 1);
    const btc = (b: typeof after) => b.assets.find((a) => a.name === 'BTC')!.available;
    expect(btc(after)).toBe(btc(before) + 1);
    expect(run('GetOrdersByClientId', 'q', 'ord-1').data).toEqual([expect.objectContaining({ clientId: 'ord-1', orderStatus: 1, quantityFilled: 1 })]);
    expect(run('GetTradesByClientId', 'q', 'ord-1').data).toEqual([expect.objectContaining({ clientId: 'ord-1', quantityFilled: 1 })]);
    const fees = (run('GetTransactionsPaginated', 'q', '2026-03-01T00:00:00Z', '2026-03-03T00:00:00Z', 0, 50).data as { type: number }[]).filter((t) => t.type === 2);
    expect(fees).toHaveLength(1);
  });

  it('cancels an order whose price moved beyond the slippage, and one whose price id expired', () => {
    const { run, venue, advance } = setup();
    const price = quote(venue);
    venue.market.setMid('BTCUSDT', 70_000);
    expect(run('PlaceOtcOrder', 'c', price.id, 'buy', 1).data).toMatchObject({ status: 2, statusError: 'Slippage exceeded' });
    const fresh = quote(venue);
    advance(10_001);
    expect(run('PlaceOtcOrder', 'c', fresh.id, 'sell', 1).data).toMatchObject({ status: 2, statusError: 'Price expired' });
    expect(run('GetOrdersByClientId', 'q', 'c').data).toEqual([expect.objectContaining({ orderStatus: 2 }), expect.objectContaining({ orderStatus: 2 })]);
  });

  it('answers an expired price id with execution.order.error when configured so', () => {
    const { run, venue, advance } = setup({ expiredPrice: 'error' });
    const price = quote(venue);
    advance(10_001);
    expect(run('PlaceOtcOrder', 'c', price.id, 'buy', 1)).toMatchObject({ subject: 'execution.order.error', data: { statusError: 'Price expired' } });
  });

  it('refuses a streamed price id once its price channel is gone (hercle.md §4.2)', () => {
    const { run, venue, session } = setup();
    const streamed = venue.market.quote(venue.market.pair('BTCUSDT')!, 1, true);
    expect(run('PlaceOtcOrder', 'c', streamed.id, 'buy', 1)).toMatchObject({ subject: 'execution.order.error', data: { statusError: 'No active price subscription for BTCUSDT 1' } });
    session.subscribe('BTCUSDT', 1, 'c');
    expect(run('PlaceOtcOrder', 'c', streamed.id, 'buy', 1)).toMatchObject({ subject: 'execution.order.executed', data: { status: 1 } });
  });

  it('answers operational failures on *.error subjects', () => {
    const { run, venue } = setup({ balances: { USDT: 100 } });
    expect(run('PlaceOtcOrder', 'c', 'no-such-id', 'buy', 1)).toMatchObject({ subject: 'execution.order.error', data: { statusError: expect.stringContaining('Unknown price id') } });
    expect(run('PlaceOtcOrder', 'c', quote(venue).id, 'buy', 1)).toMatchObject({ subject: 'execution.order.error', data: { statusError: 'Insufficient USDT balance' } });
    expect(run('AcceptRequestForQuote', 'c', 'nope')).toMatchObject({ subject: 'account.requestForQuote.error' });
  });

  it('creates an RFQ, accepts it once, and refuses an expired one', () => {
    const { run, advance } = setup();
    const rfq = run('CreateRequestForQuote', 'c', 'ETHUSDT', 'sell', 0, 32_000).data as { requestForQuoteId: string; size: number; expireDateTime: string };
    expect(rfq.size).toBeCloseTo(10, 0);
    expect(Date.parse(rfq.expireDateTime) - T0).toBe(15_000);
    expect(run('AcceptRequestForQuote', 'c', rfq.requestForQuoteId)).toMatchObject({ subject: 'execution.order.executed', data: { status: 1, side: 'sell' } });
    expect(run('AcceptRequestForQuote', 'c', rfq.requestForQuoteId)).toMatchObject({ subject: 'account.requestForQuote.error' });
    const short = run('CreateRequestForQuoteWithCustomExpiration', 'c', 'BTCUSDT', 'buy', 0.5, 0, 2).data as { requestForQuoteId: string };
    advance(2_001);
    expect(run('AcceptRequestForQuote', 'c', short.requestForQuoteId)).toMatchObject({
      subject: 'account.requestForQuote.error',
      data: { statusError: 'Request for quote expired' },
    });
  });

  it('pages history newest first within the range', () => {
    const { run, venue, advance } = setup();
    for (let i = 0; i < 7; i += 1) {
      run('PlaceOtcOrder', `o${i}`, quote(venue).id, 'buy', 1);
      advance(1000);
    }
    const page0 = run('GetOrdersPaginated', 'q', '2026-03-02T00:00:00Z', '2026-03-03T00:00:00Z', 0, 5).data as { clientId: string }[];
    const page1 = run('GetOrdersPaginated', 'q', '2026-03-02T00:00:00Z', '2026-03-03T00:00:00Z', 1, 5).data as { clientId: string }[];
    expect(page0.map((o) => o.clientId)).toEqual(['o6', 'o5', 'o4', 'o3', 'o2']);
    expect(page1.map((o) => o.clientId)).toEqual(['o1', 'o0']);
    expect(run('GetOrdersPaginated', 'q', '2026-03-04T00:00:00Z', '2026-03-05T00:00:00Z', 0, 5).data).toEqual([]);
    expect(run('GetHistoricalTradesPaginated', 'q', '2026-02-10T00:00:00Z', '2026-03-03T00:00:00Z', 0, 50).data).toHaveLength(7);
  });

  it('is deterministic for a seed', () => {
    const a = setup({ seed: 7 });
    const b = setup({ seed: 7 });
    expect(quote(a.venue)).toEqual(quote(b.venue));
  });
});
