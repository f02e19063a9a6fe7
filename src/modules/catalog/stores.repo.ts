import { sql, type Insertable, type Kysely, type Updateable } from 'kysely';
import type { DB } from '../../db-schema.js';
import { revisionOf } from './revisions.js';
import type { LocationTable } from './catalog.tables.js';
import type { LocationRow } from './stores.service.js';
import type { BoundingBox } from './geo.js';

export function findLocationById(db: Kysely<DB>, id: string): Promise<LocationRow | undefined> {
  return db.selectFrom('locations').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findLocationByCode(db: Kysely<DB>, code: string): Promise<LocationRow | undefined> {
  return db.selectFrom('locations').selectAll().where('code', '=', code).executeTakeFirst();
}

export async function insertLocation(db: Kysely<DB>, row: Insertable<LocationTable>): Promise<void> {
  await db.insertInto('locations').values(row).execute();
}

export async function updateLocation(db: Kysely<DB>, id: string, values: Updateable<LocationTable>): Promise<void> {
  await db.updateTable('locations').set(values).where('id', '=', id).execute();
}

/** `%` and `_` typed by a user are letters, not wildcards. */
function containsPattern(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** Staff listing: by code, keyset-paginated, one more row than asked to tell whether a next page exists. */
export function listLocations(
  db: Kysely<DB>,
  page: { kind?: string | undefined; q?: string | undefined; afterCode?: string | undefined; limit: number },
): Promise<LocationRow[]> {
  let query = db.selectFrom('locations').selectAll().orderBy('code').limit(page.limit + 1);
  if (page.kind) query = query.where('kind', '=', page.kind as LocationRow['kind']);
  if (page.afterCode !== undefined) query = query.where('code', '>', page.afterCode);
  if (page.q) {
    const like = containsPattern(page.q);
    // ESCAPE is spelled out: SQLite has no default escape character for LIKE.
    query = query.where(
      sql<boolean>`(lower(name) like ${like} escape '\\' or lower(code) like ${like} escape '\\' or lower(city) like ${like} escape '\\' or lower(postal_code) like ${like} escape '\\')`,
    );
  }
  return query.execute();
}

/** What the locator ranks on: light columns, plus the hours ones when it filters on openNow. */
export interface StoreCandidate {
  id: string;
  latitude: number;
  longitude: number;
  services: string;
  timezone?: string;
  opening_hours?: string;
  hours_exceptions?: string;
}

/**
 * Stores (not warehouses) inside `outer` but not inside `inner` (the ring a widening search has
 * not read yet); no `outer` means no outer bound. The latitude range walks `locations_geo_idx`.
 */
export function storeCandidates(
  db: Kysely<DB>,
  options: { outer?: BoundingBox | undefined; inner?: BoundingBox | undefined; withHours: boolean },
): Promise<StoreCandidate[]> {
  const { outer, inner, withHours } = options;
  return db
    .selectFrom('locations')
    .select(['id', 'latitude', 'longitude', 'services'])
    .$if(withHours, (qb) => qb.select(['timezone', 'opening_hours', 'hours_exceptions']))
    .$if(outer !== undefined, (qb) =>
      qb
        .where('latitude', '>=', outer!.minLatitude)
        .where('latitude', '<=', outer!.maxLatitude)
        .where('longitude', '>=', outer!.minLongitude)
        .where('longitude', '<=', outer!.maxLongitude),
    )
    .$if(inner !== undefined, (qb) =>
      qb.where((eb) =>
        eb.or([
          eb('latitude', '<', inner!.minLatitude),
          eb('latitude', '>', inner!.maxLatitude),
          eb('longitude', '<', inner!.minLongitude),
          eb('longitude', '>', inner!.maxLongitude),
        ]),
      ),
    )
    .where('kind', '=', 'store')
    .execute();
}

export async function countStores(db: Kysely<DB>): Promise<number> {
  const row = await db.selectFrom('locations').select((eb) => eb.fn.countAll<number>().as('n')).where('kind', '=', 'store').executeTakeFirstOrThrow();
  return Number(row.n);
}

/** What the by-name list sorts and filters on; the hours columns only for the openNow filter. */
export interface StoreNameEntry {
  id: string;
  name: string;
  services: string;
  timezone?: string;
  opening_hours?: string;
  hours_exceptions?: string;
}

export function storeNames(db: Kysely<DB>, withHours: boolean): Promise<StoreNameEntry[]> {
  return db
    .selectFrom('locations')
    .select(['id', 'name', 'services'])
    .$if(withHours, (qb) => qb.select(['timezone', 'opening_hours', 'hours_exceptions']))
    .where('kind', '=', 'store')
    .execute();
}

/** Full rows of these stores, in the order of `ids`. */
export async function storesByIds(db: Kysely<DB>, ids: readonly string[]): Promise<LocationRow[]> {
  if (ids.length === 0) return [];
  const rows = await db.selectFrom('locations').selectAll().where('id', 'in', ids).where('kind', '=', 'store').execute();
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

/**
 * A number that changes whenever a row of `locations` does (triggers keep it, see the migration
 * `catalog_locations_revision`), whoever wrote it: equal numbers mean the same stores.
 */
export async function locationsRevision(db: Kysely<DB>): Promise<number> {
  return Number((await revisionOf(db, 'locations')) ?? -1);
}

/** Every store (not warehouses), full rows. */
export function allStores(db: Kysely<DB>): Promise<LocationRow[]> {
  return db.selectFrom('locations').selectAll().where('kind', '=', 'store').execute();
}
