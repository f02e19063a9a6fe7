/**
 * The public store locator: nearest stores first, or every store by name. Hot path (storefront,
 * app, kiosk), so it ranks on a few light columns and reads full rows only for the page it returns.
 */
import type { Ctx } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { decodeCursor, encodeCursor } from '../../platform/http/common.schemas.js';
import { boundingBox, haversineKm, parseCoordinates, type BoundingBox, type LatLng } from './geo.js';
import { storeStatus, toStore, type HoursColumns } from './location-views.js';
import { foldText } from './search-text.js';
import * as repo from './stores.repo.js';
import type { StoreCandidate } from './stores.repo.js';
import { STORE_SERVICES, type Store, type StorePage, type StoreService, type StoresQuery } from './stores.schemas.js';

/** The first search radius: a city and its suburbs. */
const FIRST_RADIUS_KM = 50;
/** From this radius on, the box may hold every store of a country: worth counting them. */
const COUNT_FROM_RADIUS_KM = 400;
/** Past this radius, the box holds most of a continent: look at every store instead. */
const LAST_RADIUS_KM = 2500;

interface Filters {
  services: StoreService[];
  /** true: open now only; false: closed now only; undefined: both. */
  openNow: boolean | undefined;
  now: Date;
}

function parseServices(text: string | undefined): StoreService[] {
  if (text === undefined) return [];
  const names = text.split(',').map((name) => name.trim());
  const unknown = names.filter((name) => !(STORE_SERVICES as readonly string[]).includes(name));
  if (unknown.length > 0) {
    const listed = unknown.map((name) => `"${name}"`).join(', ');
    throw new AppError('stores.invalid_service', `Unknown service ${listed}: use ${STORE_SERVICES.join(', ')} (a comma list requires them all)`, {
      errors: [{ path: 'querystring/service', message: `${listed} is not one of ${STORE_SERVICES.join(', ')}` }],
    });
  }
  return names as StoreService[];
}

// The services column is a JSON array of these exact names, so a quoted substring test is exact and
// spares parsing JSON for every candidate.
function offersAll(candidate: Pick<StoreCandidate, 'services'>, services: readonly StoreService[]): boolean {
  return services.every((service) => candidate.services.includes(`"${service}"`));
}

function openMatches(candidate: Partial<HoursColumns>, filters: Filters): boolean {
  if (filters.openNow === undefined) return true;
  const { timezone = 'UTC', opening_hours = '{}', hours_exceptions = '[]' } = candidate;
  return storeStatus({ timezone, opening_hours, hours_exceptions }, filters.now).openNow === filters.openNow;
}

export async function findStores(ctx: Ctx, query: StoresQuery): Promise<StorePage> {
  const filters: Filters = { services: parseServices(query.service), openNow: query.openNow, now: ctx.clock.now() };
  const limit = query.limit ?? 10;
  if (query.near === undefined) return storesByName(ctx, filters, limit, query.cursor);
  if (query.cursor !== undefined) {
    throw new AppError('platform.validation_failed', 'cursor pages the by-name list; with near, ask for a larger limit instead', {
      errors: [{ path: 'querystring/cursor', message: 'cannot be combined with near' }],
    });
  }
  const parsed = parseCoordinates(query.near);
  if (!parsed.ok) {
    throw new AppError('stores.invalid_coordinates', `near ${parsed.message}`, { errors: [{ path: 'querystring/near', message: parsed.message }] });
  }
  return { items: await nearestStores(ctx, parsed.point, filters, limit), nextCursor: null };
}

/**
 * The `limit` nearest matching stores. A box around the point prefilters on the geo index; the
 * answer is final once `limit` matches lie within the radius, since anything outside the box is
 * farther than the radius. Otherwise the radius widens, by how short the matches fell, and only
 * the ring between the old box and the new one is read, until every store has been. Candidates
 * carry light columns (plus the hours ones for the openNow filter); full rows are read only for
 * the stores returned.
 */
async function nearestStores(ctx: Ctx, point: LatLng, filters: Filters, limit: number): Promise<Store[]> {
  const withHours = filters.openNow !== undefined;
  const seen: Ranked[] = [];
  let read = 0;
  let storeCount: number | undefined;
  let inner: BoundingBox | undefined;
  let radius = FIRST_RADIUS_KM;
  for (;;) {
    const outer = Number.isFinite(radius) ? boundingBox(point, radius) : undefined;
    const fresh = await repo.storeCandidates(ctx.db, { outer, inner, withHours });
    read += fresh.length;
    for (const candidate of fresh) {
      if (offersAll(candidate, filters.services)) seen.push({ candidate, distance: haversineKm(point, candidate) });
    }
    let final = outer === undefined;
    if (!final && radius >= COUNT_FROM_RADIUS_KM) {
      // Once every store has been read there is nothing left to widen to (counting costs a scan,
      // so only once the box is large enough to hold them all).
      storeCount ??= await repo.countStores(ctx.db);
      final = read >= storeCount;
    }
    const within = final ? seen : seen.filter((entry) => entry.distance <= radius);
    within.sort((a, b) => a.distance - b.distance || (a.candidate.id < b.candidate.id ? -1 : 1));
    const picked: Ranked[] = [];
    for (const entry of within) {
      if (withHours && !openMatches(entry.candidate, filters)) continue;
      picked.push(entry);
      if (picked.length === limit) break;
    }
    if (picked.length === limit || final) {
      const rows = await repo.storesByIds(ctx.db, picked.map((entry) => entry.candidate.id));
      const distances = new Map(picked.map((entry) => [entry.candidate.id, entry.distance]));
      return rows.map((row) => toStore(row, filters.now, distances.get(row.id)));
    }
    // Matches grow with the area, so with the square of the radius: aim at twice what is missing.
    const growth = Math.min(8, Math.max(2, Math.sqrt((2 * limit) / Math.max(picked.length, 1))));
    radius = radius * growth > LAST_RADIUS_KM ? Infinity : radius * growth;
    inner = outer;
  }
}

interface Ranked {
  candidate: StoreCandidate;
  distance: number;
}

// Names change rarely and fold the same way every time.
const sortKeys = new Map<string, string>();
function sortKeyOf(name: string): string {
  let key = sortKeys.get(name);
  if (key === undefined) {
    key = foldText(name);
    if (sortKeys.size >= 20_000) sortKeys.clear();
    sortKeys.set(name, key);
  }
  return key;
}

interface NameCursor {
  k: string;
  id: string;
}

/** Every store by name, accents and case folded so that "Écully" sorts with the E's on both engines. */
async function storesByName(ctx: Ctx, filters: Filters, limit: number, cursorText: string | undefined): Promise<StorePage> {
  const cursor = decodeCursor<NameCursor>(cursorText);
  if (cursor !== undefined && (typeof cursor !== 'object' || cursor === null || typeof cursor.k !== 'string' || typeof cursor.id !== 'string')) {
    throw new AppError('platform.validation_failed', 'The cursor is not one this API gave out', { errors: [{ path: 'querystring/cursor', message: 'is not a valid cursor' }] });
  }
  const candidates = await repo.storeNames(ctx.db, filters.openNow !== undefined);
  const keyed = candidates
    .filter((candidate) => offersAll(candidate, filters.services))
    .map((candidate) => ({ candidate, key: sortKeyOf(candidate.name) }))
    .sort((a, b) => compareKeys(a.key, a.candidate.id, b.key, b.candidate.id));
  const page: typeof keyed = [];
  for (const entry of keyed) {
    if (cursor && compareKeys(entry.key, entry.candidate.id, cursor.k, cursor.id) <= 0) continue;
    if (!openMatches(entry.candidate, filters)) continue;
    page.push(entry);
    // One more than asked says whether a next page exists.
    if (page.length > limit) break;
  }
  const shown = page.slice(0, limit);
  const rows = await repo.storesByIds(ctx.db, shown.map((entry) => entry.candidate.id));
  const last = shown[shown.length - 1];
  return {
    items: rows.map((row) => toStore(row, filters.now)),
    nextCursor: page.length > limit && last ? encodeCursor({ k: last.key, id: last.candidate.id } satisfies NameCursor) : null,
  };
}

function compareKeys(keyA: string, idA: string, keyB: string, idB: string): number {
  if (keyA !== keyB) return keyA < keyB ? -1 : 1;
  return idA < idB ? -1 : idA > idB ? 1 : 0;
}

/** One store for customers; a warehouse is not a store here. */
export async function getStore(ctx: Ctx, id: string): Promise<Store> {
  const row = await repo.findLocationById(ctx.db, id);
  if (!row || row.kind !== 'store') throw new AppError('stores.store_not_found', `No store ${id}`);
  return toStore(row, ctx.clock.now());
}
