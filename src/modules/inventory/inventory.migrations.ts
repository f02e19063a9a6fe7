import { sql, type Kysely, type Migration } from 'kysely';

export const inventoryMigrations: Record<string, Migration> = {
  '20261122_1600_inventory_stock': {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('stock_levels')
        .addColumn('sku', 'text', (c) => c.notNull())
        .addColumn('location_id', 'text', (c) => c.notNull())
        .addColumn('on_hand', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('reserved', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('in_transit', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('safety_stock', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('low_stock_threshold', 'integer', (c) => c.notNull().defaultTo(2))
        .addColumn('zone', 'text')
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('stock_levels_pk', ['sku', 'location_id'])
        // The database itself refuses a reservation beyond what is there, whatever the caller did.
        .addCheckConstraint('stock_levels_reserved_ck', sqlCheck('reserved >= 0 AND in_transit >= 0 AND safety_stock >= 0'))
        .execute();
      await db.schema.createIndex('stock_levels_location_idx').on('stock_levels').columns(['location_id', 'sku']).execute();
      await db.schema
        .createTable('stock_movements')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('sku', 'text', (c) => c.notNull())
        .addColumn('location_id', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('delta', 'integer', (c) => c.notNull())
        .addColumn('on_hand_after', 'integer', (c) => c.notNull())
        .addColumn('reason', 'text')
        .addColumn('reference', 'text')
        .addColumn('actor', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('stock_movements_item_idx').on('stock_movements').columns(['sku', 'location_id', 'id']).execute();
      await db.schema.createIndex('stock_movements_reference_idx').on('stock_movements').column('reference').execute();
      await db.schema
        .createTable('stock_holds')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('sku', 'text', (c) => c.notNull())
        .addColumn('location_id', 'text', (c) => c.notNull())
        .addColumn('quantity', 'integer', (c) => c.notNull())
        .addColumn('owner_type', 'text', (c) => c.notNull())
        .addColumn('owner_id', 'text')
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('end_reason', 'text')
        .addCheckConstraint('stock_holds_quantity_ck', sqlCheck('quantity > 0'))
        .execute();
      await db.schema.createIndex('stock_holds_expiry_idx').on('stock_holds').columns(['status', 'expires_at']).execute();
      await db.schema.createIndex('stock_holds_owner_idx').on('stock_holds').columns(['owner_type', 'owner_id']).execute();
      await db.schema
        .createTable('stock_transfers')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('from_location_id', 'text', (c) => c.notNull())
        .addColumn('to_location_id', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('reference', 'text')
        .addColumn('estimated_arrival_at', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('received_at', 'text')
        .addCheckConstraint('stock_transfers_locations_ck', sqlCheck('from_location_id <> to_location_id'))
        .execute();
      await db.schema.createIndex('stock_transfers_to_idx').on('stock_transfers').columns(['to_location_id', 'status']).execute();
      await db.schema
        .createTable('stock_transfer_lines')
        .addColumn('transfer_id', 'text', (c) => c.notNull())
        .addColumn('sku', 'text', (c) => c.notNull())
        .addColumn('quantity', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('stock_transfer_lines_pk', ['transfer_id', 'sku'])
        .addCheckConstraint('stock_transfer_lines_quantity_ck', sqlCheck('quantity > 0'))
        .execute();
      await db.schema
        .createTable('inventory_settings')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('value', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
    },
  },
};

function sqlCheck(expression: string) {
  return sql.raw(expression);
}
