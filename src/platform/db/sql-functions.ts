import type { Expression, Kysely } from 'kysely';
import { sql } from 'kysely';
import { isPostgres } from './migration-helpers.js';

// SQLite's two-argument min()/max() are PostgreSQL's least()/greatest() (there min/max are aggregates only).

export function greatest<T>(db: Kysely<any>, a: Expression<T>, b: Expression<T>) {
  return isPostgres(db) ? sql<T>`greatest(${a}, ${b})` : sql<T>`max(${a}, ${b})`;
}

export function least<T>(db: Kysely<any>, a: Expression<T>, b: Expression<T>) {
  return isPostgres(db) ? sql<T>`least(${a}, ${b})` : sql<T>`min(${a}, ${b})`;
}
