/** Location rows as the API shows them: to staff (everything) and to customers (the locator). */
import type { LocationRow } from './stores.service.js';
import { exceptionsToApi, openingHoursToApi } from './hours-input.js';
import {
  WEEKDAYS,
  compileSchedule,
  localDateTime,
  scheduleIsOpenAt,
  scheduleNextChange,
  upcomingExceptions,
  type HoursException,
  type HoursRange,
  type WeeklyHours,
} from './opening-hours.js';
import { STORE_SERVICES, type Location, type Store, type StoreService, type Zone } from './stores.schemas.js';

/** Exceptions the locator shows: those of the next 60 local days. */
export const UPCOMING_EXCEPTION_DAYS = 60;

function parseJson(text: string | null | undefined): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

const isRange = (value: unknown): value is HoursRange =>
  Array.isArray(value) && value.length === 2 && typeof value[0] === 'string' && typeof value[1] === 'string';

// Rows written by hand (the demo seed, a SQL fix) are read leniently: a bad part is dropped, not a 500.
export function readOpeningHours(text: string): WeeklyHours {
  const value = parseJson(text);
  if (!value || typeof value !== 'object' || Array.isArray(value)) return {};
  const hours: WeeklyHours = {};
  for (const day of WEEKDAYS) {
    const ranges = (value as Record<string, unknown>)[day];
    if (Array.isArray(ranges)) hours[day] = ranges.filter(isRange);
  }
  return hours;
}

export function readHoursExceptions(text: string): HoursException[] {
  const value = parseJson(text);
  if (!Array.isArray(value)) return [];
  return value.flatMap((item): HoursException[] => {
    if (!item || typeof item !== 'object') return [];
    const { date, closed, hours, label } = item as Record<string, unknown>;
    if (typeof date !== 'string' || typeof closed !== 'boolean') return [];
    return [
      {
        date,
        closed,
        ...(!closed && Array.isArray(hours) ? { hours: hours.filter(isRange) } : {}),
        ...(typeof label === 'string' ? { label } : {}),
      },
    ];
  });
}

export function readServices(text: string): StoreService[] {
  const value = parseJson(text);
  if (!Array.isArray(value)) return [];
  return value.filter((service): service is StoreService => (STORE_SERVICES as readonly unknown[]).includes(service));
}

function readZones(text: string): Zone[] {
  const value = parseJson(text);
  if (!Array.isArray(value)) return [];
  return value.flatMap((zone): Zone[] => {
    if (!zone || typeof zone !== 'object') return [];
    const { code, name } = zone as Record<string, unknown>;
    return typeof code === 'string' && typeof name === 'string' ? [{ code, name }] : [];
  });
}

function commonFields(row: LocationRow) {
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    address: { line1: row.address_line1, line2: row.address_line2, postalCode: row.postal_code, city: row.city, country: row.country },
    location: { latitude: row.latitude, longitude: row.longitude },
    timezone: row.timezone,
    phone: row.phone,
    email: row.email,
    services: readServices(row.services),
    zones: readZones(row.zones),
    openingHours: openingHoursToApi(readOpeningHours(row.opening_hours)),
  };
}

export function toLocation(row: LocationRow): Location {
  return {
    ...commonFields(row),
    kind: row.kind,
    openingHoursExceptions: exceptionsToApi(readHoursExceptions(row.hours_exceptions)),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** A store for customers at `now`: open or not in its own time zone, and the exceptions to come. */
export function toStore(row: LocationRow, now: Date, distanceKm?: number): Store {
  const exceptions = readHoursExceptions(row.hours_exceptions);
  const schedule = compileSchedule(readOpeningHours(row.opening_hours), exceptions);
  let openNow = false;
  let change: ReturnType<typeof scheduleNextChange> = null;
  let upcoming: HoursException[] = [];
  try {
    openNow = scheduleIsOpenAt(schedule, row.timezone, now);
    change = scheduleNextChange(schedule, row.timezone, now);
    upcoming = upcomingExceptions(exceptions, localDateTime(now, row.timezone).date, UPCOMING_EXCEPTION_DAYS);
  } catch {
    // Only a time zone Intl does not know gets here (validated on the way in, so a hand-written row):
    // showing the store as closed beats failing the whole list.
  }
  return {
    ...commonFields(row),
    openingHoursExceptions: exceptionsToApi(upcoming),
    ...(distanceKm !== undefined ? { distanceKm: Math.round(distanceKm * 100) / 100 } : {}),
    openNow,
    ...(change ? { nextChange: { openNow: change.openNow, at: change.at.toISOString() } } : {}),
  };
}
