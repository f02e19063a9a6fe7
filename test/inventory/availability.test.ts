import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock } from '../../src/platform/clock.js';
import { DIALECTS, startTestServer, type TestServer } from '../support/harness.js';
import { problemOf, productBody, variant } from '../catalog/catalog-fixtures.js';

const WEEKDAYS = { mon: [['10:00', '19:00']], tue: [['10:00', '19:00']], wed: [['10:00', '19:00']], thu: [['10:00', '19:00']], fri: [['10:00', '19:00']], sat: [['10:00', '19:00']] };

async function location(server: TestServer, id: string, kind: 'store' | 'warehouse', at: [number, number], extra: { hours?: unknown; services?: string[]; zones?: { code: string; name: string }[]; timezone?: string } = {}) {
  const now = new Date().toISOString();
  await server.deps.database.kysely
    .insertInto('locations')
    .values({
      id,
      kind,
      code: id.toUpperCase(),
      name: `StyleNow ${id}`,
      address_line1: '1 rue de test',
      address_line2: null,
      postal_code: '00000',
      city: id.split('_')[1] ?? id,
      country: 'FR',
      latitude: at[0],
      longitude: at[1],
      timezone: extra.timezone ?? 'Europe/Paris',
      phone: null,
      email: null,
      services: JSON.stringify(extra.services ?? ['click_and_collect', 'reserve_and_try']),
      zones: JSON.stringify(extra.zones ?? []),
      opening_hours: JSON.stringify(extra.hours ?? WEEKDAYS),
      hours_exceptions: '[]',
      created_at: now,
      updated_at: now,
    })
    .execute();
}

async function stock(server: TestServer, sku: string, locationId: string, onHand: number, extra: { reserved?: number; safety?: number; threshold?: number; zone?: string } = {}) {
  await server.deps.database.kysely
    .insertInto('stock_levels')
    .values({ sku, location_id: locationId, on_hand: onHand, reserved: extra.reserved ?? 0, in_transit: 0, safety_stock: extra.safety ?? 0, low_stock_threshold: extra.threshold ?? 2, zone: extra.zone ?? null, updated_at: new Date().toISOString() })
    .execute();
}

for (const dialect of DIALECTS) {
  describe(`availability (${dialect})`, () => {
    let server: TestServer;
    // Wednesday 25 November 2026, 10:30 in Paris; 13:30 in Réunion.
    const clock = new ManualClock('2026-11-25T09:30:00Z');
    const LYON: [number, number] = [45.764, 4.8357];

    before(async () => {
      server = await startTestServer(dialect, { clock });
      await server.admin.products.create(productBody('TSH', { name: 'T-shirt', variants: [variant('TSH-M', { size: 'M' }), variant('TSH-L', { size: 'L' })] }));
      await server.admin.products.create(productBody('JUP', { name: 'Jupe', variants: [variant('JUP-38', { size: '38' })] }));
      await location(server, 'sto_lyonbellecour', 'store', [45.7578, 4.832], { zones: [{ code: 'A3', name: 'Femme – hauts' }] });
      await location(server, 'sto_lyonpartdieu', 'store', [45.7606, 4.8595], { zones: [{ code: 'B1', name: 'Basiques' }] });
      await location(server, 'sto_villeurbanne', 'store', [45.7719, 4.8902], { services: ['returns'] });
      // Closed on Wednesdays.
      await location(server, 'sto_lyonsunday', 'store', [45.765, 4.836], { hours: { sun: [['10:00', '18:00']] } });
      await location(server, 'sto_paris', 'store', [48.8566, 2.3522]);
      await location(server, 'sto_saintdenisreunion', 'store', [-20.8789, 55.4481], { timezone: 'Indian/Reunion' });
      await location(server, 'wh_lyon', 'warehouse', [45.7, 4.9]);
      await location(server, 'wh_paris', 'warehouse', [48.9, 2.4]);
      await stock(server, 'TSH-M', 'sto_lyonbellecour', 5, { reserved: 1, zone: 'A3' });
      await stock(server, 'TSH-M', 'sto_lyonpartdieu', 2, { zone: 'B1' });
      await stock(server, 'TSH-M', 'sto_villeurbanne', 4, { safety: 4 });
      await stock(server, 'TSH-M', 'sto_lyonsunday', 9);
      await stock(server, 'TSH-M', 'sto_paris', 30);
      await stock(server, 'TSH-M', 'wh_lyon', 100);
      await stock(server, 'TSH-M', 'wh_paris', 40, { reserved: 38 });
      await stock(server, 'JUP-38', 'sto_lyonpartdieu', 1, { zone: 'B1' });
    });
    after(() => server?.close());

    test('per store near a point: nearest first, with distance, aisle, quantity, low stock and openNow; online from the warehouses', async () => {
      const { items } = await server.client().availability.get({ sku: 'TSH-M', near: LYON.join(','), limit: 4 });
      const [tsh] = items;
      assert.deepEqual(
        tsh!.locations.map((l) => [l.locationId, l.available, l.lowStock, l.aisle?.name ?? null, l.openNow]),
        [
          ['sto_lyonsunday', 9, false, null, false],
          ['sto_lyonbellecour', 4, false, 'Femme – hauts', true],
          ['sto_lyonpartdieu', 2, true, 'Basiques', true],
          ['sto_villeurbanne', 0, false, null, true],
        ],
      );
      assert.ok(tsh!.locations[1]!.distanceKm! > 0.5 && tsh!.locations[1]!.distanceKm! < 1);
      assert.deepEqual(tsh!.online, {
        available: 102,
        lowStock: false,
        warehouses: [
          { locationId: 'wh_lyon', name: 'StyleNow wh_lyon', available: 100 },
          { locationId: 'wh_paris', name: 'StyleNow wh_paris', available: 2 },
        ],
      });
    });

    test('near me, open now, in stock here, for click & collect: one call', async () => {
      const { items } = await server.client().availability.get({ sku: 'TSH-M,JUP-38', near: LYON.join(','), openNow: true, inStock: true, service: 'click_and_collect', radiusKm: 20 });
      assert.deepEqual(items.map((i) => [i.sku, i.locations.map((l) => l.locationId)]), [
        ['TSH-M', ['sto_lyonbellecour', 'sto_lyonpartdieu']],
        ['JUP-38', ['sto_lyonpartdieu']],
      ]);
      // In Réunion it is 13:30: open; the store is on the other side of the world but may be named.
      const far = await server.client().availability.get({ sku: 'TSH-M', storeId: 'sto_saintdenisreunion,sto_paris' });
      assert.deepEqual(far.items[0]!.locations.map((l) => [l.locationId, l.available, l.openNow, l.distanceKm]), [
        ['sto_saintdenisreunion', 0, true, null],
        ['sto_paris', 30, true, null],
      ]);
      clock.set('2026-11-25T16:30:00Z'); // 17:30 in Paris, 20:30 in Réunion
      const evening = await server.client().availability.get({ sku: 'TSH-M', storeId: 'sto_saintdenisreunion,sto_paris', openNow: true });
      assert.deepEqual(evening.items[0]!.locations.map((l) => l.locationId), ['sto_paris']);
      clock.set('2026-11-25T09:30:00Z');
    });

    test('the catalog filter "in stock at my store" keeps products with a variant available there', async () => {
      const names = async (query: Record<string, string>) => (await server.client().products.search(query)).items.map((p) => p.ref).sort();
      assert.deepEqual(await names({ inStockAt: 'sto_lyonpartdieu' }), ['JUP', 'TSH']);
      assert.deepEqual(await names({ inStockAt: 'sto_lyonbellecour' }), ['TSH']);
      assert.deepEqual(await names({ inStockAt: 'sto_villeurbanne' }), [], 'the safety stock takes all four');
      assert.deepEqual(await names({ inStockAt: 'sto_lyonpartdieu', q: 'jupe' }), ['JUP']);
      assert.deepEqual(await names({ inStockAt: 'sto_lyonpartdieu', size: 'M' }), ['TSH']);
      assert.deepEqual(await names({ inStockAt: 'sto_lyonpartdieu', size: 'L' }), [], 'size L is not in stock there, though size M is');
      await problemOf(server.client().products.search({ inStockAt: 'sto_nowhere' }), 404);
    });

    test('bad input is a clear 4xx', async () => {
      const shop = server.client();
      await problemOf(shop.availability.get({ sku: 'NOPE', near: LYON.join(',') }), 404, 'availability.unknown_sku');
      await problemOf(shop.availability.get({ sku: 'TSH-M', near: '95,4' }), 400);
      await problemOf(shop.availability.get({ sku: 'TSH-M' }), 400, 'availability.where_required');
      await problemOf(shop.availability.get({ sku: 'TSH-M', storeId: 'sto_nowhere' }), 404, 'availability.unknown_store');
      await problemOf(shop.availability.get({ sku: 'TSH-M', near: LYON.join(','), limit: 0 }), 400);
      await problemOf(shop.availability.get({ sku: Array.from({ length: 21 }, (_, i) => `S${i}`).join(','), near: LYON.join(',') }), 400);
    });
  });
}
