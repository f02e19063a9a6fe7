import type { Kysely, Migration } from 'kysely';

export const insightsMigrations: Record<string, Migration> = {
  '20261206_1000_insights_surveys_attribution': {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('survey_answers')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('survey', 'text', (c) => c.notNull())
        .addColumn('order_id', 'text', (c) => c.notNull())
        .addColumn('profile_id', 'text')
        .addColumn('store_id', 'text')
        .addColumn('order_channel', 'text', (c) => c.notNull())
        .addColumn('answer_channel', 'text', (c) => c.notNull())
        .addColumn('score', 'integer', (c) => c.notNull())
        .addColumn('comment', 'text')
        .addColumn('answered_at', 'text', (c) => c.notNull())
        .addColumn('event_id', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('survey_answers_order_uq', ['survey', 'order_id'])
        .execute();
      await db.schema.createIndex('survey_answers_time_idx').on('survey_answers').columns(['answered_at']).execute();
      await db.schema.createIndex('survey_answers_profile_idx').on('survey_answers').columns(['profile_id']).execute();
      await db.schema
        .createTable('order_attributions')
        .addColumn('order_id', 'text', (c) => c.primaryKey())
        .addColumn('profile_id', 'text')
        .addColumn('order_channel', 'text', (c) => c.notNull())
        .addColumn('placed_at', 'text', (c) => c.notNull())
        .addColumn('total_amount', 'integer', (c) => c.notNull())
        .addColumn('currency', 'text', (c) => c.notNull())
        .addColumn('first_touch', 'text')
        .addColumn('last_touch', 'text')
        .addColumn('touches', 'integer', (c) => c.notNull())
        .addColumn('credited_journey_id', 'text')
        .addColumn('credited_run_id', 'text')
        .addColumn('computed_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('order_attributions_time_idx').on('order_attributions').columns(['placed_at']).execute();
      await db.schema.createIndex('order_attributions_profile_idx').on('order_attributions').columns(['profile_id']).execute();
    },
  },
};
