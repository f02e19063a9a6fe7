import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import assert from 'node:assert/strict';
import { DIALECTS, startTestServer, type TestServer } from '../support/harness.js';
import { ManualClock } from '../../src/platform/clock.js';
import { haversineKm } from '../../src/modules/catalog/geo.js';
import type { CreateLocationBody, Store, StoreService } from '../../src/modules/catalog/stores.schemas.js';
import { SHOP_HOURS, expectProblem, storeBody } from './location-bodies.js';

const LYON_CENTRE = { latitude: 45.764, longitude: 4.8357 };
const near = `${LYON_CENTRE.latitude},${LYON_CENTRE.longitude}`;
// Thursday 15 January 2026, 11:00 in Paris, 14:00 in Réunion.
const THURSDAY_MORNING = '2026-01-15T10:00:00Z';

const STORES: Partial<CreateLocationBody>[] = [
  { code: 'LYS-BELLECOUR', name: 'Lyon Bellecour', location: { latitude: 45.7578, longitude: 4.832 }, services: ['click_and_collect', 'returns'] },
  { code: 'LYS-PARTDIEU', name: 'Lyon Part-Dieu', location: { latitude: 45.7606, longitude: 4.8593 }, services: ['click_and_collect'] },
  { code: 'LYS-CONFLUENCE', name: 'Lyon Confluence', location: { latitude: 45.7413, longitude: 4.8185 }, services: ['returns', 'reserve_and_try'] },
  { code: 'ECULLY', name: 'Écully Grand Ouest', location: { latitude: 45.7745, longitude: 4.7772 }, services: ['click_and_collect', 'returns', 'reserve_and_try'] },
  // Open only at the weekend: closed on a Thursday morning.
  { code: 'VILLEURBANNE', name: 'Villeurbanne Gratte-Ciel', location: { latitude: 45.7719, longitude: 4.8902 }, services: ['click_and_collect'], openingHours: { sat: [{ open: '10:00', close: '19:00' }], sun: [{ open: '10:00', close: '13:00' }] } },
  { code: 'PARIS-OPERA', name: 'Paris Opéra', location: { latitude: 48.8719, longitude: 2.3316 }, services: ['click_and_collect', 'ship_to_store_pickup'] },
  { code: 'REUNION-SD', name: 'Saint-Denis Réunion', location: { latitude: -20.8823, longitude: 55.4504 }, timezone: 'Indian/Reunion', services: ['returns'], address: { line1: '1 rue de Paris', postalCode: '97400', city: 'Saint-Denis', country: 'RE' } },
];

for (const dialect of DIALECTS) {
  describe(`store locator (${dialect})`, () => {
    let server: TestServer;
    const clock = new ManualClock(THURSDAY_MORNING);
    const ids = new Map<string, string>();
    let warehouseId = '';

    before(async () => {
      server = await startTestServer(dialect, { clock });
      for (const overrides of STORES) {
        const created = await server.admin.locations.create(storeBody(overrides));
        ids.set(created.code, created.id);
      }
      // A warehouse right at the search point: the locator must never show it.
      warehouseId = (await server.admin.locations.create(storeBody({ kind: 'warehouse', code: 'WH-LYON', name: 'Entrepôt Lyon', location: LYON_CENTRE }))).id;
      await server.admin.locations.setHoursExceptions(ids.get('LYS-PARTDIEU')!, [
        { date: '2026-01-01', closed: true, label: "Jour de l'an" },
        { date: '2026-02-10', closed: false, hours: [{ open: '12:00', close: '18:00' }], label: 'Inventaire' },
        { date: '2026-06-01', closed: true, label: 'Travaux' },
      ]);
    });
    after(() => server.close());

    const codes = (items: Store[]) => items.map((item) => item.code);
    const client = () => server.client();

    test('nearest stores first, with distance, hours, services and open state; warehouses never', async () => {
      clock.set(THURSDAY_MORNING);
      const { items, nextCursor } = await client().stores.near({ near });
      assert.equal(nextCursor, null);
      assert.deepEqual(codes(items), ['LYS-BELLECOUR', 'LYS-PARTDIEU', 'LYS-CONFLUENCE', 'VILLEURBANNE', 'ECULLY', 'PARIS-OPERA', 'REUNION-SD']);
      assert.ok(!items.some((item) => item.id === warehouseId));
      for (const item of items) {
        assert.match(item.id, /^sto_/);
        const expected = haversineKm(LYON_CENTRE, item.location);
        assert.ok(Math.abs(item.distanceKm! - expected) <= 0.005, `${item.code}: ${item.distanceKm} vs ${expected}`);
      }
      assert.ok(Math.abs(items[5]!.distanceKm! - 393.7) < 0.1, 'Paris Opéra is 393.7 km from Lyon centre');
      const bellecour = items[0]!;
      assert.deepEqual(bellecour.address, { line1: '17 rue de la République', line2: null, postalCode: '69002', city: 'Lyon', country: 'FR' });
      assert.equal(bellecour.timezone, 'Europe/Paris');
      assert.deepEqual(bellecour.services, ['click_and_collect', 'returns']);
      assert.deepEqual(bellecour.openingHours.wed, [{ open: '09:00', close: '12:30' }, { open: '14:00', close: '19:00' }]);
      assert.deepEqual(bellecour.openingHours.sun, []);
      assert.equal(bellecour.openNow, true);
      assert.deepEqual(bellecour.nextChange, { openNow: false, at: '2026-01-15T18:00:00.000Z' });
      const villeurbanne = items.find((item) => item.code === 'VILLEURBANNE')!;
      assert.equal(villeurbanne.openNow, false);
      assert.deepEqual(villeurbanne.nextChange, { openNow: true, at: '2026-01-17T09:00:00.000Z' });
    });

    test('limit keeps the nearest; default 10, at most 100', async () => {
      assert.deepEqual(codes((await client().stores.near({ near, limit: 2 })).items), ['LYS-BELLECOUR', 'LYS-PARTDIEU']);
      // Far from every store, the search widens until it has enough.
      const fromParis = await client().stores.near({ near: '48.8566,2.3522', limit: 3 });
      assert.deepEqual(codes(fromParis.items), ['PARIS-OPERA', 'ECULLY', 'LYS-BELLECOUR']);
      const fromOcean = await client().stores.near({ near: '0,-30', limit: 1 });
      assert.equal(fromOcean.items.length, 1);
      await expectProblem(client().stores.near({ near, limit: 0 }), { status: 400, code: 'platform.validation_failed', path: 'querystring/limit' });
      await expectProblem(client().stores.near({ near, limit: 101 }), { status: 400, code: 'platform.validation_failed', path: 'querystring/limit' });
    });

    test('the default limit is 10', async () => {
      const extra: string[] = [];
      for (let i = 0; i < 5; i++) {
        extra.push((await server.admin.locations.create(storeBody({ code: `ANNECY-${i}`, name: `Annecy ${i}`, location: { latitude: 45.9 + i / 100, longitude: 6.12 } }))).code);
      }
      assert.equal((await client().stores.near({ near })).items.length, 10);
      assert.equal((await client().stores.near({ near, limit: 100 })).items.length, 12);
      // The API has no delete (stock and orders point at locations); the test cleans up behind itself.
      await server.deps.database.kysely.deleteFrom('locations').where('code', 'in', extra).execute();
      assert.equal((await client().stores.near({ near, limit: 100 })).items.length, 7);
    });

    test('service filters, a comma list requiring every service', async () => {
      assert.deepEqual(codes((await client().stores.near({ near, service: 'click_and_collect' })).items), ['LYS-BELLECOUR', 'LYS-PARTDIEU', 'VILLEURBANNE', 'ECULLY', 'PARIS-OPERA']);
      assert.deepEqual(codes((await client().stores.near({ near, service: 'click_and_collect,returns' })).items), ['LYS-BELLECOUR', 'ECULLY']);
      assert.deepEqual(codes((await client().stores.near({ near, service: 'returns,reserve_and_try,click_and_collect' })).items), ['ECULLY']);
      assert.deepEqual(codes((await client().stores.near({ near, service: 'ship_to_store_pickup', limit: 1 })).items), ['PARIS-OPERA']);
      await expectProblem(client().stores.near({ near, service: 'valet' }), { status: 400, code: 'stores.invalid_service', path: 'querystring/service', detail: /"valet"/ });
      await expectProblem(client().stores.near({ near, service: 'returns,' }), { status: 400, code: 'stores.invalid_service', path: 'querystring/service' });
    });

    test("openNow follows each store's own time zone and the injected clock", async () => {
      clock.set(THURSDAY_MORNING);
      assert.deepEqual(codes((await client().stores.near({ near, openNow: true, limit: 100 })).items), ['LYS-BELLECOUR', 'LYS-PARTDIEU', 'LYS-CONFLUENCE', 'ECULLY', 'PARIS-OPERA', 'REUNION-SD']);
      assert.deepEqual(codes((await client().stores.near({ near, openNow: false, limit: 100 })).items), ['VILLEURBANNE']);
      // 05:30 UTC: 06:30 in Paris (closed), 09:30 in Réunion (open).
      clock.set('2026-01-15T05:30:00Z');
      const early = await client().stores.near({ near, openNow: true });
      assert.deepEqual(codes(early.items), ['REUNION-SD']);
      assert.deepEqual(early.items[0]!.nextChange, { openNow: false, at: '2026-01-15T15:00:00.000Z' });
      // Summer time: 09:00 in Paris is 07:00 UTC.
      clock.set('2026-07-16T07:00:00Z');
      assert.equal((await client().stores.get(ids.get('LYS-BELLECOUR')!)).openNow, true);
      clock.set('2026-07-16T06:59:00Z');
      assert.equal((await client().stores.get(ids.get('LYS-BELLECOUR')!)).openNow, false);
      clock.set(THURSDAY_MORNING);
    });

    test('exceptions: the upcoming ones are shown, and they decide openNow on their date', async () => {
      clock.set(THURSDAY_MORNING);
      const partDieu = await client().stores.get(ids.get('LYS-PARTDIEU')!);
      assert.deepEqual(partDieu.openingHoursExceptions, [{ date: '2026-02-10', closed: false, hours: [{ open: '12:00', close: '18:00' }], label: 'Inventaire' }]);
      // Tuesday 10 February, 11:00 in Paris: a normal Tuesday would be open.
      clock.set('2026-02-10T10:00:00Z');
      const inventory = await client().stores.get(ids.get('LYS-PARTDIEU')!);
      assert.equal(inventory.openNow, false);
      assert.deepEqual(inventory.nextChange, { openNow: true, at: '2026-02-10T11:00:00.000Z' });
      assert.equal((await client().stores.get(ids.get('LYS-BELLECOUR')!)).openNow, true);
      clock.set(THURSDAY_MORNING);
    });

    test('a malformed near is a 400 that says what is wrong, on both routes that take it', async () => {
      const cases: [string, RegExp][] = [
        ['abc', /latitude,longitude/],
        ['45.7', /latitude,longitude/],
        ['', /latitude,longitude/],
        ['91,0', /latitude 91 is out of range/],
        ['45.7,200', /longitude 200 is out of range/],
        ['45.7,east', /longitude "east" is not a decimal number/],
      ];
      for (const [value, detail] of cases) {
        const error = await expectProblem(client().stores.near({ near: value }), { status: 400, code: 'stores.invalid_coordinates', path: 'querystring/near', detail });
        assert.equal(error.problem.type, 'urn:passerelle:problem:stores.invalid_coordinates');
      }
      await expectProblem(client().request('GET', '/v1/stores', { query: { near, cursor: 'abc' } }), { status: 400, code: 'platform.validation_failed', path: 'querystring/cursor' });
      await expectProblem(client().request('GET', '/v1/stores', { query: { near, radius: 5 } }), { status: 400, code: 'platform.validation_failed', path: 'querystring/radius' });
      await expectProblem(client().request('GET', '/v1/stores', { query: { near, openNow: 'maybe' } }), { status: 400, code: 'platform.validation_failed', path: 'querystring/openNow' });
    });

    test('without near: every store by name (accents folded), page after page', async () => {
      const seen: Store[] = [];
      let cursor: string | undefined;
      do {
        const page = await client().stores.list({ limit: 3, ...(cursor ? { cursor } : {}) });
        assert.ok(page.items.length <= 3);
        assert.ok(page.items.every((item) => item.distanceKm === undefined));
        seen.push(...page.items);
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      const names = seen.filter((item) => STORES.some((s) => s.code === item.code)).map((item) => item.name);
      assert.deepEqual(names, ['Écully Grand Ouest', 'Lyon Bellecour', 'Lyon Confluence', 'Lyon Part-Dieu', 'Paris Opéra', 'Saint-Denis Réunion', 'Villeurbanne Gratte-Ciel']);
      assert.equal(new Set(seen.map((item) => item.id)).size, seen.length, 'no store twice');
      assert.ok(!seen.some((item) => item.id === warehouseId));
      assert.deepEqual(codes((await client().stores.list({ service: 'reserve_and_try' })).items), ['ECULLY', 'LYS-CONFLUENCE']);
      assert.deepEqual(codes((await client().stores.list({ openNow: false })).items), ['VILLEURBANNE']);
      await expectProblem(client().stores.list({ cursor: '!!' }), { status: 400, code: 'platform.validation_failed', path: 'querystring/cursor' });
      for (const forged of ['null', '5', '{"k":1}']) {
        await expectProblem(client().stores.list({ cursor: Buffer.from(forged).toString('base64url') }), { status: 400, code: 'platform.validation_failed', path: 'querystring/cursor' });
      }
    });

    test('one store by id; a warehouse or an unknown id is a 404', async () => {
      const store = await client().stores.get(ids.get('ECULLY')!);
      assert.equal(store.name, 'Écully Grand Ouest');
      assert.equal(store.distanceKm, undefined);
      assert.deepEqual(store.openingHours.mon, SHOP_HOURS.mon);
      await expectProblem(client().stores.get(warehouseId), { status: 404, code: 'stores.store_not_found' });
      await expectProblem(client().stores.get('sto_nope'), { status: 404, code: 'stores.store_not_found' });
    });

    test('a moved or re-timed store is found by its new place and hours at once', async () => {
      const id = ids.get('VILLEURBANNE')!;
      await server.admin.locations.update(id, { location: { latitude: 45.7641, longitude: 4.8358 }, openingHours: SHOP_HOURS });
      const { items } = await client().stores.near({ near, limit: 1 });
      assert.equal(items[0]!.id, id);
      assert.equal(items[0]!.openNow, true);
      await server.admin.locations.update(id, { location: { latitude: 45.7719, longitude: 4.8902 }, openingHours: { sat: [{ open: '10:00', close: '19:00' }], sun: [{ open: '10:00', close: '13:00' }] } });
    });
  });
}

for (const dialect of DIALECTS) {
  describe(`store locator against a brute-force oracle (${dialect})`, () => {
    let server: TestServer;
    const stores: { id: string; latitude: number; longitude: number; services: StoreService[] }[] = [];
    const SERVICES: StoreService[] = ['click_and_collect', 'reserve_and_try', 'returns', 'ship_to_store_pickup'];

    before(async () => {
      server = await startTestServer(dialect, { clock: new ManualClock(THURSDAY_MORNING) });
      // Dense in a few cities, sparse elsewhere, a few overseas: every widening step gets used.
      const centres = [[45.76, 4.84], [48.86, 2.35], [43.3, 5.37], [47.22, -1.55]] as const;
      let seed = 7;
      const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
      for (let i = 0; i < 60; i++) {
        const centre = centres[i % centres.length]!;
        const spread = i % 3 === 0 ? 3 : 0.2;
        const point = i >= 56 ? { latitude: -21 + random(), longitude: 55.3 + random() } : { latitude: centre[0] + (random() - 0.5) * spread, longitude: centre[1] + (random() - 0.5) * spread };
        const services = SERVICES.filter(() => random() < 0.5);
        const created = await server.admin.locations.create(storeBody({ code: `ORACLE-${i}`, location: point, services }));
        stores.push({ id: created.id, ...point, services });
      }
    });
    after(() => server.close());

    test('property: the answer is the `limit` nearest stores offering the services, in distance order', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.double({ min: 41, max: 51.5, noNaN: true }),
          fc.double({ min: -5.5, max: 9.5, noNaN: true }),
          fc.integer({ min: 1, max: 70 }),
          fc.subarray(SERVICES, { maxLength: 2 }),
          async (latitude, longitude, limit, services) => {
            const point = { latitude, longitude };
            const expected = stores
              .filter((store) => services.every((service) => store.services.includes(service)))
              .map((store) => ({ id: store.id, distance: haversineKm(point, store) }))
              .sort((a, b) => a.distance - b.distance || (a.id < b.id ? -1 : 1))
              .slice(0, limit)
              .map((entry) => entry.id);
            const { items } = await server.client().stores.near({ near: `${latitude},${longitude}`, limit, ...(services.length ? { service: services.join(',') } : {}) });
            assert.deepEqual(items.map((item) => item.id), expected);
          },
        ),
        { numRuns: 40 },
      );
    });
  });
}

for (const dialect of DIALECTS) {
  describe(`store locator with fewer stores than asked for (${dialect})`, () => {
    let server: TestServer;
    before(async () => {
      server = await startTestServer(dialect, { clock: new ManualClock(THURSDAY_MORNING) });
    });
    after(() => server.close());

    test('no store at all: an empty list, not an error', async () => {
      assert.deepEqual((await server.client().stores.near({ near })).items, []);
      assert.deepEqual(await server.client().stores.list(), { items: [], nextCursor: null });
    });

    test('every store, nearest first, once the search has seen them all', async () => {
      const created: { code: string; latitude: number; longitude: number }[] = [];
      for (let i = 0; i < 5; i++) {
        const location = { latitude: LYON_CENTRE.latitude + (i + 1) * 0.05, longitude: LYON_CENTRE.longitude + i * 0.3 };
        created.push({ code: (await server.admin.locations.create(storeBody({ code: `FEW-${i}`, location }))).code, ...location });
      }
      const { items } = await server.client().stores.near({ near, limit: 50 });
      assert.deepEqual(items.map((item) => item.code), created.map((store) => store.code));
      // From New Zealand, every store is at the far side of the world: still the three nearest, in order.
      const far = { latitude: -45, longitude: 170 };
      const expected = [...created].sort((a, b) => haversineKm(far, a) - haversineKm(far, b)).slice(0, 3).map((store) => store.code);
      assert.deepEqual((await server.client().stores.near({ near: '-45,170', limit: 3 })).items.map((item) => item.code), expected);
    });
  });
}
