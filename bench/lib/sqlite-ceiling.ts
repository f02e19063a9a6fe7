import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { round } from './stats.js';

export interface SqliteCeiling {
  /** Prepared INSERT of one small row, many per transaction. */
  insertOpsPerSec: number;
  /** Prepared SELECT of one row by primary key, at random among the rows inserted. */
  selectByPkOpsPerSec: number;
  rows: number;
  rowsPerTransaction: number;
  pragmas: string;
}

/**
 * The database ceiling: what better-sqlite3 does with nothing around it, on a file in the same
 * temporary folder and with the same pragmas as `openDatabase` (WAL, synchronous NORMAL, 64 MB cache,
 * secure_delete). Database-bound figures are divided by these.
 */
export function measureSqliteCeiling(options: { rows: number; maxSeconds: number }): SqliteCeiling {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'passerelle-bench-sqlite-'));
  const sqlite = new SqliteDatabase(path.join(dir, 'ceiling.db'));
  const pragmas = ['journal_mode = WAL', 'synchronous = NORMAL', 'foreign_keys = ON', 'secure_delete = ON', 'cache_size = -65536', 'temp_store = MEMORY'];
  try {
    for (const pragma of pragmas) sqlite.pragma(pragma);
    // A row shaped like the ones the app writes: a prefixed text key, a few short columns.
    sqlite.exec('CREATE TABLE ceiling (id TEXT PRIMARY KEY, name TEXT NOT NULL, amount INTEGER NOT NULL, created_at TEXT NOT NULL)');
    const insert = sqlite.prepare('INSERT INTO ceiling (id, name, amount, created_at) VALUES (?, ?, ?, ?)');
    const select = sqlite.prepare('SELECT id, name, amount, created_at FROM ceiling WHERE id = ?');
    const rowsPerTransaction = 10_000;
    const deadline = performance.now() + options.maxSeconds * 1000;
    const now = new Date().toISOString();
    const key = (n: number) => `row_${n.toString(36).padStart(8, '0')}${(n * 2654435761) % 1000}`;
    const insertBatch = sqlite.transaction((from: number, to: number) => {
      for (let n = from; n < to; n++) insert.run(key(n), `name ${n}`, n % 10_000, now);
    });

    let inserted = 0;
    let started = performance.now();
    while (inserted < options.rows && performance.now() < deadline) {
      const to = Math.min(options.rows, inserted + rowsPerTransaction);
      insertBatch(inserted, to);
      inserted = to;
    }
    const insertOpsPerSec = inserted / ((performance.now() - started) / 1000);

    let selected = 0;
    let state = 12345;
    started = performance.now();
    const selectDeadline = started + options.maxSeconds * 1000;
    while (selected < options.rows && performance.now() < selectDeadline) {
      for (let i = 0; i < 1_000; i++) {
        state = (state * 1103515245 + 12345) >>> 0;
        if (select.get(key(state % inserted)) === undefined) throw new Error('ceiling row missing');
      }
      selected += 1_000;
    }
    const selectByPkOpsPerSec = selected / ((performance.now() - started) / 1000);
    return { insertOpsPerSec: round(insertOpsPerSec), selectByPkOpsPerSec: round(selectByPkOpsPerSec), rows: inserted, rowsPerTransaction, pragmas: pragmas.join('; ') };
  } finally {
    sqlite.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
