/** French public holidays and the store-hour exceptions they make. Pure date arithmetic, in UTC. */

export type DayHours = [string, string][];

export interface HoursException {
  /** Local date, `YYYY-MM-DD`. */
  date: string;
  closed: boolean;
  hours?: DayHours;
  label?: string;
}

/** Regions whose calendar adds days to the national list. */
export type HolidayRegion = 'metropole' | 'alsace-moselle' | 'reunion';

/** Easter Sunday of a Gregorian year (the anonymous "Meeus/Jones/Butcher" algorithm), as `YYYY-MM-DD`. */
export function easterSunday(year: number): string {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return isoDate(year, month, day);
}

export function addDays(date: string, days: number): string {
  const time = Date.parse(`${date}T00:00:00Z`) + days * 86_400_000;
  return new Date(time).toISOString().slice(0, 10);
}

function isoDate(year: number, month: number, day: number): string {
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** The public holidays of one year, in date order, with their French names. */
export function frenchPublicHolidays(year: number, region: HolidayRegion = 'metropole'): { date: string; label: string }[] {
  const easter = easterSunday(year);
  const days = [
    { date: isoDate(year, 1, 1), label: 'Jour de l’an' },
    { date: addDays(easter, 1), label: 'Lundi de Pâques' },
    { date: isoDate(year, 5, 1), label: 'Fête du Travail' },
    { date: isoDate(year, 5, 8), label: 'Victoire 1945' },
    { date: addDays(easter, 39), label: 'Ascension' },
    { date: addDays(easter, 50), label: 'Lundi de Pentecôte' },
    { date: isoDate(year, 7, 14), label: 'Fête nationale' },
    { date: isoDate(year, 8, 15), label: 'Assomption' },
    { date: isoDate(year, 11, 1), label: 'Toussaint' },
    { date: isoDate(year, 11, 11), label: 'Armistice 1918' },
    { date: isoDate(year, 12, 25), label: 'Noël' },
  ];
  // Alsace and Moselle kept Good Friday and St Stephen's Day from the German law of 1871–1918.
  if (region === 'alsace-moselle') {
    days.push({ date: addDays(easter, -2), label: 'Vendredi saint' }, { date: isoDate(year, 12, 26), label: 'Saint-Étienne' });
  }
  // La Réunion celebrates the abolition of slavery on 20 December.
  if (region === 'reunion') days.push({ date: isoDate(year, 12, 20), label: 'Fête de l’abolition de l’esclavage' });
  return days.sort((x, y) => x.date.localeCompare(y.date));
}

/**
 * A store's exceptions for the given years: closed on public holidays, short hours on
 * 24 and 31 December (shops close early for the réveillon).
 */
export function storeHoursExceptions(years: readonly number[], region: HolidayRegion, eveHours: DayHours): HoursException[] {
  const exceptions: HoursException[] = [];
  for (const year of years) {
    for (const holiday of frenchPublicHolidays(year, region)) exceptions.push({ date: holiday.date, closed: true, label: holiday.label });
    exceptions.push({ date: isoDate(year, 12, 24), closed: false, hours: eveHours, label: 'Veille de Noël' });
    exceptions.push({ date: isoDate(year, 12, 31), closed: false, hours: eveHours, label: 'Saint-Sylvestre' });
  }
  return exceptions.sort((x, y) => x.date.localeCompare(y.date));
}
