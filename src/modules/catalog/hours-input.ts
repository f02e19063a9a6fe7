/**
 * Opening hours between the API form (`{open, close, overnight}`) and the stored form
 * (`["09:00", "19:00"]` pairs, which the demo seed also writes). The checks here are the ones a
 * JSON schema cannot express: order, overlaps and ranges past midnight.
 */
import type { FieldError } from '../../platform/errors.js';
import { WEEKDAYS, minutesOf, type HoursException as StoredException, type HoursRange, type WeeklyHours, type Weekday } from './opening-hours.js';
import type { HoursException, OpeningHours, OpeningHoursInput, TimeRange } from './stores.schemas.js';

interface CheckedDay {
  ranges: HoursRange[];
  /** When the day's overnight range ends on the next day, in minutes; 0 when it has none. */
  spill: number;
  /** Where each stored range came from in the input, for messages about the next day. */
  inputIndex: number[];
}

const DAY_NAMES: Record<Weekday, string> = { mon: 'Monday', tue: 'Tuesday', wed: 'Wednesday', thu: 'Thursday', fri: 'Friday', sat: 'Saturday', sun: 'Sunday' };

/** One day's ranges: each well formed, then in order without overlap; an overnight range can only be the last. */
function checkDay(input: readonly TimeRange[], path: string, errors: FieldError[]): CheckedDay {
  const ranges: { open: number; close: number; overnight: boolean; index: number; range: TimeRange }[] = [];
  input.forEach((range, index) => {
    const open = minutesOf(range.open);
    const close = minutesOf(range.close);
    if (open === undefined || open >= 1440) return errors.push({ path: `${path}/${index}/open`, message: `"${range.open}" is not a time of day (HH:MM)` });
    if (close === undefined) return errors.push({ path: `${path}/${index}/close`, message: `"${range.close}" is not a time of day (HH:MM)` });
    const passesMidnight = close <= open;
    if (passesMidnight && range.overnight !== true) {
      return errors.push({
        path: `${path}/${index}/close`,
        message: `closes at ${range.close}, not after it opens at ${range.open}; for a range past midnight set "overnight": true`,
      });
    }
    if (!passesMidnight && range.overnight === true) {
      return errors.push({ path: `${path}/${index}/overnight`, message: `${range.open}–${range.close} does not pass midnight; remove "overnight"` });
    }
    ranges.push({ open, close, overnight: passesMidnight, index, range });
  });
  ranges.sort((a, b) => a.open - b.open);
  for (let i = 1; i < ranges.length; i++) {
    const before = ranges[i - 1]!;
    const after = ranges[i]!;
    if (before.overnight || before.close > after.open) {
      errors.push({ path: `${path}/${after.index}`, message: `${after.range.open}–${after.range.close} overlaps ${before.range.open}–${before.range.close}` });
    }
  }
  const last = ranges[ranges.length - 1];
  return {
    ranges: ranges.map((r): HoursRange => [r.range.open, r.range.close]),
    spill: last?.overnight ? last.close : 0,
    inputIndex: ranges.map((r) => r.index),
  };
}

/** Weekly hours to store; a missing day is closed. Problems are added to `errors`. */
export function weeklyHoursFromInput(input: OpeningHoursInput, path: string, errors: FieldError[]): Record<Weekday, HoursRange[]> {
  const days = WEEKDAYS.map((day) => checkDay(input[day] ?? [], `${path}/${day}`, errors));
  // Monday 22:00–02:00 must end before Tuesday's first range starts.
  days.forEach((today, i) => {
    const next = days[(i + 1) % 7]!;
    const firstNext = next.ranges[0];
    if (today.spill > 0 && firstNext && minutesOf(firstNext[0])! < today.spill) {
      const day = WEEKDAYS[(i + 1) % 7]!;
      errors.push({
        path: `${path}/${day}/${next.inputIndex[0]}`,
        message: `opens at ${firstNext[0]} while ${DAY_NAMES[WEEKDAYS[i]!]}'s overnight range runs until ${minutesText(today.spill)}`,
      });
    }
  });
  return Object.fromEntries(WEEKDAYS.map((day, i) => [day, days[i]!.ranges])) as Record<Weekday, HoursRange[]>;
}

/** Dated exceptions to store, in date order. Problems are added to `errors`. */
export function exceptionsFromInput(input: readonly HoursException[], path: string, errors: FieldError[]): StoredException[] {
  const seen = new Map<string, number>();
  const stored: StoredException[] = [];
  input.forEach((exception, index) => {
    const at = `${path}/${index}`;
    const first = seen.get(exception.date);
    if (first !== undefined) errors.push({ path: `${at}/date`, message: `${exception.date} is already given at index ${first}` });
    seen.set(exception.date, index);
    const hours = exception.hours ?? [];
    if (exception.closed && hours.length > 0) {
      errors.push({ path: `${at}/hours`, message: 'a closed day has no hours: remove them, or set "closed": false for special hours' });
    }
    if (!exception.closed && hours.length === 0) {
      errors.push({ path: `${at}/hours`, message: 'give the special hours of the day, or set "closed": true' });
    }
    const day = checkDay(hours, `${at}/hours`, errors);
    // Key order as the demo seed writes it: date, closed, hours, label.
    stored.push({
      date: exception.date,
      closed: exception.closed,
      ...(exception.closed ? {} : { hours: day.ranges }),
      ...(exception.label !== undefined ? { label: exception.label } : {}),
    });
  });
  return stored.sort((a, b) => a.date.localeCompare(b.date));
}

function rangeToApi([open, close]: HoursRange): TimeRange {
  const openMinutes = minutesOf(open);
  const closeMinutes = minutesOf(close);
  const overnight = openMinutes !== undefined && closeMinutes !== undefined && closeMinutes <= openMinutes;
  return overnight ? { open, close, overnight: true } : { open, close };
}

export function openingHoursToApi(hours: WeeklyHours): OpeningHours {
  return Object.fromEntries(WEEKDAYS.map((day) => [day, (hours[day] ?? []).map(rangeToApi)])) as OpeningHours;
}

export function exceptionsToApi(exceptions: readonly StoredException[]): HoursException[] {
  return exceptions.map((exception) => ({
    date: exception.date,
    closed: exception.closed,
    ...(exception.closed ? {} : { hours: (exception.hours ?? []).map(rangeToApi) }),
    ...(exception.label !== undefined ? { label: exception.label } : {}),
  }));
}

function minutesText(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}
