/**
 * What the database holds after a reservation run, item by item: no unit promised twice (the holds
 * made never exceed what was there), and `reserved` exactly the sum of the active holds.
 */
import SqliteDatabase from 'better-sqlite3';
import type { HotItem } from './data.js';

export interface StockCheck {
  items: number;
  /** Hold rows of these items, whatever their status. */
  holds: number;
  /** Units held, summed over the items. */
  unitsHeld: number;
  /** Items whose holds exceed what could be sold there (on hand − safety stock): must be 0. */
  oversold: number;
  /** Units held beyond what there was, summed over the oversold items. */
  unitsOversold: number;
  /** Items whose `reserved` is not the sum of their active holds: must be 0. */
  reservedMismatches: number;
  /** Items with nothing left to reserve. */
  soldOut: number;
}

/** Reads the file directly (the server may still be running: WAL readers do not block it). */
export function checkStock(file: string, items: readonly HotItem[]): StockCheck {
  const db = new SqliteDatabase(file, { readonly: true });
  try {
    const level = db.prepare('SELECT on_hand, reserved, safety_stock FROM stock_levels WHERE sku = ? AND location_id = ?');
    const holds = db.prepare(
      `SELECT count(*) AS holds, coalesce(sum(quantity), 0) AS held, coalesce(sum(CASE WHEN status = 'active' THEN quantity ELSE 0 END), 0) AS active
       FROM stock_holds WHERE sku = ? AND location_id = ?`,
    );
    const check: StockCheck = { items: items.length, holds: 0, unitsHeld: 0, oversold: 0, unitsOversold: 0, reservedMismatches: 0, soldOut: 0 };
    for (const item of items) {
      const row = level.get(item.sku, item.locationId) as { on_hand: number; reserved: number; safety_stock: number } | undefined;
      if (!row) throw new Error(`check: no stock level for ${item.sku} at ${item.locationId}`);
      const held = holds.get(item.sku, item.locationId) as { holds: number; held: number; active: number };
      check.holds += held.holds;
      check.unitsHeld += held.held;
      // Nothing is sold or released during the runs: every hold made still counts against the units there were.
      const units = row.on_hand - row.safety_stock;
      if (held.held > units) {
        check.oversold += 1;
        check.unitsOversold += held.held - units;
      }
      if (row.reserved !== held.active) check.reservedMismatches += 1;
      if (row.on_hand - row.reserved - row.safety_stock <= 0) check.soldOut += 1;
    }
    return check;
  } finally {
    db.close();
  }
}
