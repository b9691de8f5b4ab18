/** The Market Prophit simulator (marketprophit.md): public surface only. */
export { startMarketProphitSimulator } from './simulator';
export type {
  MarketProphitSimEvent,
  MarketProphitSimSubscription,
  MarketProphitSimulator,
  MarketProphitSimulatorOptions,
} from './simulator';
export { marketProphitDemoCredentials } from './token';
export { marketProphitPaths } from './paths';
export type { MarketProphitPathSpec } from './paths';
