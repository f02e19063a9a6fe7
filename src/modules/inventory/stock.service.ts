/**
 * Stock levels and the movement ledger: counts (`PUT /v1/inventory/{sku}/{locationId}`), movements
 * (`POST /v1/inventory/movements`), and reading both.
 *
 * Rules:
 * - available = on hand − reserved − safety stock, shown as 0 when that is negative (a safety stock
 *   larger than what is free makes nothing available; it is not a debt).
 * - Every change of on hand writes one movement in the same transaction, whose delta is the change:
 *   the ledger of an item always sums to its on hand. A count that changes nothing writes nothing.
 * - Units promised to customers are never taken away by staff: a count, an adjustment or a transfer
 *   that would leave fewer units on hand than are reserved is refused (409 `inventory.below_reserved`);
 *   release or consume the holds first. Only till sales (a sale that already happened at the till)
 *   may go further, see `till-sales.ts`.
 * - Everything is checked before anything is written: a refused request leaves the ledger as it was.
 */
import type { Ctx } from '../../platform/context.js';
import type { Principal } from '../../platform/auth/principal.js';
import { AppError, type FieldError } from '../../platform/errors.js';
import { assertStoreAccess } from '../../platform/http/auth.plugin.js';
import { decodeCursor, encodeCursor } from '../../platform/http/common.schemas.js';
import type { MovementKind } from './inventory.tables.js';
import type { LevelsQuery, Movement, MovementBody, MovementPage, MovementResult, MovementsQuery, SetLevelBody, SetLevelResult, StockLevel, StockLevelPage } from './inventory.schemas.js';
import {
  changeOnHand,
  ensureLevel,
  findLevel,
  findLocation,
  inTransaction,
  insertMovement,
  listLevels,
  listMovements,
  lockLevel,
  skuExists,
  type Db,
  type LevelRow,
  type LocationFacts,
  type MovementRow,
} from './stock.repo.js';

export function toLevel(row: LevelRow): StockLevel {
  const available = Math.max(0, row.on_hand - row.reserved - row.safety_stock);
  return {
    sku: row.sku,
    locationId: row.location_id,
    onHand: row.on_hand,
    reserved: row.reserved,
    inTransit: row.in_transit,
    safetyStock: row.safety_stock,
    available,
    lowStockThreshold: row.low_stock_threshold,
    lowStock: available <= row.low_stock_threshold,
    zone: row.zone,
    updatedAt: row.updated_at,
  };
}

/** The level of an item never stocked: zeros. */
export function emptyLevel(sku: string, locationId: string): StockLevel {
  return { sku, locationId, onHand: 0, reserved: 0, inTransit: 0, safetyStock: 0, available: 0, lowStockThreshold: 2, lowStock: true, zone: null, updatedAt: null };
}

export function toMovement(row: MovementRow): Movement {
  return {
    id: row.id,
    sku: row.sku,
    locationId: row.location_id,
    kind: row.kind,
    delta: row.delta,
    onHandAfter: row.on_hand_after,
    note: row.reason,
    reference: row.reference,
    actor: row.actor,
    createdAt: row.created_at,
  };
}

/** Who made a change, as the ledger records it. */
export function actorOf(principal: Principal): string {
  switch (principal.kind) {
    case 'staff':
      return principal.staffId ?? (principal.tokenId ? `token:${principal.tokenId}` : 'admin-token');
    case 'customer':
      return `customer:${principal.profileId}`;
    case 'source':
      return `source:${principal.sourceId}`;
    case 'anonymous':
      return 'system';
  }
}

/** Associates change stock at their own store only (403 elsewhere); other staff anywhere. */
export function assertLocationAccess(ctx: Ctx, locationId: string): void {
  assertStoreAccess(ctx.principal, locationId);
}

/**
 * Checks that the sku and the location exist. Named in the URL, a missing one is a 404; named in
 * a body, a 422 that points at the field.
 */
export async function requireItem(db: Db, sku: string, locationId: string, where: 'path' | { sku: string; locationId: string }): Promise<LocationFacts> {
  const [known, location] = await Promise.all([skuExists(db, sku), findLocation(db, locationId)]);
  if (where === 'path') {
    if (!known) throw new AppError('inventory.sku_not_found', `No product variant has sku ${sku}`);
    if (!location) throw new AppError('inventory.location_not_found', `No store or warehouse ${locationId}`);
    return location;
  }
  const errors: FieldError[] = [];
  if (!known) errors.push({ path: where.sku, message: `no product variant has sku ${sku}` });
  if (!location) errors.push({ path: where.locationId, message: `no store or warehouse ${locationId}` });
  if (errors.length > 0) {
    throw new AppError(known ? 'inventory.unknown_location' : 'inventory.unknown_sku', errors.map((e) => `${e.path}: ${e.message}`).join('; '), { errors });
  }
  return location!;
}

export async function requireLocation(db: Db, locationId: string, path?: string): Promise<LocationFacts> {
  const location = await findLocation(db, locationId);
  if (location) return location;
  if (path === undefined) throw new AppError('inventory.location_not_found', `No store or warehouse ${locationId}`);
  throw new AppError('inventory.unknown_location', `${path}: no store or warehouse ${locationId}`, { errors: [{ path, message: `no store or warehouse ${locationId}` }] });
}

/** A zone must be one of the location's zone codes (its aisles, `PATCH /v1/locations/{id}`). */
export function checkZone(location: LocationFacts, zone: string | null | undefined, path: string): void {
  if (zone === null || zone === undefined) return;
  const codes = (JSON.parse(location.zones) as { code: string }[]).map((z) => z.code);
  if (!codes.includes(zone)) {
    const known = codes.length > 0 ? `its zones are ${codes.join(', ')}` : 'it has no zones yet (PATCH /v1/locations/{id} with zones)';
    throw new AppError('inventory.unknown_zone', `${location.id} has no zone ${zone}: ${known}`, { errors: [{ path, message: `is not a zone of ${location.id}` }] });
  }
}

export async function getLevel(ctx: Ctx, sku: string, locationId: string): Promise<StockLevel> {
  await requireItem(ctx.db, sku, locationId, 'path');
  const row = await findLevel(ctx.db, sku, locationId);
  return row ? toLevel(row) : emptyLevel(sku, locationId);
}

export async function listLevelsAt(ctx: Ctx, query: LevelsQuery): Promise<StockLevelPage> {
  await requireLocation(ctx.db, query.locationId);
  const limit = query.limit ?? 50;
  const after = decodeCursor<{ sku?: unknown }>(query.cursor);
  if (after !== undefined && (typeof after !== 'object' || after === null || typeof after.sku !== 'string')) badCursor();
  const rows = await listLevels(ctx.db, { locationId: query.locationId, skuPrefix: query.sku, lowStock: query.lowStock, afterSku: after?.sku as string | undefined, limit });
  const last = rows.length > limit ? rows[limit - 1] : undefined;
  return { items: rows.slice(0, limit).map(toLevel), nextCursor: last ? encodeCursor({ sku: last.sku }) : null };
}

export async function listItemMovements(ctx: Ctx, sku: string, locationId: string, query: MovementsQuery): Promise<MovementPage> {
  await requireItem(ctx.db, sku, locationId, 'path');
  const limit = query.limit ?? 50;
  const after = decodeCursor<{ id?: unknown }>(query.cursor);
  if (after !== undefined && (typeof after !== 'object' || after === null || typeof after.id !== 'string')) badCursor();
  const rows = await listMovements(ctx.db, sku, locationId, { beforeId: after?.id as string | undefined, limit });
  const last = rows.length > limit ? rows[limit - 1] : undefined;
  return { items: rows.slice(0, limit).map(toMovement), nextCursor: last ? encodeCursor({ id: last.id }) : null };
}

function badCursor(): never {
  throw new AppError('platform.validation_failed', 'The cursor is not one this API gave out', { errors: [{ path: 'querystring/cursor', message: 'is not a valid cursor' }] });
}

export function belowReserved(sku: string, locationId: string, onHandAfter: number, reserved: number): AppError {
  const detail =
    reserved > 0
      ? `${reserved} unit(s) are reserved by holds, so on hand cannot become ${onHandAfter}; release or consume holds first`
      : `on hand cannot go below 0 (it would be ${onHandAfter})`;
  return new AppError('inventory.below_reserved', `${sku} at ${locationId}: ${detail}`, { extra: { sku, locationId, reserved, onHandAfter } });
}

export function insufficient(lines: { sku: string; locationId: string; requested: number; available: number }[]): AppError {
  const text = lines.map((l) => `${l.sku} at ${l.locationId}: ${l.requested} asked, ${Math.max(0, l.available)} available`).join('; ');
  const first = lines[0]!;
  return new AppError('inventory.insufficient_stock', `Not enough stock: ${text}`, {
    extra: { sku: first.sku, locationId: first.locationId, lines: lines.map((l) => ({ ...l, available: Math.max(0, l.available) })) },
  });
}

export const availableOf = (row: LevelRow | undefined): number => (row ? row.on_hand - row.reserved - row.safety_stock : 0);

/**
 * A count: on hand becomes `onHand`, the difference recorded as a `count` movement; safety stock,
 * low-stock threshold and zone are set when given.
 */
export async function setLevel(ctx: Ctx, sku: string, locationId: string, input: SetLevelBody): Promise<SetLevelResult> {
  assertLocationAccess(ctx, locationId);
  const location = await requireItem(ctx.db, sku, locationId, 'path');
  checkZone(location, input.zone, 'body/zone');
  return inTransaction(ctx.db, async (db) => {
    const now = ctx.clock.now();
    const at = now.toISOString();
    const before = await lockLevel(db, sku, locationId, at);
    if (input.onHand < before.reserved) throw belowReserved(sku, locationId, input.onHand, before.reserved);
    const delta = input.onHand - before.on_hand;
    // The row is locked (PostgreSQL) or the database is (SQLite) since lockLevel: the count is exact.
    const after = await db
      .updateTable('stock_levels')
      .set({
        on_hand: input.onHand,
        ...(input.safetyStock !== undefined ? { safety_stock: input.safetyStock } : {}),
        ...(input.lowStockThreshold !== undefined ? { low_stock_threshold: input.lowStockThreshold } : {}),
        ...(input.zone !== undefined ? { zone: input.zone } : {}),
        updated_at: at,
      })
      .where('sku', '=', sku)
      .where('location_id', '=', locationId)
      .returningAll()
      .executeTakeFirstOrThrow();
    const movement =
      delta === 0
        ? null
        : await insertMovement(db, { sku, locationId, kind: 'count', delta, onHandAfter: after.on_hand, note: input.note ?? null, reference: null, actor: actorOf(ctx.principal), now });
    return { movement: movement ? toMovement(movement) : null, level: toLevel(after) };
  });
}

/** Kinds the movements endpoint takes, and the sign their delta must have. */
const MOVEMENT_SIGNS: Partial<Record<MovementKind, 'positive' | 'negative' | 'either'>> = {
  receipt: 'positive',
  return: 'positive',
  online_sale: 'negative',
  adjustment: 'either',
};
const ELSEWHERE: Partial<Record<MovementKind, string>> = {
  count: 'a count sets on hand: PUT /v1/inventory/{sku}/{locationId} {onHand}',
  transfer_out: 'transfers move stock between locations: POST /v1/inventory/transfers',
  transfer_in: 'transfers are received with POST /v1/inventory/transfers/{id}/receive',
  till_sale: 'till sales come from the store sources\' Order Completed events',
};

/** One movement of on hand: a receipt, a return, a direct online sale, an adjustment. */
export async function recordMovement(ctx: Ctx, input: MovementBody): Promise<MovementResult> {
  const kind = input.reason;
  const sign = MOVEMENT_SIGNS[kind];
  if (!sign) {
    throw new AppError('inventory.invalid_movement_kind', `A ${kind} is not recorded here: ${ELSEWHERE[kind] ?? 'use its own operation'}`, {
      errors: [{ path: 'body/reason', message: `must be receipt, return, online_sale or adjustment` }],
    });
  }
  if (input.delta === 0 || (sign === 'positive' && input.delta < 0) || (sign === 'negative' && input.delta > 0)) {
    const wanted = input.delta === 0 ? 'cannot be 0' : sign === 'positive' ? `must be positive for a ${kind}` : `must be negative for a ${kind}`;
    throw new AppError('inventory.invalid_quantity', `delta ${wanted}`, { errors: [{ path: 'body/delta', message: wanted }] });
  }
  assertLocationAccess(ctx, input.locationId);
  await requireItem(ctx.db, input.sku, input.locationId, { sku: 'body/sku', locationId: 'body/locationId' });
  return inTransaction(ctx.db, async (db) => {
    const now = ctx.clock.now();
    const at = now.toISOString();
    if (input.delta > 0) await ensureLevel(db, input.sku, input.locationId, at);
    const guard = input.delta > 0 ? 'none' : kind === 'online_sale' ? 'available' : 'reserved';
    const after = await changeOnHand(db, { sku: input.sku, locationId: input.locationId, delta: input.delta, guard, now: at });
    if (!after) {
      const level = await findLevel(db, input.sku, input.locationId);
      if (guard === 'available') throw insufficient([{ sku: input.sku, locationId: input.locationId, requested: -input.delta, available: availableOf(level) }]);
      throw belowReserved(input.sku, input.locationId, (level?.on_hand ?? 0) + input.delta, level?.reserved ?? 0);
    }
    const movement = await insertMovement(db, {
      sku: input.sku,
      locationId: input.locationId,
      kind,
      delta: input.delta,
      onHandAfter: after.on_hand,
      note: input.note,
      reference: input.reference,
      actor: actorOf(ctx.principal),
      now,
    });
    return { movement: toMovement(movement), level: toLevel(after) };
  });
}
