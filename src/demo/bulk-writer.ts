import type { Kysely } from 'kysely';
import type { DB } from '../db-schema.js';
import type { Database } from '../platform/db/database.js';

/** The tables the demo fills straight, with their columns in the order rows are given. */
export const TABLE_COLUMNS = {
  categories: ['id', 'slug', 'name', 'name_en', 'parent_id', 'position'],
  products: ['id', 'ref', 'name', 'name_en', 'description', 'description_en', 'brand', 'category_id', 'attributes', 'images', 'sort_key', 'created_at', 'updated_at'],
  product_variants: ['sku', 'product_id', 'size', 'color', 'size_key', 'color_key', 'price_amount', 'currency', 'compare_at_amount', 'barcode', 'images', 'attributes', 'position'],
  product_search_terms: ['term', 'product_id'],
  locations: [
    'id', 'kind', 'code', 'name', 'address_line1', 'address_line2', 'postal_code', 'city', 'country', 'latitude', 'longitude', 'timezone', 'phone', 'email',
    'services', 'zones', 'opening_hours', 'hours_exceptions', 'created_at', 'updated_at',
  ],
  profiles: ['id', 'traits', 'favourite_store_id', 'merged_into', 'created_at', 'updated_at'],
  profile_identities: ['type', 'value', 'profile_id', 'first_seen_at', 'last_seen_at'],
  customer_accounts: ['id', 'profile_id', 'email', 'password_hash', 'created_at'],
  events: ['id', 'source_id', 'message_id', 'profile_id', 'type', 'name', 'channel', 'store_id', 'timestamp', 'received_at', 'payload'],
} as const satisfies { [T in keyof DB]?: readonly (keyof DB[T] & string)[] };

export type SeedTable = keyof typeof TABLE_COLUMNS;
export type RowValues = (string | number | null)[];

/**
 * Rows go in through `add` and are made durable by `flush`, one transaction per flush. SQLite
 * inserts at once through prepared statements on the raw handle (Kysely's per-statement cost would
 * be most of the time); PostgreSQL queues rows and sends multi-row INSERTs at flush.
 */
export interface BulkWriter {
  add(table: SeedTable, values: RowValues): void;
  flush(): Promise<void>;
  /** Drops what was added since the last flush (after an error). */
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

function sqliteWriter(sqlite: NonNullable<Database['sqlite']>): BulkWriter {
  const statements = new Map<SeedTable, ReturnType<typeof sqlite.prepare>>();
  let open = false;
  let written = 0;
  let pending = 0;
  const statement = (table: SeedTable) => {
    let prepared = statements.get(table);
    if (!prepared) {
      const columns = TABLE_COLUMNS[table];
      prepared = sqlite.prepare(`INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`);
      statements.set(table, prepared);
    }
    return prepared;
  };
  return {
    add(table, values) {
      if (!open) {
        sqlite.exec('BEGIN');
        open = true;
      }
      statement(table).run(values);
      pending += 1;
    },
    async flush() {
      if (open) sqlite.exec('COMMIT');
      open = false;
      written += pending;
      pending = 0;
    },
    async abort() {
      if (open && sqlite.inTransaction) sqlite.exec('ROLLBACK');
      open = false;
      pending = 0;
    },
    get rowsWritten() {
      return written;
    },
  };
}

// PostgreSQL takes at most 65,535 parameters per statement; 1,000 rows of 11 columns stay well below.
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
    async abort() {
      queued = new Map();
    },
    get rowsWritten() {
      return written;
    },
  };
}
