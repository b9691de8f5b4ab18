import { readFileSync } from 'node:fs';
import { FINERY_PRODUCTION_URL, FINERY_TEST_URL } from '@org/finery';
import { HERCLE_PRODUCTION_URL, HERCLE_SANDBOX_URL } from '@org/hercle';
import type { VenueName } from '@org/venues';
import type { VenueClients } from './selection';

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

/** What each variable is, for `--help`. */
export const LIVE_ENV_HELP: Readonly<Record<string, string>> = {
  FINERY_KEY: 'Finery Markets API key (EFX-Key)',
  FINERY_SECRET: 'Finery Markets API secret (signs the connection, never sent)',
  ETOROX_HOST: 'eToroX streaming host of your developer app (no sandbox exists)',
  ETOROX_API_KEY: 'eToroX API key (UUID)',
  ETOROX_PRIVATE_KEY_FILE: 'path of the eToroX RSA private key, PEM',
  ETOROX_PASSPHRASE: "passphrase of that key (optional, default '')",
  HERCLE_API_KEY: 'Hercle API key (bearer token)',
  MARKETPROPHIT_SECRET_KEY: 'Market Prophit secret key sk_live_… (no sandbox exists)',
};

/**
 * The names of the required variables that `env` lacks for `venues`, in order; empty when
 * all are there. Values are never read into messages.
 */
export function missingLiveEnv(venues: readonly VenueName[], env: NodeJS.ProcessEnv): string[] {
  return venues.flatMap((venue) => LIVE_ENV[venue].required.filter((name) => !env[name]));
}

/** A live setting that cannot be used (e.g. an unreadable key file); the message names the variable, never a value. */
export class LiveConfigError extends Error {
  override readonly name = 'LiveConfigError';
  readonly fatal = true;
}

const required = (env: NodeJS.ProcessEnv, name: string): string => env[name] ?? '';

/**
 * The venue clients of `--live`: the production endpoints, or the test environments with
 * `sandbox` (Finery `FINERY_TEST_URL`, Hercle `HERCLE_SANDBOX_URL`; eToroX and Market
 * Prophit document none: their production endpoints). Call after `missingLiveEnv` is empty.
 *
 * @throws LiveConfigError when `ETOROX_PRIVATE_KEY_FILE` cannot be read
 */
export function liveClients(
  venues: readonly VenueName[],
  env: NodeJS.ProcessEnv,
  sandbox: boolean,
  readFile: (path: string) => string = (path) => readFileSync(path, 'utf8'),
): VenueClients {
  const privateKey = (): string => {
    try {
      return readFile(required(env, 'ETOROX_PRIVATE_KEY_FILE'));
    } catch (error) {
      throw new LiveConfigError(`cannot read ETOROX_PRIVATE_KEY_FILE: ${(error as NodeJS.ErrnoException).code ?? 'unreadable'}`);
    }
  };
  return {
    ...(venues.includes('finery')
      ? { finery: { url: sandbox ? FINERY_TEST_URL : FINERY_PRODUCTION_URL, key: required(env, 'FINERY_KEY'), secret: required(env, 'FINERY_SECRET') } }
      : {}),
    ...(venues.includes('etorox')
      ? {
          etorox: {
            host: required(env, 'ETOROX_HOST'),
            apiKey: required(env, 'ETOROX_API_KEY'),
            privateKey: privateKey(),
            passphrase: env.ETOROX_PASSPHRASE ?? '',
          },
        }
      : {}),
    ...(venues.includes('hercle') ? { hercle: { url: sandbox ? HERCLE_SANDBOX_URL : HERCLE_PRODUCTION_URL, apiKey: required(env, 'HERCLE_API_KEY') } } : {}),
    ...(venues.includes('marketprophit') ? { marketprophit: { secretKey: required(env, 'MARKETPROPHIT_SECRET_KEY') } } : {}),
  };
}
