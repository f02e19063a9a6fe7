/**
 * The database ceiling of a reservation: what better-sqlite3 alone does on a copy of the benchmark's
 * database (same tables, same pragmas as `openDatabase`), one transaction per reservation as the app
 * does, over the same hot items in turn:
 * - `conditionalUpdatePerSec`: the conditional UPDATE alone (`reserved = reserved + 1 WHERE on_hand −
 *   reserved − safety_stock >= 1`), the statement no reservation can do without;
 * - `reservationPerSec`: that UPDATE plus the INSERT of the hold row: the whole write of a reservation,
 *   with no HTTP, no validation, no query builder.
 */
import { randomBytes } from 'node:crypto';
import SqliteDatabase from 'better-sqlite3';
import type { HotItem } from './data.js';

export interface SqliteReservationCeiling {
  conditionalUpdatePerSec: number;
  reservationPerSec: number;
  pragmas: string[];
}

const PRAGMAS = ['journal_mode = WAL', 'synchronous = NORMAL', 'busy_timeout = 10000', 'foreign_keys = ON', 'secure_delete = ON', 'cache_size = -65536', 'temp_store = MEMORY'];

export function measureSqliteCeiling(file: string, items: readonly HotItem[], seconds: number): SqliteReservationCeiling {
  const db = new SqliteDatabase(file);
  try {
    for (const pragma of PRAGMAS) db.pragma(pragma);
    const reserve = db.prepare('update stock_levels set reserved = reserved + ?, updated_at = ? where sku = ? and location_id = ? and on_hand - reserved - safety_stock >= ?');
    const insertHold = db.prepare(
      `insert into stock_holds (id, sku, location_id, quantity, owner_type, owner_id, status, expires_at, created_at, updated_at, end_reason) values (?, ?, ?, 1, 'cart', null, 'active', ?, ?, ?, null)`,
    );
    const measure = (withHold: boolean) => {
      const one = db.transaction((item: HotItem, n: number) => {
        const at = new Date().toISOString();
        const changed = reserve.run(1, at, item.sku, item.locationId, 1).changes;
        if (changed !== 1) throw new Error(`ceiling: ${item.sku} ran out`);
        if (withHold) insertHold.run(`hld_ceiling${n.toString(36)}${randomBytes(5).toString('hex')}`, item.sku, item.locationId, at, at, at);
      });
      let n = 0;
      const started = performance.now();
      const deadline = started + seconds * 1000;
      while (performance.now() < deadline) {
        for (let i = 0; i < 200; i++, n++) one(items[n % items.length]!, n);
      }
      return n / ((performance.now() - started) / 1000);
    };
    const conditionalUpdatePerSec = measure(false);
    const reservationPerSec = measure(true);
    return { conditionalUpdatePerSec: Math.round(conditionalUpdatePerSec), reservationPerSec: Math.round(reservationPerSec), pragmas: PRAGMAS };
  } finally {
    db.close();
  }
}
