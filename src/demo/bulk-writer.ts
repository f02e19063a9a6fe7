import type { Kysely } from 'kysely';
import type { DB } from '../db-schema.js';
import type { Database } from '../platform/db/database.js';

/** The tables the demo fills straight, with their columns in the order rows are given. */
export const TABLE_COLUMNS = {
  categories: ['id', 'slug', 'name', 'name_en', 'parent_id', 'position'],
  products: ['id', 'ref', 'name', 'name_en', 'description', 'description_en', 'brand', 'category_id', 'attributes', 'images', 'sort_key', 'created_at', 'updated_at'],
  product_variants: ['sku', 'product_id', 'size', 'color', 'size_key', 'color_key', 'price_amount', 'currency', 'compare_at_amount', 'barcode', 'images', 'attributes', 'position'],
  product_search_terms: ['term', 'product_id', 'sort_key'],
  locations: [
    'id', 'kind', 'code', 'name', 'address_line1', 'address_line2', 'postal_code', 'city', 'country', 'latitude', 'longitude', 'timezone', 'phone', 'email',
    'services', 'zones', 'opening_hours', 'hours_exceptions', 'created_at', 'updated_at',
  ],
  profiles: ['id', 'traits', 'favourite_store_id', 'merged_into', 'anchor', 'last_order_key', 'created_at', 'updated_at'],
  profile_identities: ['type', 'value', 'profile_id', 'first_seen_at', 'last_seen_at'],
  customer_accounts: ['id', 'profile_id', 'email', 'password_hash', 'created_at'],
  events: ['id', 'source_id', 'message_id', 'profile_id', 'type', 'name', 'channel', 'store_id', 'timestamp', 'received_at', 'payload', 'identifiers', 'order_key', 'anonymized'],
  profile_traits: ['profile_id', 'name', 'value', 'source_id', 'channel', 'updated_at', 'order_key', 'search_key'],
  profile_channels: ['profile_id', 'channel', 'first_seen', 'last_seen', 'events'],
  consents: ['profile_id', 'purpose', 'granted', 'channel', 'source', 'wording_version', 'updated_at'],
  consent_history: ['id', 'profile_id', 'purpose', 'granted', 'channel', 'source', 'wording_version', 'reason', 'at'],
  stock_levels: ['sku', 'location_id', 'on_hand', 'reserved', 'in_transit', 'safety_stock', 'low_stock_threshold', 'zone', 'updated_at'],
  stock_movements: ['id', 'sku', 'location_id', 'kind', 'delta', 'on_hand_after', 'reason', 'reference', 'actor', 'created_at'],
} as const satisfies { [T in keyof DB]?: readonly (keyof DB[T] & string)[] };

export type SeedTable = keyof typeof TABLE_COLUMNS;
export type RowValues = (string | number | null)[];

/**
 * Rows go in through `add` and are made durable by `flush`, one transaction per flush; `finish`
 * ends the load. SQLite inserts at once through prepared statements on the raw handle (Kysely's
 * per-statement cost would be most of the time); PostgreSQL queues rows and sends multi-row INSERTs.
 */
/** Where generated rows go: a database writer, or a chunk on its way to one. */
export interface RowSink {
  add(table: SeedTable, values: RowValues): void;
}

export interface BulkWriter extends RowSink {
  flush(): Promise<void>;
  /** Writes what is still held back and puts the database back as it was found. */
  finish(): Promise<void>;
  /** Drops what was added since the last flush (after an error) and restores the database settings. */
  abort(): Promise<void>;
  readonly rowsWritten: number;
}

export function openBulkWriter(database: Database): BulkWriter {
  return database.sqlite ? sqliteWriter(database.sqlite) : postgresWriter(database.kysely);
}

/** An object with the given table's columns, for `insertInto().values()`. */
export function toRecord(table: SeedTable, values: RowValues): Record<string, string | number | null> {
  const record: Record<string, string | number | null> = {};
  TABLE_COLUMNS[table].forEach((column, i) => (record[column] = values[i] ?? null));
  return record;
}

const STAGING = 'demo_identities_staging';
// SQLite allows 32,766 parameters per statement: 50 rows of at most 20 columns stay far below.
const MULTI_ROW = 50;

/** The page cache during the load, in KiB (the app's own is 64 MiB): index sorts stay in memory. */
const LOAD_CACHE_KIB = 512 * 1024;

/**
 * SQLite, tuned for one bulk load into a fresh database:
 * - the secondary indexes (`CREATE INDEX`, not unique constraints) of the tables the demo fills are
 *   dropped for the load and re-created at the end from their own SQL, so the schema is the
 *   migrations' again: one sorted pass per index costs less than half of keeping it row by row (a
 *   store's events are spread over every customer, so `events_store_name_time_idx` took random
 *   pages, and each of the three on `events` cost about as much as the row itself);
 * - identities have random keys (emails, phones, UUIDs) in their primary key, a constraint that
 *   stays: inserted one by one, each landed on a random page and every commit rewrote thousands of
 *   pages (the load slowed below 20k rows/s past a million identities). They go to an unindexed
 *   temporary table instead, and at the end into `profile_identities` in key order;
 * - the rollback journal in memory and `synchronous = OFF` during the load: each page is written
 *   once and never fsynced (WAL's fsync at each checkpoint halved the insert rate, its double write
 *   cost another 30 %, and a journal file wrote again every page a commit changed). A process
 *   killed mid-load leaves a database not to be trusted (indexes missing, pages half-written):
 *   delete the data folder and seed again (a second seed refuses a database holding customers
 *   anyway). WAL, `NORMAL`, `secure_delete` and the cache size come back at the end, and
 *   `openDatabase` sets them again on the next open if the process dies;
 * - `secure_delete` off (it zeroes freed pages for erasure; a fresh load frees only empty indexes),
 *   and a page cache of `LOAD_CACHE_KIB`;
 * - temporary data on disk rather than in memory, so memory stays bounded whatever the size.
 */
function sqliteWriter(sqlite: NonNullable<Database['sqlite']>): BulkWriter {
  const statements = new Map<string, ReturnType<typeof sqlite.prepare>>();
  const saved = {
    journal: sqlite.pragma('journal_mode', { simple: true }),
    synchronous: sqlite.pragma('synchronous', { simple: true }),
    tempStore: sqlite.pragma('temp_store', { simple: true }),
    secureDelete: sqlite.pragma('secure_delete', { simple: true }),
    cacheSize: sqlite.pragma('cache_size', { simple: true }),
  };
  // Rows appended under a rollback journal are written once; under WAL, twice (log, then checkpoint).
  // Leaving WAL needs the only connection: when another process has the file open this stays WAL.
  sqlite.pragma('journal_mode = MEMORY');
  sqlite.pragma('synchronous = OFF');
  sqlite.pragma('temp_store = FILE');
  sqlite.pragma('secure_delete = OFF');
  sqlite.pragma(`cache_size = -${LOAD_CACHE_KIB}`);
  const tables = Object.keys(TABLE_COLUMNS);
  const deferred = sqlite
    .prepare(
      `SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%' AND tbl_name IN (${tables.map(() => '?').join(', ')}) ORDER BY name`,
    )
    .all(...tables) as { name: string; sql: string }[];
  sqlite.transaction(() => {
    for (const index of deferred) sqlite.exec(`DROP INDEX "${index.name}"`);
  })();
  const exists = sqlite.prepare("SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = ?");
  const recreateIndexes = () => {
    sqlite.transaction(() => {
      for (const index of deferred) if (!exists.get(index.name)) sqlite.exec(index.sql);
    })();
  };
  const identityColumns = TABLE_COLUMNS.profile_identities.join(', ');
  sqlite.exec(`CREATE TEMP TABLE ${STAGING} (type TEXT, value TEXT, profile_id TEXT, first_seen_at TEXT, last_seen_at TEXT)`);
  let open = false;
  let written = 0;
  let pending = 0;
  const statement = (table: SeedTable, rows: number) => {
    const key = `${table}:${rows}`;
    let prepared = statements.get(key);
    if (!prepared) {
      const columns = TABLE_COLUMNS[table];
      const target = table === 'profile_identities' ? `temp.${STAGING}` : table;
      const tuple = `(${columns.map(() => '?').join(', ')})`;
      prepared = sqlite.prepare(`INSERT INTO ${target} (${columns.join(', ')}) VALUES ${Array.from({ length: rows }, () => tuple).join(', ')}`);
      statements.set(key, prepared);
    }
    return prepared;
  };
  const begin = () => {
    if (!open) {
      sqlite.exec('BEGIN');
      open = true;
    }
  };
  const restore = () => {
    sqlite.exec(`DROP TABLE IF EXISTS temp.${STAGING}`);
    sqlite.pragma(`synchronous = ${saved.synchronous}`);
    sqlite.pragma(`temp_store = ${saved.tempStore}`);
    sqlite.pragma(`secure_delete = ${saved.secureDelete}`);
    sqlite.pragma(`cache_size = ${saved.cacheSize}`);
    sqlite.pragma(`journal_mode = ${saved.journal}`);
  };
  // Rows wait here, flattened, until a table has MULTI_ROW of them: one statement per few dozen rows
  // (binding is the same work, stepping and resetting is not), and the rows die young for the GC.
  const buffers = new Map<SeedTable, (string | number | null)[]>();
  const drain = (table: SeedTable, buffer: (string | number | null)[]) => {
    const width = TABLE_COLUMNS[table].length;
    const one = statement(table, 1);
    for (let start = 0; start < buffer.length; start += width) one.run(buffer.slice(start, start + width));
    buffer.length = 0;
  };
  return {
    add(table, values) {
      begin();
      const width = TABLE_COLUMNS[table].length;
      const full = MULTI_ROW * width;
      let buffer = buffers.get(table);
      if (!buffer) buffers.set(table, (buffer = []));
      for (let i = 0; i < values.length; i++) {
        buffer.push(values[i] ?? null);
        if (buffer.length === full) {
          statement(table, MULTI_ROW).run(buffer);
          buffer.length = 0;
        }
      }
      pending += 1;
    },
    async flush() {
      for (const [table, buffer] of buffers) if (buffer.length > 0) drain(table, buffer);
      if (open) sqlite.exec('COMMIT');
      open = false;
      written += pending;
      pending = 0;
    },
    async finish() {
      await this.flush();
      sqlite.transaction(() => {
        sqlite.exec(`INSERT INTO profile_identities (${identityColumns}) SELECT ${identityColumns} FROM temp.${STAGING} ORDER BY type, value`);
      })();
      recreateIndexes();
      restore();
    },
    async abort() {
      buffers.clear();
      if (open && sqlite.inTransaction) sqlite.exec('ROLLBACK');
      open = false;
      pending = 0;
      recreateIndexes();
      restore();
    },
    get rowsWritten() {
      return written;
    },
  };
}

// PostgreSQL takes at most 65,535 parameters per statement; 1,000 rows of 14 columns stay well below.
const PG_MAX_ROWS = 1000;
const PG_MAX_PARAMETERS = 60_000;

function postgresWriter(kysely: Kysely<DB>): BulkWriter {
  let queued = new Map<SeedTable, RowValues[]>();
  let written = 0;
  return {
    add(table, values) {
      let rows = queued.get(table);
      if (!rows) queued.set(table, (rows = []));
      rows.push(values);
    },
    async flush() {
      const batch = queued;
      queued = new Map();
      let count = 0;
      await kysely.transaction().execute(async (trx) => {
        for (const [table, rows] of batch) {
          const size = Math.min(PG_MAX_ROWS, Math.floor(PG_MAX_PARAMETERS / TABLE_COLUMNS[table].length));
          for (let start = 0; start < rows.length; start += size) {
            const records = rows.slice(start, start + size).map((values) => toRecord(table, values));
            await trx.insertInto(table).values(records as never).execute();
            count += records.length;
          }
        }
      });
      written += count;
    },
    async finish() {
      await this.flush();
    },
    async abort() {
      queued = new Map();
    },
    get rowsWritten() {
      return written;
    },
  };
}
