/**
 * Sourcing with the database: fetches what `planSourcing` decides on (the store, the warehouses,
 * the availability of the order's skus there, the settings), and carries a plan out for commerce.
 *
 * Split shipments need the retailer's setting `allowSplitShipments`; a caller may ask for no split
 * (`allowSplit: false`) but cannot split when the retailer does not allow it.
 */
import type { Ctx } from '../../platform/context.js';
import { AppError, type FieldError } from '../../platform/errors.js';
import type { HoldOwnerType } from './inventory.tables.js';
import type { Hold, Transfer } from './inventory.schemas.js';
import { leadTimeMs, readSettings } from './inventory-settings.js';
import { planSourcing, type SourcingLine, type SourcingPlan } from './sourcing.js';
import { findLocation, inTransaction } from './stock.repo.js';
import { insufficient } from './stock.service.js';
import { reserveMany } from './holds.service.js';
import { createTransfer } from './transfers.service.js';

export interface SourcingRequest {
  storeId: string;
  lines: readonly SourcingLine[];
  allowSplit?: boolean | undefined;
  /** Ship-to-store: the goods come from warehouses even when the store has some (its stock serves walk-ins). */
  fromWarehousesOnly?: boolean | undefined;
}

/** The plan for an order to be collected at `storeId`, from the stock as it is now (a dry run). */
export async function planSourcingFor(ctx: Ctx, input: SourcingRequest): Promise<SourcingPlan> {
  const store = await findLocation(ctx.db, input.storeId);
  if (!store) throw new AppError('inventory.unknown_location', `body/storeId: no store ${input.storeId}`, { errors: [{ path: 'body/storeId', message: `no store ${input.storeId}` }] });
  if (store.kind !== 'store') throw new AppError('inventory.not_a_store', `${input.storeId} is a warehouse: orders are sourced for a store`, { errors: [{ path: 'body/storeId', message: 'is a warehouse' }] });
  const seen = new Map<string, number>();
  input.lines.forEach((line, i) => {
    if (!Number.isInteger(line.quantity) || line.quantity < 1) {
      throw new AppError('inventory.invalid_quantity', `lines/${i}/quantity must be a whole number of at least 1`, { errors: [{ path: `body/lines/${i}/quantity`, message: 'must be a whole number ≥ 1' }] });
    }
    const first = seen.get(line.sku);
    if (first !== undefined) throw new AppError('inventory.duplicate_line', `lines ${first} and ${i} both ask for ${line.sku}`, { errors: [{ path: `body/lines/${i}/sku`, message: `repeats line ${first}` }] });
    seen.set(line.sku, i);
  });
  const skus = input.lines.map((l) => l.sku);
  const known = new Set((await ctx.db.selectFrom('product_variants').select('sku').where('sku', 'in', skus).execute()).map((r) => r.sku));
  const unknown: FieldError[] = input.lines.flatMap((l, i) => (known.has(l.sku) ? [] : [{ path: `body/lines/${i}/sku`, message: `no product variant has sku ${l.sku}` }]));
  if (unknown.length > 0) throw new AppError('inventory.unknown_sku', unknown.map((e) => `${e.path}: ${e.message}`).join('; '), { errors: unknown });

  const settings = await readSettings(ctx.db);
  const warehouses = await ctx.db.selectFrom('locations').select(['id', 'kind', 'latitude', 'longitude']).where('kind', '=', 'warehouse').execute();
  const locationIds = [store.id, ...warehouses.map((w) => w.id)];
  const levels = await ctx.db
    .selectFrom('stock_levels')
    .select(['sku', 'location_id', 'on_hand', 'reserved', 'safety_stock'])
    .where('sku', 'in', skus)
    .where('location_id', 'in', locationIds)
    .execute();
  const available = new Map(levels.map((l) => [`${l.location_id}\u0000${l.sku}`, l.on_hand - l.reserved - l.safety_stock]));
  return planSourcing({
    store,
    lines: input.lines,
    warehouses,
    available: (locationId, sku) => (input.fromWarehousesOnly && locationId === store.id ? 0 : (available.get(`${locationId}\u0000${sku}`) ?? 0)),
    allowSplit: settings.allowSplitShipments && input.allowSplit !== false,
    now: ctx.clock.now(),
    leadTimeMs: (from, to) => leadTimeMs(settings, from, to),
  });
}

export interface SourcedOrder {
  plan: SourcingPlan;
  /** Holds at the store for what it had (pick in store). */
  holds: Hold[];
  /** Transfers from warehouses to the store; their goods are held for the owner on receipt. */
  transfers: Transfer[];
}

/**
 * Plans and carries the plan out in one transaction (commerce's checkout for collect-in-store and
 * ship-to-store orders): the store's part is held for the owner, each warehouse's part ships to
 * the store with the owner on the transfer. When the stock changed since the plan was made, the
 * conditional statements refuse and everything rolls back (409 `inventory.insufficient_stock`).
 */
export async function sourceAndReserve(
  ctx: Ctx,
  input: SourcingRequest & { ownerType: HoldOwnerType; ownerId: string; ttl?: string; reference?: string },
): Promise<SourcedOrder> {
  const plan = await planSourcingFor(ctx, input);
  if (plan.outcome === 'unavailable') {
    const missing = plan.missing.length > 0 ? plan.missing : input.lines;
    throw insufficient(missing.map((l) => ({ sku: l.sku, locationId: input.storeId, requested: l.quantity, available: 0 })));
  }
  return inTransaction(ctx.db, async (db) => {
    const inner = { ...ctx, db };
    const holds: Hold[] = [];
    const transfers: Transfer[] = [];
    for (const source of plan.sources) {
      if (source.action === 'pick_in_store') {
        holds.push(
          ...(await reserveMany(inner, {
            lines: source.lines.map((l) => ({ sku: l.sku, locationId: source.locationId, quantity: l.quantity })),
            ownerType: input.ownerType,
            ownerId: input.ownerId,
            ttl: input.ttl,
          })),
        );
      } else {
        transfers.push(
          await createTransfer(inner, {
            fromLocationId: source.locationId,
            toLocationId: input.storeId,
            lines: source.lines,
            estimatedArrivalAt: source.estimatedArrivalAt ?? undefined,
            reference: input.reference ?? input.ownerId,
            ownerType: input.ownerType,
            ownerId: input.ownerId,
          }),
        );
      }
    }
    return { plan, holds, transfers };
  });
}
