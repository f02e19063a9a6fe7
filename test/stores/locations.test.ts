import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DIALECTS, startTestServer, type TestServer } from '../support/harness.js';
import { ManualClock } from '../../src/platform/clock.js';
import type { CreateLocationBody } from '../../src/modules/catalog/stores.schemas.js';
import { SHOP_HOURS, expectProblem, storeBody } from './location-bodies.js';

for (const dialect of DIALECTS) {
  describe(`locations: stores and warehouses (${dialect})`, () => {
    let server: TestServer;
    const clock = new ManualClock('2026-11-22T09:00:00Z');

    before(async () => {
      server = await startTestServer(dialect, { clock });
    });
    after(() => server.close());

    const rowCount = async () => Number((await server.deps.database.kysely.selectFrom('locations').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const rawRow = (id: string) => server.deps.database.kysely.selectFrom('locations').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

    test('a store is created with every field, and stored in the JSON form the demo seed writes', async () => {
      const created = await server.admin.locations.create(
        storeBody({
          code: 'LYON-PD',
          name: 'Lyon Part-Dieu',
          address: { line1: '17 rue du Docteur Bouchut', line2: 'Centre commercial, niveau 1', postalCode: '69003', city: 'Lyon', country: 'FR' },
          location: { latitude: 45.7606, longitude: 4.8593 },
          timezone: 'europe/paris',
          phone: '+33 4 72 00 00 00',
          email: 'partdieu@stylenow.example',
          services: ['click_and_collect', 'reserve_and_try', 'returns', 'ship_to_store_pickup'],
          zones: [{ code: 'A1', name: 'Femme – robes' }, { code: 'B2', name: 'Homme' }],
          openingHours: { ...SHOP_HOURS, sat: [{ open: '10:00', close: '19:00' }, { open: '21:00', close: '01:00', overnight: true }] },
          openingHoursExceptions: [
            { date: '2026-12-25', closed: true, label: 'Noël' },
            { date: '2026-12-24', closed: false, hours: [{ open: '09:00', close: '17:00' }], label: 'Réveillon' },
          ],
        }),
      );
      assert.match(created.id, /^sto_[0-9a-z]{20}$/);
      assert.equal(created.kind, 'store');
      assert.equal(created.timezone, 'Europe/Paris', 'the zone name is stored in its canonical spelling');
      assert.deepEqual(created.address, { line1: '17 rue du Docteur Bouchut', line2: 'Centre commercial, niveau 1', postalCode: '69003', city: 'Lyon', country: 'FR' });
      assert.deepEqual(created.location, { latitude: 45.7606, longitude: 4.8593 });
      assert.deepEqual(created.openingHours.sun, []);
      assert.deepEqual(created.openingHours.wed, [{ open: '09:00', close: '12:30' }, { open: '14:00', close: '19:00' }]);
      assert.deepEqual(created.openingHours.sat, [{ open: '10:00', close: '19:00' }, { open: '21:00', close: '01:00', overnight: true }]);
      assert.deepEqual(created.openingHoursExceptions.map((e) => e.date), ['2026-12-24', '2026-12-25'], 'exceptions in date order');
      assert.equal(created.createdAt, '2026-11-22T09:00:00.000Z');

      assert.deepEqual(await server.admin.locations.get(created.id), created);

      const row = await rawRow(created.id);
      assert.deepEqual(JSON.parse(row.opening_hours), {
        mon: [['09:00', '19:00']],
        tue: [['09:00', '19:00']],
        wed: [['09:00', '12:30'], ['14:00', '19:00']],
        thu: [['09:00', '19:00']],
        fri: [['09:00', '19:00']],
        sat: [['10:00', '19:00'], ['21:00', '01:00']],
        sun: [],
      });
      assert.deepEqual(JSON.parse(row.hours_exceptions), [
        { date: '2026-12-24', closed: false, hours: [['09:00', '17:00']], label: 'Réveillon' },
        { date: '2026-12-25', closed: true, label: 'Noël' },
      ]);
      assert.deepEqual(JSON.parse(row.services), ['click_and_collect', 'reserve_and_try', 'returns', 'ship_to_store_pickup']);
      assert.deepEqual(JSON.parse(row.zones), [{ code: 'A1', name: 'Femme – robes' }, { code: 'B2', name: 'Homme' }]);
    });

    test('a warehouse gets a whs_ id; optional fields default to empty', async () => {
      const created = await server.admin.locations.create({
        kind: 'warehouse',
        code: 'WH-CHASSIEU',
        name: 'Entrepôt Chassieu',
        address: { line1: 'ZI Mi-Plaine', postalCode: '69680', city: 'Chassieu', country: 'FR' },
        location: { latitude: 45.7386, longitude: 4.9619 },
        timezone: 'Europe/Paris',
      });
      assert.match(created.id, /^whs_/);
      assert.equal(created.kind, 'warehouse');
      assert.equal(created.address.line2, null);
      assert.equal(created.phone, null);
      assert.deepEqual(created.services, []);
      assert.deepEqual(created.zones, []);
      assert.deepEqual(created.openingHours, { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] });
      assert.deepEqual(created.openingHoursExceptions, []);
    });

    test('a code already used is a 409 and nothing is written', async () => {
      await server.admin.locations.create(storeBody({ code: 'DUP-01' }));
      const before = await rowCount();
      await expectProblem(server.admin.locations.create(storeBody({ code: 'DUP-01', kind: 'warehouse' })), { status: 409, code: 'stores.duplicate_code', path: 'body/code' });
      assert.equal(await rowCount(), before);
    });

    const bad: { name: string; body: (b: CreateLocationBody) => unknown; status: number; code: string; path: string }[] = [
      { name: 'latitude above 90', body: (b) => ({ ...b, location: { latitude: 91, longitude: 4.8 } }), status: 400, code: 'platform.validation_failed', path: 'body/location/latitude' },
      { name: 'longitude below -180', body: (b) => ({ ...b, location: { latitude: 45, longitude: -180.5 } }), status: 400, code: 'platform.validation_failed', path: 'body/location/longitude' },
      { name: 'latitude as text', body: (b) => ({ ...b, location: { latitude: '45.7', longitude: 4.8 } }), status: 400, code: 'platform.validation_failed', path: 'body/location/latitude' },
      { name: 'an unknown time zone', body: (b) => ({ ...b, timezone: 'Europe/Lyon' }), status: 400, code: 'stores.invalid_timezone', path: 'body/timezone' },
      { name: 'an offset instead of a zone', body: (b) => ({ ...b, timezone: '+01:00' }), status: 400, code: 'stores.invalid_timezone', path: 'body/timezone' },
      { name: 'a time that is not HH:MM', body: (b) => ({ ...b, openingHours: { mon: [{ open: '9:00', close: '19:00' }] } }), status: 400, code: 'platform.validation_failed', path: 'body/openingHours/mon/0/open' },
      { name: 'a time past 23:59', body: (b) => ({ ...b, openingHours: { mon: [{ open: '09:00', close: '25:00' }] } }), status: 400, code: 'platform.validation_failed', path: 'body/openingHours/mon/0/close' },
      { name: 'a close before the open without overnight', body: (b) => ({ ...b, openingHours: { mon: [{ open: '19:00', close: '09:00' }] } }), status: 400, code: 'stores.invalid_hours', path: 'body/openingHours/mon/0/close' },
      { name: 'a close equal to the open', body: (b) => ({ ...b, openingHours: { tue: [{ open: '09:00', close: '09:00' }] } }), status: 400, code: 'stores.invalid_hours', path: 'body/openingHours/tue/0/close' },
      { name: 'overnight on a range that does not pass midnight', body: (b) => ({ ...b, openingHours: { mon: [{ open: '09:00', close: '19:00', overnight: true }] } }), status: 400, code: 'stores.invalid_hours', path: 'body/openingHours/mon/0/overnight' },
      { name: 'overlapping ranges', body: (b) => ({ ...b, openingHours: { fri: [{ open: '14:00', close: '19:00' }, { open: '09:00', close: '14:30' }] } }), status: 400, code: 'stores.invalid_hours', path: 'body/openingHours/fri/0' },
      { name: 'a range after an overnight one', body: (b) => ({ ...b, openingHours: { fri: [{ open: '20:00', close: '02:00', overnight: true }, { open: '22:00', close: '23:00' }] } }), status: 400, code: 'stores.invalid_hours', path: 'body/openingHours/fri/1' },
      { name: 'an overnight range running into the next day’s opening', body: (b) => ({ ...b, openingHours: { sun: [{ open: '22:00', close: '10:00', overnight: true }], mon: [{ open: '09:00', close: '19:00' }] } }), status: 400, code: 'stores.invalid_hours', path: 'body/openingHours/mon/0' },
      { name: 'an unknown day', body: (b) => ({ ...b, openingHours: { lun: [] } }), status: 400, code: 'platform.validation_failed', path: 'body/openingHours/lun' },
      { name: 'an unknown field', body: (b) => ({ ...b, colour: 'blue' }), status: 400, code: 'platform.validation_failed', path: 'body/colour' },
      { name: 'an unknown service', body: (b) => ({ ...b, services: ['valet_parking'] }), status: 400, code: 'platform.validation_failed', path: 'body/services/0' },
      { name: 'a service twice', body: (b) => ({ ...b, services: ['returns', 'returns'] }), status: 400, code: 'platform.validation_failed', path: 'body/services' },
      { name: 'a zone code twice', body: (b) => ({ ...b, zones: [{ code: 'A1', name: 'Femme' }, { code: 'A1', name: 'Homme' }] }), status: 400, code: 'platform.validation_failed', path: 'body/zones/1/code' },
      { name: 'an unknown kind', body: (b) => ({ ...b, kind: 'shop' }), status: 400, code: 'platform.validation_failed', path: 'body/kind' },
      { name: 'a country name instead of its code', body: (b) => ({ ...b, address: { ...b.address, country: 'France' } }), status: 400, code: 'platform.validation_failed', path: 'body/address/country' },
      { name: 'no address', body: ({ address: _address, ...rest }) => rest, status: 400, code: 'platform.validation_failed', path: 'body/address' },
      { name: 'an empty name', body: (b) => ({ ...b, name: '' }), status: 400, code: 'platform.validation_failed', path: 'body/name' },
      { name: 'a code with spaces', body: (b) => ({ ...b, code: 'LYON 01' }), status: 400, code: 'platform.validation_failed', path: 'body/code' },
      { name: 'a bad email', body: (b) => ({ ...b, email: 'not-an-email' }), status: 400, code: 'platform.validation_failed', path: 'body/email' },
      { name: 'an exception on a day that does not exist', body: (b) => ({ ...b, openingHoursExceptions: [{ date: '2026-02-30', closed: true }] }), status: 400, code: 'platform.validation_failed', path: 'body/openingHoursExceptions/0/date' },
      { name: 'a closed exception with hours', body: (b) => ({ ...b, openingHoursExceptions: [{ date: '2026-12-25', closed: true, hours: [{ open: '09:00', close: '12:00' }] }] }), status: 400, code: 'stores.invalid_hours', path: 'body/openingHoursExceptions/0/hours' },
      { name: 'an open exception without hours', body: (b) => ({ ...b, openingHoursExceptions: [{ date: '2026-12-24', closed: false }] }), status: 400, code: 'stores.invalid_hours', path: 'body/openingHoursExceptions/0/hours' },
      { name: 'the same exception date twice', body: (b) => ({ ...b, openingHoursExceptions: [{ date: '2026-12-25', closed: true }, { date: '2026-12-25', closed: true }] }), status: 400, code: 'stores.invalid_hours', path: 'body/openingHoursExceptions/1/date' },
    ];

    for (const c of bad) {
      test(`create refuses ${c.name}: ${c.status} ${c.code} at ${c.path}, nothing written`, async () => {
        const before = await rowCount();
        await expectProblem(server.admin.request('POST', '/v1/locations', { body: c.body(storeBody()) }), { status: c.status, code: c.code, path: c.path });
        assert.equal(await rowCount(), before);
      });
    }

    test('PATCH changes what is given and nothing else; updatedAt follows the clock', async () => {
      const created = await server.admin.locations.create(storeBody({ code: 'PATCH-01', phone: '+33 4 00 00 00 00' }));
      clock.advance(60_000);
      const updated = await server.admin.locations.update(created.id, {
        name: 'Lyon Bellecour',
        address: { line1: '2 place Bellecour', line2: 'Entrée rue Victor Hugo' },
        location: { latitude: 45.7578, longitude: 4.832 },
        phone: null,
        services: ['returns'],
        openingHours: { sun: [{ open: '10:00', close: '13:00' }] },
      });
      assert.equal(updated.name, 'Lyon Bellecour');
      assert.deepEqual(updated.address, { line1: '2 place Bellecour', line2: 'Entrée rue Victor Hugo', postalCode: '69002', city: 'Lyon', country: 'FR' });
      assert.deepEqual(updated.location, { latitude: 45.7578, longitude: 4.832 });
      assert.equal(updated.phone, null);
      assert.deepEqual(updated.services, ['returns']);
      assert.deepEqual(updated.openingHours.sun, [{ open: '10:00', close: '13:00' }]);
      assert.deepEqual(updated.openingHours.mon, [], 'weekly hours are replaced as a whole');
      assert.equal(updated.code, 'PATCH-01');
      assert.equal(updated.createdAt, created.createdAt);
      assert.equal(updated.updatedAt, new Date(clock.now()).toISOString());
      assert.deepEqual(await server.admin.locations.get(created.id), updated);
    });

    test('a refused PATCH changes nothing', async () => {
      const created = await server.admin.locations.create(storeBody({ code: 'PATCH-02' }));
      await server.admin.locations.create(storeBody({ code: 'PATCH-03' }));
      const cases: { body: unknown; status: number; code: string; path?: string }[] = [
        { body: { name: 'Renamed', timezone: 'Mars/Olympus_Mons' }, status: 400, code: 'stores.invalid_timezone', path: 'body/timezone' },
        { body: { name: 'Renamed', openingHours: { mon: [{ open: '19:00', close: '09:00' }] } }, status: 400, code: 'stores.invalid_hours', path: 'body/openingHours/mon/0/close' },
        { body: { name: 'Renamed', code: 'PATCH-03' }, status: 409, code: 'stores.duplicate_code', path: 'body/code' },
        { body: { name: 'Renamed', kind: 'warehouse' }, status: 400, code: 'platform.validation_failed', path: 'body/kind' },
        { body: { name: 'Renamed', location: { latitude: 45 } }, status: 400, code: 'platform.validation_failed', path: 'body/location/longitude' },
        { body: {}, status: 400, code: 'platform.validation_failed' },
      ];
      for (const c of cases) {
        await expectProblem(server.admin.request('PATCH', `/v1/locations/${created.id}`, { body: c.body }), c);
      }
      assert.deepEqual(await server.admin.locations.get(created.id), created);
      await expectProblem(server.admin.locations.update('sto_unknown', { name: 'X' }), { status: 404, code: 'stores.location_not_found' });
    });

    test('PUT hours-exceptions replaces the list; a bad list changes nothing', async () => {
      const created = await server.admin.locations.create(storeBody({ code: 'EXC-01', openingHoursExceptions: [{ date: '2026-11-11', closed: true, label: 'Armistice' }] }));
      const replaced = await server.admin.locations.setHoursExceptions(created.id, [
        { date: '2027-01-01', closed: true, label: "Jour de l'an" },
        { date: '2026-12-31', closed: false, hours: [{ open: '10:00', close: '16:00' }, { open: '22:00', close: '02:00', overnight: true }], label: 'Saint-Sylvestre' },
      ]);
      assert.deepEqual(replaced.openingHoursExceptions, [
        { date: '2026-12-31', closed: false, hours: [{ open: '10:00', close: '16:00' }, { open: '22:00', close: '02:00', overnight: true }], label: 'Saint-Sylvestre' },
        { date: '2027-01-01', closed: true, label: "Jour de l'an" },
      ]);
      await expectProblem(server.admin.request('PUT', `/v1/locations/${created.id}/hours-exceptions`, { body: { exceptions: [{ date: '2027-05-01', closed: false }] } }), {
        status: 400,
        code: 'stores.invalid_hours',
        path: 'body/exceptions/0/hours',
      });
      await expectProblem(server.admin.request('PUT', `/v1/locations/${created.id}/hours-exceptions`, { body: [{ date: '2027-05-01', closed: true }] }), {
        status: 400,
        code: 'platform.validation_failed',
      });
      assert.deepEqual((await server.admin.locations.get(created.id)).openingHoursExceptions, replaced.openingHoursExceptions);
      const cleared = await server.admin.locations.setHoursExceptions(created.id, []);
      assert.deepEqual(cleared.openingHoursExceptions, []);
      await expectProblem(server.admin.locations.setHoursExceptions('whs_unknown', []), { status: 404, code: 'stores.location_not_found' });
    });

    test('the list filters by kind and text, and its pages cover every location once', async () => {
      await server.admin.locations.create(storeBody({ code: 'LIST-A', name: 'Grenoble Victor Hugo', address: { line1: '1 place Victor Hugo', postalCode: '38000', city: 'Grenoble', country: 'FR' } }));
      await server.admin.locations.create({ ...storeBody({ code: 'LIST-B' }), kind: 'warehouse', name: 'Entrepôt 100%_pur' });
      const everything = new Set<string>();
      let cursor: string | undefined;
      let pages = 0;
      do {
        const page = await server.admin.locations.list({ limit: 3, ...(cursor ? { cursor } : {}) });
        assert.ok(page.items.length <= 3);
        for (const item of page.items) {
          assert.ok(!everything.has(item.id), `${item.id} came twice`);
          everything.add(item.id);
        }
        const codes = page.items.map((item) => item.code);
        assert.deepEqual(codes, [...codes].sort(), 'ordered by code');
        cursor = page.nextCursor ?? undefined;
        pages += 1;
      } while (cursor);
      assert.equal(everything.size, await rowCount());
      assert.ok(pages > 1);

      const warehouses = await server.admin.locations.list({ kind: 'warehouse', limit: 200 });
      assert.ok(warehouses.items.length >= 2 && warehouses.items.every((item) => item.kind === 'warehouse'));
      assert.deepEqual((await server.admin.locations.list({ q: 'grenoble' })).items.map((item) => item.code), ['LIST-A']);
      assert.deepEqual((await server.admin.locations.list({ q: '38000' })).items.map((item) => item.code), ['LIST-A']);
      assert.deepEqual((await server.admin.locations.list({ q: '100%_' })).items.map((item) => item.code), ['LIST-B'], '% and _ match themselves');
      await expectProblem(server.admin.locations.list({ cursor: 'not a cursor' }), { status: 400, code: 'platform.validation_failed', path: 'querystring/cursor' });
      await expectProblem(server.admin.locations.list({ cursor: Buffer.from('null').toString('base64url') }), { status: 400, code: 'platform.validation_failed', path: 'querystring/cursor' });
      await expectProblem(server.admin.request('GET', '/v1/locations', { query: { kind: 'shop' } }), { status: 400, code: 'platform.validation_failed', path: 'querystring/kind' });
    });

    test('staff read, only admins write, customers and anonymous callers are refused', async () => {
      const created = await server.admin.locations.create(storeBody({ code: 'ACCESS-01' }));
      const marketer = server.client((await server.admin.apiTokens.create({ name: 'm', role: 'marketer' })).token);
      const associate = server.client((await server.admin.apiTokens.create({ name: 'a', role: 'associate', storeId: created.id })).token);
      const customer = server.client((await server.client().customers.signup({ email: 'access@example.fr', password: 'correct horse battery' })).token);
      assert.equal((await marketer.locations.get(created.id)).code, 'ACCESS-01');
      assert.ok((await associate.locations.list()).items.length > 0);
      const before = await rowCount();
      await expectProblem(marketer.locations.create(storeBody()), { status: 403, code: 'platform.forbidden' });
      await expectProblem(associate.locations.update(created.id, { name: 'Mine now' }), { status: 403, code: 'platform.forbidden' });
      await expectProblem(customer.locations.get(created.id), { status: 403, code: 'platform.forbidden' });
      await expectProblem(server.client().locations.list(), { status: 401, code: 'platform.unauthenticated' });
      await expectProblem(server.client().locations.setHoursExceptions(created.id, []), { status: 401, code: 'platform.unauthenticated' });
      assert.equal(await rowCount(), before);
      assert.equal((await server.admin.locations.get(created.id)).name, created.name);
      await expectProblem(server.admin.locations.get('sto_does_not_exist'), { status: 404, code: 'stores.location_not_found' });
    });
  });
}
