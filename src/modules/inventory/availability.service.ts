import { sql, type Kysely, type RawBuilder, type SqlBool } from 'kysely';
import type { DB } from '../../db-schema.js';
import type { Ctx } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { EARTH_RADIUS_KM, haversineKm, parseCoordinates, type LatLng } from '../catalog/geo.js';
import { storeDirectory, isOpenAt, type Directory, type DirectoryStore } from '../catalog/store-directory.js';
import { readServices, zonesOf } from '../catalog/location-views.js';
import type { StoreService } from '../catalog/stores.schemas.js';
import type { AvailabilityAnswer, AvailabilityQuery, SkuAvailability } from './availability.schemas.js';

const MAX_SKUS = 20;

/** What can be sold from a row: never negative, whatever was reserved or counted. */
export function availableOf(row: { on_hand: number; reserved: number; safety_stock: number }): number {
  return Math.max(0, row.on_hand - row.reserved - row.safety_stock);
}

export function isLowStock(available: number, threshold: number): boolean {
  return available > 0 && available <= threshold;
}

interface Candidate {
  store: DirectoryStore;
  distanceKm: number | null;
}

const KM_PER_DEGREE = (EARTH_RADIUS_KM * Math.PI) / 180;

/**
 * The `limit` nearest stores (within `radiusKm`) that pass `eligible`, nearest first: one pass, a
 * small sorted list. Once the list is full, a store whose latitude alone puts it farther than the
 * last one kept is skipped without trigonometry (the great-circle distance is at least the
 * latitude difference; the margin covers rounding), as the store locator does.
 */
export function nearestStores(stores: readonly DirectoryStore[], point: LatLng, limit: number, radiusKm?: number, eligible?: (store: DirectoryStore) => boolean): Candidate[] {
  const best: Candidate[] = [];
  let worst = radiusKm ?? Infinity;
  for (const store of stores) {
    if (Math.abs(store.latitude - point.latitude) * KM_PER_DEGREE * (1 - 1e-9) - 1e-9 > worst) continue;
    if (eligible && !eligible(store)) continue;
    const distanceKm = haversineKm(point, store);
    if (radiusKm !== undefined && distanceKm > radiusKm) continue;
    if (best.length === limit && distanceKm >= best[best.length - 1]!.distanceKm!) continue;
    let i = best.length;
    while (i > 0 && best[i - 1]!.distanceKm! > distanceKm) i--;
    best.splice(i, 0, { store, distanceKm });
    if (best.length > limit) best.pop();
    if (best.length === limit) worst = best[limit - 1]!.distanceKm!;
  }
  return best;
}

interface Warehouse {
  id: string;
  name: string;
}

/**
 * The warehouses, read once per version of the store directory: the directory is replaced whenever
 * any location changes (its revision, bumped by triggers on `locations`), so this list is exactly as
 * fresh as the stores it goes with, and an answer reads no location row.
 */
const warehousesOf = new WeakMap<Directory, Promise<Warehouse[]>>();
function warehousesFor(db: Kysely<DB>, directory: Directory): Promise<Warehouse[]> {
  let warehouses = warehousesOf.get(directory);
  if (!warehouses) {
    warehouses = db.selectFrom('locations').select(['id', 'name']).where('kind', '=', 'warehouse').orderBy('name').execute();
    warehousesOf.set(directory, warehouses);
    warehouses.catch(() => warehousesOf.delete(directory));
  }
  return warehouses;
}

// A store row's services, parsed once per row version (the directory keeps unchanged rows).
const servicesOf = new WeakMap<DirectoryStore['row'], StoreService[]>();
function servicesFor(store: DirectoryStore): StoreService[] {
  let services = servicesOf.get(store.row);
  if (!services) {
    services = readServices(store.row.services);
    servicesOf.set(store.row, services);
  }
  return services;
}

function splitList(text: string): string[] {
  return [...new Set(text.split(',').map((s) => s.trim()).filter(Boolean))];
}

/** The stores the answer is about: the nearest to `near`, or the ones named in `storeId`, filtered. */
function candidatesFor(directory: Directory, query: AvailabilityQuery, now: Date): Candidate[] {
  if (query.near !== undefined) {
    const parsed = parseCoordinates(query.near);
    if (!parsed.ok) throw new AppError('platform.validation_failed', `near ${parsed.message}`, { errors: [{ path: 'querystring/near', message: parsed.message }] });
    const eligible =
      query.service || query.openNow ? (s: DirectoryStore) => (!query.service || s.services.includes(`"${query.service}"`)) && (!query.openNow || isOpenAt(s, now)) : undefined;
    return nearestStores(directory.stores, parsed.point, query.limit ?? 20, query.radiusKm, eligible);
  }
  if (query.storeId !== undefined) {
    const ids = splitList(query.storeId);
    const byId = new Map(directory.stores.map((s) => [s.id, s]));
    const missing = ids.filter((id) => !byId.has(id));
    if (missing.length) throw new AppError('availability.unknown_store', `No store ${missing.join(', ')}`);
    return ids
      .map((id) => ({ store: byId.get(id)!, distanceKm: null }))
      .filter((c) => (!query.service || c.store.services.includes(`"${query.service}"`)) && (!query.openNow || isOpenAt(c.store, now)));
  }
  throw new AppError('availability.where_required', 'Say where: near=latitude,longitude or storeId=…', { errors: [{ path: 'querystring', message: 'near or storeId is required' }] });
}

interface LevelFacts {
  on_hand: number;
  reserved: number;
  safety_stock: number;
  low_stock_threshold: number;
  zone: string | null;
}

/**
 * The stock rows of these skus at these locations, keyed `sku|location`; 404 `availability.unknown_sku`
 * when a sku is no product variant. One query on the hot path: the variants, left-joined to their
 * rows at those locations (a known sku with no row there still comes back, with nulls).
 */
async function levelsOf(db: Kysely<DB>, skus: readonly string[], locationIds: readonly string[]): Promise<Map<string, LevelFacts>> {
  const rows =
    locationIds.length === 0
      ? (await db.selectFrom('product_variants').select('sku').where('sku', 'in', [...skus]).execute()).map((r) => ({ sku: r.sku, location_id: null }))
      : (
          await sql<LevelFacts & { sku: string; location_id: string | null }>`SELECT v.sku, s.location_id, s.on_hand, s.reserved, s.safety_stock, s.low_stock_threshold, s.zone
            FROM product_variants v LEFT JOIN stock_levels s ON s.sku = v.sku AND s.location_id IN (${sql.join(locationIds)})
            WHERE v.sku IN (${sql.join(skus)})`.execute(db)
        ).rows;
  const known = new Set(rows.map((r) => r.sku));
  const unknown = skus.filter((sku) => !known.has(sku));
  if (unknown.length) throw new AppError('availability.unknown_sku', `No product variant has sku ${unknown.join(', ')}`, { extra: { unknownSkus: unknown } });
  const level = new Map<string, LevelFacts>();
  for (const row of rows) if (row.location_id !== null) level.set(`${row.sku}|${row.location_id}`, row as LevelFacts);
  return level;
}

/**
 * Per sku: the stores near a point (or the ones named), each with what is available there, its aisle,
 * a low-stock flag and whether it is open now; and what the warehouses can ship. With `openNow`,
 * `inStock` and `service` it is the storefront's "near me, open now, in stock here" in one call.
 */
export async function availability(ctx: Pick<Ctx, 'db' | 'clock'>, query: AvailabilityQuery): Promise<AvailabilityAnswer> {
  const skus = splitList(query.sku);
  if (skus.length === 0 || skus.length > MAX_SKUS)
    throw new AppError('platform.validation_failed', `Give 1 to ${MAX_SKUS} skus`, { errors: [{ path: 'querystring/sku', message: `1 to ${MAX_SKUS} skus, comma-separated` }] });
  const now = ctx.clock.now();
  const directory = await storeDirectory(ctx.db);
  let candidates: Candidate[];
  try {
    candidates = candidatesFor(directory, query, now);
  } catch (error) {
    // The skus are checked first: an unknown sku is a 404 even when the place is wrong too.
    if (error instanceof AppError) await levelsOf(ctx.db, skus, []);
    throw error;
  }
  const warehouses = await warehousesFor(ctx.db, directory);
  const level = await levelsOf(ctx.db, skus, [...candidates.map((c) => c.store.id), ...warehouses.map((w) => w.id)]);

  const items: SkuAvailability[] = skus.map((sku) => {
    const locations = candidates.flatMap(({ store, distanceKm }) => {
      const row = level.get(`${sku}|${store.id}`);
      const available = row ? availableOf(row) : 0;
      if (query.inStock && available === 0) return [];
      const zone = row?.zone ? (zonesOf(store.row.zones).find((z) => z.code === row.zone) ?? { code: row.zone, name: row.zone }) : null;
      return [
        {
          locationId: store.id,
          name: store.row.name,
          city: store.row.city,
          available,
          lowStock: row ? isLowStock(available, row.low_stock_threshold) : false,
          distanceKm: distanceKm === null ? null : Math.round(distanceKm * 100) / 100,
          aisle: zone,
          openNow: isOpenAt(store, now),
          services: servicesFor(store),
        },
      ];
    });
    const fromWarehouses = warehouses.map((w) => {
      const row = level.get(`${sku}|${w.id}`);
      return { locationId: w.id, name: w.name, available: row ? availableOf(row) : 0, threshold: row?.low_stock_threshold ?? 0 };
    });
    const online = fromWarehouses.reduce((n, w) => n + w.available, 0);
    return {
      sku,
      locations,
      online: {
        available: online,
        lowStock: isLowStock(online, fromWarehouses.reduce((n, w) => n + w.threshold, 0)),
        warehouses: fromWarehouses.map(({ locationId, name, available }) => ({ locationId, name, available })),
      },
    };
  });
  return { items };
}

/** Available quantities of these skus at these locations (0 where no row): for checkout and sourcing. */
export async function availabilityAt(db: Kysely<DB>, skus: readonly string[], locationIds: readonly string[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  if (skus.length === 0 || locationIds.length === 0) return out;
  const rows = await db
    .selectFrom('stock_levels')
    .select(['sku', 'location_id', 'on_hand', 'reserved', 'safety_stock'])
    .where('sku', 'in', [...skus])
    .where('location_id', 'in', [...locationIds])
    .execute();
  for (const sku of skus) for (const id of locationIds) out.set(`${sku}|${id}`, 0);
  for (const r of rows) out.set(`${r.sku}|${r.location_id}`, availableOf(r));
  return out;
}

/**
 * The catalog's `inStockAt` filter, as SQL it can compose into its search plans: the products with at
 * least one variant available at the location, and the probe for one product. Inventory owns what
 * "available" means, so the condition lives here.
 */
export interface InStockFilter {
  locationId: string;
  /** Only variants of this size / colour (the catalog's facet keys) count: "size 38 in stock here". */
  sizeKey?: string | undefined;
  colorKey?: string | undefined;
}

function variantTests(filter: InStockFilter): RawBuilder<unknown> {
  return sql`${filter.sizeKey === undefined ? sql`` : sql` AND v.size_key = ${filter.sizeKey}`}${filter.colorKey === undefined ? sql`` : sql` AND v.color_key = ${filter.colorKey}`}`;
}

export function productsInStockAtSql(filter: InStockFilter): RawBuilder<unknown> {
  return sql`SELECT v.product_id AS id FROM stock_levels s JOIN product_variants v ON v.sku = s.sku WHERE s.location_id = ${filter.locationId} AND s.on_hand - s.reserved > s.safety_stock${variantTests(filter)}`;
}

export function productInStockAtSql(filter: InStockFilter, productId: RawBuilder<unknown>): RawBuilder<SqlBool> {
  return sql<SqlBool>`EXISTS (SELECT 1 FROM product_variants v JOIN stock_levels s ON s.sku = v.sku AND s.location_id = ${filter.locationId} WHERE v.product_id = ${productId} AND s.on_hand - s.reserved > s.safety_stock${variantTests(filter)})`;
}
