import { UnsecuredJWT } from 'jose';
import { AuthRejectedError, AuthRequestError } from './errors';
import { jwtTokens, tokenRefreshDelayMs } from './jwt';

const MIN = 60_000;
const HOUR = 60 * MIN;
const seconds = () => Math.floor(Date.now() / 1000);
const jwt = (claims: Record<string, unknown>) => new UnsecuredJWT(claims).encode();

/** A fetcher issuing tokens at the current (fake) time with the given life in seconds. */
function issuer(lifeS?: number) {
  let serial = 0;
  return jest.fn(async (_signal: AbortSignal) => {
    serial += 1;
    const iat = seconds();
    return jwt(lifeS === undefined ? { serial } : { serial, iat, exp: iat + lifeS });
  });
}

function collect(source: ReturnType<typeof jwtTokens>) {
  const values: string[] = [];
  const errors: unknown[] = [];
  const subscription = source.subscribe({ next: (v) => values.push(v), error: (e) => errors.push(e) });
  return { values, errors, subscription };
}

describe('tokenRefreshDelayMs (marketprophit.md §2.2)', () => {
  const now = 1_700_000_000_000;
  const iat = now / 1000;
  it.each([
    ['1 h token (the samples): 80 % of the life', { iat, exp: iat + 3600 }, {}, 48 * MIN],
    ['5 h token (the prose): 80 % of the life, the earlier bound', { iat, exp: iat + 5 * 3600 }, {}, 4 * HOUR],
    ['20 min token: exp − 5 min, the earlier bound', { iat, exp: iat + 20 * 60 }, {}, 15 * MIN],
    ['exp without iat: measured from now', { exp: iat + 3600 }, {}, 48 * MIN],
    ['custom refreshBeforeMs', { iat, exp: iat + 3600 }, { refreshBeforeMs: 20 * MIN }, 40 * MIN],
    ['a 2 s test token: never before half its life', { iat, exp: iat + 2 }, {}, 1000],
    ['no exp: maxAgeMs default 50 min', { iat }, {}, 50 * MIN],
    ['no exp: custom maxAgeMs', {}, { maxAgeMs: 10 * MIN }, 10 * MIN],
  ])('%s', (_name, claims, options, expected) => {
    expect(tokenRefreshDelayMs(jwt(claims), now, options)).toBe(expected);
  });

  it('uses maxAgeMs for an opaque token and reports an already expired one as undefined', () => {
    expect(tokenRefreshDelayMs('opaque-bearer-token', now)).toBe(50 * MIN);
    expect(tokenRefreshDelayMs(jwt({ exp: iat - 10 }), now)).toBeUndefined();
    expect(tokenRefreshDelayMs(jwt({ iat, exp: iat }), now)).toBeUndefined();
  });

  it('caps far-away expiries at the largest timer delay', () => {
    expect(tokenRefreshDelayMs(jwt({ iat, exp: iat + 10 * 365 * 86_400 }), now)).toBe(2 ** 31 - 1);
  });
});

describe('jwtTokens', () => {
  beforeEach(() => jest.useFakeTimers({ now: 1_700_000_000_000 }));
  afterEach(() => jest.useRealTimers());

  it('is cold, emits a token at once and a fresh one at 80 % of a 1 h life', async () => {
    const fetcher = issuer(3600);
    const tokens = jwtTokens(fetcher);
    await jest.advanceTimersByTimeAsync(HOUR);
    expect(fetcher).not.toHaveBeenCalled();

    const { values, errors, subscription } = collect(tokens);
    await jest.advanceTimersByTimeAsync(0);
    expect(values).toHaveLength(1);
    await jest.advanceTimersByTimeAsync(48 * MIN - 1);
    expect(fetcher).toHaveBeenCalledTimes(1);
    await jest.advanceTimersByTimeAsync(1);
    expect(values).toHaveLength(2);
    expect(values[1]).not.toBe(values[0]);
    await jest.advanceTimersByTimeAsync(48 * MIN);
    expect(values).toHaveLength(3);
    expect(errors).toEqual([]);
    subscription.unsubscribe();
    expect(jest.getTimerCount()).toBe(0);
  });

  it('refreshes a token without exp every maxAgeMs', async () => {
    const fetcher = issuer();
    const { values, subscription } = collect(jwtTokens(fetcher, { maxAgeMs: 10 * MIN }));
    await jest.advanceTimersByTimeAsync(30 * MIN);
    expect(values).toHaveLength(4);
    subscription.unsubscribe();
  });

  it('retries failed fetches with the backoff and resets it after a success', async () => {
    const fetcher = jest
      .fn<Promise<string>, [AbortSignal]>()
      .mockRejectedValueOnce(new AuthRequestError('HTTP 500', 500))
      .mockRejectedValueOnce(new Error('socket hang up'))
      .mockResolvedValueOnce(jwt({ iat: seconds(), exp: seconds() + 3600 }))
      .mockRejectedValueOnce(new AuthRequestError('HTTP 500', 500))
      .mockResolvedValue(jwt({ serial: 'last' }));
    const { values, errors, subscription } = collect(jwtTokens(fetcher, { retryDelayMs: (n) => n * 1000 }));
    await jest.advanceTimersByTimeAsync(999);
    expect(fetcher).toHaveBeenCalledTimes(1);
    await jest.advanceTimersByTimeAsync(1);
    expect(fetcher).toHaveBeenCalledTimes(2);
    await jest.advanceTimersByTimeAsync(1999);
    expect(values).toHaveLength(0);
    await jest.advanceTimersByTimeAsync(1);
    expect(values).toHaveLength(1);
    await jest.advanceTimersByTimeAsync(48 * MIN);
    expect(fetcher).toHaveBeenCalledTimes(4);
    await jest.advanceTimersByTimeAsync(1000); // failure count was reset: first retry delay again
    expect(values).toHaveLength(2);
    expect(errors).toEqual([]);
    subscription.unsubscribe();
  });

  it('backs off by default from 0.5–1 s, doubling, capped at 60 s', async () => {
    jest.spyOn(Math, 'random').mockReturnValue(0);
    const fetcher = jest.fn(async () => Promise.reject(new Error('down')));
    const { subscription } = collect(jwtTokens(fetcher));
    const callTimes: number[] = [];
    fetcher.mockImplementation(async () => {
      callTimes.push(Date.now() - 1_700_000_000_000);
      throw new Error('down');
    });
    await jest.advanceTimersByTimeAsync(10 * MIN);
    const gaps = callTimes.map((t, i) => t - (callTimes[i - 1] ?? 0));
    expect(gaps.slice(0, 8)).toEqual([500, 1000, 2000, 4000, 8000, 16_000, 30_000, 30_000]);
    subscription.unsubscribe();
    expect(jest.getTimerCount()).toBe(0);
  });

  it('errors at once on a fatal error (401) and fetches no more', async () => {
    const rejected = new AuthRejectedError('Market Prophit rejected the secret key: HTTP 401', 401);
    const fetcher = jest.fn(async () => Promise.reject(rejected));
    const { values, errors } = collect(jwtTokens(fetcher));
    await jest.advanceTimersByTimeAsync(24 * HOUR);
    expect(errors).toEqual([rejected]);
    expect(values).toEqual([]);
    expect(fetcher).toHaveBeenCalledTimes(1);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('errors with the last error after maxAttempts consecutive failures', async () => {
    let n = 0;
    const fetcher = jest.fn(async () => Promise.reject(new Error(`failure ${++n}`)));
    const { errors } = collect(jwtTokens(fetcher, { maxAttempts: 3, retryDelayMs: () => 1000 }));
    await jest.advanceTimersByTimeAsync(HOUR);
    expect(fetcher).toHaveBeenCalledTimes(3);
    expect(errors).toEqual([new Error('failure 3')]);
  });

  it('retries an empty token, a non-string token and a fetcher that throws synchronously', async () => {
    const results: (() => unknown)[] = [
      () => Promise.resolve(''),
      () => Promise.resolve(42),
      () => {
        throw new Error('sync');
      },
      () => Promise.resolve('opaque-token'),
    ];
    const fetcher = jest.fn(() => results.shift()!() as Promise<string>);
    const { values, errors } = collect(jwtTokens(fetcher, { retryDelayMs: () => 10 }));
    await jest.advanceTimersByTimeAsync(30);
    expect(values).toEqual(['opaque-token']);
    expect(errors).toEqual([]);
  });

  it('emits an already expired token but fetches the next one on the backoff, not in a loop', async () => {
    const fetcher = jest.fn(async () => jwt({ exp: seconds() - 60 }));
    const { values, subscription } = collect(jwtTokens(fetcher, { retryDelayMs: (n) => n * 1000 }));
    await jest.advanceTimersByTimeAsync(0);
    expect(values).toHaveLength(1);
    await jest.advanceTimersByTimeAsync(1000 + 2000);
    expect(fetcher).toHaveBeenCalledTimes(3);
    subscription.unsubscribe();
  });

  it('aborts the in-flight fetch and cancels every timer on unsubscribe', async () => {
    let resolve: (token: string) => void = () => undefined;
    let signal: AbortSignal | undefined;
    const fetcher = jest.fn(
      (s: AbortSignal) =>
        new Promise<string>((r) => {
          signal = s;
          resolve = r;
        }),
    );
    const { values, subscription } = collect(jwtTokens(fetcher));
    subscription.unsubscribe();
    expect(signal?.aborted).toBe(true);
    resolve(jwt({ iat: seconds(), exp: seconds() + 3600 }));
    await jest.advanceTimersByTimeAsync(HOUR);
    expect(values).toEqual([]);
    expect(fetcher).toHaveBeenCalledTimes(1);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('leaves no timer when the consumer unsubscribes inside next (first())', async () => {
    const fetcher = issuer(3600);
    const subscription = jwtTokens(fetcher).subscribe({ next: () => subscription.unsubscribe() });
    await jest.advanceTimersByTimeAsync(0);
    expect(fetcher).toHaveBeenCalledTimes(1);
    expect(jest.getTimerCount()).toBe(0);
  });
});
