import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DIALECTS, startTestServer, type TestServer } from '../support/harness.js';
import { insertStore } from '../support/fixtures.js';
import { computeTraits } from '../../src/modules/identity/profiles/computed-traits.js';
import { HISTORY_SQL, readProfileRows, readProfileRowsSqlite } from '../../src/modules/identity/profiles/profile-read.js';

/**
 * The profile read fetches only orders and store events for its computed traits, through a partial
 * index (events_profile_history_idx), and on SQLite with prepared statements of its own. These tests
 * fail if either gives other figures than the whole history would, or if SQLite stops using the index.
 */
for (const dialect of DIALECTS) {
  describe(`the profile read (${dialect})`, () => {
    let server: TestServer;
    let keys: Record<'web' | 'app' | 'lyon' | 'paris', string>;
    let lyon: string;
    let paris: string;

    before(async () => {
      server = await startTestServer(dialect);
      lyon = await insertStore(server);
      paris = await insertStore(server);
      keys = {
        web: (await server.admin.sources.create({ name: 'Web', channel: 'web' })).writeKey,
        app: (await server.admin.sources.create({ name: 'App', channel: 'app' })).writeKey,
        lyon: (await server.admin.sources.create({ name: 'Till Lyon', channel: 'store', storeId: lyon })).writeKey,
        paris: (await server.admin.sources.create({ name: 'Kiosk Paris', channel: 'store', storeId: paris })).writeKey,
      };
    });
    after(() => server.close());

    test('computed traits from orders online, in the app and at stores, and store visits, equal those of the whole history', async () => {
      const t = (source: keyof typeof keys) => server.tracker(keys[source]).tracking;
      const card = { context: { externalIds: [{ id: 'SN-4242', type: 'loyalty_card' }] } };
      await t('web').identify({ userId: 'ana-1', anonymousId: 'ana-web', traits: { email: 'ana@example.fr' }, timestamp: '2026-09-01T09:00:00Z' });
      await t('app').identify({ userId: 'ana-1', anonymousId: 'ana-app', ...card, timestamp: '2026-09-01T10:00:00Z' });
      await t('web').page({ anonymousId: 'ana-web', name: 'Robes', timestamp: '2026-09-02T09:00:00Z' });
      await t('web').track({ anonymousId: 'ana-web', event: 'Product Viewed', properties: { sku: 'ROBE-38', revenue: 999 }, timestamp: '2026-09-02T09:01:00Z' });
      await t('web').track({ anonymousId: 'ana-web', event: 'Order Completed', properties: { orderId: 'W-1', revenue: '49,90', products: [{ sku: 'ROBE-38', size: '38', color: 'rouge', quantity: 2 }] }, timestamp: '2026-09-03T09:00:00Z' });
      await t('app').track({ userId: 'ana-1', event: 'Order Completed', properties: { orderId: 'A-1', total: 20, products: [{ sku: 'TOP-M', size: 'M', colour: 'noir' }] }, timestamp: '2026-09-04T09:00:00Z' });
      await t('lyon').track({ anonymousId: 'till-1', event: 'Order Completed', ...card, properties: { orderId: 'T-1', revenue: 79.9, products: [{ sku: 'ROBE-40', size: '40', variant: 'bleu' }] }, timestamp: '2026-09-05T15:00:00Z' });
      // Three visits to Paris without buying: Paris becomes the favourite store though the order was in Lyon.
      for (const day of ['06', '07', '08']) await t('paris').track({ anonymousId: `kiosk-${day}`, event: 'Store Entered', ...card, timestamp: `2026-09-${day}T11:00:00Z` });
      await t('web').track({ anonymousId: 'ana-web', event: 'Product Added', properties: { sku: 'ROBE-38', price: 49.9 }, timestamp: '2026-09-09T09:00:00Z' });

      const profile = await server.admin.profiles.lookup('userId', 'ana-1');
      const db = server.deps.database.kysely;
      const everything = await db.selectFrom('events').select(['name', 'channel', 'store_id', 'timestamp', 'payload']).where('profile_id', '=', profile.id).execute();
      assert.equal(everything.length, 11);
      const whole = computeTraits(
        everything.map((e) => ({ name: e.name, channel: e.channel, storeId: e.store_id, timestamp: e.timestamp, properties: (JSON.parse(e.payload) as { properties?: Record<string, unknown> }).properties ?? {} })),
        null,
      );
      whole.firstSeen = profile.channels.map((c) => c.firstSeen).sort()[0] ?? null;
      whole.lastSeen = profile.channels.map((c) => c.lastSeen).sort().at(-1) ?? null;
      assert.deepEqual(profile.computed, whole);
      // And the figures themselves, so that the comparison above cannot pass on two empty results.
      assert.equal(profile.computed.orders, 3);
      assert.deepEqual(profile.computed.revenue, { amount: 4990 + 2000 + 7990, currency: 'EUR' });
      assert.equal(profile.computed.favouriteStoreId, paris);
      assert.deepEqual(profile.computed.preferredSizes, ['38', '40', 'M']);
      assert.deepEqual(profile.computed.preferredColors, ['rouge', 'bleu', 'noir']);
      assert.deepEqual(Object.keys(profile.computed.lastPurchaseByChannel).sort(), ['app', 'store', 'web']);
    });

    test('a merged-away id reads as its survivor, an unknown one as nothing, with either reader', async () => {
      const web = server.tracker(keys.web).tracking;
      await web.identify({ anonymousId: 'bo-web', traits: { email: 'bo@example.fr' }, timestamp: '2026-09-10T09:00:00Z' });
      await web.identify({ userId: 'bo-1', anonymousId: 'bo-app', timestamp: '2026-09-10T10:00:00Z' });
      const byEmail = await server.admin.profiles.lookup('email', 'bo@example.fr');
      const byUser = await server.admin.profiles.lookup('userId', 'bo-1');
      assert.notEqual(byEmail.id, byUser.id);
      await web.identify({ userId: 'bo-1', anonymousId: 'bo-web', timestamp: '2026-09-10T11:00:00Z' });
      const survivor = await server.admin.profiles.lookup('userId', 'bo-1');
      const mergedAway = survivor.id === byEmail.id ? byUser.id : byEmail.id;
      assert.deepEqual(survivor.mergedFrom, [mergedAway]);

      const { kysely, sqlite } = server.deps.database;
      const viaKysely = await readProfileRows(kysely, mergedAway);
      assert.equal(viaKysely?.profile.id, survivor.id);
      assert.equal(await readProfileRows(kysely, 'cus_nobody'), undefined);
      if (sqlite) {
        // The prepared statements give the very rows Kysely's queries give, in the same order.
        for (const id of [mergedAway, survivor.id, (await server.admin.profiles.lookup('userId', 'ana-1')).id]) {
          assert.deepEqual(await readProfileRowsSqlite(kysely, sqlite, id), await readProfileRows(kysely, id));
        }
        assert.equal(await readProfileRowsSqlite(kysely, sqlite, 'cus_nobody'), undefined);
        // Inside a transaction the connection is the caller's: read on it, no waiting for it.
        const inside = await kysely.transaction().execute((trx) => readProfileRowsSqlite(trx, sqlite, survivor.id));
        assert.deepEqual(inside, viaKysely);
      }
      // Every read above through the API was audited, with the live id.
      const audited = await kysely.selectFrom('audit_log').select(['action', 'profile_id']).where('profile_id', '=', survivor.id).execute();
      assert.ok(audited.some((a) => a.action === 'profile.lookup'));
      assert.equal((await server.admin.profiles.get(mergedAway)).id, survivor.id);
      const after = await kysely.selectFrom('audit_log').select(['action', 'profile_id']).where('profile_id', '=', survivor.id).where('action', '=', 'profile.read').execute();
      assert.equal(after.length, 1, 'the read is on record once it is answered');
    });

    if (dialect === 'sqlite') {
      test('SQLite reads the history from the partial index, and the payload of orders only', () => {
        const sqlite = server.deps.database.sqlite!;
        const query = HISTORY_SQL;
        const plan = sqlite.prepare(`explain query plan ${query}`).all('cus_x') as { detail: string }[];
        assert.deepEqual(plan.map((p) => p.detail), ['SEARCH events USING INDEX events_profile_history_idx (profile_id=?)']);
        // The table row is sought lazily (DeferredSeek), when an order's payload is read.
        const program = sqlite.prepare(`explain ${query}`).all('cus_x') as { opcode: string }[];
        assert.ok(program.some((op) => op.opcode === 'DeferredSeek'));
      });
    }
  });
}
