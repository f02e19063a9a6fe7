import { sql, type Kysely, type Migration } from 'kysely';
import { isPostgres } from '../../platform/db/migration-helpers.js';

export const productSearchOrderMigrations: Record<string, Migration> = {
  // Each term row carries its product's sort_key, so one word's products can be read in listing
  // order, (sort_key, product_id), straight from the index: a page is an index walk that stops at
  // LIMIT, instead of collecting, de-duplicating and sorting every match first. Every writer of
  // product_search_terms fills it (refreshSearchTerms, the demo seed, the bench loader); renaming a
  // product rewrites its terms in the same transaction. SQLite cannot add a NOT NULL column without
  // a default, so there the default '' stays; PostgreSQL drops it after the backfill, so a writer
  // that forgets the column fails there rather than listing its products first.
  '20261123_0900_catalog_search_terms_sort_key': {
    async up(db: Kysely<any>) {
      await db.schema.alterTable('product_search_terms').addColumn('sort_key', 'text', (c) => c.notNull().defaultTo('')).execute();
      await sql`UPDATE product_search_terms SET sort_key = (SELECT p.sort_key FROM products p WHERE p.id = product_search_terms.product_id)
        WHERE EXISTS (SELECT 1 FROM products p WHERE p.id = product_search_terms.product_id)`.execute(db);
      if (isPostgres(db)) await sql`ALTER TABLE product_search_terms ALTER COLUMN sort_key DROP DEFAULT`.execute(db);
      await db.schema.createIndex('product_search_terms_order_idx').on('product_search_terms').columns(['term', 'sort_key', 'product_id']).execute();
    },
    async down(db: Kysely<any>) {
      await db.schema.dropIndex('product_search_terms_order_idx').execute();
      await db.schema.alterTable('product_search_terms').dropColumn('sort_key').execute();
    },
  },
};
