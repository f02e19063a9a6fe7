import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db-schema.js';

/** The families of tables whose every change triggers raise a revision for (see their migrations). */
export type RevisionName = 'locations' | 'products' | 'commerce';

/**
 * The revision of a family of tables, kept by triggers whoever writes (migrations
 * `catalog_locations_revision`, `catalog_products_revision`, `commerce_revision`): an unchanged value
 * means unchanged rows, so what was kept in memory for it still holds. Undefined before the
 * migration that adds it. One primary-key lookup.
 */
export async function revisionOf(db: Kysely<DB>, name: RevisionName): Promise<string | undefined> {
  const { rows } = await sql<{ revision: number | string }>`select revision from catalog_revisions where name = ${name}`.execute(db);
  return rows.length === 0 ? undefined : String(rows[0]!.revision);
}
