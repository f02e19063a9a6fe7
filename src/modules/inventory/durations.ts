/**
 * ISO 8601 durations as the API writes them (`PT48H`, `P2D`, `PT30M`, `P1W`). Days are 24 hours
 * (a hold lasts elapsed time); months and years are refused, their length depends on the calendar.
 * (Engagement parses the same syntax for journey waits; the two could move to the platform.)
 */
const PATTERN = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

/** Milliseconds, or null when the text is not such a duration. */
export function parseDuration(text: string): number | null {
  const match = PATTERN.exec(text);
  if (!match || text === 'P' || text.endsWith('T')) return null;
  const [, weeks, days, hours, minutes, seconds] = match;
  const ms =
    Number(weeks ?? 0) * 7 * 86_400_000 +
    Number(days ?? 0) * 86_400_000 +
    Number(hours ?? 0) * 3_600_000 +
    Number(minutes ?? 0) * 60_000 +
    Number(seconds ?? 0) * 1_000;
  return Number.isFinite(ms) ? Math.round(ms) : null;
}

/** The schema pattern of a duration field (the parser above decides the rest). */
export const DURATION_PATTERN = '^P(\\d+W)?(\\d+D)?(T(\\d+H)?(\\d+M)?(\\d+(\\.\\d+)?S)?)?$';
