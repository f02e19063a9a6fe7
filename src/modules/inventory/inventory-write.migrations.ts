import type { Kysely, Migration } from 'kysely';

/** What the write side (holds, transfers, till sales) adds to the inventory tables of 20261122_1600. */
export const inventoryWriteMigrations: Record<string, Migration> = {
  '20261123_1010_inventory_write_side': {
    async up(db: Kysely<any>) {
      // Ship to store: the transfer remembers whom its goods are for, so receiving it holds them.
      await db.schema.alterTable('stock_transfers').addColumn('owner_type', 'text').execute();
      await db.schema.alterTable('stock_transfers').addColumn('owner_id', 'text').execute();
      await db.schema.createIndex('stock_transfers_from_idx').on('stock_transfers').columns(['from_location_id', 'status']).execute();
      await db.schema.createIndex('stock_holds_location_idx').on('stock_holds').columns(['location_id', 'status', 'id']).execute();
      await db.schema.createIndex('stock_holds_item_idx').on('stock_holds').columns(['sku', 'location_id', 'status']).execute();
      // One row per till sale event: its key makes a replayed event change nothing.
      await db.schema
        .createTable('till_sales')
        .addColumn('event_id', 'text', (c) => c.primaryKey())
        .addColumn('store_id', 'text', (c) => c.notNull())
        .addColumn('reference', 'text')
        .addColumn('lines', 'text', (c) => c.notNull())
        .addColumn('skipped', 'text', (c) => c.notNull())
        .addColumn('recorded_at', 'text', (c) => c.notNull())
        .execute();
    },
  },
};
