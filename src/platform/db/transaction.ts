import type { Kysely } from 'kysely';
import type { DB } from '../../db-schema.js';

/**
 * Runs `work` in a transaction, or in the caller's when `db` already is one: services compose
 * (checkout reserves stock and issues codes in its own transaction) without knowing who calls them.
 */
export function inTransaction<T>(db: Kysely<DB>, work: (trx: Kysely<DB>) => Promise<T>): Promise<T> {
  return db.isTransaction ? work(db) : db.transaction().execute((trx) => work(trx));
}
