import { PostgresAdapter, type Kysely } from 'kysely';

/** Migrations are shared by both engines; the few differences ask this. */
export function isPostgres(db: Kysely<any>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

/** A 64-bit float column on both engines. */
export const DOUBLE = 'double precision' as const;
