import type { Kysely, Migration } from 'kysely';

/** Background imports are followed from any process: their state is a table, not one process's memory. */
export const importJobMigrations: Record<string, Migration> = {
  '20261208_1100_import_jobs': {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('import_jobs')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('skip_errors', 'integer', (c) => c.notNull())
        .addColumn('rows_done', 'integer', (c) => c.notNull())
        .addColumn('rows_total', 'integer', (c) => c.notNull())
        .addColumn('result', 'text')
        .addColumn('errors', 'text', (c) => c.notNull())
        .addColumn('detail', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('finished_at', 'text')
        .execute();
      await db.schema.createIndex('import_jobs_finished_idx').on('import_jobs').column('finished_at').execute();
    },
    async down(db: Kysely<any>) {
      await db.schema.dropTable('import_jobs').execute();
    },
  },
};
