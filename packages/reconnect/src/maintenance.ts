import { ReconnectConfigError } from './errors';

/**
 * A recurring period when the venue is expected to be down. Times are ms since the Unix epoch.
 *
 * - `contains(ms)`: whether the instant `ms` lies inside a window.
 * - `end(ms)`: when the window containing `ms` ends; `ms` itself when no window contains it.
 *
 * `reconnect({ maintenance })` stretches a retry delay that would fire inside a window to the
 * window's end instead of hammering the venue (hercle.md §7).
 */
export interface MaintenanceWindow {
  contains(ms: number): boolean;
  end(ms: number): number;
}

/** Options of {@link weeklyWindow}. */
export interface WeeklyWindowOptions {
  /** Weekday in the window's time zone, 0 = Sunday ... 6 = Saturday. */
  readonly day: number;
  /** Local start time `'HH:MM'` (24 h). */
  readonly start: string;
  /** Length in milliseconds (> 0, < one week). */
  readonly durationMs: number;
  /** Fixed offset of the time zone from UTC in minutes, e.g. `60` for GMT+1. */
  readonly utcOffsetMinutes: number;
}

const DAY_MS = 86_400_000;
const WEEK_MS = 7 * DAY_MS;
/** 1970-01-04T00:00Z, the first Sunday of the epoch. */
const FIRST_SUNDAY_MS = 3 * DAY_MS;

/**
 * A window that recurs every week, e.g. Hercle's "every Wednesday 10:00–11:00 GMT+1"
 * (hercle.md §7): `weeklyWindow({ day: 3, start: '10:00', durationMs: 3_600_000, utcOffsetMinutes: 60 })`.
 * The offset is fixed (no daylight-saving rules); hercle.md §7 notes the venue may mean Central
 * European time, so to cover both readings use `start: '09:00'`, `durationMs: 7_200_000`.
 *
 * @throws ReconnectConfigError for a day outside 0..6, a start not `'HH:MM'`, a duration outside
 *   (0, 1 week) or an offset beyond ±24 h
 */
export function weeklyWindow(options: WeeklyWindowOptions): MaintenanceWindow {
  const { day, start, durationMs, utcOffsetMinutes } = options;
  if (!Number.isInteger(day) || day < 0 || day > 6)
    throw new ReconnectConfigError('day', 'must be an integer 0..6 (0 = Sunday)');
  const match = /^(\d{2}):(\d{2})$/.exec(start);
  const hours = Number(match?.[1]);
  const minutes = Number(match?.[2]);
  if (!match || hours > 23 || minutes > 59) throw new ReconnectConfigError('start', "must be 'HH:MM' (00:00..23:59)");
  if (!Number.isFinite(durationMs) || durationMs <= 0 || durationMs >= WEEK_MS) {
    throw new ReconnectConfigError('durationMs', 'must be > 0 and shorter than one week');
  }
  if (!Number.isFinite(utcOffsetMinutes) || Math.abs(utcOffsetMinutes) >= 24 * 60) {
    throw new ReconnectConfigError('utcOffsetMinutes', 'must be a finite number of minutes within ±24 h');
  }
  const startInWeek = day * DAY_MS + hours * 3_600_000 + minutes * 60_000;
  /** Milliseconds elapsed since the most recent window start at or before `ms`. */
  const sinceStart = (ms: number) => {
    const local = ms + utcOffsetMinutes * 60_000;
    const inWeek = (((local - FIRST_SUNDAY_MS) % WEEK_MS) + WEEK_MS) % WEEK_MS;
    return (((inWeek - startInWeek) % WEEK_MS) + WEEK_MS) % WEEK_MS;
  };
  return {
    contains: (ms) => sinceStart(ms) < durationMs,
    end: (ms) => {
      const elapsed = sinceStart(ms);
      return elapsed < durationMs ? ms - elapsed + durationMs : ms;
    },
  };
}
