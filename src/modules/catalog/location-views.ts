/** Location rows as the API shows them: to staff (everything) and to customers (the locator). */
import type { LocationRow } from './stores.service.js';
import { exceptionsToApi, openingHoursToApi } from './hours-input.js';
import { dateOfDayNumber, localDayNumber } from './local-time.js';
import {
  WEEKDAYS,
  compileSchedule,
  scheduleIsOpenAt,
  scheduleNextChange,
  upcomingExceptions,
  type HoursException as StoredException,
  type HoursRange,
  type WeeklyHours,
} from './opening-hours.js';
import { STORE_SERVICES, type HoursException, type Location, type Store, type StoreService, type Zone } from './stores.schemas.js';
import { deepFreeze } from '../../platform/deep-freeze.js';

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

export function readHoursExceptions(text: string): StoredException[] {
  const value = parseJson(text);
  if (!Array.isArray(value)) return [];
  return value.flatMap((item): StoredException[] => {
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

// Rows repeat the same JSON (a chain's stores share hours, zones, holidays), and the locator reads
// the same rows request after request. Results of pure functions are therefore memoised by the
// text they come from: no invalidation is needed, since other text is another key. Values handed
// out are shared, so they are frozen: a caller that mutates one fails loudly instead of changing
// what the next request sees.
function memoByText<T>(compute: (text: string) => T, max = 2000): (text: string) => T {
  const cache = new Map<string, T>();
  return (text) => {
    let value = cache.get(text);
    if (value === undefined) {
      value = deepFreeze(compute(text));
      if (cache.size >= max) cache.clear();
      cache.set(text, value);
    }
    return value;
  };
}

// JSON text never holds a raw NUL (control characters must be escaped), so it can join keys.
const SEPARATOR = '\u0000';
const servicesOf = memoByText(readServices);
/** The aisles or zones of a location, parsed once per distinct JSON text. */
export const zonesOf = memoByText(readZones);
const apiHoursOf = memoByText((text) => openingHoursToApi(readOpeningHours(text)));
const exceptionsOf = memoByText(readHoursExceptions);
const scheduleOf = memoByText((key) => {
  const [hours = '', exceptions = ''] = key.split(SEPARATOR);
  return compileSchedule(readOpeningHours(hours), readHoursExceptions(exceptions));
});

/** The columns open/closed depends on. */
export interface HoursColumns {
  timezone: string;
  opening_hours: string;
  hours_exceptions: string;
}

interface Status {
  openNow: boolean;
  nextChange: { openNow: boolean; at: string } | undefined;
  /** The answer holds for every instant in [from, until): nothing changes before the next change. */
  from: number;
  until: number;
}

const statuses = new Map<string, Status>();

/** Open now, and the next change, in the store's own time zone; memoised until that change. */
export function storeStatus(columns: HoursColumns, now: Date): Pick<Status, 'openNow' | 'nextChange'> {
  const at = now.getTime();
  const key = [columns.timezone, columns.opening_hours, columns.hours_exceptions].join(SEPARATOR);
  const known = statuses.get(key);
  if (known && known.from <= at && at < known.until) return known;
  try {
    const schedule = scheduleOf(columns.opening_hours + SEPARATOR + columns.hours_exceptions);
    const openNow = scheduleIsOpenAt(schedule, columns.timezone, at);
    const change = scheduleNextChange(schedule, columns.timezone, at);
    const status: Status = { openNow, nextChange: change ? { openNow: change.openNow, at: change.at.toISOString() } : undefined, from: at, until: change ? change.at.getTime() : at };
    // "No change within the horizon" moves with the clock, so it is not kept.
    if (change) {
      if (statuses.size >= 5000) statuses.clear();
      statuses.set(key, status);
    }
    return status;
  } catch {
    // Only a time zone Intl does not know gets here (validated on the way in, so a hand-written row):
    // showing the store as closed beats failing the whole list.
    return { openNow: false, nextChange: undefined };
  }
}

const upcomingCache = new Map<string, HoursException[]>();

/** The exceptions of the next UPCOMING_EXCEPTION_DAYS local days, as customers see them; memoised per local day. */
export function upcomingOf(columns: HoursColumns, now: Date): HoursException[] {
  let today: number;
  try {
    today = localDayNumber(columns.timezone, now.getTime());
  } catch {
    return [];
  }
  const key = String(today) + SEPARATOR + columns.hours_exceptions;
  let upcoming = upcomingCache.get(key);
  if (!upcoming) {
    upcoming = deepFreeze(exceptionsToApi(upcomingExceptions(exceptionsOf(columns.hours_exceptions), dateOfDayNumber(today), UPCOMING_EXCEPTION_DAYS)));
    if (upcomingCache.size >= 2000) upcomingCache.clear();
    upcomingCache.set(key, upcoming);
  }
  return upcoming;
}

/** The fields staff and customers both see; they depend on the row only, not on the time. */
export function commonFields(row: LocationRow) {
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    address: { line1: row.address_line1, line2: row.address_line2, postalCode: row.postal_code, city: row.city, country: row.country },
    location: { latitude: row.latitude, longitude: row.longitude },
    timezone: row.timezone,
    phone: row.phone,
    email: row.email,
    services: servicesOf(row.services),
    zones: zonesOf(row.zones),
    openingHours: apiHoursOf(row.opening_hours),
  };
}

export function toLocation(row: LocationRow): Location {
  return {
    ...commonFields(row),
    kind: row.kind,
    openingHoursExceptions: exceptionsToApi(exceptionsOf(row.hours_exceptions)),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** A store for customers at `now`: open or not in its own time zone, and the exceptions to come. */
export function toStore(row: LocationRow, now: Date, distanceKm?: number): Store {
  const status = storeStatus(row, now);
  return {
    ...commonFields(row),
    openingHoursExceptions: upcomingOf(row, now),
    ...(distanceKm !== undefined ? { distanceKm: Math.round(distanceKm * 100) / 100 } : {}),
    openNow: status.openNow,
    ...(status.nextChange ? { nextChange: status.nextChange } : {}),
  };
}
