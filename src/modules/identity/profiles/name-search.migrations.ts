import { sql, type Kysely, type Migration } from 'kysely';
import { NAME_TRAITS, traitSearchKey } from '../name-keys.js';

/** Staff search by name: each name trait keeps its search key, indexed (profile-search.ts). */
export const nameSearchMigrations: Record<string, Migration> = {
  '20261208_1000_profile_name_search': {
    async up(db: Kysely<any>) {
      await db.schema.alterTable('profile_traits').addColumn('search_key', 'text').execute();
      // The names already held, a page at a time in key order (a large base does not fit in memory at once).
      let after: { profile_id: string; name: string } | undefined;
      for (;;) {
        let page = db.selectFrom('profile_traits').select(['profile_id', 'name', 'value']).where('name', 'in', NAME_TRAITS).orderBy('profile_id').orderBy('name').limit(2_000);
        if (after) {
          const { profile_id, name } = after;
          page = page.where((eb) => eb.or([eb('profile_id', '>', profile_id), eb.and([eb('profile_id', '=', profile_id), eb('name', '>', name)])]));
        }
        const rows = (await page.execute()) as { profile_id: string; name: string; value: string }[];
        if (rows.length === 0) break;
        for (const row of rows) {
          const key = traitSearchKey(row.name, row.value);
          if (key !== null) await db.updateTable('profile_traits').set({ search_key: key }).where('profile_id', '=', row.profile_id).where('name', '=', row.name).execute();
        }
        after = rows[rows.length - 1]!;
      }
      // Only name traits carry a key: the index holds about two rows a person, not every trait.
      await db.schema
        .createIndex('profile_traits_search_idx')
        .on('profile_traits')
        .columns(['search_key', 'profile_id'])
        .where(sql<boolean>`search_key is not null`)
        .execute();
    },
    async down(db: Kysely<any>) {
      await db.schema.dropIndex('profile_traits_search_idx').execute();
      await db.schema.alterTable('profile_traits').dropColumn('search_key').execute();
    },
  },
};
