import { decodeJwt } from 'jose';
import { Observable } from 'rxjs';
import { AuthRequestError } from './errors';

/** Options of `jwtTokens`. All durations in milliseconds. */
export interface JwtTokensOptions {
  /** Refresh this long before `exp` (but never later than 80 % of the life); default 300 000 (5 min). */
  refreshBeforeMs?: number;
  /** Age at which a token without `exp` is replaced; default 3 000 000 (50 min, under the 1 h samples). */
  maxAgeMs?: number;
  /**
   * Delay before retry number `failures` (1, 2, ...) of a failed fetch. Default: exponential
   * from 1 s, doubling, capped at 60 s, with equal jitter (50–100 % of the step).
   */
  retryDelayMs?: (failures: number) => number;
  /** Consecutive failed fetches after which the Observable errors with the last error; default Infinity. */
  maxAttempts?: number;
}

const MAX_TIMER_MS = 2 ** 31 - 1;

function defaultRetryDelayMs(failures: number): number {
  const step = Math.min(60_000, 1_000 * 2 ** (failures - 1));
  return step / 2 + (Math.random() * step) / 2;
}

/**
 * Milliseconds from receipt until `token` should be replaced, or `undefined` when its own
 * claims say it has already expired (`marketprophit.md §2.2`). With an `exp` claim (read
 * with `jose`'s `decodeJwt`) the life is `exp − iat` (or `exp − now` without `iat`) and
 * the refresh comes at `min(life − refreshBeforeMs, 80 % of life)`, never before half the
 * life; measuring from receipt keeps server clock skew out when `iat` is present. Without
 * `exp` (or for an opaque token) it is `maxAgeMs`.
 */
export function tokenRefreshDelayMs(
  token: string,
  now: number,
  { refreshBeforeMs = 300_000, maxAgeMs = 3_000_000 }: Pick<JwtTokensOptions, 'refreshBeforeMs' | 'maxAgeMs'> = {},
): number | undefined {
  let claims: { exp?: unknown; iat?: unknown } = {};
  try {
    claims = decodeJwt(token);
  } catch {
    // opaque (non-JWT) token: maxAgeMs applies
  }
  const { exp, iat } = claims;
  if (typeof exp !== 'number') return Math.min(MAX_TIMER_MS, maxAgeMs);
  const life = exp * 1000 - (typeof iat === 'number' ? iat * 1000 : now);
  if (!(life > 0)) return undefined;
  return Math.min(MAX_TIMER_MS, Math.max(Math.min(life - refreshBeforeMs, 0.8 * life), 0.5 * life));
}

/**
 * A cold Observable of bearer tokens (`marketprophit.md §2.2`, `§3.2`): on subscribe it
 * calls `fetcher`, emits the token, and emits a fresh one before the current expires
 * (`tokenRefreshDelayMs`: `exp` read with `jose`'s `decodeJwt`, else `maxAgeMs`). A failed
 * fetch is retried with backoff (`retryDelayMs`); a token whose claims show it already
 * expired is emitted but counted as a failure, so the next fetch follows the backoff.
 * `fetcher` receives an AbortSignal that fires on unsubscribe; unsubscribe also cancels
 * every timer. Share it with `shareReplay({ bufferSize: 1, refCount: true })`.
 *
 * Errors: the fetcher's error when it is fatal (`fatal === true`, e.g. AuthRejectedError on
 * HTTP 401, AuthConfigError), with no retry; the last error after `maxAttempts`
 * consecutive failures. An empty or non-string token counts as an AuthRequestError.
 *
 * @example jwtTokens((signal) => fetchMarketProphitJwt({ baseUrl, secretKey, signal }))
 */
export function jwtTokens(
  fetcher: (signal: AbortSignal) => Promise<string>,
  options: JwtTokensOptions = {},
): Observable<string> {
  const retryDelayMs = options.retryDelayMs ?? defaultRetryDelayMs;
  const maxAttempts = options.maxAttempts ?? Infinity;
  return new Observable<string>((subscriber) => {
    const abort = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    let failures = 0;

    // Teardown may already have run (e.g. `first()` unsubscribes inside `next`).
    const schedule = (delayMs: number) => {
      if (!subscriber.closed) timer = setTimeout(attempt, delayMs);
    };
    const retry = (error: unknown) => {
      failures += 1;
      if ((error as { fatal?: unknown } | null)?.fatal === true || failures >= maxAttempts) {
        subscriber.error(error);
      } else {
        schedule(retryDelayMs(failures));
      }
    };
    const received = (token: unknown) => {
      if (typeof token !== 'string' || token === '') {
        retry(new AuthRequestError('the token fetcher returned no token'));
        return;
      }
      const delay = tokenRefreshDelayMs(token, Date.now(), options);
      subscriber.next(token);
      if (delay === undefined) {
        failures += 1;
        schedule(retryDelayMs(failures));
      } else {
        failures = 0;
        schedule(delay);
      }
    };
    function attempt(): void {
      timer = undefined;
      new Promise<string>((resolve) => resolve(fetcher(abort.signal))).then(
        (token) => {
          if (!subscriber.closed) received(token);
        },
        (error: unknown) => {
          if (!subscriber.closed) retry(error);
        },
      );
    }

    attempt();
    return () => {
      if (timer !== undefined) clearTimeout(timer);
      abort.abort();
    };
  });
}
