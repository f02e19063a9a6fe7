import type { Kysely, Migration } from 'kysely';

export const authMigrations: Record<string, Migration> = {
  '20261122_0700_auth_access_tokens': {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('access_tokens')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('token_hash', 'text', (c) => c.notNull().unique())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('staff_id', 'text')
        .addColumn('customer_account_id', 'text')
        .addColumn('profile_id', 'text')
        .addColumn('role', 'text')
        .addColumn('store_id', 'text')
        .addColumn('name', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text')
        .addColumn('revoked_at', 'text')
        .execute();
      await db.schema.createIndex('access_tokens_staff_idx').on('access_tokens').column('staff_id').execute();
    },
    async down(db: Kysely<any>) {
      await db.schema.dropTable('access_tokens').execute();
    },
  },
};
