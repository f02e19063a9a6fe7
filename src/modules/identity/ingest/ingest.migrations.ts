import type { Kysely, Migration } from 'kysely';

/** Ingestion's own changes to the event store's shape, for the cost of writing an event. */
export const ingestMigrations: Record<string, Migration> = {
  '20261208_0900_events_one_profile_index': {
    async up(db: Kysely<any>) {
      // Every event is added to each index of `events` at a place of its own (by person, by message
      // id): a page written per index per event, the bulk of what ingestion writes. Order keys begin
      // with the event's timestamp (`${timestamp}|${source}|${messageId}`), so (profile_id,
      // order_key) serves every read by person and time that (profile_id, timestamp) served.
      await db.schema.dropIndex('events_profile_time_idx').ifExists().execute();
    },
    async down(db: Kysely<any>) {
      await db.schema.createIndex('events_profile_time_idx').on('events').columns(['profile_id', 'timestamp']).execute();
    },
  },
};
