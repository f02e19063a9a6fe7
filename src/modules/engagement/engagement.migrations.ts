import type { Kysely, Migration } from 'kysely';

export const engagementMigrations: Record<string, Migration> = {
  '20261122_1740_engagement_journeys': {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('journeys')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('template', 'text')
        .addColumn('params', 'text', (c) => c.notNull().defaultTo('{}'))
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('definition', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('journeys_status_idx').on('journeys').column('status').execute();
      await db.schema
        .createTable('journey_versions')
        .addColumn('journey_id', 'text', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('definition', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('journey_versions_pk', ['journey_id', 'version'])
        .execute();
      await db.schema
        .createTable('journey_runs')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('journey_id', 'text', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('profile_id', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('wake_at', 'text')
        .addColumn('waiting_for', 'text')
        .addColumn('trigger_event', 'text', (c) => c.notNull())
        .addColumn('split_group', 'text')
        .addColumn('entered_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('ended_at', 'text')
        .addColumn('converted_at', 'text')
        .execute();
      await db.schema.createIndex('journey_runs_due_idx').on('journey_runs').columns(['status', 'wake_at']).execute();
      await db.schema.createIndex('journey_runs_profile_idx').on('journey_runs').columns(['profile_id', 'status']).execute();
      await db.schema.createIndex('journey_runs_journey_idx').on('journey_runs').columns(['journey_id', 'status']).execute();
      await db.schema
        .createTable('messages')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('profile_id', 'text', (c) => c.notNull())
        .addColumn('journey_id', 'text')
        .addColumn('run_id', 'text')
        .addColumn('step_id', 'text')
        .addColumn('channel', 'text', (c) => c.notNull())
        .addColumn('transactional', 'integer', (c) => c.notNull())
        .addColumn('priority', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('reason', 'text')
        .addColumn('locale', 'text', (c) => c.notNull())
        .addColumn('subject', 'text')
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn('recipient', 'text')
        .addColumn('deliver_at', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('sent_at', 'text')
        .addColumn('opened_at', 'text')
        .addColumn('clicked_at', 'text')
        .execute();
      // One decision per run and step: a step retried after a crash cannot message twice.
      await db.schema.createIndex('messages_run_step_idx').on('messages').columns(['run_id', 'step_id']).unique().execute();
      await db.schema.createIndex('messages_profile_idx').on('messages').columns(['profile_id', 'created_at']).execute();
      await db.schema.createIndex('messages_deliver_idx').on('messages').columns(['status', 'deliver_at']).execute();
    },
  },
  '20261122_1750_engagement_delivery': {
    async up(db: Kysely<any>) {
      // Delivery after the decision: a lease (claimed_until) lets any process send, outside any
      // transaction, without two sending the same email; the token keys tracking and unsubscribe links.
      await db.schema.alterTable('messages').addColumn('token', 'text').execute();
      await db.schema.alterTable('messages').addColumn('transport', 'text').execute();
      await db.schema.alterTable('messages').addColumn('delivered_at', 'text').execute();
      await db.schema.alterTable('messages').addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0)).execute();
      await db.schema.alterTable('messages').addColumn('claimed_until', 'text').execute();
      await db.schema.createIndex('messages_token_idx').on('messages').column('token').unique().execute();
      await db.schema.createIndex('messages_delivery_idx').on('messages').columns(['channel', 'status', 'delivered_at', 'claimed_until']).execute();
    },
  },
  '20261122_1800_engagement_push': {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('push_subscriptions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('profile_id', 'text', (c) => c.notNull())
        .addColumn('endpoint', 'text', (c) => c.notNull().unique())
        .addColumn('p256dh', 'text', (c) => c.notNull())
        .addColumn('auth', 'text', (c) => c.notNull())
        .addColumn('device', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('last_success_at', 'text')
        .execute();
      await db.schema.createIndex('push_subscriptions_profile_idx').on('push_subscriptions').column('profile_id').execute();
      // Keys the installation makes for itself on first use (the VAPID pair), kept across restarts.
      await db.schema
        .createTable('engagement_settings')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('value', 'text', (c) => c.notNull())
        .execute();
    },
  },
  '20261122_1820_engagement_webhooks': {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('webhook_endpoints')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('url', 'text', (c) => c.notNull())
        .addColumn('event_types', 'text', (c) => c.notNull())
        .addColumn('secret', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('webhook_deliveries')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('endpoint_id', 'text')
        .addColumn('url', 'text', (c) => c.notNull())
        .addColumn('event_id', 'text', (c) => c.notNull())
        .addColumn('event_type', 'text', (c) => c.notNull())
        .addColumn('payload', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('next_attempt_at', 'text', (c) => c.notNull())
        .addColumn('last_status', 'integer')
        .addColumn('last_error', 'text')
        .addColumn('claimed_until', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('delivered_at', 'text')
        .execute();
      await db.schema.createIndex('webhook_deliveries_due_idx').on('webhook_deliveries').columns(['status', 'next_attempt_at']).execute();
      await db.schema.createIndex('webhook_deliveries_endpoint_idx').on('webhook_deliveries').columns(['endpoint_id', 'created_at']).execute();
      // One delivery per endpoint and event: the outbox may hand an event over again after a crash.
      await db.schema.createIndex('webhook_deliveries_once_idx').on('webhook_deliveries').columns(['url', 'event_id']).unique().execute();
    },
  },
};
