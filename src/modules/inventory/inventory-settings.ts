/**
 * Retailer-wide inventory settings, one row per key in `inventory_settings` (JSON values); a key
 * never written has its default. Read where they decide something (a till sale, a hold's default
 * expiry, sourcing), so a change applies to the next operation in every process.
 */
import type { Ctx } from '../../platform/context.js';
import { AppError, type FieldError } from '../../platform/errors.js';
import { parseDuration } from '../../platform/duration.js';
import type { InventorySettings, UpdateSettingsBody } from './inventory.schemas.js';
import { inTransaction, type Db } from './stock.repo.js';

export const DEFAULT_SETTINGS: InventorySettings = {
  allowNegativeOnHandForTillSales: false,
  allowSplitShipments: false,
  defaultHoldTtl: 'PT48H',
  transferLeadTime: { default: 'P2D', routes: [] },
};

type Key = keyof InventorySettings;
const KEYS = Object.keys(DEFAULT_SETTINGS) as Key[];

export async function readSettings(db: Db): Promise<InventorySettings> {
  const rows = await db.selectFrom('inventory_settings').select(['key', 'value']).execute();
  const settings: InventorySettings = structuredClone(DEFAULT_SETTINGS);
  for (const row of rows) {
    if (!(KEYS as string[]).includes(row.key)) continue;
    (settings as unknown as Record<string, unknown>)[row.key] = JSON.parse(row.value) as unknown;
  }
  return settings;
}

export async function getSettings(ctx: Ctx): Promise<InventorySettings> {
  return readSettings(ctx.db);
}

/** The lead time of a transfer from → to, in ms: the route's own, else the default. */
export function leadTimeMs(settings: InventorySettings, fromLocationId: string, toLocationId: string): number {
  const route = settings.transferLeadTime.routes.find((r) => r.fromLocationId === fromLocationId && r.toLocationId === toLocationId);
  return parseDuration(route?.leadTime ?? settings.transferLeadTime.default) ?? 2 * 86_400_000;
}

export function durationMs(text: string, path: string): number {
  const ms = parseDuration(text);
  if (ms === null || ms <= 0) {
    throw new AppError('inventory.invalid_duration', `"${text}" is not a positive ISO 8601 duration (PT48H, P2D, PT30M)`, { errors: [{ path, message: 'is not a positive ISO 8601 duration' }] });
  }
  return ms;
}

/** Fields given replace the stored ones; the others keep their value. */
export async function updateSettings(ctx: Ctx, input: UpdateSettingsBody): Promise<InventorySettings> {
  const errors: FieldError[] = [];
  const check = (text: string | undefined, path: string) => {
    if (text === undefined) return;
    const ms = parseDuration(text);
    if (ms === null || ms <= 0) errors.push({ path, message: `"${text}" is not a positive ISO 8601 duration` });
  };
  check(input.defaultHoldTtl, 'body/defaultHoldTtl');
  check(input.transferLeadTime?.default, 'body/transferLeadTime/default');
  const routes = input.transferLeadTime?.routes ?? [];
  routes.forEach((route, i) => {
    check(route.leadTime, `body/transferLeadTime/routes/${i}/leadTime`);
    if (route.fromLocationId === route.toLocationId) errors.push({ path: `body/transferLeadTime/routes/${i}`, message: 'goes from a location to itself' });
  });
  const seen = new Set<string>();
  routes.forEach((route, i) => {
    const key = `${route.fromLocationId}→${route.toLocationId}`;
    if (seen.has(key)) errors.push({ path: `body/transferLeadTime/routes/${i}`, message: `the route ${key} is listed twice` });
    seen.add(key);
  });
  if (errors.length > 0) throw new AppError('inventory.invalid_duration', errors.map((e) => `${e.path} ${e.message}`).join('; '), { errors });
  const ids = [...new Set(routes.flatMap((r) => [r.fromLocationId, r.toLocationId]))];
  if (ids.length > 0) {
    const known = new Set((await ctx.db.selectFrom('locations').select('id').where('id', 'in', ids).execute()).map((r) => r.id));
    const unknown: FieldError[] = [];
    routes.forEach((route, i) => {
      if (!known.has(route.fromLocationId)) unknown.push({ path: `body/transferLeadTime/routes/${i}/fromLocationId`, message: `no location ${route.fromLocationId}` });
      if (!known.has(route.toLocationId)) unknown.push({ path: `body/transferLeadTime/routes/${i}/toLocationId`, message: `no location ${route.toLocationId}` });
    });
    if (unknown.length > 0) throw new AppError('inventory.unknown_location', unknown.map((e) => `${e.path}: ${e.message}`).join('; '), { errors: unknown });
  }

  return inTransaction(ctx.db, async (db) => {
    const current = await readSettings(db);
    const next: InventorySettings = {
      allowNegativeOnHandForTillSales: input.allowNegativeOnHandForTillSales ?? current.allowNegativeOnHandForTillSales,
      allowSplitShipments: input.allowSplitShipments ?? current.allowSplitShipments,
      defaultHoldTtl: input.defaultHoldTtl ?? current.defaultHoldTtl,
      transferLeadTime: {
        default: input.transferLeadTime?.default ?? current.transferLeadTime.default,
        routes: input.transferLeadTime?.routes ?? current.transferLeadTime.routes,
      },
    };
    const now = ctx.clock.now().toISOString();
    for (const key of KEYS) {
      const value = JSON.stringify(next[key]);
      await db
        .insertInto('inventory_settings')
        .values({ key, value, updated_at: now })
        .onConflict((c) => c.column('key').doUpdateSet({ value, updated_at: now }))
        .execute();
    }
    return next;
  });
}
