import type { Kysely, Migration } from 'kysely';

export const staffMigrations: Record<string, Migration> = {
  '20261122_0710_staff_accounts': {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('staff_accounts')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('email', 'text', (c) => c.notNull().unique())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('password_hash', 'text', (c) => c.notNull())
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('store_id', 'text')
        .addColumn('locale', 'text', (c) => c.notNull().defaultTo('fr'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('disabled_at', 'text')
        .execute();
    },
    async down(db: Kysely<any>) {
      await db.schema.dropTable('staff_accounts').execute();
    },
  },
};
