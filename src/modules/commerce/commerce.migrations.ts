import { sql, type Kysely, type Migration } from 'kysely';
import { isPostgres } from '../../platform/db/migration-helpers.js';

export const commerceMigrations: Record<string, Migration> = {
  '20261122_1620_commerce_carts_wishlists': {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('carts')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('profile_id', 'text')
        .addColumn('anonymous_id', 'text')
        .addColumn('channel', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('merged_into', 'text')
        .addColumn('currency', 'text', (c) => c.notNull())
        .addColumn('promo_code', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('carts_profile_idx').on('carts').columns(['profile_id', 'status']).execute();
      await db.schema.createIndex('carts_anonymous_idx').on('carts').columns(['anonymous_id', 'status']).execute();
      await db.schema.createIndex('carts_activity_idx').on('carts').columns(['status', 'updated_at']).execute();
      await db.schema
        .createTable('cart_items')
        .addColumn('cart_id', 'text', (c) => c.notNull())
        .addColumn('sku', 'text', (c) => c.notNull())
        .addColumn('quantity', 'integer', (c) => c.notNull())
        .addColumn('added_channel', 'text', (c) => c.notNull())
        .addColumn('added_by', 'text')
        .addColumn('added_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('cart_items_pk', ['cart_id', 'sku'])
        .execute();
      await db.schema
        .createTable('wishlist_items')
        .addColumn('profile_id', 'text', (c) => c.notNull())
        .addColumn('sku', 'text', (c) => c.notNull())
        .addColumn('added_channel', 'text', (c) => c.notNull())
        .addColumn('added_by', 'text')
        .addColumn('added_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('wishlist_items_pk', ['profile_id', 'sku'])
        .execute();
    },
  },
  '20261122_1730_commerce_orders': {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('orders')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('profile_id', 'text')
        .addColumn('cart_id', 'text')
        .addColumn('channel', 'text', (c) => c.notNull())
        .addColumn('store_id', 'text')
        .addColumn('method', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('payment_method', 'text', (c) => c.notNull())
        .addColumn('payment_status', 'text', (c) => c.notNull())
        .addColumn('currency', 'text', (c) => c.notNull())
        .addColumn('subtotal_amount', 'integer', (c) => c.notNull())
        .addColumn('discount_amount', 'integer', (c) => c.notNull())
        .addColumn('delivery_amount', 'integer', (c) => c.notNull())
        .addColumn('total_amount', 'integer', (c) => c.notNull())
        .addColumn('promo_code', 'text')
        .addColumn('address', 'text')
        .addColumn('expires_at', 'text')
        .addColumn('idempotency_key', 'text', (c) => c.unique())
        .addColumn('source_event_id', 'text', (c) => c.unique())
        .addColumn('promotions', 'text', (c) => c.notNull().defaultTo('[]'))
        .addColumn('placed_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('orders_profile_idx').on('orders').columns(['profile_id', 'placed_at']).execute();
      await db.schema.createIndex('orders_store_idx').on('orders').columns(['store_id', 'status', 'placed_at']).execute();
      await db.schema.createIndex('orders_expiry_idx').on('orders').columns(['status', 'expires_at']).execute();
      await db.schema
        .createTable('order_lines')
        .addColumn('order_id', 'text', (c) => c.notNull())
        .addColumn('line_no', 'integer', (c) => c.notNull())
        .addColumn('sku', 'text', (c) => c.notNull())
        .addColumn('product_id', 'text')
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('size', 'text')
        .addColumn('color', 'text')
        .addColumn('quantity', 'integer', (c) => c.notNull())
        .addColumn('unit_amount', 'integer', (c) => c.notNull())
        .addColumn('discount_amount', 'integer', (c) => c.notNull())
        .addColumn('total_amount', 'integer', (c) => c.notNull())
        .addColumn('location_id', 'text')
        .addColumn('hold_id', 'text')
        .addColumn('returned_quantity', 'integer', (c) => c.notNull().defaultTo(0))
        .addPrimaryKeyConstraint('order_lines_pk', ['order_id', 'line_no'])
        .execute();
      await db.schema
        .createTable('order_transitions')
        .addColumn('order_id', 'text', (c) => c.notNull())
        .addColumn('seq', 'integer', (c) => c.notNull())
        .addColumn('from_status', 'text')
        .addColumn('to_status', 'text', (c) => c.notNull())
        .addColumn('actor', 'text')
        .addColumn('reason', 'text')
        .addColumn('at', 'text', (c) => c.notNull())
        // Two concurrent transitions of one order cannot both be number n: one of them fails.
        .addPrimaryKeyConstraint('order_transitions_pk', ['order_id', 'seq'])
        .execute();
      await db.schema
        .createTable('payments')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('order_id', 'text', (c) => c.notNull())
        .addColumn('provider', 'text', (c) => c.notNull())
        .addColumn('method', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('amount', 'integer', (c) => c.notNull())
        .addColumn('refunded_amount', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('currency', 'text', (c) => c.notNull())
        .addColumn('provider_reference', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('payments_order_idx').on('payments').column('order_id').execute();
    },
  },
  '20261206_0700_commerce_orders_fulfilment': {
    async up(db: Kysely<any>) {
      // Units the customer kept (a reserve-and-try purchase keeps some of what was tried).
      await db.schema.alterTable('order_lines').addColumn('kept_quantity', 'integer').execute();
      await db.schema.alterTable('orders').addColumn('points_earned', 'integer', (c) => c.notNull().defaultTo(0)).execute();
      await db.schema
        .createTable('commerce_settings')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('value', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('returns')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('order_id', 'text', (c) => c.notNull())
        .addColumn('store_id', 'text')
        .addColumn('channel', 'text', (c) => c.notNull())
        .addColumn('refund_amount', 'integer', (c) => c.notNull())
        .addColumn('currency', 'text', (c) => c.notNull())
        .addColumn('exchange_order_id', 'text')
        .addColumn('actor', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('returns_order_idx').on('returns').column('order_id').execute();
      await db.schema
        .createTable('return_lines')
        .addColumn('return_id', 'text', (c) => c.notNull())
        .addColumn('line_no', 'integer', (c) => c.notNull())
        .addColumn('sku', 'text', (c) => c.notNull())
        .addColumn('quantity', 'integer', (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('refund_amount', 'integer', (c) => c.notNull())
        .addColumn('restocked_at', 'text')
        .addPrimaryKeyConstraint('return_lines_pk', ['return_id', 'line_no'])
        .execute();
      await db.schema
        .createTable('loyalty_accounts')
        .addColumn('profile_id', 'text', (c) => c.primaryKey())
        .addColumn('balance', 'integer', (c) => c.notNull())
        .addColumn('lifetime_points', 'integer', (c) => c.notNull())
        .addColumn('tier', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('loyalty_entries')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('profile_id', 'text', (c) => c.notNull())
        .addColumn('points', 'integer', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('order_id', 'text')
        .addColumn('channel', 'text')
        .addColumn('note', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('loyalty_entries_profile_idx').on('loyalty_entries').columns(['profile_id', 'created_at']).execute();
      await db.schema
        .createTable('promotions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('value', 'integer', (c) => c.notNull())
        .addColumn('target', 'text', (c) => c.notNull())
        .addColumn('conditions', 'text', (c) => c.notNull())
        .addColumn('requires_code', 'integer', (c) => c.notNull())
        .addColumn('stackable', 'integer', (c) => c.notNull())
        .addColumn('priority', 'integer', (c) => c.notNull())
        .addColumn('active', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('promotion_codes')
        // Stored upper-case: codes are typed by people and read aloud at tills.
        .addColumn('code', 'text', (c) => c.primaryKey())
        .addColumn('promotion_id', 'text', (c) => c.notNull())
        .addColumn('profile_id', 'text')
        .addColumn('single_use', 'integer', (c) => c.notNull())
        .addColumn('redeemed_count', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('redeemed_order_id', 'text')
        .addColumn('expires_at', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('promotion_codes_promotion_idx').on('promotion_codes').columns(['promotion_id', 'created_at']).execute();
      await db.schema.createIndex('promotion_codes_profile_idx').on('promotion_codes').column('profile_id').execute();
    },
  },
  '20261206_0800_promotion_code_scope': {
    async up(db: Kysely<any>) {
      // A personal code may be good for one product only (the dress she scanned in the shop window).
      await db.schema.alterTable('promotion_codes').addColumn('scope_product_id', 'text').execute();
    },
  },
  // What checkout and carts keep in memory (commerce-memory.ts): promotions, the category tree and the
  // commerce settings. Triggers give the 'commerce' row of `catalog_revisions` a new random stamp on
  // every change to them, whoever writes. Random, not counted: a stamp seen inside a transaction that
  // rolls back never comes back. Kept to 53 bits, exact as a JavaScript number.
  '20261207_1000_commerce_revision': {
    async up(db: Kysely<any>) {
      await sql`insert into catalog_revisions (name, revision) values ('commerce', 0)`.execute(db);
      if (isPostgres(db)) {
        await sql`create function commerce_revision_bump() returns trigger language plpgsql set search_path from current as $$
          begin update catalog_revisions set revision = floor(random() * 9007199254740991)::bigint where name = 'commerce'; return null; end $$`.execute(db);
        for (const table of COMMERCE_REVISION_TABLES) {
          await sql`create trigger ${sql.raw(`${table}_commerce_revision`)} before insert or update or delete or truncate on ${sql.raw(table)}
            for each statement execute function commerce_revision_bump()`.execute(db);
        }
      } else {
        for (const table of COMMERCE_REVISION_TABLES) {
          for (const event of ['insert', 'update', 'delete']) {
            await sql`create trigger ${sql.raw(`${table}_commerce_revision_${event}`)} after ${sql.raw(event)} on ${sql.raw(table)}
              begin update catalog_revisions set revision = random() >> 11 where name = 'commerce'; end`.execute(db);
          }
        }
      }
    },
    async down(db: Kysely<any>) {
      for (const table of COMMERCE_REVISION_TABLES) {
        if (isPostgres(db)) await sql`drop trigger ${sql.raw(`${table}_commerce_revision`)} on ${sql.raw(table)}`.execute(db);
        else for (const event of ['insert', 'update', 'delete']) await sql`drop trigger ${sql.raw(`${table}_commerce_revision_${event}`)}`.execute(db);
      }
      if (isPostgres(db)) await sql`drop function commerce_revision_bump()`.execute(db);
      await sql`delete from catalog_revisions where name = 'commerce'`.execute(db);
    },
  },
};

/** The tables behind commerce's memory. */
const COMMERCE_REVISION_TABLES = ['promotions', 'categories', 'commerce_settings'] as const;
