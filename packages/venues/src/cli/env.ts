import type { VenueName } from '../types';

/**
 * The environment variables `venues tail --live` reads, per venue. Required ones must be
 * set and non-empty; optional ones may be absent.
 */
export const LIVE_ENV = {
  finery: { required: ['FINERY_KEY', 'FINERY_SECRET'], optional: [] },
  etorox: { required: ['ETOROX_HOST', 'ETOROX_API_KEY', 'ETOROX_PRIVATE_KEY_FILE'], optional: ['ETOROX_PASSPHRASE'] },
  hercle: { required: ['HERCLE_API_KEY'], optional: [] },
  marketprophit: { required: ['MARKETPROPHIT_SECRET_KEY'], optional: [] },
} as const satisfies Record<VenueName, { required: readonly string[]; optional: readonly string[] }>;

/**
 * The names of the required variables that `env` lacks for `venues`, in order; empty when
 * all are there. Values are never read into messages.
 */
export function missingLiveEnv(venues: readonly VenueName[], env: NodeJS.ProcessEnv): string[] {
  return venues.flatMap((venue) => LIVE_ENV[venue].required.filter((name) => !env[name]));
}
