import type { Clock } from '../clock';
import { createHercleAccount } from './account';
import type { HercleAccount } from './account';
import { createHercleMarket, HERCLE_DEFAULT_PAIRS } from './market';
import type { HercleMarket, HercleSimPair } from './market';
import type { HercleRfqData } from './wire';

/** An RFQ the simulator quoted, with its expiry in ms since the epoch. */
export interface HercleRfqRecord {
  data: HercleRfqData;
  pair: HercleSimPair;
  expiresAt: number;
}

/** The whole simulated venue state that command handlers read and change. */
export interface HercleVenue {
  readonly clock: Clock;
  readonly market: HercleMarket;
  readonly account: HercleAccount;
  readonly rfqs: Map<string, HercleRfqRecord>;
  /** How long a price id stays valid, ms (hercle.md §4.1 simulator default 10 000). */
  readonly priceIdTtlMs: number;
  /** How `PlaceOtcOrder` answers an expired price id; see {@link HercleVenueOptions.expiredPrice}. */
  readonly expiredPrice: 'cancelled' | 'error';
}

/** Venue settings of the Hercle simulator; every field has a default. */
export interface HercleVenueOptions {
  /** Seed of the price walk and of generated ids. Default 1. */
  seed?: number;
  /** Quoted pairs. Default {@link HERCLE_DEFAULT_PAIRS}. */
  pairs?: readonly HercleSimPair[];
  /** Starting balances per asset. Default 1 000 000 USDT, 500 000 EUR, 10 BTC, 100 ETH. */
  balances?: Readonly<Record<string, number>>;
  /** Price id validity, ms. Default 10 000. */
  priceIdTtlMs?: number;
  /** Trade fee as a fraction of the notional. Default 0.001. */
  feeRate?: number;
  /**
   * How `PlaceOtcOrder` answers an expired price id: `'cancelled'` (default, hercle.md §5
   * simulator default) an `execution.order.executed` with status 2 and `statusError`;
   * `'error'` an `execution.order.error`. Both are variants the client must handle.
   */
  expiredPrice?: 'cancelled' | 'error';
}

/** Creates the venue state with its seeded market and funded account. */
export function createHercleVenue(clock: Clock, options: HercleVenueOptions = {}): HercleVenue {
  const priceIdTtlMs = options.priceIdTtlMs ?? 10_000;
  const market = createHercleMarket({ clock, seed: options.seed ?? 1, pairs: options.pairs ?? HERCLE_DEFAULT_PAIRS, priceIdTtlMs });
  const account = createHercleAccount({
    clock,
    newId: market.newId,
    userId: 'sim-user-1',
    email: 'demo@hercle.sim',
    balances: options.balances ?? { USDT: 1_000_000, EUR: 500_000, BTC: 10, ETH: 100 },
    feeRate: options.feeRate ?? 0.001,
    baseCurrency: 'EUR',
  });
  return { clock, market, account, rfqs: new Map(), priceIdTtlMs, expiredPrice: options.expiredPrice ?? 'cancelled' };
}
