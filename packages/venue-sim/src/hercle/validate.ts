import type { HercleSide } from './wire';

/**
 * A failed argument check: becomes a `preChecksError` envelope with
 * `data = {"message","field"}` (hercle.md §5 simulator default).
 */
export class HerclePreCheckFailure extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = 'HerclePreCheckFailure';
  }
}

/** Checks one positional argument and returns its typed value, or throws {@link HerclePreCheckFailure}. */
export interface Validator<T> {
  readonly field: string;
  check(value: unknown): T;
}

const fail = (field: string, message: string): never => {
  throw new HerclePreCheckFailure(field, message);
};

/** The maximum ClientId length (hercle.md §2). */
export const HERCLE_MAX_CLIENT_ID = 36;

/** A non-empty string of at most `maxLength` characters. */
export function text(field: string, maxLength = 256): Validator<string> {
  return {
    field,
    check: (value) =>
      typeof value === 'string' && value.length > 0 && value.length <= maxLength
        ? value
        : fail(field, `${field} must be a non-empty string of at most ${maxLength} characters`),
  };
}

/** A finite number within [min, max]; `integer` requires a whole number. */
export function num(field: string, range: { min?: number; max?: number; integer?: boolean } = {}): Validator<number> {
  const { min = -Infinity, max = Infinity, integer = false } = range;
  return {
    field,
    check: (value) =>
      typeof value === 'number' && Number.isFinite(value) && value >= min && value <= max && (!integer || Number.isInteger(value))
        ? value
        : fail(field, `${field} must be ${integer ? 'an integer' : 'a number'} between ${min} and ${max}`),
  };
}

/** `"buy"` or `"sell"` (hercle.md §4.2). */
export function side(field = 'Side'): Validator<HercleSide> {
  return {
    field,
    check: (value) => (value === 'buy' || value === 'sell' ? value : fail(field, `${field} must be "buy" or "sell"`)),
  };
}

/** An ISO-8601 date string; returns ms since the epoch. */
export function date(field: string): Validator<number> {
  return {
    field,
    check: (value) => {
      const ms = typeof value === 'string' ? Date.parse(value) : NaN;
      return Number.isNaN(ms) ? fail(field, `${field} must be an ISO-8601 date`) : ms;
    },
  };
}

type Parsed<V extends readonly Validator<unknown>[]> = { [K in keyof V]: V[K] extends Validator<infer T> ? T : never };

/**
 * Checks the arguments after ClientId: the count first (naming the first missing or
 * extra argument), then each value in order.
 */
export function checkArguments<V extends readonly Validator<unknown>[]>(validators: V, args: readonly unknown[]): Parsed<V> {
  if (args.length !== validators.length) {
    const field = validators[Math.min(args.length, validators.length)]?.field ?? 'arguments';
    fail(field, `Expected ${validators.length} argument(s) after ClientId, got ${args.length}`);
  }
  return validators.map((v, i) => v.check(args[i])) as Parsed<V>;
}

/** StartDate, EndDate, Page (0-based) and PageSize 5–50 of the paginated queries (hercle.md §4.2); see {@link checkRange}. */
export function pageArguments() {
  return [date('StartDate'), date('EndDate'), num('Page', { min: 0, integer: true }), num('PageSize', { min: 5, max: 50, integer: true })] as const;
}

/** Checks the date range of a paginated query; throws on an inverted range or one over `maxDays`. */
export function checkRange(start: number, end: number, maxDays: number): void {
  if (end < start) fail('EndDate', 'EndDate must not be before StartDate');
  if (end - start > maxDays * 86_400_000) fail('EndDate', `The date range must not exceed ${maxDays} days`);
}
