import type { Kysely, Migration } from 'kysely';

export const identityMigrations: Record<string, Migration> = {
  '20261122_0720_identity_profiles_sources_events': {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('profiles')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('traits', 'text', (c) => c.notNull().defaultTo('{}'))
        .addColumn('favourite_store_id', 'text')
        .addColumn('merged_into', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('profile_identities')
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('value', 'text', (c) => c.notNull())
        .addColumn('profile_id', 'text', (c) => c.notNull())
        .addColumn('first_seen_at', 'text', (c) => c.notNull())
        .addColumn('last_seen_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('profile_identities_pk', ['type', 'value'])
        .execute();
      await db.schema.createIndex('profile_identities_profile_idx').on('profile_identities').column('profile_id').execute();
      await db.schema
        .createTable('customer_accounts')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('profile_id', 'text', (c) => c.notNull().unique())
        .addColumn('email', 'text', (c) => c.notNull().unique())
        .addColumn('password_hash', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('sources')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('channel', 'text', (c) => c.notNull())
        .addColumn('store_id', 'text')
        .addColumn('write_key_hash', 'text', (c) => c.notNull().unique())
        .addColumn('write_key_hint', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('disabled_at', 'text')
        .execute();
      await db.schema
        .createTable('events')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('source_id', 'text', (c) => c.notNull())
        .addColumn('message_id', 'text', (c) => c.notNull())
        .addColumn('profile_id', 'text')
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('name', 'text')
        .addColumn('channel', 'text', (c) => c.notNull())
        .addColumn('store_id', 'text')
        .addColumn('timestamp', 'text', (c) => c.notNull())
        .addColumn('received_at', 'text', (c) => c.notNull())
        .addColumn('payload', 'text', (c) => c.notNull())
        .addUniqueConstraint('events_source_message_uq', ['source_id', 'message_id'])
        .execute();
      await db.schema.createIndex('events_profile_time_idx').on('events').columns(['profile_id', 'timestamp']).execute();
    },
    async down(db: Kysely<any>) {
      for (const table of ['events', 'sources', 'customer_accounts', 'profile_identities', 'profiles']) await db.schema.dropTable(table).execute();
    },
  },
};
