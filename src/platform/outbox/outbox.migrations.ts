import type { Kysely, Migration } from 'kysely';

export const outboxMigrations: Record<string, Migration> = {
  '20261122_1550_outbox': {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('domain_events')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('subject_id', 'text')
        .addColumn('payload', 'text', (c) => c.notNull())
        .addColumn('occurred_at', 'text', (c) => c.notNull())
        .addColumn('dispatched', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
      await db.schema.createIndex('domain_events_pending_idx').on('domain_events').columns(['dispatched', 'id']).execute();
      await db.schema.createIndex('domain_events_subject_idx').on('domain_events').columns(['subject_id', 'id']).execute();
      await db.schema
        .createTable('event_deliveries')
        .addColumn('event_id', 'text', (c) => c.notNull())
        .addColumn('subscriber', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('available_at', 'text', (c) => c.notNull())
        .addColumn('last_error', 'text')
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('event_deliveries_pk', ['subscriber', 'event_id'])
        .execute();
      await db.schema.createIndex('event_deliveries_due_idx').on('event_deliveries').columns(['status', 'subscriber', 'available_at']).execute();
    },
  },
  '20261206_0910_outbox_deliveries_due_order': {
    async up(db: Kysely<any>) {
      // The due deliveries in the order they are run, whatever their subscriber: a range of this
      // index rather than a sort of every pending delivery each time (a backlog made that quadratic).
      await db.schema.createIndex('event_deliveries_due_order_idx').on('event_deliveries').columns(['status', 'available_at', 'event_id']).execute();
    },
  },
  '20261122_1810_outbox_watches': {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('outbox_watches')
        .addColumn('owner', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('outbox_watches_pk', ['name', 'owner'])
        .execute();
    },
  },
};
