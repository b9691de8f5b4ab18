import { ReconnectConfigError } from './errors';
import { weeklyWindow } from './maintenance';

const HOUR = 3_600_000;
// Hercle: every Wednesday 10:00–11:00 GMT+1 (hercle.md §7).
const hercle = weeklyWindow({ day: 3, start: '10:00', durationMs: HOUR, utcOffsetMinutes: 60 });
const wednesday = (h: number, m = 0, s = 0, ms = 0) => Date.UTC(2026, 10, 25, h, m, s, ms); // 2026-11-25 is a Wednesday

describe('weeklyWindow', () => {
  it('contains exactly [start, start + duration) in the given offset', () => {
    expect(hercle.contains(wednesday(8, 59, 59, 999))).toBe(false);
    expect(hercle.contains(wednesday(9))).toBe(true);
    expect(hercle.contains(wednesday(9, 59, 59, 999))).toBe(true);
    expect(hercle.contains(wednesday(10))).toBe(false);
    expect(hercle.contains(wednesday(9, 30) - 24 * HOUR)).toBe(false); // Tuesday
    expect(hercle.contains(wednesday(9, 30) + 7 * 24 * HOUR)).toBe(true); // next week
    expect(hercle.contains(wednesday(9, 30) - 52 * 7 * 24 * HOUR)).toBe(true); // a year earlier
  });

  it('end() gives the end of the containing window, or the instant itself outside', () => {
    expect(hercle.end(wednesday(9))).toBe(wednesday(10));
    expect(hercle.end(wednesday(9, 45))).toBe(wednesday(10));
    expect(hercle.end(wednesday(10))).toBe(wednesday(10));
    expect(hercle.end(wednesday(12))).toBe(wednesday(12));
  });

  it('handles a window crossing midnight and the week boundary, and negative offsets', () => {
    // Saturday 23:00 to Sunday 01:00 at UTC−5 = Sunday 04:00–06:00 UTC.
    const window = weeklyWindow({ day: 6, start: '23:00', durationMs: 2 * HOUR, utcOffsetMinutes: -300 });
    const sunday = Date.UTC(2026, 10, 29);
    expect(window.contains(sunday + 3 * HOUR + 59 * 60_000)).toBe(false);
    expect(window.contains(sunday + 4 * HOUR)).toBe(true);
    expect(window.contains(sunday + 5 * HOUR + 59 * 60_000)).toBe(true);
    expect(window.end(sunday + 4.5 * HOUR)).toBe(sunday + 6 * HOUR);
    expect(window.contains(sunday + 6 * HOUR)).toBe(false);
  });

  it('rejects invalid options with ReconnectConfigError naming the field', () => {
    const valid = { day: 3, start: '10:00', durationMs: HOUR, utcOffsetMinutes: 60 };
    const cases: [Partial<typeof valid>, string][] = [
      [{ day: 7 }, 'day'],
      [{ day: 1.5 }, 'day'],
      [{ start: '9:00' }, 'start'],
      [{ start: '24:00' }, 'start'],
      [{ start: '10:60' }, 'start'],
      [{ durationMs: 0 }, 'durationMs'],
      [{ durationMs: 7 * 24 * HOUR }, 'durationMs'],
      [{ utcOffsetMinutes: 24 * 60 }, 'utcOffsetMinutes'],
    ];
    for (const [override, field] of cases) {
      expect(() => weeklyWindow({ ...valid, ...override })).toThrow(ReconnectConfigError);
      expect(() => weeklyWindow({ ...valid, ...override })).toThrow(new RegExp(`^Invalid ${field}:`));
    }
  });
});
