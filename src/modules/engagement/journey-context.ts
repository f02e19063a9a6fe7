/**
 * What a journey knows about the moment, as `context.*` in conditions and Liquid texts:
 *
 *   context.store              the store of the event (its `storeId`), else the store nearest to the
 *                              event's `latitude`/`longitude`, else the person's favourite store:
 *                              {id, name, city, openNow, distanceKm}
 *   context.geofence           for events with a position or a store: {storeId, distanceKm, inside}
 *                              (inside: within the journey's `context.geofenceRadiusM`, 300 m by
 *                              default; `Store Entered` is inside by definition)
 *   context.weather            the weather at that store: {raining, condition, temperatureC, ...}
 *   context.favouritesInStock  the person's wishlist items available in that store, with their aisle
 *   context.categoryInStock    items of the journey's `context.category` available in that store
 *   context.cart               the event's cart: {id, items[{name, quantity, price}], subtotal}
 *   context.product            the event's product (by `sku` or `productId`): {sku, name, price, image}
 *   context.outfit             what goes with the event's `products` (an order's), by the look and
 *                              the person's history (personalization/outfit.ts): up to three
 *                              [{productId, name, category, size, price, image}], never one she owns
 *
 * Each part is computed only when the definition mentions it, so a journey that never looks at the
 * weather never calls the weather provider.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../../db-schema.js';
import type { Clock } from '../../platform/clock.js';
import { haversineKm } from '../catalog/geo.js';
import { storeStatus, zonesOf } from '../catalog/location-views.js';
import type { JourneyDefinition } from './journey-definition.js';
import type { RecipientView } from './recipients.js';
import type { WeatherProvider } from './weather.js';
import { outfitFor } from '../personalization/outfit.js';

export const DEFAULT_GEOFENCE_RADIUS_M = 300;

export interface ContextEnv {
  db: Kysely<DB>;
  clock: Clock;
  weather?: WeatherProvider | undefined;
}

interface StoreRow {
  id: string;
  name: string;
  city: string;
  latitude: number;
  longitude: number;
  timezone: string;
  opening_hours: string;
  hours_exceptions: string;
  zones: string;
}

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v)) ? Number(v) : null);
const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

// Definitions are parsed once per version and kept (journey-engine.ts): so are their needs.
const needsOf = new WeakMap<JourneyDefinition, Set<string>>();

/** Which parts of the context a definition uses (its conditions and texts, as written). */
export function contextNeeds(def: JourneyDefinition): Set<string> {
  const known = needsOf.get(def);
  if (known) return known;
  const text = JSON.stringify(def);
  const needs = new Set<string>();
  for (const match of text.matchAll(/context\.([A-Za-z]+)/g)) needs.add(match[1]!);
  needsOf.set(def, needs);
  return needs;
}

export async function buildContext(
  env: ContextEnv,
  def: JourneyDefinition,
  recipient: RecipientView,
  event: { name: string; properties: Record<string, unknown> },
): Promise<Record<string, unknown>> {
  const needs = contextNeeds(def);
  if (needs.size === 0) return {};
  const context: Record<string, unknown> = {};
  const now = env.clock.now();
  const props = event.properties;
  const point = num(props.latitude) !== null && num(props.longitude) !== null ? { latitude: num(props.latitude)!, longitude: num(props.longitude)! } : null;
  const wantsStore = ['store', 'geofence', 'weather', 'favouritesInStock', 'categoryInStock'].some((k) => needs.has(k));

  let store: StoreRow | undefined;
  let distanceKm: number | null = null;
  if (wantsStore) {
    const columns = ['id', 'name', 'city', 'latitude', 'longitude', 'timezone', 'opening_hours', 'hours_exceptions', 'zones'] as const;
    const storeId = str(props.storeId) ?? str(props.store_id);
    if (storeId) store = await env.db.selectFrom('locations').select(columns).where('id', '=', storeId).where('kind', '=', 'store').executeTakeFirst();
    else if (point) {
      const stores = await env.db.selectFrom('locations').select(columns).where('kind', '=', 'store').execute();
      let best = Infinity;
      for (const s of stores) {
        const d = haversineKm(point, s);
        if (d < best) {
          best = d;
          store = s;
        }
      }
    } else if (recipient.favouriteStoreId) store = await env.db.selectFrom('locations').select(columns).where('id', '=', recipient.favouriteStoreId).executeTakeFirst();
    if (store && point) distanceKm = Math.round(haversineKm(point, store) * 1000) / 1000;
    if (store && event.name === 'Store Entered') distanceKm = 0;
  }

  if (store) {
    context.store = { id: store.id, name: store.name, city: store.city, openNow: storeStatus(store, now).openNow, distanceKm };
    if (distanceKm !== null) {
      const radiusKm = (def.context?.geofenceRadiusM ?? DEFAULT_GEOFENCE_RADIUS_M) / 1000;
      context.geofence = { storeId: store.id, distanceKm, inside: distanceKm <= radiusKm };
    }
    if (needs.has('weather') && env.weather) {
      try {
        context.weather = await env.weather.current({ latitude: store.latitude, longitude: store.longitude });
      } catch {
        // No weather, no weather condition: a journey waiting for rain does not fire on a guess.
        context.weather = null;
      }
    }
    if (needs.has('favouritesInStock')) context.favouritesInStock = await inStockAt(env.db, store, { profileId: recipient.profileId });
    if (needs.has('categoryInStock') && def.context?.category) context.categoryInStock = await inStockAt(env.db, store, { category: def.context.category });
  }

  if (needs.has('cart') && str(props.cartId)) {
    const items = await env.db
      .selectFrom('cart_items as i')
      .innerJoin('product_variants as v', 'v.sku', 'i.sku')
      .innerJoin('products as p', 'p.id', 'v.product_id')
      .select(['i.sku', 'i.quantity', 'v.price_amount', 'v.currency', 'v.size', 'p.name', 'p.id as product_id'])
      .where('i.cart_id', '=', str(props.cartId)!)
      .orderBy('i.added_at')
      .execute();
    context.cart = {
      id: props.cartId,
      items: items.map((i) => ({ sku: i.sku, productId: i.product_id, name: i.name, size: i.size, quantity: i.quantity, price: formatMoney(i.price_amount, i.currency) })),
      subtotal: formatMoney(items.reduce((s, i) => s + i.price_amount * i.quantity, 0), items[0]?.currency ?? 'EUR'),
      itemCount: items.reduce((n, i) => n + i.quantity, 0),
    };
  }

  if (needs.has('product')) {
    const sku = str(props.sku);
    const productId = str(props.productId) ?? str(props.product_id);
    let q = env.db
      .selectFrom('product_variants as v')
      .innerJoin('products as p', 'p.id', 'v.product_id')
      .select(['v.sku', 'v.price_amount', 'v.currency', 'v.size', 'v.color', 'p.id', 'p.name', 'p.images']);
    if (sku) q = q.where('v.sku', '=', sku);
    else if (productId) q = q.where('p.id', '=', productId);
    const row = sku || productId ? await q.orderBy('v.position').executeTakeFirst() : undefined;
    context.product = row
      ? { sku: row.sku, productId: row.id, name: row.name, size: row.size, color: row.color, price: formatMoney(row.price_amount, row.currency), image: (JSON.parse(row.images) as string[])[0] ?? null }
      : null;
  }
  if (needs.has('outfit')) {
    const products = Array.isArray(props.products) ? (props.products as unknown[]) : [];
    const bought = products.flatMap((p) => str((p as Record<string, unknown> | null)?.product_id) ?? []);
    context.outfit = (await outfitFor(env.db, recipient.profileId, bought)).map((item) => ({ ...item, price: formatMoney(item.price.amount, item.price.currency) }));
  }
  return context;
}

/** Available units at a store, with their aisle: of a person's wishlist, or of a category (and its children). */
async function inStockAt(db: Kysely<DB>, store: StoreRow, of: { profileId?: string; category?: string }) {
  let q = db
    .selectFrom('stock_levels as s')
    .innerJoin('product_variants as v', 'v.sku', 's.sku')
    .innerJoin('products as p', 'p.id', 'v.product_id')
    .select(['s.sku', 's.on_hand', 's.reserved', 's.safety_stock', 's.zone', 'v.size', 'v.color', 'v.price_amount', 'v.currency', 'p.name', 'p.id as product_id'])
    .where('s.location_id', '=', store.id)
    .where((eb) => eb(eb('s.on_hand', '-', eb('s.reserved', '+', eb.ref('s.safety_stock'))), '>', 0));
  if (of.profileId) q = q.where('s.sku', 'in', db.selectFrom('wishlist_items').select('sku').where('profile_id', '=', of.profileId));
  if (of.category) {
    const categories = await db.selectFrom('categories').select(['id', 'slug', 'parent_id']).execute();
    const root = categories.find((c) => c.id === of.category || c.slug === of.category);
    if (!root) return [];
    const ids = new Set([root.id]);
    for (let grew = true; grew; ) {
      grew = false;
      for (const c of categories) if (c.parent_id && ids.has(c.parent_id) && !ids.has(c.id)) ids.add(c.id), (grew = true);
    }
    q = q.where('p.category_id', 'in', [...ids]);
  }
  const rows = await q.orderBy('p.name').orderBy('s.sku').limit(20).execute();
  const zones = zonesOf(store.zones);
  return rows.map((r) => ({
    sku: r.sku,
    productId: r.product_id,
    name: r.name,
    size: r.size,
    color: r.color,
    price: formatMoney(r.price_amount, r.currency),
    available: r.on_hand - r.reserved - r.safety_stock,
    aisle: zones.find((z) => z.code === r.zone)?.name ?? null,
  }));
}

function formatMoney(amount: number, currency: string): string {
  return `${(amount / 100).toFixed(2).replace('.', ',')} ${currency === 'EUR' ? '€' : currency}`;
}
