import type { Selectable, Updateable } from 'kysely';
import type { Ctx } from '../../platform/context.js';
import { AppError, type FieldError } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { decodeCursor, encodeCursor } from '../../platform/http/common.schemas.js';
import type { LocationTable } from './catalog.tables.js';
import { canonicalTimeZone } from './local-time.js';
import { exceptionsFromInput, weeklyHoursFromInput } from './hours-input.js';
import { toLocation } from './location-views.js';
import * as repo from './stores.repo.js';
import type { CreateLocationBody, HoursException, Location, LocationPage, LocationsQuery, UpdateLocationBody, Zone } from './stores.schemas.js';

export type LocationRow = Selectable<LocationTable>;

export async function findStore(ctx: Pick<Ctx, 'db'>, id: string): Promise<LocationRow | undefined> {
  return ctx.db.selectFrom('locations').selectAll().where('id', '=', id).executeTakeFirst();
}

/** True when a location (store or warehouse) with this id exists. */
export async function storeExists(ctx: Pick<Ctx, 'db'>, id: string): Promise<boolean> {
  return (await ctx.db.selectFrom('locations').select('id').where('id', '=', id).executeTakeFirst()) !== undefined;
}

function checkTimeZone(timezone: string): string {
  const canonical = canonicalTimeZone(timezone);
  if (!canonical) {
    throw new AppError('stores.invalid_timezone', `"${timezone}" is not an IANA time zone (e.g. Europe/Paris, Indian/Reunion)`, {
      errors: [{ path: 'body/timezone', message: 'is not an IANA time zone name' }],
    });
  }
  return canonical;
}

function throwIfAny(errors: FieldError[], code: 'stores.invalid_hours' | 'platform.validation_failed', what: string): void {
  if (errors.length === 0) return;
  throw new AppError(code, `${what}: ${errors.map((e) => `${e.path} ${e.message}`).join('; ')}`, { errors });
}

function checkZones(zones: readonly Zone[]): void {
  const errors: FieldError[] = [];
  const seen = new Set<string>();
  zones.forEach((zone, index) => {
    if (seen.has(zone.code)) errors.push({ path: `body/zones/${index}/code`, message: `zone ${zone.code} is listed twice` });
    seen.add(zone.code);
  });
  throwIfAny(errors, 'platform.validation_failed', 'Invalid zones');
}

function duplicateCode(code: string): AppError {
  return new AppError('stores.duplicate_code', `A location already has the code ${code}`, { errors: [{ path: 'body/code', message: 'is already used' }] });
}

async function mustFind(ctx: Ctx, id: string): Promise<LocationRow> {
  const row = await repo.findLocationById(ctx.db, id);
  if (!row) throw new AppError('stores.location_not_found', `No store or warehouse ${id}`);
  return row;
}

export async function createLocation(ctx: Ctx, input: CreateLocationBody): Promise<Location> {
  // Everything is checked before anything is written: a refused request leaves no trace.
  const timezone = checkTimeZone(input.timezone);
  const hourErrors: FieldError[] = [];
  const hours = weeklyHoursFromInput(input.openingHours ?? {}, 'body/openingHours', hourErrors);
  const exceptions = exceptionsFromInput(input.openingHoursExceptions ?? [], 'body/openingHoursExceptions', hourErrors);
  throwIfAny(hourErrors, 'stores.invalid_hours', 'Invalid opening hours');
  checkZones(input.zones ?? []);
  if (await repo.findLocationByCode(ctx.db, input.code)) throw duplicateCode(input.code);
  const now = ctx.clock.now().toISOString();
  const row: LocationRow = {
    id: newId(input.kind === 'store' ? 'sto' : 'whs'),
    kind: input.kind,
    code: input.code,
    name: input.name,
    address_line1: input.address.line1,
    address_line2: input.address.line2 ?? null,
    postal_code: input.address.postalCode,
    city: input.address.city,
    country: input.address.country,
    latitude: input.location.latitude,
    longitude: input.location.longitude,
    timezone,
    phone: input.phone ?? null,
    email: input.email ?? null,
    services: JSON.stringify(input.services ?? []),
    zones: JSON.stringify(input.zones ?? []),
    opening_hours: JSON.stringify(hours),
    hours_exceptions: JSON.stringify(exceptions),
    created_at: now,
    updated_at: now,
  };
  try {
    await repo.insertLocation(ctx.db, row);
  } catch (error) {
    // Two creations racing for one code: the unique index decides.
    if (await repo.findLocationByCode(ctx.db, input.code)) throw duplicateCode(input.code);
    throw error;
  }
  return toLocation(row);
}

export async function getLocation(ctx: Ctx, id: string): Promise<Location> {
  return toLocation(await mustFind(ctx, id));
}

export async function updateLocation(ctx: Ctx, id: string, input: UpdateLocationBody): Promise<Location> {
  const row = await mustFind(ctx, id);
  const values: Updateable<LocationTable> = {};
  if (input.timezone !== undefined) values.timezone = checkTimeZone(input.timezone);
  if (input.openingHours !== undefined) {
    const errors: FieldError[] = [];
    values.opening_hours = JSON.stringify(weeklyHoursFromInput(input.openingHours, 'body/openingHours', errors));
    throwIfAny(errors, 'stores.invalid_hours', 'Invalid opening hours');
  }
  if (input.zones !== undefined) {
    checkZones(input.zones);
    values.zones = JSON.stringify(input.zones);
  }
  if (input.code !== undefined && input.code !== row.code) {
    if (await repo.findLocationByCode(ctx.db, input.code)) throw duplicateCode(input.code);
    values.code = input.code;
  }
  if (input.name !== undefined) values.name = input.name;
  if (input.address) {
    const a = input.address;
    if (a.line1 !== undefined) values.address_line1 = a.line1;
    if (a.line2 !== undefined) values.address_line2 = a.line2;
    if (a.postalCode !== undefined) values.postal_code = a.postalCode;
    if (a.city !== undefined) values.city = a.city;
    if (a.country !== undefined) values.country = a.country;
  }
  if (input.location) {
    values.latitude = input.location.latitude;
    values.longitude = input.location.longitude;
  }
  if (input.phone !== undefined) values.phone = input.phone;
  if (input.email !== undefined) values.email = input.email;
  if (input.services !== undefined) values.services = JSON.stringify(input.services);
  values.updated_at = ctx.clock.now().toISOString();
  try {
    await repo.updateLocation(ctx.db, id, values);
  } catch (error) {
    if (values.code !== undefined && (await repo.findLocationByCode(ctx.db, values.code))) throw duplicateCode(values.code);
    throw error;
  }
  return toLocation({ ...row, ...values } as LocationRow);
}

/** Replaces the whole list of dated exceptions (bank holidays, special hours) of a location. */
export async function setHoursExceptions(ctx: Ctx, id: string, input: readonly HoursException[]): Promise<Location> {
  const row = await mustFind(ctx, id);
  const errors: FieldError[] = [];
  const exceptions = exceptionsFromInput(input, 'body/exceptions', errors);
  throwIfAny(errors, 'stores.invalid_hours', 'Invalid hours exceptions');
  const values = { hours_exceptions: JSON.stringify(exceptions), updated_at: ctx.clock.now().toISOString() };
  await repo.updateLocation(ctx.db, id, values);
  return toLocation({ ...row, ...values });
}

export async function listLocations(ctx: Ctx, query: LocationsQuery): Promise<LocationPage> {
  const limit = query.limit ?? 50;
  const after = decodeCursor<{ code?: unknown }>(query.cursor);
  if (after !== undefined && (typeof after !== 'object' || after === null || typeof after.code !== 'string')) {
    throw new AppError('platform.validation_failed', 'The cursor is not one this API gave out', { errors: [{ path: 'querystring/cursor', message: 'is not a valid cursor' }] });
  }
  const rows = await repo.listLocations(ctx.db, { kind: query.kind, q: query.q, afterCode: after?.code as string | undefined, limit });
  const items = rows.slice(0, limit).map(toLocation);
  const last = rows.length > limit ? rows[limit - 1] : undefined;
  return { items, nextCursor: last ? encodeCursor({ code: last.code }) : null };
}
