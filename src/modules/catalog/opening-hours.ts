/**
 * Opening hours: is a store open at an instant, and when does that change. Pure functions over the
 * stored form (the JSON of `locations.opening_hours` and `locations.hours_exceptions`).
 *
 * Everything is in the store's own wall-clock time: a Lyon store "opens at 09:00" in Paris time,
 * whatever the shopper's zone and whatever DST does. A range whose close is at or before its open
 * runs past midnight and belongs to the day it starts (a Saturday 22:00–02:00 range is Saturday's
 * and is open early Sunday even if Sunday is closed). A dated exception replaces the weekly hours
 * of that date only.
 *
 * DST follows from reading the wall clock: a time skipped in spring (02:30 on the last Sunday of
 * March in Paris) is reached at the jump, and an hour repeated in autumn is repeated here too.
 */
import { DAY_MS, MINUTE_MS, dateOfDayNumber, dayNumberOf, wallClockMs, zoneWindowAround } from './local-time.js';

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** One range as stored: local "HH:MM" open and close; "24:00" closes at midnight. */
export type HoursRange = readonly [open: string, close: string];
/** Weekly hours as stored: a missing or empty day is closed. */
export type WeeklyHours = Partial<Record<Weekday, readonly HoursRange[]>>;
/** A dated exception as stored: a closed day (bank holiday) or special hours. */
export interface HoursException {
  date: string;
  closed: boolean;
  hours?: readonly HoursRange[];
  label?: string;
}

export interface LocalDateTime {
  /** Local calendar date, `2026-03-29`. */
  date: string;
  /** Local time, `03:00`. */
  time: string;
  weekday: Weekday;
  /** Minutes since local midnight, 0…1439. */
  minuteOfDay: number;
}

export interface HoursChange {
  /** The state from `at` on. */
  openNow: boolean;
  at: Date;
}

interface Range {
  open: number;
  close: number;
  /** Closes on the next day (close at or before open). */
  overnight: boolean;
}

/** Hours parsed once, keyed by day number, for evaluating many instants. */
export interface Schedule {
  weekly: Range[][];
  exceptions: Map<number, Range[]>;
  /** No range anywhere: always closed. */
  neverOpen: boolean;
}

/** "09:30" → 570; "24:00" → 1440; anything else → undefined. */
export function minutesOf(time: string): number | undefined {
  const match = /^(\d{2}):(\d{2})$/.exec(time);
  if (!match) return undefined;
  const hours = Number(match[1]);
  const minutes = Number(match[2]);
  if (minutes > 59 || hours > 24 || (hours === 24 && minutes > 0)) return undefined;
  return hours * 60 + minutes;
}

function parseRanges(ranges: readonly HoursRange[] | undefined): Range[] {
  const parsed: Range[] = [];
  for (const [openText, closeText] of ranges ?? []) {
    const open = minutesOf(openText);
    const close = minutesOf(closeText);
    // Rows are validated on the way in; a hand-written row with a bad time loses that range, not the store.
    if (open === undefined || close === undefined || open >= 1440) continue;
    parsed.push({ open, close, overnight: close <= open });
  }
  return parsed;
}

export function compileSchedule(hours: WeeklyHours, exceptions: readonly HoursException[]): Schedule {
  const weekly = WEEKDAYS.map((day) => parseRanges(hours[day]));
  const byDay = new Map<number, Range[]>();
  for (const exception of exceptions) {
    const day = dayNumberOf(exception.date);
    if (day !== undefined) byDay.set(day, exception.closed ? [] : parseRanges(exception.hours));
  }
  const neverOpen = weekly.every((ranges) => ranges.length === 0) && [...byDay.values()].every((ranges) => ranges.length === 0);
  return { weekly, exceptions: byDay, neverOpen };
}

/** Monday = 0 … Sunday = 6; day 0 (1970-01-01) was a Thursday. */
function weekdayIndex(day: number): number {
  return (((day + 3) % 7) + 7) % 7;
}

function rangesOn(schedule: Schedule, day: number): Range[] {
  return schedule.exceptions.get(day) ?? schedule.weekly[weekdayIndex(day)]!;
}

/** Open at this wall-clock reading: a range of that day, or an overnight range of the day before. */
function openAtWallClock(schedule: Schedule, wall: number): boolean {
  const day = Math.floor(wall / DAY_MS);
  const minute = Math.floor((wall - day * DAY_MS) / MINUTE_MS);
  for (const range of rangesOn(schedule, day)) {
    if (minute >= range.open && (range.overnight || minute < range.close)) return true;
  }
  for (const range of rangesOn(schedule, day - 1)) {
    if (range.overnight && minute < range.close) return true;
  }
  return false;
}

/** The wall-clock reading at `instant` in `timezone`. */
export function localDateTime(instant: Date | number, timezone: string): LocalDateTime {
  const wall = wallClockMs(typeof instant === 'number' ? instant : instant.getTime(), timezone);
  const day = Math.floor(wall / DAY_MS);
  const minuteOfDay = Math.floor((wall - day * DAY_MS) / MINUTE_MS);
  const time = `${String(Math.floor(minuteOfDay / 60)).padStart(2, '0')}:${String(minuteOfDay % 60).padStart(2, '0')}`;
  return { date: dateOfDayNumber(day), time, weekday: WEEKDAYS[weekdayIndex(day)]!, minuteOfDay };
}

/** Whether the store is open at `instant`: that local date's exception if any, else its weekly hours. */
export function isOpenAt(hours: WeeklyHours, exceptions: readonly HoursException[], timezone: string, instant: Date | number): boolean {
  return scheduleIsOpenAt(compileSchedule(hours, exceptions), timezone, instant);
}

export function scheduleIsOpenAt(schedule: Schedule, timezone: string, instant: Date | number): boolean {
  if (schedule.neverOpen) return false;
  return openAtWallClock(schedule, wallClockMs(typeof instant === 'number' ? instant : instant.getTime(), timezone));
}

export interface NextChangeOptions {
  /** How far ahead to look, in days; past it the answer is null. Default 60. */
  horizonDays?: number;
}

/**
 * The first instant strictly after `instant` where the open/closed state changes, and the state
 * from then on; null when it does not change within the horizon (a store closed for good, or
 * open around the clock).
 */
export function nextChange(
  hours: WeeklyHours,
  exceptions: readonly HoursException[],
  timezone: string,
  instant: Date | number,
  options: NextChangeOptions = {},
): HoursChange | null {
  return scheduleNextChange(compileSchedule(hours, exceptions), timezone, instant, options);
}

export function scheduleNextChange(schedule: Schedule, timezone: string, instant: Date | number, options: NextChangeOptions = {}): HoursChange | null {
  if (schedule.neverOpen) return null;
  const from = typeof instant === 'number' ? instant : instant.getTime();
  const horizon = options.horizonDays ?? 60;
  // Most stores change within a day, so look at two days first and widen only when nothing changes.
  for (const span of [1, 7, horizon]) {
    const days = Math.min(span, horizon);
    const found = firstChange(schedule, timezone, from, days);
    if (found !== undefined || days >= horizon) return found ?? null;
  }
  return null;
}

/**
 * State changes can only happen where a range opens or closes, or where the wall clock jumps
 * (DST). Collect those instants for local days −1…`days`, and return the first one, in time order,
 * whose state differs from now. Candidates of later days cannot come first: the only candidates
 * of this span past its last midnight close an overnight range, and the store stays open until then.
 */
function firstChange(schedule: Schedule, timezone: string, from: number, days: number): HoursChange | undefined {
  const zone = zoneWindowAround(timezone, from, days);
  const current = openAtWallClock(schedule, zone.wallClockMs(from));
  const today = Math.floor(zone.wallClockMs(from) / DAY_MS);
  const lastDay = today + days;
  // A wall-clock jump of a later day could come after a change of that day this span does not see.
  const candidates = new Set<number>(zone.transitions().filter((at) => Math.floor(zone.wallClockMs(at - 1) / DAY_MS) <= lastDay));
  for (let day = today - 1; day <= lastDay; day++) {
    const midnight = day * DAY_MS;
    for (const range of rangesOn(schedule, day)) {
      for (const at of zone.instantsAt(midnight + range.open * MINUTE_MS)) candidates.add(at);
      const close = midnight + (range.overnight ? DAY_MS : 0) + range.close * MINUTE_MS;
      for (const at of zone.instantsAt(close)) candidates.add(at);
    }
  }
  const ordered = [...candidates].filter((at) => at > from).sort((a, b) => a - b);
  for (const at of ordered) {
    const open = openAtWallClock(schedule, zone.wallClockMs(at));
    if (open !== current) return { openNow: open, at: new Date(at) };
  }
  return undefined;
}

/** The exceptions dated from `fromDate` to `days` days later included, in date order. */
export function upcomingExceptions(exceptions: readonly HoursException[], fromDate: string, days: number): HoursException[] {
  const first = dayNumberOf(fromDate);
  if (first === undefined) return [];
  return exceptions
    .filter((exception) => {
      const day = dayNumberOf(exception.date);
      return day !== undefined && day >= first && day <= first + days;
    })
    .sort((a, b) => a.date.localeCompare(b.date));
}
