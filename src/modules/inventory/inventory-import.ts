/**
 * Stock import from CSV (format in `inventory-csv.ts`). Each row is a count: on hand becomes the
 * row's figure, the difference recorded as a `count` movement (nothing when it is unchanged);
 * safety stock, zone and low-stock threshold are set when their cell is filled.
 *
 * The whole file is read and checked first (unknown skus and locations, zones the location does
 * not have, counts below what is reserved there): a file with errors imports nothing, unless the
 * caller asked to skip errors, in which case the valid rows are imported and the others reported.
 * Writing goes by batches of rows, one transaction each; re-running a file is harmless (a count
 * that changes nothing writes nothing).
 */
import type { Ctx } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { readStockCsv, type StockCsvIssue, type StockCsvRow } from './inventory-csv.js';
import type { StockImportResult } from './inventory.schemas.js';
import { inTransaction, insertMovement, lockLevel } from './stock.repo.js';
import { actorOf } from './stock.service.js';

export type StockImportOutcome = { ok: true; result: StockImportResult } | { ok: false; errors: StockCsvIssue[]; rows: number };

export interface StockImportProgress {
  phase: 'validating' | 'writing';
  rows: number;
  written: number;
  total: number;
}

export interface StockImportOptions {
  skipErrors: boolean;
  onProgress?: (progress: StockImportProgress) => void;
  batchSize?: number;
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export async function importStock(ctx: Ctx, source: AsyncIterable<string | Buffer> | string, options: StockImportOptions): Promise<StockImportOutcome> {
  const progress = (update: Partial<StockImportProgress>) => options.onProgress?.({ phase: 'validating', rows: 0, written: 0, total: 0, ...update });
  const reading = await readStockCsv(source, (rows) => {
    if (rows % 1000 === 0) progress({ rows });
  });
  progress({ rows: reading.seen.length });
  if (reading.fatal) return { ok: false, errors: reading.errors, rows: reading.seen.length };

  // What only the database knows.
  const errors = [...reading.errors];
  const skus = new Set<string>();
  for (const part of chunks([...new Set(reading.rows.map((r) => r.sku))], 500)) {
    for (const row of await ctx.db.selectFrom('product_variants').select('sku').where('sku', 'in', part).execute()) skus.add(row.sku);
  }
  const zonesOf = new Map<string, string[]>();
  for (const part of chunks([...new Set(reading.rows.map((r) => r.locationId))], 500)) {
    for (const row of await ctx.db.selectFrom('locations').select(['id', 'zones']).where('id', 'in', part).execute()) {
      zonesOf.set(row.id, (JSON.parse(row.zones) as { code: string }[]).map((z) => z.code));
    }
  }
  const reserved = new Map<string, number>();
  for (const part of chunks(reading.rows, 300)) {
    const found = await ctx.db
      .selectFrom('stock_levels')
      .select(['sku', 'location_id', 'reserved'])
      .where((eb) => eb.or(part.map((r) => eb.and([eb('sku', '=', r.sku), eb('location_id', '=', r.locationId)]))))
      .where('reserved', '>', 0)
      .execute();
    for (const level of found) reserved.set(`${level.sku}\u0000${level.location_id}`, level.reserved);
  }
  const good: StockCsvRow[] = [];
  for (const row of reading.rows) {
    const before = errors.length;
    if (!skus.has(row.sku)) errors.push({ line: row.line, field: 'sku', message: `no product variant has sku ${row.sku}` });
    const zones = zonesOf.get(row.locationId);
    if (!zones) errors.push({ line: row.line, field: 'locationId', message: `no store or warehouse ${row.locationId}` });
    else if (row.zone !== undefined && !zones.includes(row.zone)) {
      errors.push({ line: row.line, field: 'zone', message: zones.length > 0 ? `${row.locationId} has no zone ${row.zone} (its zones: ${zones.join(', ')})` : `${row.locationId} has no zones yet` });
    }
    const held = reserved.get(`${row.sku}\u0000${row.locationId}`) ?? 0;
    if (row.onHand < held) errors.push({ line: row.line, field: 'onHand', message: `${held} unit(s) are reserved by holds there: on hand cannot be ${row.onHand}` });
    if (errors.length === before) good.push(row);
  }
  errors.sort((a, b) => a.line - b.line);
  if (errors.length > 0 && !options.skipErrors) return { ok: false, errors, rows: reading.seen.length };

  const result: StockImportResult = { imported: 0, changed: 0, skipped: skippedRows(reading.seen, errors), errors };
  const actor = actorOf(ctx.principal);
  for (const batch of chunks(good, options.batchSize ?? 500)) {
    await inTransaction(ctx.db, async (db) => {
      const now = ctx.clock.now();
      const at = now.toISOString();
      for (const row of batch) {
        const before = await lockLevel(db, row.sku, row.locationId, at);
        if (row.onHand < before.reserved) {
          throw new AppError('inventory.below_reserved', `line ${row.line}: ${row.sku} at ${row.locationId} was reserved meanwhile (${before.reserved} held); ${result.imported} rows were imported before it: import the file again`);
        }
        await db
          .updateTable('stock_levels')
          .set({
            on_hand: row.onHand,
            ...(row.safetyStock !== undefined ? { safety_stock: row.safetyStock } : {}),
            ...(row.zone !== undefined ? { zone: row.zone } : {}),
            ...(row.lowStockThreshold !== undefined ? { low_stock_threshold: row.lowStockThreshold } : {}),
            updated_at: at,
          })
          .where('sku', '=', row.sku)
          .where('location_id', '=', row.locationId)
          .execute();
        const delta = row.onHand - before.on_hand;
        if (delta !== 0) {
          await insertMovement(db, { sku: row.sku, locationId: row.locationId, kind: 'count', delta, onHandAfter: row.onHand, note: `import line ${row.line}`, reference: null, actor, now });
          result.changed += 1;
        }
      }
    });
    result.imported += batch.length;
    progress({ phase: 'writing', rows: reading.seen.length, written: result.imported, total: good.length });
  }
  return { ok: true, result };
}

function skippedRows(rows: StockCsvReadingSeen, errors: StockCsvIssue[]): StockImportResult['skipped'] {
  const byLine = new Map<number, string[]>();
  for (const error of errors) byLine.set(error.line, [...(byLine.get(error.line) ?? []), `${error.field}: ${error.message}`]);
  return rows.flatMap((row) => {
    const own = byLine.get(row.line);
    return own ? [{ line: row.line, sku: row.sku, locationId: row.locationId, reason: own.join('; ') }] : [];
  });
}

type StockCsvReadingSeen = { line: number; sku: string | null; locationId: string | null }[];
