/**
 * Integer fixed point of Finery Markets (finery.md §9): every price, size and volume is a
 * count of 1e-8 units (1 BTC = 100000000). These helpers convert for display and input
 * with string arithmetic, so no float ever touches a value.
 */

/** Decimal places of one unit (finery.md §9: 1 unit = 1e-8). */
export const FINERY_DECIMALS = 8;

const UNITS_PER_WHOLE = 10n ** BigInt(FINERY_DECIMALS);

/**
 * Formats integer 1e-8 units as a decimal string without trailing zeros:
 * `toDecimal(12345000000) === '123.45'`, `toDecimal(-1) === '-0.00000001'`.
 * Throws `RangeError` for a non-integer number.
 */
export function toDecimal(units: number | bigint): string {
  if (typeof units === 'number' && !Number.isSafeInteger(units)) throw new RangeError(`${units} is not a safe integer count of units`);
  const value = BigInt(units);
  const negative = value < 0n;
  const abs = negative ? -value : value;
  const whole = abs / UNITS_PER_WHOLE;
  const fraction = (abs % UNITS_PER_WHOLE).toString().padStart(FINERY_DECIMALS, '0').replace(/0+$/, '');
  return `${negative ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}`;
}

/**
 * Parses a decimal string into integer 1e-8 units: `fromDecimal('123.45') === 12345000000`.
 * Throws `RangeError` for more than 8 decimals, a malformed string, or a result beyond
 * `Number.MAX_SAFE_INTEGER`.
 */
export function fromDecimal(text: string): number {
  const match = /^(-?)(\d+)(?:\.(\d{1,8}))?$/.exec(text.trim());
  if (!match) throw new RangeError(`'${text}' is not a decimal with at most ${FINERY_DECIMALS} places`);
  const units = BigInt(match[2] as string) * UNITS_PER_WHOLE + BigInt((match[3] ?? '').padEnd(FINERY_DECIMALS, '0'));
  const signed = match[1] ? -units : units;
  if (signed > BigInt(Number.MAX_SAFE_INTEGER) || signed < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new RangeError(`'${text}' exceeds the safe integer range in units`);
  }
  return Number(signed);
}

/**
 * Volume of a deal or order in quote units: `price × size / 1e8`, truncated toward zero
 * (finery.md §9: price 999900000000, size 2000000 → 19998000000).
 */
export function volumeUnits(price: number, size: number): number {
  return Number((BigInt(price) * BigInt(size)) / UNITS_PER_WHOLE);
}

/**
 * Integer 1e-8 units as a decimal `number` (`units / 1e8`, one correctly rounded division):
 * `toDecimalNumber(12345000000) === 123.45`. For display and arithmetic that tolerates
 * binary floating point; `toDecimal` gives the exact digits as a string (a `number` cannot
 * hold every decimal with 8 places exactly, e.g. `0.1 + 0.2`), so use it for anything sent
 * back to the venue or compared for equality.
 */
export function toDecimalNumber(units: number): number {
  return units / 10 ** FINERY_DECIMALS;
}
