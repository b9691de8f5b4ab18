import type * as EtoroxMap from './map/etorox';
import type * as FineryMap from './map/finery';
import type * as HercleMap from './map/hercle';
import type * as MarketProphitMap from './map/marketprophit';
import type { VenueName } from './types';

/**
 * The npm package of each venue. They are optional peer dependencies of `@org/venues`:
 * install those of the venues you configure (`npm install @org/venues @org/finery rxjs`).
 */
export const VENUE_PACKAGES = {
  finery: '@org/finery',
  etorox: '@org/etorox',
  hercle: '@org/hercle',
  marketprophit: '@org/marketprophit',
} as const satisfies Record<VenueName, string>;

/**
 * `connectVenues` was given a venue whose package is not installed. Thrown at once by
 * `connectVenues` (configuration error: `fatal`, code `VENUE_PACKAGE_MISSING`); `venue`
 * and `packageName` say which, the message says how to fix it.
 */
export class VenuePackageMissingError extends Error {
  override readonly name = 'VenuePackageMissingError';
  readonly code = 'VENUE_PACKAGE_MISSING';
  readonly fatal = true;
  constructor(
    readonly venue: VenueName,
    readonly packageName: (typeof VENUE_PACKAGES)[VenueName],
    options?: ErrorOptions,
  ) {
    super(`@org/venues: ${venue} is configured but its package ${packageName} is not installed (npm install ${packageName})`, options);
  }
}

/** The mapping module of each venue: it imports that venue's package. */
export interface VenueModules {
  readonly finery: typeof FineryMap;
  readonly etorox: typeof EtoroxMap;
  readonly hercle: typeof HercleMap;
  readonly marketprophit: typeof MarketProphitMap;
}

/*
 * Each mapping module is loaded on first use only, synchronously, so that a venue nobody
 * configures needs no package. The build keeps these `require`s: the CommonJS build loads
 * `./map/<venue>.js`, the ES module build `./map/<venue>.mjs` through `createRequire`
 * (Node ≥ 20.19 `require()`s ES modules), so each venue package is loaded in the module
 * format of the caller, one instance shared with the application's own imports.
 */
/* eslint-disable @typescript-eslint/no-require-imports */
const LOADERS: { readonly [V in VenueName]: () => VenueModules[V] } = {
  finery: () => require('./map/finery'),
  etorox: () => require('./map/etorox'),
  hercle: () => require('./map/hercle'),
  marketprophit: () => require('./map/marketprophit'),
};
/* eslint-enable @typescript-eslint/no-require-imports */

/** Whether `error` says that `packageName` itself cannot be found (not a module inside it). */
const isMissing = (error: unknown, packageName: string): boolean => {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  return (code === 'MODULE_NOT_FOUND' || code === 'ERR_MODULE_NOT_FOUND') && typeof message === 'string' && message.includes(`'${packageName}'`);
};

/**
 * The mapping module of `venue`, loading it (and the venue's package) on first use.
 *
 * @throws VenuePackageMissingError when the venue's package is not installed; any other
 *   error of loading it as it is.
 */
export function loadVenue<V extends VenueName>(venue: V): VenueModules[V] {
  try {
    return LOADERS[venue]();
  } catch (error) {
    if (isMissing(error, VENUE_PACKAGES[venue])) throw new VenuePackageMissingError(venue, VENUE_PACKAGES[venue], { cause: error });
    throw error;
  }
}
