import { ReconnectConfigError } from './errors';

/**
 * Retry timing of the reconnect loop. All durations in milliseconds.
 *
 * - `initialDelayMs`: base delay of the second retry (the first retry is immediate).
 * - `maxDelayMs`: cap of the exponential base delay.
 * - `factor`: growth per retry (≥ 1).
 * - `jitter`: 0..1 share of the delay that is randomised; `1` = full jitter (uniform in
 *   `[0, base]`), `0` = exact exponential delays.
 * - `maxAttempts`: consecutive failed retries after which the loop gives up with
 *   `RetriesExhaustedError`; `Infinity` = never give up (what the venue guides recommend:
 *   hercle.md §7, signalr.md §9, socketio.md §7).
 * - `schedule`: optional explicit delays of the first retries, used as given (no jitter), e.g.
 *   Hercle's documented `[0, 2000, 5000, 10000, 30000]` (hercle.md §7) or SignalR's default
 *   `[0, 2000, 10000, 30000]` (signalr.md §9). Later retries grow from its last entry.
 * - `stableAfterMs`: once a connection has stayed connected this long, the attempt count resets
 *   to 0, so the next drop retries immediately again; a flapping connection keeps backing off.
 */
export interface BackoffPolicy {
  readonly initialDelayMs: number;
  readonly maxDelayMs: number;
  readonly factor: number;
  readonly jitter: number;
  readonly maxAttempts: number;
  readonly schedule?: readonly number[];
  readonly stableAfterMs: number;
}

/**
 * Defaults: 1 s initial, ×2, capped at 30 s, full jitter, never give up, stable after 10 s.
 * Retry delays: 0, then uniform in [0, 1000], [0, 2000], [0, 4000], ... [0, 30000] ms.
 */
export const DEFAULT_BACKOFF_POLICY: BackoffPolicy = Object.freeze({
  initialDelayMs: 1_000,
  maxDelayMs: 30_000,
  factor: 2,
  jitter: 1,
  maxAttempts: Infinity,
  stableAfterMs: 10_000,
});

/**
 * Delay in milliseconds (an integer) before retry number `attempt` (1 = first retry).
 *
 * - `attempt` ≤ `schedule.length`: `schedule[attempt - 1]`, exactly.
 * - otherwise, without a schedule: attempt 1 → 0 (first retry immediate); attempt n ≥ 2 →
 *   base = min(maxDelayMs, initialDelayMs × factor^(n−2)).
 * - otherwise, after a schedule of length L with last entry S: base =
 *   min(maxDelayMs, max(S, initialDelayMs) × factor^(n−L−1)).
 * - jittered: base × (1 − jitter) + random() × base × jitter, rounded.
 *
 * @param random uniform in [0, 1), `Math.random` by default (inject a fixed one in tests)
 * @throws ReconnectConfigError when the policy is invalid (see {@link validateBackoffPolicy})
 */
export function backoffDelay(policy: BackoffPolicy, attempt: number, random: () => number = Math.random): number {
  validateBackoffPolicy(policy);
  const schedule = policy.schedule ?? [];
  if (attempt <= 0) return 0;
  const scheduled = schedule[attempt - 1];
  if (scheduled !== undefined) return scheduled;
  let base: number;
  if (schedule.length === 0) {
    if (attempt === 1) return 0;
    base = policy.initialDelayMs * policy.factor ** (attempt - 2);
  } else {
    const last = schedule[schedule.length - 1] ?? 0;
    base = Math.max(last, policy.initialDelayMs) * policy.factor ** (attempt - schedule.length - 1);
  }
  base = Math.min(policy.maxDelayMs, base);
  return Math.round(base * (1 - policy.jitter) + random() * base * policy.jitter);
}

/**
 * Checks a policy: delays are finite and ≥ 0, `factor` ≥ 1, `jitter` in 0..1, `maxAttempts` an
 * integer ≥ 0 or `Infinity`, `stableAfterMs` ≥ 0, every `schedule` entry finite and ≥ 0.
 *
 * @throws ReconnectConfigError naming the first invalid field
 */
export function validateBackoffPolicy(policy: BackoffPolicy): void {
  const nonNegative = (field: keyof BackoffPolicy, value: number) => {
    if (!Number.isFinite(value) || value < 0) throw new ReconnectConfigError(field, 'must be a finite number ≥ 0');
  };
  nonNegative('initialDelayMs', policy.initialDelayMs);
  nonNegative('maxDelayMs', policy.maxDelayMs);
  nonNegative('stableAfterMs', policy.stableAfterMs);
  if (!Number.isFinite(policy.factor) || policy.factor < 1) throw new ReconnectConfigError('factor', 'must be ≥ 1');
  if (!(policy.jitter >= 0 && policy.jitter <= 1)) throw new ReconnectConfigError('jitter', 'must be within 0..1');
  if (!(policy.maxAttempts === Infinity || (Number.isInteger(policy.maxAttempts) && policy.maxAttempts >= 0))) {
    throw new ReconnectConfigError('maxAttempts', 'must be an integer ≥ 0 or Infinity');
  }
  for (const entry of policy.schedule ?? []) nonNegative('schedule', entry);
}
