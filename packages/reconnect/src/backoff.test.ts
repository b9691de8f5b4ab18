import fc from 'fast-check';
import { backoffDelay, DEFAULT_BACKOFF_POLICY, validateBackoffPolicy } from './backoff';
import type { BackoffPolicy } from './backoff';
import { ReconnectConfigError } from './errors';

const exact: BackoffPolicy = { ...DEFAULT_BACKOFF_POLICY, jitter: 0 };

describe('backoffDelay', () => {
  it('retries immediately first, then grows by factor up to maxDelayMs (no jitter)', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8].map((n) => backoffDelay(exact, n))).toEqual([
      0, 1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000,
    ]);
  });

  it('returns 0 for attempt 0 (the first connect)', () => {
    expect(backoffDelay(DEFAULT_BACKOFF_POLICY, 0, () => 0.9)).toBe(0);
  });

  it('full jitter spreads uniformly over [0, base]', () => {
    expect(backoffDelay(DEFAULT_BACKOFF_POLICY, 3, () => 0)).toBe(0);
    expect(backoffDelay(DEFAULT_BACKOFF_POLICY, 3, () => 0.25)).toBe(500);
    expect(backoffDelay(DEFAULT_BACKOFF_POLICY, 3, () => 0.999)).toBe(1_998);
  });

  it('partial jitter keeps (1 − jitter) × base as the floor', () => {
    const half: BackoffPolicy = { ...DEFAULT_BACKOFF_POLICY, jitter: 0.5 };
    expect(backoffDelay(half, 3, () => 0)).toBe(1_000);
    expect(backoffDelay(half, 3, () => 0.999)).toBe(1_999);
  });

  it('stays an integer within [(1 − jitter) × base, base] for any attempt and random', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 200 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (attempt, random, jitter) => {
          const policy = { ...DEFAULT_BACKOFF_POLICY, jitter };
          const base = Math.min(policy.maxDelayMs, policy.initialDelayMs * policy.factor ** (attempt - 2));
          const delay = backoffDelay(policy, attempt, () => random);
          return Number.isInteger(delay) && delay >= Math.floor(base * (1 - jitter)) && delay <= base;
        }
      )
    );
  });

  it('uses an explicit schedule exactly, then grows from its last entry with jitter', () => {
    // Hercle's documented list (hercle.md §7).
    const hercle: BackoffPolicy = {
      ...DEFAULT_BACKOFF_POLICY,
      schedule: [0, 2_000, 5_000, 10_000, 30_000],
      maxDelayMs: 60_000,
    };
    expect([1, 2, 3, 4, 5].map((n) => backoffDelay(hercle, n, () => 0.5))).toEqual([0, 2_000, 5_000, 10_000, 30_000]);
    expect(backoffDelay(hercle, 6, () => 0.5)).toBe(15_000);
    expect(backoffDelay(hercle, 7, () => 0.5)).toBe(30_000);
    expect(backoffDelay({ ...hercle, jitter: 0 }, 7)).toBe(60_000);
  });

  it('a schedule may start with a non-zero delay', () => {
    expect(backoffDelay({ ...exact, schedule: [250] }, 1)).toBe(250);
    expect(backoffDelay({ ...exact, schedule: [250] }, 2)).toBe(1_000);
  });
});

describe('validateBackoffPolicy', () => {
  it('accepts the defaults and names the first invalid field', () => {
    expect(() => validateBackoffPolicy(DEFAULT_BACKOFF_POLICY)).not.toThrow();
    const cases: [Partial<BackoffPolicy>, string][] = [
      [{ initialDelayMs: -1 }, 'initialDelayMs'],
      [{ maxDelayMs: Number.NaN }, 'maxDelayMs'],
      [{ stableAfterMs: Infinity }, 'stableAfterMs'],
      [{ factor: 0.5 }, 'factor'],
      [{ jitter: 1.5 }, 'jitter'],
      [{ maxAttempts: 1.5 }, 'maxAttempts'],
      [{ schedule: [0, -5] }, 'schedule'],
    ];
    for (const [override, field] of cases) {
      let thrown: unknown;
      try {
        validateBackoffPolicy({ ...DEFAULT_BACKOFF_POLICY, ...override });
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(ReconnectConfigError);
      expect(thrown).toMatchObject({ field, fatal: true, code: 'RECONNECT_CONFIG' });
    }
  });
});
