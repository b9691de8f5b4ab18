/**
 * @org/marketprophit: Market Prophit sentiment over socket.io v4 as RxJS Observables
 * (marketprophit.md). Public surface only.
 */
export { MarketProphitClient } from './client';
export type { MarketProphitClientOptions } from './client';
export { decodeMarketProphitErr, decodeMarketProphitPush, parseMarketProphitRecord } from './codec';
export type { MarketProphitPush } from './codec';
export { MarketProphitError } from './errors';
export type { MarketProphitErrorCode } from './errors';
export { MARKET_PROPHIT_VALUE_FIELDS } from './types';
export type { MarketProphitParams, MarketProphitPath, MarketProphitRecord, MarketProphitUserPath, SentimentRecord } from './types';
