/**
 * Transfers between locations (a warehouse restocking a store, ship to store for an order).
 *
 * - Creating one takes the goods off the source's on hand at once (`transfer_out`, one conditional
 *   statement per line: units reserved there are never shipped away) and adds them to the
 *   destination's in transit, with an estimated arrival (given, or now + the lead time of the
 *   settings for that route). A transfer to its own source is a 400.
 * - Receiving it moves in transit to on hand at the destination (`transfer_in`), once: the status
 *   changes conditionally from `in_transit`, so receiving twice is a 409 and moves nothing. When the
 *   transfer names an owner (ship to store), the goods are held for that owner in the same
 *   transaction, so nobody else can buy them between arrival and pickup. It publishes
 *   `inventory.transfer_received`.
 * - Cancelling one (admin) gives the goods back to the source's on hand (`transfer_in` there,
 *   noted as a cancellation) and removes them from the destination's in transit.
 * - Level changes of one transfer are made in (sku, location) order, so two transfers running at
 *   once in opposite directions never wait on each other in a cycle (PostgreSQL).
 */
import type { Selectable } from 'kysely';
import type { Ctx } from '../../platform/context.js';
import { AppError, type FieldError } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { decodeCursor, encodeCursor } from '../../platform/http/common.schemas.js';
import { publishDomainEvent } from '../../platform/outbox/outbox.js';
import type { HoldOwnerType, StockTransferTable } from './inventory.tables.js';
import type { CreateTransferBody, Hold, ReceiveTransferResult, Transfer, TransferPage, TransfersQuery } from './inventory.schemas.js';
import { durationMs, leadTimeMs, readSettings } from './inventory-settings.js';
import { addInTransit, changeOnHand, findLevel, findLocation, inTransaction, insertMovement, removeInTransit, reserve, type Db } from './stock.repo.js';
import { actorOf, assertLocationAccess, belowReserved, insufficient } from './stock.service.js';
import { toHold, type HoldRow } from './holds.service.js';

export const TRANSFER_RECEIVED = 'inventory.transfer_received';
export const TRANSFER_CANCELLED = 'inventory.transfer_cancelled';

type TransferRow = Selectable<StockTransferTable>;

export interface TransferInput {
  fromLocationId: string;
  toLocationId: string;
  lines: readonly { sku: string; quantity: number }[];
  estimatedArrivalAt?: string | undefined;
  reference?: string | null | undefined;
  ownerType?: HoldOwnerType | undefined;
  ownerId?: string | null | undefined;
}

function view(row: TransferRow, lines: { sku: string; quantity: number }[]): Transfer {
  return {
    id: row.id,
    fromLocationId: row.from_location_id,
    toLocationId: row.to_location_id,
    status: row.status,
    reference: row.reference,
    ownerType: row.owner_type,
    ownerId: row.owner_id,
    estimatedArrivalAt: row.estimated_arrival_at,
    createdAt: row.created_at,
    receivedAt: row.received_at,
    lines,
  };
}

async function linesOf(db: Db, ids: string[]): Promise<Map<string, { sku: string; quantity: number }[]>> {
  const byTransfer = new Map<string, { sku: string; quantity: number }[]>(ids.map((id) => [id, []]));
  if (ids.length === 0) return byTransfer;
  const rows = await db.selectFrom('stock_transfer_lines').select(['transfer_id', 'sku', 'quantity']).where('transfer_id', 'in', ids).orderBy('transfer_id').orderBy('sku').execute();
  for (const row of rows) byTransfer.get(row.transfer_id)?.push({ sku: row.sku, quantity: row.quantity });
  return byTransfer;
}

async function mustFind(db: Db, id: string): Promise<TransferRow> {
  const row = await db.selectFrom('stock_transfers').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new AppError('inventory.transfer_not_found', `No transfer ${id}`);
  return row;
}

const bySkuThenLocation = <T extends { sku: string; locationId: string }>(a: T, b: T) =>
  a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : a.locationId < b.locationId ? -1 : a.locationId > b.locationId ? 1 : 0;

/** Checks a transfer's input against the database; everything before anything is written. */
async function checkInput(ctx: Ctx, input: TransferInput): Promise<void> {
  if (input.fromLocationId === input.toLocationId) {
    throw new AppError('inventory.same_location', `A transfer goes from one location to another, not from ${input.fromLocationId} to itself`, {
      errors: [{ path: 'body/toLocationId', message: 'is the same as fromLocationId' }],
    });
  }
  if (input.ownerId && !input.ownerType) {
    throw new AppError('platform.validation_failed', 'ownerId needs ownerType', { errors: [{ path: 'body/ownerType', message: 'is required with ownerId' }] });
  }
  const seen = new Map<string, number>();
  input.lines.forEach((line, i) => {
    if (!Number.isInteger(line.quantity) || line.quantity < 1) {
      throw new AppError('inventory.invalid_quantity', `lines/${i}/quantity must be a whole number of at least 1`, { errors: [{ path: `body/lines/${i}/quantity`, message: 'must be a whole number ≥ 1' }] });
    }
    const first = seen.get(line.sku);
    if (first !== undefined) throw new AppError('inventory.duplicate_line', `lines ${first} and ${i} both move ${line.sku}: give one line with the total`, { errors: [{ path: `body/lines/${i}/sku`, message: `repeats line ${first}` }] });
    seen.set(line.sku, i);
  });
  const errors: FieldError[] = [];
  for (const [field, id] of [['fromLocationId', input.fromLocationId], ['toLocationId', input.toLocationId]] as const) {
    if (!(await findLocation(ctx.db, id))) errors.push({ path: `body/${field}`, message: `no store or warehouse ${id}` });
  }
  if (errors.length > 0) throw new AppError('inventory.unknown_location', errors.map((e) => `${e.path}: ${e.message}`).join('; '), { errors });
  const skus = input.lines.map((l) => l.sku);
  const known = new Set<string>();
  for (let i = 0; i < skus.length; i += 500) {
    for (const row of await ctx.db.selectFrom('product_variants').select('sku').where('sku', 'in', skus.slice(i, i + 500)).execute()) known.add(row.sku);
  }
  input.lines.forEach((line, i) => {
    if (!known.has(line.sku)) errors.push({ path: `body/lines/${i}/sku`, message: `no product variant has sku ${line.sku}` });
  });
  if (errors.length > 0) throw new AppError('inventory.unknown_sku', errors.map((e) => `${e.path}: ${e.message}`).join('; '), { errors });
}

/** Ships goods: off the source's on hand now, into the destination's in transit. */
export async function createTransfer(ctx: Ctx, input: TransferInput | CreateTransferBody): Promise<Transfer> {
  assertLocationAccess(ctx, input.fromLocationId);
  await checkInput(ctx, input);
  const now = ctx.clock.now();
  const at = now.toISOString();
  let estimatedArrivalAt: string;
  if (input.estimatedArrivalAt !== undefined) {
    const eta = new Date(input.estimatedArrivalAt);
    if (Number.isNaN(eta.getTime())) throw new AppError('platform.validation_failed', 'estimatedArrivalAt is not a date', { errors: [{ path: 'body/estimatedArrivalAt', message: 'is not a date-time' }] });
    estimatedArrivalAt = eta.toISOString();
  } else {
    estimatedArrivalAt = new Date(now.getTime() + leadTimeMs(await readSettings(ctx.db), input.fromLocationId, input.toLocationId)).toISOString();
  }
  return inTransaction(ctx.db, async (db) => {
    const row: TransferRow = {
      id: newId('trf', now.getTime()),
      from_location_id: input.fromLocationId,
      to_location_id: input.toLocationId,
      status: 'in_transit',
      reference: input.reference ?? null,
      estimated_arrival_at: estimatedArrivalAt,
      created_at: at,
      received_at: null,
      owner_type: input.ownerType ?? null,
      owner_id: input.ownerId ?? null,
    };
    const steps = input.lines
      .flatMap((line) => [
        { sku: line.sku, locationId: input.fromLocationId, quantity: line.quantity, out: true },
        { sku: line.sku, locationId: input.toLocationId, quantity: line.quantity, out: false },
      ])
      .sort(bySkuThenLocation);
    for (const step of steps) {
      if (!step.out) {
        await addInTransit(db, step.sku, step.locationId, step.quantity, at);
        continue;
      }
      const after = await changeOnHand(db, { sku: step.sku, locationId: step.locationId, delta: -step.quantity, guard: 'reserved', now: at });
      if (!after) {
        const level = await findLevel(db, step.sku, step.locationId);
        if (level && level.reserved > 0 && level.on_hand >= step.quantity) throw belowReserved(step.sku, step.locationId, level.on_hand - step.quantity, level.reserved);
        throw insufficient([{ sku: step.sku, locationId: step.locationId, requested: step.quantity, available: level ? level.on_hand - level.reserved : 0 }]);
      }
      await insertMovement(db, {
        sku: step.sku,
        locationId: step.locationId,
        kind: 'transfer_out',
        delta: -step.quantity,
        onHandAfter: after.on_hand,
        note: `to ${input.toLocationId}`,
        reference: row.id,
        actor: actorOf(ctx.principal),
        now,
      });
    }
    await db.insertInto('stock_transfers').values(row).execute();
    await db
      .insertInto('stock_transfer_lines')
      .values(input.lines.map((line) => ({ transfer_id: row.id, sku: line.sku, quantity: line.quantity })))
      .execute();
    return view(row, [...input.lines].map((l) => ({ sku: l.sku, quantity: l.quantity })).sort((a, b) => (a.sku < b.sku ? -1 : 1)));
  });
}

/** In transit → on hand at the destination, once; holds the goods for the transfer's owner. */
export async function receiveTransfer(ctx: Ctx, id: string): Promise<ReceiveTransferResult> {
  const found = await mustFind(ctx.db, id);
  assertLocationAccess(ctx, found.to_location_id);
  const settings = found.owner_type ? await readSettings(ctx.db) : undefined;
  return inTransaction(ctx.db, async (db) => {
    const now = ctx.clock.now();
    const at = now.toISOString();
    const row = await db
      .updateTable('stock_transfers')
      .set({ status: 'received', received_at: at })
      .where('id', '=', id)
      .where('status', '=', 'in_transit')
      .returningAll()
      .executeTakeFirst();
    if (!row) {
      const current = await mustFind(db, id);
      throw new AppError('inventory.transfer_not_in_transit', `Transfer ${id} is ${current.status}${current.received_at ? ` since ${current.received_at}` : ''}: it cannot be received again`, {
        extra: { transferId: id, transferStatus: current.status },
      });
    }
    const lines = (await linesOf(db, [id])).get(id) ?? [];
    const holds: Hold[] = [];
    for (const line of lines) {
      const after = await changeOnHand(db, { sku: line.sku, locationId: row.to_location_id, delta: line.quantity, alsoInTransit: -line.quantity, guard: 'none', now: at });
      if (!after) throw new Error(`transfer ${id}: no stock level for ${line.sku} at ${row.to_location_id}`);
      await insertMovement(db, {
        sku: line.sku,
        locationId: row.to_location_id,
        kind: 'transfer_in',
        delta: line.quantity,
        onHandAfter: after.on_hand,
        note: `from ${row.from_location_id}`,
        reference: row.id,
        actor: actorOf(ctx.principal),
        now,
      });
      if (row.owner_type && settings) {
        // The goods came for this owner: held for them whatever the safety stock says.
        if (!(await reserve(db, line.sku, row.to_location_id, line.quantity, at, { respectSafetyStock: false }))) continue;
        const hold: HoldRow = {
          id: newId('hld', now.getTime()),
          sku: line.sku,
          location_id: row.to_location_id,
          quantity: line.quantity,
          owner_type: row.owner_type,
          owner_id: row.owner_id,
          status: 'active',
          expires_at: new Date(now.getTime() + durationMs(settings.defaultHoldTtl, 'settings/defaultHoldTtl')).toISOString(),
          created_at: at,
          updated_at: at,
          end_reason: null,
        };
        await db.insertInto('stock_holds').values(hold).execute();
        holds.push(toHold(hold));
      }
    }
    await publishDomainEvent(db, ctx.clock, {
      type: TRANSFER_RECEIVED,
      subjectId: row.id,
      payload: {
        transferId: row.id,
        fromLocationId: row.from_location_id,
        toLocationId: row.to_location_id,
        reference: row.reference,
        ownerType: row.owner_type,
        ownerId: row.owner_id,
        lines,
        holdIds: holds.map((h) => h.id),
        receivedAt: at,
      },
    });
    return { transfer: view(row, lines), holds };
  });
}

/** Gives the goods of a transfer still in transit back to its source. */
export async function cancelTransfer(ctx: Ctx, id: string): Promise<Transfer> {
  await mustFind(ctx.db, id);
  return inTransaction(ctx.db, async (db) => {
    const now = ctx.clock.now();
    const at = now.toISOString();
    const row = await db
      .updateTable('stock_transfers')
      .set({ status: 'cancelled', received_at: null })
      .where('id', '=', id)
      .where('status', '=', 'in_transit')
      .returningAll()
      .executeTakeFirst();
    if (!row) {
      const current = await mustFind(db, id);
      throw new AppError('inventory.transfer_not_in_transit', `Transfer ${id} is ${current.status}: only a transfer in transit can be cancelled`, { extra: { transferId: id, transferStatus: current.status } });
    }
    const lines = (await linesOf(db, [id])).get(id) ?? [];
    const steps = lines
      .flatMap((line) => [
        { sku: line.sku, locationId: row.from_location_id, quantity: line.quantity, back: true },
        { sku: line.sku, locationId: row.to_location_id, quantity: line.quantity, back: false },
      ])
      .sort(bySkuThenLocation);
    for (const step of steps) {
      if (!step.back) {
        await removeInTransit(db, step.sku, step.locationId, step.quantity, at);
        continue;
      }
      const after = await changeOnHand(db, { sku: step.sku, locationId: step.locationId, delta: step.quantity, guard: 'none', now: at });
      if (!after) throw new Error(`transfer ${id}: no stock level for ${step.sku} at ${step.locationId}`);
      await insertMovement(db, {
        sku: step.sku,
        locationId: step.locationId,
        kind: 'transfer_in',
        delta: step.quantity,
        onHandAfter: after.on_hand,
        note: `transfer to ${row.to_location_id} cancelled`,
        reference: row.id,
        actor: actorOf(ctx.principal),
        now,
      });
    }
    await publishDomainEvent(db, ctx.clock, {
      type: TRANSFER_CANCELLED,
      subjectId: row.id,
      payload: { transferId: row.id, fromLocationId: row.from_location_id, toLocationId: row.to_location_id, reference: row.reference, lines },
    });
    return view(row, lines);
  });
}

export async function getTransfer(ctx: Ctx, id: string): Promise<Transfer> {
  const row = await mustFind(ctx.db, id);
  return view(row, (await linesOf(ctx.db, [id])).get(id) ?? []);
}

export async function listTransfers(ctx: Ctx, query: TransfersQuery): Promise<TransferPage> {
  const limit = query.limit ?? 50;
  const after = decodeCursor<{ id?: unknown }>(query.cursor);
  if (after !== undefined && (typeof after !== 'object' || after === null || typeof after.id !== 'string')) {
    throw new AppError('platform.validation_failed', 'The cursor is not one this API gave out', { errors: [{ path: 'querystring/cursor', message: 'is not a valid cursor' }] });
  }
  let q = ctx.db.selectFrom('stock_transfers').selectAll();
  if (query.locationId) {
    const location = query.locationId;
    q = q.where((eb) => eb.or([eb('from_location_id', '=', location), eb('to_location_id', '=', location)]));
  }
  if (query.status) q = q.where('status', '=', query.status);
  if (after?.id) q = q.where('id', '<', after.id as string);
  const rows = await q.orderBy('id', 'desc').limit(limit + 1).execute();
  const page = rows.slice(0, limit);
  const lines = await linesOf(ctx.db, page.map((r) => r.id));
  const last = rows.length > limit ? rows[limit - 1] : undefined;
  return { items: page.map((r) => view(r, lines.get(r.id) ?? [])), nextCursor: last ? encodeCursor({ id: last.id }) : null };
}
