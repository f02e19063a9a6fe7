import SqliteDatabase from 'better-sqlite3';

/** One row seen by the watcher: which event it answers, when it was decided, when it became visible. */
export interface Seen {
  seq: number;
  /** The server's own time of the decision (the row's `created_at`), epoch ms. */
  decidedAt: number;
  /** When this process first read the committed row, epoch ms (performance clock). */
  seenAt: number;
}

/**
 * Watches a SQLite file another process writes, from this process: every `intervalMs` it reads
 * the rows committed since the last look (`sql` takes the last rowid and answers `rid`, `seq`,
 * `created_at`). WAL readers never block the writer. Seeing a row means it is committed, so the
 * latency measured is to the row being written, not merely decided.
 */
export function watchRows(file: string, sql: string, intervalMs = 2): { seen: Map<number, Seen>; stop(): void } {
  const db = new SqliteDatabase(file, { fileMustExist: true });
  db.pragma('busy_timeout = 1000');
  const query = db.prepare<[number], { rid: number; seq: number | null; created_at: string }>(sql);
  const seen = new Map<number, Seen>();
  let last = 0;
  const look = () => {
    const now = performance.timeOrigin + performance.now();
    for (const row of query.all(last)) {
      last = Math.max(last, row.rid);
      if (row.seq === null || seen.has(row.seq)) continue;
      seen.set(Number(row.seq), { seq: Number(row.seq), decidedAt: Date.parse(row.created_at), seenAt: now });
    }
  };
  const timer = setInterval(look, intervalMs);
  return {
    seen,
    stop() {
      clearInterval(timer);
      look();
      db.close();
    },
  };
}
