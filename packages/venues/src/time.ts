/** Days of each month of a common year, January first. */
const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

/** The unsigned decimal of `text[start, start + count)`, or -1 when a character is no digit. */
function digits(text: string, start: number, count: number): number {
  let value = 0;
  for (let i = start; i < start + count; i++) {
    const digit = text.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

/** Days from 1970-01-01 to a proleptic Gregorian date (H. Hinnant's `days_from_civil`). */
function epochDays(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  return era * 146_097 + yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear - 719_468;
}

const isLeap = (year: number): boolean => year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);

/**
 * A venue's ISO-8601 time (eToroX `updated_at`/`created_at`, etorox.md §6.1; Hercle
 * `timestamp`, hercle.md §4.1; Market Prophit `ts`, marketprophit.md §7.3) as ms since the
 * Unix epoch, or `NaN` when absent or unreadable: always exactly what `Date.parse` returns.
 * The form every venue sends, UTC with milliseconds (`2026-01-01T12:00:00.000Z`, as
 * `Date.prototype.toISOString` writes it), is read here directly, several times faster
 * than `Date.parse`; any other form (offsets, no milliseconds, other years) goes to `Date.parse`.
 */
export function isoTime(text: string | undefined): number {
  if (text === undefined) return Number.NaN;
  if (
    text.length === 24 &&
    text.charCodeAt(4) === 45 && // -
    text.charCodeAt(7) === 45 &&
    text.charCodeAt(10) === 84 && // T
    text.charCodeAt(13) === 58 && // :
    text.charCodeAt(16) === 58 &&
    text.charCodeAt(19) === 46 && // .
    text.charCodeAt(23) === 90 // Z
  ) {
    const year = digits(text, 0, 4);
    const month = digits(text, 5, 2);
    const day = digits(text, 8, 2);
    const hour = digits(text, 11, 2);
    const minute = digits(text, 14, 2);
    const second = digits(text, 17, 2);
    const ms = digits(text, 20, 3);
    const monthDays = month === 2 && isLeap(year) ? 29 : (MONTH_DAYS[month - 1] ?? 0);
    if (year >= 0 && day >= 1 && day <= monthDays && hour >= 0 && hour <= 23 && minute >= 0 && minute <= 59 && second >= 0 && second <= 59 && ms >= 0) {
      return epochDays(year, month, day) * 86_400_000 + ((hour * 60 + minute) * 60 + second) * 1000 + ms;
    }
  }
  return Date.parse(text);
}
