/**
 * Holds: units reserved for an owner (an order, a reserve-and-try, a cart, a manual hold) at one
 * location until they are consumed (sold), released, or expire.
 *
 * - Reserving is ONE conditional statement per line (`reserved = reserved + n WHERE on_hand −
 *   reserved − safety_stock >= n`): never a read then a write, never a lock held in this process.
 *   The database decides, so no unit is promised twice, across any number of processes.
 * - `reserveMany` holds every line or none, in one transaction: a short line rolls back the others
 *   and answers 409 `inventory.insufficient_stock` naming every short line. Lines are taken in
 *   (sku, location) order so two multi-line reservations never wait on each other in a cycle.
 * - Ending a hold is a conditional status change (`WHERE status = 'active'`) in the same transaction
 *   as the reserved decrement: a hold ends once, whoever tries (release twice → 409, nothing moves).
 * - Expiry: `ttl` (ISO 8601 duration from now) or `expiresAt` (null: never); neither takes the
 *   settings' `defaultHoldTtl`. A hold past its expiry can still be released, not extended or
 *   consumed; the background sweeper (`hold-expiry.ts`) releases it.
 */
import type { Selectable } from 'kysely';
import type { Ctx } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { decodeCursor, encodeCursor } from '../../platform/http/common.schemas.js';
import type { HoldOwnerType, StockHoldTable } from './inventory.tables.js';
import type { ConsumeResult, CreateHoldBody, EndHoldBody, ExtendHoldBody, Hold, HoldPage, HoldsQuery, ReservationBody } from './inventory.schemas.js';
import { durationMs, readSettings } from './inventory-settings.js';
import { changeOnHand, findLevel, findLocation, inTransaction, insertHolds, insertMovement, reserve, skuExists, unreserve, type Db } from './stock.repo.js';
import { actorOf, assertLocationAccess, availableOf, insufficient, toLevel, toMovement } from './stock.service.js';

export type HoldRow = Selectable<StockHoldTable>;

export interface ReserveLineInput {
  sku: string;
  locationId: string;
  quantity: number;
}

/** What commerce (checkout, reserve and try) and the routes ask for. */
export interface ReserveInput {
  lines: readonly ReserveLineInput[];
  ownerType: HoldOwnerType;
  ownerId?: string | null | undefined;
  ttl?: string | undefined;
  expiresAt?: string | null | undefined;
}

export function toHold(row: HoldRow): Hold {
  return {
    id: row.id,
    sku: row.sku,
    locationId: row.location_id,
    quantity: row.quantity,
    ownerType: row.owner_type,
    ownerId: row.owner_id,
    status: row.status,
    expiresAt: row.expires_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    endReason: row.end_reason,
  };
}

/** The expiry asked for, as an ISO timestamp (null: never), checked against now. */
export async function expiryOf(db: Db, now: Date, input: { ttl?: string | undefined; expiresAt?: string | null | undefined }, path = 'body'): Promise<string | null> {
  if (input.ttl !== undefined && input.expiresAt !== undefined) {
    throw new AppError('inventory.invalid_expiry', 'Give either ttl or expiresAt, not both', { errors: [{ path: `${path}/ttl`, message: 'cannot be given with expiresAt' }] });
  }
  if (input.expiresAt === null) return null;
  if (input.expiresAt !== undefined) {
    const at = new Date(input.expiresAt);
    if (Number.isNaN(at.getTime()) || at.getTime() <= now.getTime()) {
      throw new AppError('inventory.invalid_expiry', `expiresAt ${input.expiresAt} is not in the future`, { errors: [{ path: `${path}/expiresAt`, message: 'must be in the future' }] });
    }
    return at.toISOString();
  }
  const ttl = input.ttl ?? (await readSettings(db)).defaultHoldTtl;
  return new Date(now.getTime() + durationMs(ttl, `${path}/ttl`)).toISOString();
}

function checkLines(lines: readonly ReserveLineInput[]): void {
  if (lines.length === 0) throw new AppError('inventory.invalid_quantity', 'A reservation needs at least one line', { errors: [{ path: 'body/lines', message: 'is empty' }] });
  const seen = new Map<string, number>();
  lines.forEach((line, i) => {
    if (!Number.isInteger(line.quantity) || line.quantity < 1) {
      throw new AppError('inventory.invalid_quantity', `lines/${i}/quantity must be a whole number of at least 1`, { errors: [{ path: `body/lines/${i}/quantity`, message: 'must be a whole number ≥ 1' }] });
    }
    const key = `${line.sku}\u0000${line.locationId}`;
    const first = seen.get(key);
    if (first !== undefined) {
      throw new AppError('inventory.duplicate_line', `lines ${first} and ${i} both hold ${line.sku} at ${line.locationId}: give one line with the total`, {
        errors: [{ path: `body/lines/${i}`, message: `repeats line ${first}` }],
      });
    }
    seen.set(key, i);
  });
}

/**
 * Why a line could not be reserved: an unknown sku or location (422), else not enough (collected
 * for the 409). Only reached when the conditional update changed nothing, so the common path pays
 * no lookups.
 */
async function explainShortLine(db: Db, line: ReserveLineInput, index: number, single: boolean): Promise<{ sku: string; locationId: string; requested: number; available: number }> {
  const prefix = single ? 'body' : `body/lines/${index}`;
  if (!(await skuExists(db, line.sku))) {
    throw new AppError('inventory.unknown_sku', `${prefix}/sku: no product variant has sku ${line.sku}`, { errors: [{ path: `${prefix}/sku`, message: `no product variant has sku ${line.sku}` }] });
  }
  if (!(await findLocation(db, line.locationId))) {
    throw new AppError('inventory.unknown_location', `${prefix}/locationId: no store or warehouse ${line.locationId}`, {
      errors: [{ path: `${prefix}/locationId`, message: `no store or warehouse ${line.locationId}` }],
    });
  }
  return { sku: line.sku, locationId: line.locationId, requested: line.quantity, available: availableOf(await findLevel(db, line.sku, line.locationId)) };
}

/**
 * Holds every line or none, in one transaction (commerce's checkout calls this). Throws 409
 * `inventory.insufficient_stock` with every short line when one is short; nothing is then reserved.
 */
export async function reserveMany(ctx: Ctx, input: ReserveInput): Promise<Hold[]> {
  checkLines(input.lines);
  for (const line of input.lines) assertLocationAccess(ctx, line.locationId);
  const now = ctx.clock.now();
  const at = now.toISOString();
  const expiresAt = await expiryOf(ctx.db, now, input);
  const single = input.lines.length === 1;
  const order = input.lines
    .map((line, index) => ({ line, index }))
    .sort((a, b) => (a.line.sku < b.line.sku ? -1 : a.line.sku > b.line.sku ? 1 : a.line.locationId < b.line.locationId ? -1 : a.line.locationId > b.line.locationId ? 1 : 0));
  return inTransaction(ctx.db, async (db) => {
    for (let k = 0; k < order.length; k++) {
      const { line, index } = order[k]!;
      if (await reserve(db, line.sku, line.locationId, line.quantity, at)) continue;
      // Short: report this line and every later one that is short too (earlier ones were reserved
      // in this transaction, which is about to roll back).
      const short = [await explainShortLine(db, line, index, single)];
      for (const rest of order.slice(k + 1)) {
        const facts = await explainShortLine(db, rest.line, rest.index, single);
        if (facts.available < rest.line.quantity) short.push(facts);
      }
      throw insufficient(short);
    }
    const rows: HoldRow[] = input.lines.map((line) => ({
      id: newId('hld', now.getTime()),
      sku: line.sku,
      location_id: line.locationId,
      quantity: line.quantity,
      owner_type: input.ownerType,
      owner_id: input.ownerId ?? null,
      status: 'active',
      expires_at: expiresAt,
      created_at: at,
      updated_at: at,
      end_reason: null,
    }));
    await insertHolds(db, rows);
    return rows.map(toHold);
  });
}

export async function createHold(ctx: Ctx, input: CreateHoldBody): Promise<Hold> {
  const [hold] = await reserveMany(ctx, {
    lines: [{ sku: input.sku, locationId: input.locationId, quantity: input.quantity }],
    ownerType: input.ownerType,
    ownerId: input.ownerId,
    ttl: input.ttl,
    expiresAt: input.expiresAt,
  });
  return hold!;
}

export async function createReservation(ctx: Ctx, input: ReservationBody): Promise<Hold[]> {
  return reserveMany(ctx, input);
}

async function mustFindHold(db: Db, id: string): Promise<HoldRow> {
  const row = await db.selectFrom('stock_holds').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new AppError('inventory.hold_not_found', `No hold ${id}`);
  return row;
}

function notActive(row: HoldRow, now: string): AppError {
  const state = row.status === 'active' ? `expired at ${row.expires_at ?? '?'} (${now} now)` : `${row.status}${row.end_reason ? ` (${row.end_reason})` : ''}`;
  return new AppError('inventory.hold_not_active', `Hold ${row.id} is ${state}: it can no longer be changed`, { extra: { holdId: row.id, holdStatus: row.status } });
}

export async function getHold(ctx: Ctx, id: string): Promise<Hold> {
  return toHold(await mustFindHold(ctx.db, id));
}

export async function listHolds(ctx: Ctx, query: HoldsQuery): Promise<HoldPage> {
  const limit = query.limit ?? 50;
  const after = decodeCursor<{ id?: unknown }>(query.cursor);
  if (after !== undefined && (typeof after !== 'object' || after === null || typeof after.id !== 'string')) {
    throw new AppError('platform.validation_failed', 'The cursor is not one this API gave out', { errors: [{ path: 'querystring/cursor', message: 'is not a valid cursor' }] });
  }
  let q = ctx.db.selectFrom('stock_holds').selectAll();
  if (query.locationId) q = q.where('location_id', '=', query.locationId);
  if (query.sku) q = q.where('sku', '=', query.sku);
  if (query.ownerType) q = q.where('owner_type', '=', query.ownerType);
  if (query.ownerId) q = q.where('owner_id', '=', query.ownerId);
  if (query.status) q = q.where('status', '=', query.status);
  if (after?.id) q = q.where('id', '<', after.id as string);
  const rows = await q.orderBy('id', 'desc').limit(limit + 1).execute();
  const last = rows.length > limit ? rows[limit - 1] : undefined;
  return { items: rows.slice(0, limit).map(toHold), nextCursor: last ? encodeCursor({ id: last.id }) : null };
}

/** Moves the expiry of an active hold (`ttl` from now, or `expiresAt`; null: never). */
export async function extendHold(ctx: Ctx, id: string, input: ExtendHoldBody): Promise<Hold> {
  const row = await mustFindHold(ctx.db, id);
  assertLocationAccess(ctx, row.location_id);
  const now = ctx.clock.now();
  const at = now.toISOString();
  if (input.ttl === undefined && input.expiresAt === undefined) {
    throw new AppError('inventory.invalid_expiry', 'Give the new expiry: ttl or expiresAt', { errors: [{ path: 'body/ttl', message: 'or expiresAt is required' }] });
  }
  const expiresAt = await expiryOf(ctx.db, now, input);
  const updated = await ctx.db
    .updateTable('stock_holds')
    .set({ expires_at: expiresAt, updated_at: at })
    .where('id', '=', id)
    .where('status', '=', 'active')
    .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', at)]))
    .returningAll()
    .executeTakeFirst();
  if (!updated) throw notActive(await mustFindHold(ctx.db, id), at);
  return toHold(updated);
}

/** Ends an active hold and gives its units back; a second release is a 409 and moves nothing. */
export async function releaseHold(ctx: Ctx, id: string, input: EndHoldBody = {}): Promise<Hold> {
  const row = await mustFindHold(ctx.db, id);
  assertLocationAccess(ctx, row.location_id);
  return inTransaction(ctx.db, async (db) => {
    const at = ctx.clock.now().toISOString();
    const ended = await db
      .updateTable('stock_holds')
      .set({ status: 'released', end_reason: input.reason ?? 'released', updated_at: at })
      .where('id', '=', id)
      .where('status', '=', 'active')
      .returningAll()
      .executeTakeFirst();
    if (!ended) throw notActive(await mustFindHold(db, id), at);
    await unreserve(db, ended.sku, ended.location_id, ended.quantity, at);
    return toHold(ended);
  });
}

/** Releases every active hold of an owner (an order cancelled, a cart emptied); the holds released. */
export async function releaseHoldsOf(ctx: Ctx, owner: { type: HoldOwnerType; id: string }, reason = 'released'): Promise<Hold[]> {
  return inTransaction(ctx.db, async (db) => {
    const at = ctx.clock.now().toISOString();
    const ended = await db
      .updateTable('stock_holds')
      .set({ status: 'released', end_reason: reason, updated_at: at })
      .where('owner_type', '=', owner.type)
      .where('owner_id', '=', owner.id)
      .where('status', '=', 'active')
      .returningAll()
      .execute();
    ended.sort((a, b) => (a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : a.location_id < b.location_id ? -1 : 1));
    for (const hold of ended) await unreserve(db, hold.sku, hold.location_id, hold.quantity, at);
    return ended.map(toHold);
  });
}

/**
 * Turns an active hold into a sale: on hand and reserved both go down by its quantity, and the
 * ledger records an `online_sale` (reference: the given one, else the owner, else the hold).
 */
export async function consumeHold(ctx: Ctx, id: string, input: EndHoldBody = {}): Promise<ConsumeResult> {
  const row = await mustFindHold(ctx.db, id);
  assertLocationAccess(ctx, row.location_id);
  return inTransaction(ctx.db, async (db) => {
    const now = ctx.clock.now();
    const at = now.toISOString();
    const ended = await db
      .updateTable('stock_holds')
      .set({ status: 'consumed', end_reason: input.reason ?? 'sold', updated_at: at })
      .where('id', '=', id)
      .where('status', '=', 'active')
      .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', at)]))
      .returningAll()
      .executeTakeFirst();
    if (!ended) throw notActive(await mustFindHold(db, id), at);
    // Reserved units were promised: the sale goes through even if a till sale has since taken on
    // hand below them (the settings allow it), so no guard here.
    const level = await changeOnHand(db, { sku: ended.sku, locationId: ended.location_id, delta: -ended.quantity, alsoReserved: -ended.quantity, guard: 'none', now: at });
    if (!level) throw new Error(`hold ${id} has no stock level`);
    const movement = await insertMovement(db, {
      sku: ended.sku,
      locationId: ended.location_id,
      kind: 'online_sale',
      delta: -ended.quantity,
      onHandAfter: level.on_hand,
      note: null,
      reference: input.reference ?? ended.owner_id ?? ended.id,
      actor: actorOf(ctx.principal),
      now,
    });
    return { hold: toHold(ended), movement: toMovement(movement), level: toLevel(level) };
  });
}
