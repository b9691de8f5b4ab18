/**
 * Requests over the Finery simulator's WebSocket (finery.md §8): `{event:'request', reqId,
 * method, content}` answered with `{event, reqId, reply}` or `{event, reqId, error, param?}`,
 * `reqId` echoed as sent; `mod`'s wrapped error sits inside `reply`.
 */
import type { MarketBook } from './market';
import { topLevels } from './market';
import type { FineryInstrumentSpec } from './reference';
import { FINERY_CURRENCIES, findInstrument, instrumentTuple } from './reference';
import { orders, positions } from './feeds';
import type { FineryAccount, Trading } from './trading';
import { FineryRequestFailure } from './trading';

export interface RequestContext {
  readonly account: FineryAccount;
  readonly connectionId: number;
  readonly trading: Trading;
  readonly instruments: readonly FineryInstrumentSpec[];
  /** Non-zero while the backend is down (finery.md §3): every request fails with that code. */
  readonly backendStatus: number;
}

type Handler = (ctx: RequestContext, content: Record<string, unknown>) => unknown;

const METHODS: Readonly<Record<string, Handler>> = {
  instruments: (ctx) => [FINERY_CURRENCIES, ctx.instruments.map(instrumentTuple), []],
  book: (ctx, content) => {
    const spec = findInstrument(ctx.instruments, content.instrument);
    if (!spec) throw new FineryRequestFailure(34, 'instrument');
    const book = ctx.trading.books.get(spec.name) as MarketBook;
    return [topLevels(book.bids), topLevels(book.asks)];
  },
  positions: (ctx) => [ctx.trading.nextId(), positions(ctx.account, ctx.trading), orders(ctx.account, ctx.trading), []],
  add: (ctx, content) => ctx.trading.add(ctx.account, ctx.connectionId, content),
  del: (ctx, content) => ctx.trading.del(ctx.account, content),
  delAll: (ctx, content) => ctx.trading.delAll(ctx.account, content),
  mod: (ctx, content) => ctx.trading.mod(ctx.account, ctx.connectionId, content),
};

/**
 * Answers one request message with its reply frame. Unknown methods fail with 8, a
 * missing `reqId` or non-object `content` with 9; `content` may be omitted (finery.md §5).
 */
export function handleRequest(ctx: RequestContext, message: Record<string, unknown>): string {
  const { reqId, method } = message;
  const content = message.content ?? {};
  const answer = (body: Record<string, unknown>) => JSON.stringify({ event: 'request', reqId, ...body });
  if (reqId === undefined) return answer({ error: 9, param: 'reqId' });
  if (content === null || typeof content !== 'object' || Array.isArray(content)) return answer({ error: 9, param: 'content' });
  const handler = typeof method === 'string' && Object.hasOwn(METHODS, method) ? METHODS[method] : undefined;
  if (!handler) return answer({ error: 8 });
  if (ctx.backendStatus !== 0) return answer({ error: ctx.backendStatus });
  try {
    return answer({ reply: handler(ctx, content as Record<string, unknown>) });
  } catch (error) {
    if (!(error instanceof FineryRequestFailure)) return answer({ error: 10 });
    if (error.wrapped) return answer({ reply: error.wrapped });
    return answer(error.param ? { error: error.code, param: error.param } : { error: error.code });
  }
}
