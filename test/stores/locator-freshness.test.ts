import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DIALECTS, startTestServer, type TestServer } from '../support/harness.js';
import { ManualClock } from '../../src/platform/clock.js';
import { openDatabase, type Database } from '../../src/platform/db/database.js';
import type { Store } from '../../src/modules/catalog/stores.schemas.js';
import { storeBody } from './location-bodies.js';

// The locator keeps the stores in memory: every change, by the API or by anyone writing to the
// database, must show in the very next answer.
const LYON = { latitude: 45.764, longitude: 4.8357 };
const near = `${LYON.latitude},${LYON.longitude}`;
const THURSDAY_MORNING = '2026-01-15T10:00:00Z';

for (const dialect of DIALECTS) {
  describe(`store locator freshness (${dialect})`, () => {
    let server: TestServer;
    let other: Database;
    const clock = new ManualClock(THURSDAY_MORNING);
    const codes = async (query: { openNow?: boolean } = {}) => (await server.client().stores.near({ near, limit: 100, ...query })).items.map((item) => item.code);

    before(async () => {
      server = await startTestServer(dialect, { clock });
      for (let i = 0; i < 3; i++) {
        await server.admin.locations.create(storeBody({ code: `FRESH-${i}`, name: `Fresh ${i}`, location: { latitude: LYON.latitude + (i + 1) * 0.01, longitude: LYON.longitude } }));
      }
      // A second handle on the same database, as another process would have.
      const database = server.deps.database;
      other =
        dialect === 'sqlite'
          ? openDatabase({ sqliteFile: database.file! })
          : openDatabase({ url: process.env.TEST_DATABASE_URL!, pgSchema: database.schema!, pgPoolSize: 1 });
    });
    after(async () => {
      await other.close();
      await server.close();
    });

    test('created, moved and closed through the API: the next answer shows it', async () => {
      assert.deepEqual(await codes(), ['FRESH-0', 'FRESH-1', 'FRESH-2']);
      const created = await server.admin.locations.create(storeBody({ code: 'FRESH-NEW', location: { latitude: LYON.latitude + 0.001, longitude: LYON.longitude } }));
      assert.deepEqual(await codes(), ['FRESH-NEW', 'FRESH-0', 'FRESH-1', 'FRESH-2']);
      // The clock does not move: updated_at stays the same, the answer must change all the same.
      await server.admin.locations.update(created.id, { location: { latitude: LYON.latitude + 0.05, longitude: LYON.longitude } });
      assert.deepEqual(await codes(), ['FRESH-0', 'FRESH-1', 'FRESH-2', 'FRESH-NEW']);
      await server.admin.locations.setHoursExceptions(created.id, [{ date: '2026-01-15', closed: true, label: 'Inventaire' }]);
      assert.deepEqual(await codes({ openNow: true }), ['FRESH-0', 'FRESH-1', 'FRESH-2']);
      const item = (await server.client().stores.near({ near, limit: 4 })).items[3]!;
      assert.equal(item.openNow, false);
      assert.deepEqual(item.openingHoursExceptions, [{ date: '2026-01-15', closed: true, label: 'Inventaire' }]);
      await server.deps.database.kysely.deleteFrom('locations').where('id', '=', created.id).execute();
      assert.deepEqual(await codes(), ['FRESH-0', 'FRESH-1', 'FRESH-2']);
    });

    test('written from a second database handle: the next answer shows it', async () => {
      assert.deepEqual(await codes(), ['FRESH-0', 'FRESH-1', 'FRESH-2']);
      const row = await other.kysely.selectFrom('locations').selectAll().where('code', '=', 'FRESH-2').executeTakeFirstOrThrow();
      await other.kysely.insertInto('locations').values({ ...row, id: 'sto_othr_handle', code: 'FRESH-OTHER', latitude: LYON.latitude }).execute();
      assert.deepEqual(await codes(), ['FRESH-OTHER', 'FRESH-0', 'FRESH-1', 'FRESH-2']);
      await other.kysely.updateTable('locations').set({ latitude: LYON.latitude + 1 }).where('id', '=', 'sto_othr_handle').execute();
      assert.deepEqual(await codes(), ['FRESH-0', 'FRESH-1', 'FRESH-2', 'FRESH-OTHER']);
      await other.kysely.updateTable('locations').set({ opening_hours: '{}' }).where('id', '=', 'sto_othr_handle').execute();
      assert.deepEqual(await codes({ openNow: false }), ['FRESH-OTHER']);
      await other.kysely.deleteFrom('locations').where('id', '=', 'sto_othr_handle').execute();
      assert.deepEqual(await codes(), ['FRESH-0', 'FRESH-1', 'FRESH-2']);
    });

    test('the prerendered answer is what the Store schema serialises, item for item', async () => {
      const [first] = (await server.client().stores.near({ near, limit: 1 })).items;
      await server.admin.locations.setHoursExceptions(first!.id, [
        { date: '2026-01-20', closed: false, hours: [{ open: '12:00', close: '18:00' }], label: 'Inventaire' },
        { date: '2026-12-25', closed: true },
      ]);
      for (const at of [THURSDAY_MORNING, '2026-01-15T05:30:00Z', '2026-01-17T22:00:00Z']) {
        clock.set(at);
        const { items } = await server.client().stores.near({ near, limit: 100 });
        assert.equal(items.length, 3);
        for (const item of items) {
          const { distanceKm, ...rest } = item;
          assert.equal(typeof distanceKm, 'number');
          const single: Store = await server.client().stores.get(item.id);
          assert.deepEqual(rest, single, `${item.code} at ${at}`);
        }
      }
      clock.set(THURSDAY_MORNING);
    });
  });
}
