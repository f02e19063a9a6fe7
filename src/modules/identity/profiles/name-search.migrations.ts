import { sql, type Kysely, type Migration } from 'kysely';
import { isPostgres } from '../../../platform/db/migration-helpers.js';
import { NAME_TRAITS, traitSearchKey } from '../name-keys.js';

/** An update that changes which ends a trait row keeps (`is distinct from` spelled so both engines read it). */
const CHANGED = sql.raw('(not (old.search_key is not distinct from new.search_key) or old.profile_id <> new.profile_id or old.name <> new.name)');

/**
 * SQLite: a row's name key as its words (`key` the word's position), and the key's end from each
 * word on: a word's offset is the length of the words before it, and a space each.
 */
const sqliteWords = (row: string) => `json_each('["' || replace(${row}.search_key, ' ', '","') || '"]')`;
const sqliteEnds = (row: string) =>
  `substr(${row}.search_key, 1 + (select sum(length(before.value) + 1) from ${sqliteWords(row)} before where before.key < word.key)), ${row}.profile_id, ${row}.name`;

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
  // A word inside a name ("pierre" in Jean-Pierre, "lefevre" in the full name "Hélène Lefèvre") is
  // searched by its beginning too: each name key of more than one word also keeps, in
  // `profile_name_words`, its ends from each inner word on ("jean pierre martin" → "pierre martin",
  // "martin"). Triggers keep the table in step with `profile_traits` whoever writes it (ingestion on
  // either engine, merges and unmerges, erasure, the demo seed), so it cannot drift. Single-word
  // names, most of them, add no row. Keys hold only letters, digits and single spaces (nameKey),
  // which is what lets SQLite's trigger split them through a JSON array.
  '20261209_0900_profile_name_words': {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('profile_name_words')
        .addColumn('key', 'text', (c) => c.notNull())
        .addColumn('profile_id', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('profile_name_words_pk', ['key', 'profile_id', 'name'])
        .execute();
      await db.schema.createIndex('profile_name_words_profile_idx').on('profile_name_words').columns(['profile_id', 'name']).execute();
      if (isPostgres(db)) {
        await sql`create function profile_name_words_add() returns trigger language plpgsql set search_path from current as $$
          begin
            insert into profile_name_words (key, profile_id, name)
              select array_to_string(words[i:], ' '), new.profile_id, new.name
              from (select string_to_array(new.search_key, ' ') as words) split, generate_series(2, cardinality(split.words)) as i
              on conflict do nothing;
            return null;
          end $$`.execute(db);
        await sql`create function profile_name_words_remove() returns trigger language plpgsql set search_path from current as $$
          begin
            delete from profile_name_words where profile_id = old.profile_id and name = old.name;
            return null;
          end $$`.execute(db);
        // A table's row triggers fire in name order on PostgreSQL: on an update, the old ends are
        // removed (1_) before the new are added (2_).
        await sql`create trigger profile_name_words_1_deleted after delete on profile_traits for each row
          when (position(' ' in coalesce(old.search_key, '')) > 0) execute function profile_name_words_remove()`.execute(db);
        await sql`create trigger profile_name_words_1_updated after update on profile_traits for each row
          when (position(' ' in coalesce(old.search_key, '')) > 0 and ${CHANGED}) execute function profile_name_words_remove()`.execute(db);
        await sql`create trigger profile_name_words_2_inserted after insert on profile_traits for each row
          when (position(' ' in coalesce(new.search_key, '')) > 0) execute function profile_name_words_add()`.execute(db);
        await sql`create trigger profile_name_words_2_updated after update on profile_traits for each row
          when (position(' ' in coalesce(new.search_key, '')) > 0 and ${CHANGED}) execute function profile_name_words_add()`.execute(db);
      } else {
        const add = sql.raw(`insert or ignore into profile_name_words (key, profile_id, name) select ${sqliteEnds('new')} from ${sqliteWords('new')} word where word.key > 0;`);
        const remove = sql.raw(`delete from profile_name_words where profile_id = old.profile_id and name = old.name;`);
        await sql`create trigger profile_name_words_inserted after insert on profile_traits
          when instr(coalesce(new.search_key, ''), ' ') > 0 begin ${add} end`.execute(db);
        await sql`create trigger profile_name_words_deleted after delete on profile_traits
          when instr(coalesce(old.search_key, ''), ' ') > 0 begin ${remove} end`.execute(db);
        await sql`create trigger profile_name_words_updated after update on profile_traits
          when (instr(coalesce(old.search_key, ''), ' ') > 0 or instr(coalesce(new.search_key, ''), ' ') > 0)
            and ${CHANGED} begin ${remove} ${add} end`.execute(db);
      }
      // The names already held: the same rows the triggers would have written.
      if (isPostgres(db)) {
        await sql`insert into profile_name_words (key, profile_id, name)
          select array_to_string(split.words[i:], ' '), split.profile_id, split.name
          from (select profile_id, name, string_to_array(search_key, ' ') as words from profile_traits where position(' ' in coalesce(search_key, '')) > 0) split,
            generate_series(2, cardinality(split.words)) as i
          on conflict do nothing`.execute(db);
      } else {
        await sql`insert or ignore into profile_name_words (key, profile_id, name)
          select ${sql.raw(sqliteEnds('t'))} from profile_traits t, ${sql.raw(sqliteWords('t'))} word
          where instr(coalesce(t.search_key, ''), ' ') > 0 and word.key > 0`.execute(db);
      }
    },
    async down(db: Kysely<any>) {
      if (isPostgres(db)) {
        for (const trigger of ['profile_name_words_1_deleted', 'profile_name_words_1_updated', 'profile_name_words_2_inserted', 'profile_name_words_2_updated']) await sql`drop trigger ${sql.raw(trigger)} on profile_traits`.execute(db);
        await sql`drop function profile_name_words_add()`.execute(db);
        await sql`drop function profile_name_words_remove()`.execute(db);
      } else {
        for (const trigger of ['profile_name_words_inserted', 'profile_name_words_deleted', 'profile_name_words_updated']) await sql`drop trigger ${sql.raw(trigger)}`.execute(db);
      }
      await db.schema.dropTable('profile_name_words').execute();
    },
  },
};
