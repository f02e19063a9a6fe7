/**
 * Kysely queries on stock levels and the ledger. Every change of a quantity is ONE conditional
 * UPDATE (DESIGN.md): the condition is checked by the database on the row it changes, so it holds
 * whatever runs at the same time, in this process or another. Callers run them in a transaction
 * with the movement that explains the change.
 */
import { CompiledQuery, sql, type Insertable, type Kysely, type Selectable } from 'kysely';
import type { DB } from '../../db-schema.js';
import { newId } from '../../platform/ids.js';
import { isPostgres } from '../../platform/db/migration-helpers.js';
import type { MovementKind, StockHoldTable, StockLevelTable, StockMovementTable } from './inventory.tables.js';

export type Db = Kysely<DB>;
export type LevelRow = Selectable<StockLevelTable>;
export type MovementRow = Selectable<StockMovementTable>;

export { inTransaction } from '../../platform/db/transaction.js';

export const isPostgresDb = (db: Db): boolean => isPostgres(db as unknown as Kysely<unknown>);

let lastMs = -1;
let sequence = 0;
const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';

/**
 * Movement ids sort in the order this process wrote them, even within one millisecond (a frozen
 * test clock, a burst of writes): the ledger is read in id order.
 */
export function movementId(now: Date): string {
  const ms = now.getTime();
  if (ms === lastMs) sequence += 1;
  else {
    lastMs = ms;
    sequence = 0;
  }
  const id = newId('mov', ms);
  let seq = '';
  let n = sequence % 32 ** 4;
  for (let i = 0; i < 4; i++) {
    seq = ALPHABET[n % 32] + seq;
    n = Math.floor(n / 32);
  }
  // mov_ + 10 time characters, then the sequence, then what is left of the random part.
  return `${id.slice(0, 14)}${seq}${id.slice(18)}`;
}

export async function findLevel(db: Db, sku: string, locationId: string): Promise<LevelRow | undefined> {
  return db.selectFrom('stock_levels').selectAll().where('sku', '=', sku).where('location_id', '=', locationId).executeTakeFirst();
}

/** Creates the (sku, location) row at zero if it is missing; a no-op otherwise. */
export async function ensureLevel(db: Db, sku: string, locationId: string, now: string): Promise<void> {
  await db
    .insertInto('stock_levels')
    .values({ sku, location_id: locationId, on_hand: 0, reserved: 0, in_transit: 0, safety_stock: 0, low_stock_threshold: 2, zone: null, updated_at: now })
    .onConflict((c) => c.columns(['sku', 'location_id']).doNothing())
    .execute();
}

/**
 * The row, created if missing, and locked for the rest of the transaction: PostgreSQL locks the row;
 * SQLite holds the database's write lock from the insert on. For counts, which set an absolute value
 * and must record the difference.
 */
export async function lockLevel(db: Db, sku: string, locationId: string, now: string): Promise<LevelRow> {
  await ensureLevel(db, sku, locationId, now);
  let query = db.selectFrom('stock_levels').selectAll().where('sku', '=', sku).where('location_id', '=', locationId);
  if (isPostgresDb(db)) query = query.forUpdate();
  return query.executeTakeFirstOrThrow();
}

/**
 * Reserves `quantity` if that many are available; false (nothing changed) otherwise. Without the
 * safety stock only for goods that arrived for their owner (a received ship-to-store transfer).
 */
export async function reserve(db: Db, sku: string, locationId: string, quantity: number, now: string, options: { respectSafetyStock?: boolean } = {}): Promise<boolean> {
  const statement = options.respectSafetyStock === false ? RESERVE_BEYOND_SAFETY : RESERVE;
  const result = await db.executeQuery(CompiledQuery.raw(isPostgresDb(db) ? statement.postgres : statement.sqlite, [quantity, now, sku, locationId, quantity]));
  return Number(result.numAffectedRows) === 1;
}

/**
 * The statements of the hot path (every hold), written once per engine instead of built per call:
 * Kysely's building and compiling cost about as much as SQLite running them. Parameters in order.
 */
function bothEngines(text: string): { sqlite: string; postgres: string } {
  let n = 0;
  return { sqlite: text, postgres: text.replace(/\?/g, () => `$${++n}`) };
}

// quantity, now, sku, location, quantity
const RESERVE = bothEngines('update stock_levels set reserved = reserved + ?, updated_at = ? where sku = ? and location_id = ? and on_hand - reserved - safety_stock >= ?');
const RESERVE_BEYOND_SAFETY = bothEngines('update stock_levels set reserved = reserved + ?, updated_at = ? where sku = ? and location_id = ? and on_hand - reserved >= ?');
const INSERT_HOLD = bothEngines(
  'insert into stock_holds (id, sku, location_id, quantity, owner_type, owner_id, status, expires_at, created_at, updated_at, end_reason) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
);

/** Writes new hold rows, one prepared statement each (the same text every time). */
export async function insertHolds(db: Db, rows: readonly Insertable<StockHoldTable>[]): Promise<void> {
  const text = isPostgresDb(db) ? INSERT_HOLD.postgres : INSERT_HOLD.sqlite;
  for (const row of rows) {
    await db.executeQuery(
      CompiledQuery.raw(text, [row.id, row.sku, row.location_id, row.quantity, row.owner_type, row.owner_id ?? null, row.status, row.expires_at ?? null, row.created_at, row.updated_at, row.end_reason ?? null]),
    );
  }
}

/** Gives back reserved units (a hold released or expired). */
export async function unreserve(db: Db, sku: string, locationId: string, quantity: number, now: string): Promise<void> {
  await db
    .updateTable('stock_levels')
    .set((eb) => ({ reserved: eb('reserved', '-', quantity), updated_at: now }))
    .where('sku', '=', sku)
    .where('location_id', '=', locationId)
    .execute();
}

/**
 * What must still hold after on hand changes by a negative delta:
 * - `reserved`: on hand stays at or above what is reserved (promised goods are not taken away);
 * - `available`: the units taken were available (an online sale without a hold);
 * - `none`: anything goes (receipts, returns, till sales the settings let go below 0).
 */
export type OnHandGuard = 'none' | 'reserved' | 'available';

/** Changes on hand by `delta` if the guard allows; the new row, or undefined when refused. */
export async function changeOnHand(
  db: Db,
  input: { sku: string; locationId: string; delta: number; guard: OnHandGuard; now: string; alsoReserved?: number; alsoInTransit?: number },
): Promise<LevelRow | undefined> {
  const { sku, locationId, delta, guard, now } = input;
  let query = db
    .updateTable('stock_levels')
    .set((eb) => ({
      on_hand: eb('on_hand', '+', delta),
      ...(input.alsoReserved ? { reserved: eb('reserved', '+', input.alsoReserved) } : {}),
      ...(input.alsoInTransit ? { in_transit: eb('in_transit', '+', input.alsoInTransit) } : {}),
      updated_at: now,
    }))
    .where('sku', '=', sku)
    .where('location_id', '=', locationId);
  if (guard === 'reserved') query = query.where(sql<boolean>`on_hand + ${delta} >= reserved`);
  if (guard === 'available') query = query.where(sql<boolean>`on_hand + ${delta} - reserved - safety_stock >= 0`);
  return query.returningAll().executeTakeFirst();
}

/** Takes units off what is on its way to a location (a transfer cancelled). */
export async function removeInTransit(db: Db, sku: string, locationId: string, quantity: number, now: string): Promise<void> {
  await db
    .updateTable('stock_levels')
    .set((eb) => ({ in_transit: eb('in_transit', '-', quantity), updated_at: now }))
    .where('sku', '=', sku)
    .where('location_id', '=', locationId)
    .execute();
}

/** Adds to the units on their way to a location. */
export async function addInTransit(db: Db, sku: string, locationId: string, quantity: number, now: string): Promise<void> {
  await db
    .insertInto('stock_levels')
    .values({ sku, location_id: locationId, on_hand: 0, reserved: 0, in_transit: quantity, safety_stock: 0, low_stock_threshold: 2, zone: null, updated_at: now })
    .onConflict((c) => c.columns(['sku', 'location_id']).doUpdateSet((eb) => ({ in_transit: eb('stock_levels.in_transit', '+', quantity), updated_at: now })))
    .execute();
}

export interface NewMovement {
  sku: string;
  locationId: string;
  kind: MovementKind;
  delta: number;
  onHandAfter: number;
  note?: string | null | undefined;
  reference?: string | null | undefined;
  actor: string | null;
  now: Date;
}

export function movementRow(input: NewMovement): MovementRow {
  return {
    id: movementId(input.now),
    sku: input.sku,
    location_id: input.locationId,
    kind: input.kind,
    delta: input.delta,
    on_hand_after: input.onHandAfter,
    reason: input.note ?? null,
    reference: input.reference ?? null,
    actor: input.actor,
    created_at: input.now.toISOString(),
  };
}

export async function insertMovement(db: Db, input: NewMovement): Promise<MovementRow> {
  const row = movementRow(input);
  await db.insertInto('stock_movements').values(row).execute();
  return row;
}

/** The ledger of one item, newest first, after the cursor's movement id. */
export async function listMovements(db: Db, sku: string, locationId: string, options: { beforeId?: string | undefined; limit: number }): Promise<MovementRow[]> {
  let query = db.selectFrom('stock_movements').selectAll().where('sku', '=', sku).where('location_id', '=', locationId);
  if (options.beforeId) query = query.where('id', '<', options.beforeId);
  return query.orderBy('id', 'desc').limit(options.limit + 1).execute();
}

/** The sum of the ledger of one item: its on hand, by construction. */
export async function ledgerSum(db: Db, sku: string, locationId: string): Promise<number> {
  const row = await db
    .selectFrom('stock_movements')
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('delta'), sql<number>`0`).as('total'))
    .where('sku', '=', sku)
    .where('location_id', '=', locationId)
    .executeTakeFirstOrThrow();
  return Number(row.total);
}

export async function listLevels(
  db: Db,
  options: { locationId: string; skuPrefix?: string | undefined; lowStock?: boolean | undefined; afterSku?: string | undefined; limit: number },
): Promise<LevelRow[]> {
  let query = db.selectFrom('stock_levels').selectAll().where('location_id', '=', options.locationId);
  // substr, not LIKE: SQLite's LIKE ignores case, and a prefix must mean the same on both engines.
  if (options.skuPrefix) query = query.where(sql<boolean>`substr(sku, 1, ${options.skuPrefix.length}) = ${options.skuPrefix}`);
  if (options.afterSku) query = query.where('sku', '>', options.afterSku);
  if (options.lowStock) query = query.where(sql<boolean>`on_hand - reserved - safety_stock <= low_stock_threshold`);
  return query.orderBy('sku').limit(options.limit + 1).execute();
}

export async function skuExists(db: Db, sku: string): Promise<boolean> {
  return (await db.selectFrom('product_variants').select('sku').where('sku', '=', sku).executeTakeFirst()) !== undefined;
}

export interface LocationFacts {
  id: string;
  kind: 'store' | 'warehouse';
  latitude: number;
  longitude: number;
  zones: string;
}

export async function findLocation(db: Db, id: string): Promise<LocationFacts | undefined> {
  return db.selectFrom('locations').select(['id', 'kind', 'latitude', 'longitude', 'zones']).where('id', '=', id).executeTakeFirst();
}
