/**
 * ISO 8601 durations (`PT24H`, `P2D`, `PT3S`, `P1W`), the only way durations are written in the API.
 * Days are 24 hours: journeys wait elapsed time, not calendar days, so DST changes do not stretch a wait.
 * Months and years are refused: their length depends on the calendar.
 */
const PATTERN = /^P(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

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

export function isDuration(text: string): boolean {
  return parseDuration(text) !== null;
}

/** The schema pattern of a duration field with whole units (seconds may have decimals). */
export const DURATION_PATTERN = '^P(\\d+W)?(\\d+D)?(T(\\d+H)?(\\d+M)?(\\d+(\\.\\d+)?S)?)?$';
