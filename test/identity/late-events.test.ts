/**
 * A late event (older than what a profile has already seen) resolves the person's neighbourhood
 * again from every event it holds. Rows written straight into the events table (an import, a
 * migration from another tool) may name no identifier: they must neither stop that nor move.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DIALECTS, startTestServer, type TestServer } from '../support/harness.js';

for (const dialect of DIALECTS) {
  describe(`late events around rows that name no identifier (${dialect})`, () => {
    let server: TestServer;
    let webKey: string;

    before(async () => {
      server = await startTestServer(dialect, { config: { trackingRateLimit: 1000 } });
      webKey = (await server.admin.sources.create({ name: 'Web shop', channel: 'web' })).writeKey;
    });
    after(() => server.close());

    test('a late event linking a second identifier is stored and resolved; the bare row stays with its person', async () => {
      const web = server.tracker(webKey);
      await web.tracking.track({ userId: 'late-1', event: 'Product Viewed', timestamp: '2026-11-20T10:00:00.000Z' });
      const profile = await server.admin.request<{ id: string }>('GET', '/v1/profiles/lookup', { query: { type: 'userId', value: 'late-1' } });
      const db = server.deps.database.kysely;
      const [source] = await db.selectFrom('sources').select('id').limit(1).execute();
      await db
        .insertInto('events')
        .values({
          id: 'evt_imported_without_ids',
          source_id: source!.id,
          message_id: 'imported-1',
          profile_id: profile.id,
          type: 'track',
          name: 'Order Completed',
          channel: 'store',
          store_id: null,
          timestamp: '2026-11-19T09:00:00.000Z',
          received_at: '2026-11-19T09:00:00.000Z',
          payload: '{}',
          identifiers: '[]',
          order_key: '2026-11-19T09:00:00.000Z|imported|1',
          anonymized: 0,
        })
        .execute();

      // Older than what the profile has seen, with an email: the neighbourhood is resolved again.
      await web.tracking.track({ userId: 'late-1', event: 'Product Viewed', timestamp: '2026-11-18T10:00:00.000Z', context: { traits: { email: 'late@example.fr' } } });

      const byEmail = await server.admin.request<{ id: string }>('GET', '/v1/profiles/lookup', { query: { type: 'email', value: 'late@example.fr' } });
      assert.equal(byEmail.id, profile.id);
      const bare = await db.selectFrom('events').select('profile_id').where('id', '=', 'evt_imported_without_ids').executeTakeFirstOrThrow();
      assert.equal(bare.profile_id, profile.id);
    });
  });
}
