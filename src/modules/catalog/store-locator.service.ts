/**
 * The public store locator: nearest stores first, or every store by name. Hot path (storefront,
 * app, kiosk): the nearest ones are ranked over every store kept in memory (store-directory.ts),
 * and the answer is built from JSON rendered once per store version.
 */
import type { Ctx } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { decodeCursor, encodeCursor } from '../../platform/http/common.schemas.js';
import { EARTH_RADIUS_KM, haversineKm, parseCoordinates, type LatLng } from './geo.js';
import { storeStatus, toStore, type HoursColumns } from './location-views.js';
import { foldText } from './search-text.js';
import { isOpenAt, storeDirectory, storeJson, type DirectoryStore } from './store-directory.js';
import * as repo from './stores.repo.js';
import { STORE_SERVICES, type Store, type StorePage, type StoreService, type StoresQuery } from './stores.schemas.js';

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
function offersAll(candidate: { services: string }, services: readonly StoreService[]): boolean {
  return services.every((service) => candidate.services.includes(`"${service}"`));
}

function openMatches(candidate: Partial<HoursColumns>, filters: Filters): boolean {
  if (filters.openNow === undefined) return true;
  const { timezone = 'UTC', opening_hours = '{}', hours_exceptions = '[]' } = candidate;
  return storeStatus({ timezone, opening_hours, hours_exceptions }, filters.now).openNow === filters.openNow;
}

export async function findStores(ctx: Ctx, query: StoresQuery): Promise<StorePage | RenderedPage> {
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
  return nearestPage(ctx, parsed.point, filters, limit);
}

/** A `StorePage` already serialised: the route sends it as it is. */
export class RenderedPage {
  constructor(readonly json: string) {}
}

const RADIANS_KM = (EARTH_RADIUS_KM * Math.PI) / 180;

/**
 * The `limit` nearest matching stores, from the in-memory directory (see store-directory.ts):
 * services and open state are filtered, then the nearest kept in a small sorted list. A store
 * whose latitude alone puts it farther than the last one kept is skipped without trigonometry
 * (the great-circle distance is at least the latitude difference, in km; the margin covers rounding).
 */
async function nearestPage(ctx: Ctx, point: LatLng, filters: Filters, limit: number): Promise<RenderedPage> {
  const directory = await storeDirectory(ctx.db);
  const { services, openNow, now } = filters;
  const best: Ranked[] = [];
  let worst = Infinity;
  for (const store of directory.stores) {
    if (best.length === limit && Math.abs(store.latitude - point.latitude) * RADIANS_KM * (1 - 1e-9) - 1e-9 > worst) continue;
    if (services.length > 0 && !offersAll(store, services)) continue;
    const distance = haversineKm(point, store);
    if (best.length === limit && (distance > worst || (distance === worst && store.id > best[limit - 1]!.store.id))) continue;
    if (openNow !== undefined && isOpenAt(store, now) !== openNow) continue;
    let at = best.length;
    while (at > 0 && (best[at - 1]!.distance > distance || (best[at - 1]!.distance === distance && best[at - 1]!.store.id > store.id))) at--;
    best.splice(at, 0, { store, distance });
    if (best.length > limit) best.pop();
    if (best.length === limit) worst = best[limit - 1]!.distance;
  }
  let json = '{"items":[';
  for (let i = 0; i < best.length; i++) json += (i === 0 ? '' : ',') + storeJson(best[i]!.store, now, best[i]!.distance);
  return new RenderedPage(`${json}],"nextCursor":null}`);
}

interface Ranked {
  store: DirectoryStore;
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
