import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { DIALECTS, createTestDatabase, type TestDatabase } from '../support/harness.js';

/**
 * Each index of `events` costs every ingested event a write at a place of its own, so the table
 * keeps only those something reads through. These tests fail if an index comes back unnoticed, or
 * if a read by person stops using the one by (profile_id, order_key).
 */
const EXPECTED = [
  'events_profile_history_idx', // the profile's computed traits: orders and store events only (partial)
  'events_profile_order_idx', // a person's events in order: timeline, resolution, merges, attribution, export
  'events_source_message_uq', // dedupe by (source, message id)
  'events_store_name_time_idx', // who came into a store lately
];

for (const dialect of DIALECTS) {
  describe(`the indexes of events (${dialect})`, () => {
    let db: TestDatabase;
    before(async () => {
      db = await createTestDatabase(dialect);
    });
    after(() => db.destroy());

    test('are the ones ingestion is meant to pay for, and no more', async () => {
      const names =
        dialect === 'sqlite'
          ? (db.database.sqlite!.prepare(`select name from sqlite_master where type = 'index' and tbl_name = 'events' and sql is not null`).pluck().all() as string[])
          : (await sql<{ indexname: string }>`select indexname from pg_indexes where tablename = 'events' and schemaname = current_schema() and indexname <> 'events_pkey'`.execute(db.database.kysely)).rows.map((r) => r.indexname);
      // SQLite's unique constraint is an automatic index without SQL: its presence is checked through the constraint below.
      const expected = dialect === 'sqlite' ? EXPECTED.filter((name) => name !== 'events_source_message_uq') : EXPECTED;
      assert.deepEqual(names.sort(), expected);
    });

    test('a message id is stored once per source', async () => {
      const row = { source_id: 'src_a', message_id: 'm-1', profile_id: null, type: 'track', name: 'X', channel: 'web', store_id: null, timestamp: '2026-12-01T00:00:00.000Z', received_at: '2026-12-01T00:00:00.000Z', payload: '{}', identifiers: '[]', order_key: 'k', anonymized: 0 };
      await db.database.kysely.insertInto('events').values({ id: 'evt_1', ...row }).execute();
      await assert.rejects(db.database.kysely.insertInto('events').values({ id: 'evt_2', ...row }).execute());
      await db.database.kysely.insertInto('events').values({ id: 'evt_3', ...row, source_id: 'src_b' }).execute();
    });

    if (dialect === 'sqlite') {
      test('reads by person and time use (profile_id, order_key)', () => {
        const plan = (text: string) => (db.database.sqlite!.prepare(`explain query plan ${text}`).all() as { detail: string }[]).map((r) => r.detail).join(' | ');
        const timeline = plan(`select id from events where profile_id = 'p' and order_key < 'k' order by order_key desc limit 51`);
        assert.match(timeline, /USING INDEX events_profile_order_idx \(profile_id=\? AND order_key<\?\)/);
        assert.doesNotMatch(timeline, /TEMP B-TREE/);
        const attribution = plan(
          `select id from events where profile_id in ('p', 'q') and order_key >= '2026-11-01' and order_key < '2026-12-01T00:00:00.000Z}' and timestamp >= '2026-11-01' and timestamp <= '2026-12-01T00:00:00.000Z' order by order_key`,
        );
        assert.match(attribution, /USING INDEX events_profile_order_idx \(profile_id=\? AND order_key>\? AND order_key<\?\)/);
      });
    }
  });
}
