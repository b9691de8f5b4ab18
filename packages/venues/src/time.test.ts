import fc from 'fast-check';
import { isoTime } from './time';

const sameAsDateParse = (text: string): void => {
  expect(Object.is(isoTime(text), Date.parse(text))).toBe(true);
};

test('a toISOString time of any date reads as Date.parse reads it', () => {
  fc.assert(
    fc.property(fc.date({ noInvalidDate: true }), (date) => {
      sameAsDateParse(date.toISOString());
    }),
  );
});

test('leap days, month ends and epoch edges read as Date.parse reads them', () => {
  for (const text of [
    '1970-01-01T00:00:00.000Z',
    '1969-12-31T23:59:59.999Z',
    '0000-01-01T00:00:00.000Z',
    '0000-02-29T12:00:00.000Z',
    '2024-02-29T00:00:00.000Z',
    '2100-02-29T00:00:00.000Z',
    '2000-02-29T00:00:00.000Z',
    '2026-04-31T00:00:00.000Z',
    '2026-12-31T23:59:59.999Z',
    '9999-12-31T23:59:59.999Z',
    '2026-13-01T00:00:00.000Z',
    '2026-01-01T24:00:00.000Z',
    '2026-01-01T12:60:00.000Z',
    '2026-01-01T12:00:60.000Z',
    '2026-01-00T00:00:00.000Z',
  ]) {
    sameAsDateParse(text);
  }
});

test('other forms and unreadable text fall back to Date.parse; absent is NaN', () => {
  expect(isoTime(undefined)).toBeNaN();
  expect(isoTime('not a time')).toBeNaN();
  expect(isoTime('2026-01-01T12:00:00Z')).toBe(Date.parse('2026-01-01T12:00:00Z'));
  expect(isoTime('2026-01-01T12:00:00.000+02:00')).toBe(Date.parse('2026-01-01T12:00:00.000+02:00'));
  fc.assert(
    fc.property(fc.date({ noInvalidDate: true }), fc.nat(23), fc.string({ minLength: 1, maxLength: 1 }), (date, at, char) => {
      const text = date.toISOString();
      sameAsDateParse(text.slice(0, at) + char + text.slice(at + 1));
    }),
  );
});
