/**
 * Accounts, orders, matching and positions of the Finery simulator: the `add`, `del`,
 * `delAll` and `mod` requests (finery.md §8), orders and deals as feed `O` lays them out
 * (finery.md §7.3), positions as feed `K` does (finery.md §7.2), and Cancel-on-Disconnect
 * (finery.md §11). Integer 1e-8 units throughout (finery.md §9).
 */
import type { MarketBook, MarketLevel, MarketSide } from './market';
import { addLiquidity, removeLiquidity } from './market';

/** One API key's account. */
export interface FineryAccount {
  readonly key: string;
  readonly secret: string;
  readonly clientId: number;
  /** Currency name → signed size. */
  readonly positions: Map<string, number>;
  /** Active (resting) orders by order id. */
  readonly orders: Map<number, SimOrder>;
}

export interface SimOrder {
  instrument: string;
  orderType: number;
  side: 0 | 1;
  cancelReason: number;
  orderId: number;
  clientOrderId: number;
  price: number;
  initialSize: number;
  sizeLeft: number;
  createdAt: number;
  byVolume: 0 | 1;
  cod: boolean;
  connectionId: number;
  owner: FineryAccount;
}

/** What trading reports to the feeds. */
export interface TradingListener {
  order(account: FineryAccount, action: '+' | '-', order: SimOrder): void;
  deal(account: FineryAccount, deal: unknown[]): void;
  position(account: FineryAccount, action: '+' | 'M', position: unknown[]): void;
}

/** A request failure: `{"error":code,"param"?}` at top level, or `wrapped` inside `reply` (finery.md §8). */
export class FineryRequestFailure extends Error {
  constructor(
    readonly code: number,
    readonly param?: string,
    readonly wrapped?: Record<string, unknown>,
  ) {
    super(`error ${code}`);
  }
}

const ORDER_TYPES: Readonly<Record<string, number>> = { limit: 0, postonly: 1, limitioc: 2, limitfok: 3, marketioc: 4, marketfok: 5 };
const SIM_COUNTERPARTY = 1;
const UNITS = 100_000_000n;

/** The trading state of the simulator. */
export interface Trading {
  readonly books: ReadonlyMap<string, MarketBook>;
  /** `nextDealOrSettlementOrTransactionId` of feed `K` (finery.md §7.2). */
  nextId(): number;
  positionTuple(currency: string, value: number): unknown[];
  orderTuple(order: SimOrder): unknown[];
  add(account: FineryAccount, connectionId: number, content: Record<string, unknown>): Record<string, unknown>;
  del(account: FineryAccount, content: Record<string, unknown>): Record<string, unknown>;
  delAll(account: FineryAccount, content: Record<string, unknown>): Record<string, unknown>;
  mod(account: FineryAccount, connectionId: number, content: Record<string, unknown>): Record<string, unknown>;
  /** Fills every resting order of a level swept by the market walk. */
  sweep(book: MarketBook, side: MarketSide, level: MarketLevel): void;
  /** Cancels a connection's `cod: true` orders with cancel reason 4 (finery.md §11); returns the instruments touched. */
  cancelOnDisconnect(account: FineryAccount, connectionId: number): Set<string>;
}

const isPositiveInt = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) > 0;

/** Creates the trading state over `books`, stamping times with `now()` and reporting to `listener`. */
export function createTrading(books: ReadonlyMap<string, MarketBook>, now: () => number, listener: TradingListener): Trading {
  let orderIds = 1_000_000;
  let dealIds = 5_000_000;
  let nextId = 1;
  const resting = new Map<string, SimOrder[]>();

  const restingAt = (order: Pick<SimOrder, 'instrument' | 'side' | 'price'>) => {
    const k = `${order.instrument}|${order.side}|${order.price}`;
    let list = resting.get(k);
    if (!list) resting.set(k, (list = []));
    return list;
  };
  const positionTuple = (currency: string, value: number) => [currency, value, SIM_COUNTERPARTY, 100_000_000_000_000, -100_000_000_000_000];
  const orderTuple = (o: SimOrder) => [o.instrument, o.orderType, o.side, o.cancelReason, o.orderId, o.clientOrderId, o.price, o.initialSize, o.sizeLeft, o.createdAt, o.byVolume];

  const move = (account: FineryAccount, currency: string, delta: number) => {
    const had = account.positions.has(currency);
    const value = (account.positions.get(currency) ?? 0) + delta;
    account.positions.set(currency, value);
    listener.position(account, had ? 'M' : '+', positionTuple(currency, value));
  };

  /** Reports one execution of `order` to its owner: feed `O` deal (24 fields, finery.md §7.3) and positions. */
  const execute = (order: SimOrder, price: number, size: number, aggressor: 0 | 1, counterparty: number, taker: number, maker: number) => {
    const volume = Number((BigInt(price) * BigInt(size)) / UNITS);
    const dealId = ++dealIds;
    nextId++;
    const book = books.get(order.instrument) as MarketBook;
    move(order.owner, book.spec.assetCurrency, order.side === 0 ? size : -size);
    move(order.owner, book.spec.balanceCurrency, order.side === 0 ? -volume : volume);
    listener.deal(order.owner, [...orderTuple(order), now(), dealId, aggressor, price, size, volume, 0, counterparty, order.byVolume, taker, 0, 0, maker, 0]);
    return { id: dealId, price, size, volume, delta: 0, counterpartyId: counterparty };
  };

  const removeOrder = (order: SimOrder, reason: number) => {
    const book = books.get(order.instrument) as MarketBook;
    const side = order.side === 0 ? book.bids : book.asks;
    removeLiquidity(side, order.price, order.sizeLeft, order.sizeLeft);
    const list = restingAt(order);
    list.splice(list.indexOf(order), 1);
    order.owner.orders.delete(order.orderId);
    order.cancelReason = reason;
    listener.order(order.owner, '-', order);
  };

  /** Fills `size` of a resting maker order at its price. */
  const fillMaker = (maker: SimOrder, size: number, takerId: number) => {
    maker.sizeLeft -= size;
    execute(maker, maker.price, size, maker.side === 0 ? 1 : 0, takerId, takerId, maker.owner.clientId);
    if (maker.sizeLeft === 0) {
      restingAt(maker).splice(restingAt(maker).indexOf(maker), 1);
      maker.owner.orders.delete(maker.orderId);
      listener.order(maker.owner, '-', maker);
    }
  };

  const parseOrder = (account: FineryAccount, connectionId: number, content: Record<string, unknown>): SimOrder => {
    const book = [...books.values()].find((b) => b.spec.name === content.instrument || b.spec.id === content.instrument);
    if (!book) throw new FineryRequestFailure(34, 'instrument');
    const side = content.side === 'bid' ? 0 : content.side === 'ask' ? 1 : undefined;
    if (side === undefined) throw new FineryRequestFailure(9, 'side');
    const orderType = typeof content.type === 'string' ? ORDER_TYPES[content.type.toLowerCase()] : undefined;
    if (orderType === undefined) throw new FineryRequestFailure(9, 'type');
    if (content.size === undefined && content.volume === undefined) throw new FineryRequestFailure(81);
    if (content.volume !== undefined) {
      if (orderType <= 1) throw new FineryRequestFailure(82);
      if (!isPositiveInt(content.volume)) throw new FineryRequestFailure(83, 'volume');
    } else if (!isPositiveInt(content.size)) throw new FineryRequestFailure(70, 'size');
    const market = orderType >= 4;
    if (!market && !isPositiveInt(content.price)) throw new FineryRequestFailure(71, 'price');
    const clientOrderId = content.clientOrderId ?? 0;
    if (clientOrderId !== 0 && !isPositiveInt(clientOrderId)) throw new FineryRequestFailure(9, 'clientOrderId');
    if (clientOrderId !== 0 && [...account.orders.values()].some((o) => o.clientOrderId === clientOrderId)) throw new FineryRequestFailure(74, 'clientOrderId');
    const size = (content.volume ?? content.size) as number;
    const order: SimOrder = {
      instrument: book.spec.name,
      orderType,
      side,
      cancelReason: 0,
      orderId: ++orderIds,
      clientOrderId: clientOrderId as number,
      price: market ? 0 : (content.price as number),
      initialSize: size,
      sizeLeft: size,
      createdAt: now(),
      byVolume: content.volume !== undefined ? 1 : 0,
      cod: content.cod === true,
      connectionId,
      owner: account,
    };
    return order;
  };

  /** Size still wanted from a level at `price` (orders by volume convert their remaining volume). */
  const wanted = (order: SimOrder, price: number) => (order.byVolume ? Number((BigInt(order.sizeLeft) * UNITS) / BigInt(price)) : order.sizeLeft);
  const crosses = (order: SimOrder, price: number) => order.orderType >= 4 || (order.side === 0 ? price <= order.price : price >= order.price);
  const available = (order: SimOrder, level: MarketLevel) =>
    level.size - restingAt({ instrument: order.instrument, side: order.side === 0 ? 1 : 0, price: level.price }).reduce((sum, o) => sum + (o.owner === order.owner ? o.sizeLeft : 0), 0);

  const place = (account: FineryAccount, connectionId: number, content: Record<string, unknown>) => {
    const order = parseOrder(account, connectionId, content);
    const book = books.get(order.instrument) as MarketBook;
    const opposite = order.side === 0 ? book.asks : book.bids;
    const matchable = opposite.levels.filter((l) => crosses(order, l.price));
    if (order.orderType === 1 && matchable.length > 0) throw new FineryRequestFailure(75);
    if (order.orderType === 3 || order.orderType === 5) {
      let left = order.sizeLeft;
      for (const level of matchable) {
        const take = Math.min(wanted({ ...order, sizeLeft: left }, level.price), available(order, level));
        left -= order.byVolume ? Number((BigInt(level.price) * BigInt(take)) / UNITS) : take;
      }
      if (left > 0) throw new FineryRequestFailure(77);
    }
    const deals: unknown[] = [];
    for (const level of matchable) {
      const take = Math.min(wanted(order, level.price), available(order, level));
      if (take <= 0) continue;
      const makers = restingAt({ instrument: order.instrument, side: order.side === 0 ? 1 : 0, price: level.price }).filter((o) => o.owner !== account);
      let fromOrders = Math.max(0, take - (level.size - level.resting));
      const price = level.price;
      order.sizeLeft -= order.byVolume ? Number((BigInt(price) * BigInt(take)) / UNITS) : take;
      let restingTaken = 0;
      for (const maker of makers) {
        if (fromOrders <= 0) break;
        const part = Math.min(fromOrders, maker.sizeLeft);
        fromOrders -= part;
        restingTaken += part;
        fillMaker(maker, part, account.clientId);
      }
      removeLiquidity(opposite, price, take, restingTaken);
      deals.push(execute(order, price, take, order.side, restingTaken > 0 ? (makers[0] as SimOrder).owner.clientId : SIM_COUNTERPARTY, account.clientId, SIM_COUNTERPARTY));
      if (order.sizeLeft <= 0) break;
    }
    // What is left crossing the opposite side now can only be the owner's own orders: self-trade prevention.
    const selfTrade = order.sizeLeft > 0 && opposite.levels[0] !== undefined && crosses(order, opposite.levels[0].price);
    if (selfTrade && deals.length === 0) throw new FineryRequestFailure(78);
    const rests = order.orderType <= 1 && order.sizeLeft > 0 && !selfTrade;
    if (!rests && order.orderType >= 2 && deals.length === 0) throw new FineryRequestFailure(76);
    if (rests) {
      const side = order.side === 0 ? book.bids : book.asks;
      addLiquidity(side, order.price, order.sizeLeft, order.sizeLeft);
      restingAt(order).push(order);
      account.orders.set(order.orderId, order);
      listener.order(account, '+', order);
    } else if (order.sizeLeft > 0) {
      order.cancelReason = selfTrade ? 3 : 2;
    }
    const reply: Record<string, unknown> = { id: order.orderId, deals };
    if (order.clientOrderId) reply.clientOrderId = order.clientOrderId;
    reply[order.byVolume ? 'remainingVolume' : 'remainingSize'] = order.sizeLeft;
    if (!rests) reply.cancelReason = order.cancelReason;
    return reply;
  };

  const findOrder = (account: FineryAccount, content: Record<string, unknown>) => {
    const byId = content.orderId !== undefined;
    if (byId === (content.clientOrderId !== undefined)) throw new FineryRequestFailure(9, 'orderId');
    const order = byId ? account.orders.get(content.orderId as number) : [...account.orders.values()].find((o) => o.clientOrderId === content.clientOrderId);
    if (!order) throw new FineryRequestFailure(80);
    return order;
  };

  return {
    books,
    nextId: () => nextId,
    positionTuple,
    orderTuple,
    add: place,
    del(account, content) {
      removeOrder(findOrder(account, content), 1);
      return { error: 0 };
    },
    delAll(account, content) {
      const book = content.instrument === undefined ? undefined : [...books.values()].find((b) => b.spec.name === content.instrument || b.spec.id === content.instrument);
      if (content.instrument !== undefined && !book) throw new FineryRequestFailure(34, 'instrument');
      const orders = [...account.orders.values()].filter((o) => !book || o.instrument === book.spec.name);
      for (const order of orders) removeOrder(order, 1);
      return { removed: orders.length };
    },
    mod(account, connectionId, content) {
      if (content.orderId === undefined) throw new FineryRequestFailure(9, 'orderId');
      const old = findOrder(account, { orderId: content.orderId });
      const clientOrderId = content.clientOrderId ?? old.clientOrderId;
      const inUse = [...account.orders.values()].some((o) => o !== old && o.clientOrderId !== 0 && o.clientOrderId === clientOrderId);
      removeOrder(old, 1);
      if (inUse) throw new FineryRequestFailure(74, undefined, { error: 74, origId: old.orderId, origRemainingSize: old.sizeLeft });
      return place(account, connectionId, {
        instrument: old.instrument,
        side: old.side === 0 ? 'bid' : 'ask',
        type: old.orderType === 1 ? 'postOnly' : 'limit',
        price: content.price,
        size: content.size,
        clientOrderId: clientOrderId === 0 ? undefined : clientOrderId,
        cod: old.cod,
      });
    },
    sweep(book, side, level) {
      const orderSide = side === book.bids ? 0 : 1;
      for (const maker of [...restingAt({ instrument: book.spec.name, side: orderSide, price: level.price })]) fillMaker(maker, maker.sizeLeft, SIM_COUNTERPARTY);
    },
    cancelOnDisconnect(account, connectionId) {
      const touched = new Set<string>();
      for (const order of [...account.orders.values()]) {
        if (order.cod && order.connectionId === connectionId) {
          removeOrder(order, 4);
          touched.add(order.instrument);
        }
      }
      return touched;
    },
  };
}
