import { sql, type Kysely, type Migration } from 'kysely';

export const identityGraphMigrations: Record<string, Migration> = {
  '20261122_0810_identity_graph': {
    async up(db: Kysely<any>) {
      await db.schema.alterTable('events').addColumn('identifiers', 'text', (c) => c.notNull().defaultTo('[]')).execute();
      await db.schema.alterTable('events').addColumn('order_key', 'text', (c) => c.notNull().defaultTo('')).execute();
      await db.schema.alterTable('events').addColumn('anonymized', 'integer', (c) => c.notNull().defaultTo(0)).execute();
      await db.schema.alterTable('profiles').addColumn('anchor', 'text').execute();
      await db.schema.alterTable('profiles').addColumn('last_order_key', 'text', (c) => c.notNull().defaultTo('')).execute();
      await db.schema.createIndex('events_profile_order_idx').on('events').columns(['profile_id', 'order_key']).execute();
      await db.schema.createIndex('profiles_merged_into_idx').on('profiles').column('merged_into').execute();
      await db.schema
        .createTable('consents')
        .addColumn('profile_id', 'text', (c) => c.notNull())
        .addColumn('purpose', 'text', (c) => c.notNull())
        .addColumn('granted', 'integer', (c) => c.notNull())
        .addColumn('channel', 'text', (c) => c.notNull())
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('wording_version', 'text')
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('consents_pk', ['profile_id', 'purpose'])
        .execute();
      await db.schema
        .createTable('consent_history')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('profile_id', 'text', (c) => c.notNull())
        .addColumn('purpose', 'text', (c) => c.notNull())
        .addColumn('granted', 'integer', (c) => c.notNull())
        .addColumn('channel', 'text', (c) => c.notNull())
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('wording_version', 'text')
        .addColumn('reason', 'text')
        .addColumn('at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('consent_history_profile_idx').on('consent_history').columns(['profile_id', 'at']).execute();
      await db.schema
        .createTable('audit_log')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('actor', 'text', (c) => c.notNull())
        .addColumn('role', 'text')
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('profile_id', 'text')
        .addColumn('request_id', 'text')
        .addColumn('at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('audit_log_profile_idx').on('audit_log').columns(['profile_id', 'at']).execute();
      await db.schema
        .createTable('suppressed_identifiers')
        .addColumn('hash', 'text', (c) => c.primaryKey())
        .addColumn('erased_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('identity_skips')
        .addColumn('identifier', 'text', (c) => c.notNull())
        .addColumn('event_id', 'text', (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('identity_skips_pk', ['identifier', 'event_id'])
        .execute();
      await db.schema.createIndex('identity_skips_event_idx').on('identity_skips').column('event_id').execute();
      await db.schema
        .createTable('identity_merges')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('survivor_id', 'text', (c) => c.notNull())
        .addColumn('merged_id', 'text', (c) => c.notNull())
        .addColumn('survivor_anchor', 'text', (c) => c.notNull())
        .addColumn('merged_anchor', 'text', (c) => c.notNull())
        .addColumn('event_id', 'text')
        .addColumn('via', 'text')
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('reverted_at', 'text')
        .addColumn('reverted_by', 'text')
        .execute();
      await db.schema.createIndex('identity_merges_survivor_idx').on('identity_merges').column('survivor_id').execute();
      await db.schema.createIndex('identity_merges_merged_idx').on('identity_merges').column('merged_id').execute();
      await db.schema
        .createTable('identity_separations')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('a', 'text', (c) => c.notNull())
        .addColumn('b', 'text', (c) => c.notNull())
        .addColumn('merge_id', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('identity_separations_a_idx').on('identity_separations').column('a').execute();
      await db.schema.createIndex('identity_separations_b_idx').on('identity_separations').column('b').execute();
      await db.schema
        .createTable('profile_traits')
        .addColumn('profile_id', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('value', 'text', (c) => c.notNull())
        .addColumn('source_id', 'text')
        .addColumn('channel', 'text')
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('order_key', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('profile_traits_pk', ['profile_id', 'name'])
        .execute();
      await db.schema
        .createTable('profile_channels')
        .addColumn('profile_id', 'text', (c) => c.notNull())
        .addColumn('channel', 'text', (c) => c.notNull())
        .addColumn('first_seen', 'text', (c) => c.notNull())
        .addColumn('last_seen', 'text', (c) => c.notNull())
        .addColumn('events', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('profile_channels_pk', ['profile_id', 'channel'])
        .execute();
    },
    async down(db: Kysely<any>) {
      for (const table of ['suppressed_identifiers', 'audit_log', 'consent_history', 'consents', 'profile_channels', 'profile_traits', 'identity_separations', 'identity_merges', 'identity_skips']) await db.schema.dropTable(table).execute();
    },
  },
  '20261206_0900_events_by_store': {
    async up(db: Kysely<any>) {
      // Who came into a store lately (the associate app's "in store now").
      await db.schema.createIndex('events_store_name_time_idx').on('events').columns(['store_id', 'name', 'timestamp']).execute();
    },
  },
  '20261207_1100_events_profile_history': {
    async up(db: Kysely<any>) {
      // The profile's computed traits read only a person's orders and store visits: this index holds
      // those alone (about one event in 25), so a read no longer fetches every event row of the
      // person. It covers all but the payload, which is fetched for orders only. The query
      // (profiles/profile-read.ts, HISTORY_PREDICATE) repeats this predicate word for word, a
      // literal and no parameter, so that both engines see that the index answers it.
      await db.schema
        .createIndex('events_profile_history_idx')
        .on('events')
        .columns(['profile_id', 'name', 'store_id', 'channel', 'timestamp'])
        .where(sql<boolean>`name = 'Order Completed' or store_id is not null`)
        .execute();
    },
    async down(db: Kysely<any>) {
      await db.schema.dropIndex('events_profile_history_idx').execute();
    },
  },
};
