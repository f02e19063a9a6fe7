import { Migrator, type Migration, type MigrationProvider } from 'kysely';
import type { Database } from './database.js';
import { allMigrations } from '../../migrations.js';

/** Brings the schema up to date; safe to call from several processes at once (Kysely takes a lock). */
export async function migrateToLatest(db: Database): Promise<string[]> {
  const provider: MigrationProvider = { getMigrations: async () => allMigrations() };
  const migrator = new Migrator({
    db: db.kysely,
    provider,
    migrationTableName: 'schema_migrations',
    migrationLockTableName: 'schema_migrations_lock',
    // Kysely looks for its tables in every schema unless told which: name ours.
    ...(db.schema ? { migrationTableSchema: db.schema } : {}),
  });
  for (let attempt = 1; ; attempt++) {
    const { error, results } = await migrator.migrateToLatest().catch((thrown: unknown) => ({ error: thrown, results: undefined }));
    // Before its lock, Kysely checks for its own tables by introspecting the schema's tables
    // (own-schema-introspector.ts); on PostgreSQL a table, column or schema dropped meanwhile by
    // another client migrating the same schema fails that read. Nothing was migrated then: look again.
    if (error && attempt < 8 && DROPPED_MEANWHILE.has(String((error as { code?: unknown }).code))) {
      await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
      continue;
    }
    if (error) throw error instanceof Error ? error : new Error(String(error));
    return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
  }
}

/** undefined_table, invalid_schema_name, undefined_column. */
const DROPPED_MEANWHILE = new Set(['42P01', '3F000', '42703']);

export type { Migration };
