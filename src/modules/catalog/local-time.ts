/**
 * Wall-clock time in an IANA time zone, from `Intl` (no time-zone library: the rules ship with
 * Node's ICU). Pure functions; formatters are cached because building one costs ~50 µs.
 */

export const DAY_MS = 86_400_000;
export const MINUTE_MS = 60_000;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timezone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timezone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: timezone,
      // h23: midnight is 00, never 24 (the default for en-US would write "24:00:00").
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timezone, formatter);
  }
  return formatter;
}

/** The canonical IANA name (`europe/paris` → `Europe/Paris`), or undefined when Intl does not know the zone. */
export function canonicalTimeZone(timezone: string): string | undefined {
  // Intl also takes offsets such as "+01:00" on some versions; a store needs a named zone, whose rules follow DST.
  if (!/^[A-Za-z]/.test(timezone)) return undefined;
  try {
    return new Intl.DateTimeFormat(undefined, { timeZone: timezone }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

// "03/29/2026, 03:00:00": en-US with 2-digit fields. format() is ~4x faster than formatToParts(),
// which stays as the fallback should an ICU version ever lay the text out differently.
const EN_US = /^(\d{2})\/(\d{2})\/(\d{4}), (\d{2}):(\d{2}):(\d{2})$/;

/**
 * The wall-clock reading in `timezone` at `instant`, written as if it were a UTC time:
 * 2026-03-29T03:00:00 in Paris gives Date.UTC(2026, 2, 29, 3, 0, 0). Milliseconds are kept.
 */
export function wallClockMs(instant: number, timezone: string): number {
  const formatter = formatterFor(timezone);
  const second = Math.floor(instant / 1000) * 1000;
  const match = EN_US.exec(formatter.format(second));
  let wall: number;
  if (match) {
    wall = Date.UTC(+match[3]!, +match[1]! - 1, +match[2]!, +match[4]!, +match[5]!, +match[6]!);
  } else {
    const parts: Record<string, number> = {};
    for (const part of formatter.formatToParts(second)) if (part.type !== 'literal') parts[part.type] = Number(part.value);
    wall = Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!);
  }
  return wall + (instant - second);
}

/** How far `timezone`'s wall clock is ahead of UTC at `instant`, in milliseconds (Paris in winter: 3,600,000). */
export function utcOffsetMs(instant: number, timezone: string): number {
  return wallClockMs(instant, timezone) - instant;
}

/** A local calendar day as a count of days since 1970-01-01 (the day number of its wall-clock reading). */
export function dayNumberOf(date: string): number | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) return undefined;
  const ms = Date.UTC(+match[1]!, +match[2]! - 1, +match[3]!);
  // Date.UTC rolls 2026-02-30 over to March: such a day does not exist.
  return new Date(ms).toISOString().slice(0, 10) === date ? ms / DAY_MS : undefined;
}

export function dateOfDayNumber(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/**
 * The offsets a zone uses over a bounded window, found once so that many wall-clock conversions
 * inside the window are arithmetic. Offsets are sampled daily and each change is narrowed down to
 * the second; two changes within one day (which no current zone does) would be missed.
 */
export class ZoneWindow {
  /** Offset in force from `from` on; the first segment reaches back without bound. */
  readonly segments: { from: number; offset: number }[];

  constructor(timezone: string, start: number, end: number) {
    let previousAt = start;
    let previousOffset = utcOffsetMs(start, timezone);
    this.segments = [{ from: -Infinity, offset: previousOffset }];
    for (let at = Math.min(start + DAY_MS, end); ; at = Math.min(at + DAY_MS, end)) {
      const offset = utcOffsetMs(at, timezone);
      if (offset !== previousOffset) {
        // Bisect to the first second with the new offset: changes happen on whole seconds.
        let low = previousAt;
        let high = at;
        while (high - low > 1000) {
          const middle = Math.floor((low + high) / 2);
          if (utcOffsetMs(middle, timezone) === previousOffset) low = middle;
          else high = middle;
        }
        this.segments.push({ from: Math.floor(high / 1000) * 1000, offset });
      }
      previousAt = at;
      previousOffset = offset;
      if (at >= end) break;
    }
  }

  offsetAt(instant: number): number {
    let offset = this.segments[0]!.offset;
    for (const segment of this.segments) {
      if (segment.from > instant) break;
      offset = segment.offset;
    }
    return offset;
  }

  wallClockMs(instant: number): number {
    return instant + this.offsetAt(instant);
  }

  /** The instants whose wall-clock reading is `wall`: none in a spring-forward gap, two in a fall-back overlap. */
  instantsAt(wall: number): number[] {
    const found: number[] = [];
    for (const { offset } of this.segments) {
      const instant = wall - offset;
      if (this.offsetAt(instant) === offset && !found.includes(instant)) found.push(instant);
    }
    return found.sort((a, b) => a - b);
  }

  /** The instants where the offset changes, where the wall clock jumps. */
  transitions(): number[] {
    return this.segments.slice(1).map((segment) => segment.from);
  }
}

const windows = new Map<string, ZoneWindow>();

/**
 * A ZoneWindow covering `from − 2 days` to `from + days + 3 days`, shared by every caller in the
 * same zone on the same UTC day: zone rules do not change while the process runs, so many stores
 * and requests reuse a handful of windows instead of asking Intl again.
 */
export function zoneWindowAround(timezone: string, from: number, days: number): ZoneWindow {
  const day = Math.floor(from / DAY_MS);
  const key = `${timezone}|${day}|${days}`;
  let window = windows.get(key);
  if (!window) {
    // One day of slack on each side, so that any instant of this UTC day is covered.
    window = new ZoneWindow(timezone, (day - 3) * DAY_MS, (day + days + 5) * DAY_MS);
    if (windows.size >= 1000) windows.clear();
    windows.set(key, window);
  }
  return window;
}

/** The local calendar day (days since 1970-01-01) at `instant`, from a shared ZoneWindow: no Intl call once warm. */
export function localDayNumber(timezone: string, instant: number): number {
  return Math.floor(zoneWindowAround(timezone, instant, 1).wallClockMs(instant) / DAY_MS);
}
