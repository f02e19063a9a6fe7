import { sql, type Kysely, type Migration } from 'kysely';
import { DOUBLE, isPostgres } from '../../platform/db/migration-helpers.js';

export const catalogMigrations: Record<string, Migration> = {
  '20261122_0730_catalog_products_locations': {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('categories')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('slug', 'text', (c) => c.notNull().unique())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('name_en', 'text')
        .addColumn('parent_id', 'text')
        .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
      await db.schema
        .createTable('products')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('ref', 'text', (c) => c.notNull().unique())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('name_en', 'text')
        .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('description_en', 'text')
        .addColumn('brand', 'text')
        .addColumn('category_id', 'text')
        .addColumn('attributes', 'text', (c) => c.notNull().defaultTo('{}'))
        .addColumn('images', 'text', (c) => c.notNull().defaultTo('[]'))
        .addColumn('sort_key', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('products_sort_idx').on('products').columns(['sort_key', 'id']).execute();
      await db.schema.createIndex('products_category_idx').on('products').columns(['category_id', 'sort_key', 'id']).execute();
      await db.schema
        .createTable('product_variants')
        .addColumn('sku', 'text', (c) => c.primaryKey())
        .addColumn('product_id', 'text', (c) => c.notNull())
        .addColumn('size', 'text')
        .addColumn('color', 'text')
        .addColumn('size_key', 'text')
        .addColumn('color_key', 'text')
        .addColumn('price_amount', 'integer', (c) => c.notNull())
        .addColumn('currency', 'text', (c) => c.notNull())
        .addColumn('compare_at_amount', 'integer')
        .addColumn('barcode', 'text')
        .addColumn('images', 'text', (c) => c.notNull().defaultTo('[]'))
        .addColumn('attributes', 'text', (c) => c.notNull().defaultTo('{}'))
        .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
      await db.schema.createIndex('product_variants_product_idx').on('product_variants').column('product_id').execute();
      await db.schema.createIndex('product_variants_size_idx').on('product_variants').columns(['size_key', 'product_id']).execute();
      await db.schema.createIndex('product_variants_color_idx').on('product_variants').columns(['color_key', 'product_id']).execute();
      await db.schema
        .createTable('product_search_terms')
        .addColumn('term', 'text', (c) => c.notNull())
        .addColumn('product_id', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('product_search_terms_pk', ['term', 'product_id'])
        .execute();
      await db.schema.createIndex('product_search_terms_product_idx').on('product_search_terms').column('product_id').execute();
      await db.schema
        .createTable('locations')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('code', 'text', (c) => c.notNull().unique())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('address_line1', 'text', (c) => c.notNull())
        .addColumn('address_line2', 'text')
        .addColumn('postal_code', 'text', (c) => c.notNull())
        .addColumn('city', 'text', (c) => c.notNull())
        .addColumn('country', 'text', (c) => c.notNull())
        .addColumn('latitude', DOUBLE, (c) => c.notNull())
        .addColumn('longitude', DOUBLE, (c) => c.notNull())
        .addColumn('timezone', 'text', (c) => c.notNull())
        .addColumn('phone', 'text')
        .addColumn('email', 'text')
        .addColumn('services', 'text', (c) => c.notNull().defaultTo('[]'))
        .addColumn('zones', 'text', (c) => c.notNull().defaultTo('[]'))
        .addColumn('opening_hours', 'text', (c) => c.notNull().defaultTo('{}'))
        .addColumn('hours_exceptions', 'text', (c) => c.notNull().defaultTo('[]'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('locations_geo_idx').on('locations').columns(['latitude', 'longitude']).execute();
    },
    async down(db: Kysely<any>) {
      for (const table of ['locations', 'product_search_terms', 'product_variants', 'products', 'categories']) await db.schema.dropTable(table).execute();
    },
  },
  // The store locator keeps every store in memory and must see a change at once, from any process
  // or connection, whoever writes (the API, the seed, a SQL fix). Triggers count every change to
  // `locations` in one row, which the locator reads (one primary-key lookup) before each answer.
  '20261122_0840_catalog_locations_revision': {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('catalog_revisions')
        .addColumn('name', 'text', (c) => c.primaryKey())
        .addColumn('revision', 'bigint', (c) => c.notNull())
        .execute();
      await sql`insert into catalog_revisions (name, revision) values ('locations', 0)`.execute(db);
      if (isPostgres(db)) {
        // One bump per statement; search_path is fixed at creation, so every session bumps this schema's row.
        await sql`create function locations_revision_bump() returns trigger language plpgsql set search_path from current as $$
          begin update catalog_revisions set revision = revision + 1 where name = 'locations'; return null; end $$`.execute(db);
        await sql`create trigger locations_revision after insert or update or delete or truncate on locations
          for each statement execute function locations_revision_bump()`.execute(db);
      } else {
        for (const event of ['insert', 'update', 'delete']) {
          await sql`create trigger ${sql.raw(`locations_revision_${event}`)} after ${sql.raw(event)} on locations
            begin update catalog_revisions set revision = revision + 1 where name = 'locations'; end`.execute(db);
        }
      }
    },
    async down(db: Kysely<any>) {
      if (isPostgres(db)) {
        await sql`drop trigger locations_revision on locations`.execute(db);
        await sql`drop function locations_revision_bump()`.execute(db);
      } else {
        for (const event of ['insert', 'update', 'delete']) await sql`drop trigger ${sql.raw(`locations_revision_${event}`)}`.execute(db);
      }
      await db.schema.dropTable('catalog_revisions').execute();
    },
  },
  // Products as served (with variants and category) and search statistics are kept in memory between
  // requests; like the locator's, that memory must see any change from any writer. Every statement
  // on products, variants or categories raises the 'products' revision. On PostgreSQL the trigger
  // runs before the statement: a transaction takes the revision row before any catalog row, so two
  // concurrent catalog writers queue on it instead of deadlocking over rows they both touch.
  '20261207_0900_catalog_products_revision': {
    async up(db: Kysely<any>) {
      await sql`insert into catalog_revisions (name, revision) values ('products', 0)`.execute(db);
      if (isPostgres(db)) {
        await sql`create function products_revision_bump() returns trigger language plpgsql set search_path from current as $$
          begin update catalog_revisions set revision = revision + 1 where name = 'products'; return null; end $$`.execute(db);
        for (const table of PRODUCT_REVISION_TABLES) {
          await sql`create trigger ${sql.raw(`${table}_products_revision`)} before insert or update or delete or truncate on ${sql.raw(table)}
            for each statement execute function products_revision_bump()`.execute(db);
        }
      } else {
        for (const table of PRODUCT_REVISION_TABLES) {
          for (const event of ['insert', 'update', 'delete']) {
            await sql`create trigger ${sql.raw(`${table}_products_revision_${event}`)} after ${sql.raw(event)} on ${sql.raw(table)}
              begin update catalog_revisions set revision = revision + 1 where name = 'products'; end`.execute(db);
          }
        }
      }
    },
    async down(db: Kysely<any>) {
      for (const table of PRODUCT_REVISION_TABLES) {
        if (isPostgres(db)) await sql`drop trigger ${sql.raw(`${table}_products_revision`)} on ${sql.raw(table)}`.execute(db);
        else for (const event of ['insert', 'update', 'delete']) await sql`drop trigger ${sql.raw(`${table}_products_revision_${event}`)}`.execute(db);
      }
      if (isPostgres(db)) await sql`drop function products_revision_bump()`.execute(db);
      await sql`delete from catalog_revisions where name = 'products'`.execute(db);
    },
  },
  // Categories carry two revisions, 'commerce' (promotions target them) and 'products', raised by
  // two triggers that PostgreSQL runs in name order: commerce, then products. A transaction writing
  // a product and then a promotion takes them the other way round, and beside a category edit the
  // two would deadlock. Each bump now locks both rows in one order before raising its own, so any
  // two catalog or commerce writers queue instead. (SQLite has one writer: nothing to order.)
  '20261208_1200_revision_lock_order': {
    async up(db: Kysely<any>) {
      if (!isPostgres(db)) return;
      await sql`create or replace function products_revision_bump() returns trigger language plpgsql set search_path from current as $$
        begin
          perform 1 from catalog_revisions where name in ('commerce', 'products') order by name for update;
          update catalog_revisions set revision = revision + 1 where name = 'products';
          return null;
        end $$`.execute(db);
      await sql`create or replace function commerce_revision_bump() returns trigger language plpgsql set search_path from current as $$
        begin
          perform 1 from catalog_revisions where name in ('commerce', 'products') order by name for update;
          update catalog_revisions set revision = floor(random() * 9007199254740991)::bigint where name = 'commerce';
          return null;
        end $$`.execute(db);
    },
    async down(db: Kysely<any>) {
      if (!isPostgres(db)) return;
      await sql`create or replace function products_revision_bump() returns trigger language plpgsql set search_path from current as $$
        begin update catalog_revisions set revision = revision + 1 where name = 'products'; return null; end $$`.execute(db);
      await sql`create or replace function commerce_revision_bump() returns trigger language plpgsql set search_path from current as $$
        begin update catalog_revisions set revision = floor(random() * 9007199254740991)::bigint where name = 'commerce'; return null; end $$`.execute(db);
    },
  },
};

/** The tables whose rows make up a product as served. */
const PRODUCT_REVISION_TABLES = ['products', 'product_variants', 'categories'] as const;
