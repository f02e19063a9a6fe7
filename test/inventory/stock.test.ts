import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ADMIN_TOKEN, DIALECTS, startTestServer, type TestServer } from '../support/harness.js';
import { principals } from '../support/fixtures.js';
import { problemOf } from '../catalog/catalog-fixtures.js';
import { assertLedgerBalanced, createLocation, createSkus, inventorySnapshot, tag, type Place } from './inventory-fixtures.js';
import type { PasserelleClient } from '../../sdk/index.js';

for (const dialect of DIALECTS) {
  describe(`stock levels and the movement ledger (${dialect})`, () => {
    let server: TestServer;
    let admin: PasserelleClient;
    let store: Place;

    before(async () => {
      server = await startTestServer(dialect);
      admin = server.admin;
      store = await createLocation(admin, 'store', { zones: [{ code: 'A1', name: 'Allée 1' }, { code: 'B2', name: 'Allée 2' }] });
    });
    after(() => server?.close());

    test('a count sets on hand and the ledger records the difference; movements explain every later change', async () => {
      const sku = `SKU-${tag()}`;
      await createSkus(admin, sku);
      const empty = await admin.inventory.get(sku, store.id);
      assert.deepEqual([empty.onHand, empty.reserved, empty.available, empty.updatedAt], [0, 0, 0, null]);

      const counted = await admin.inventory.set(sku, store.id, { onHand: 10, safetyStock: 2, lowStockThreshold: 3, zone: 'A1' });
      assert.equal(counted.movement?.kind, 'count');
      assert.equal(counted.movement?.delta, 10);
      assert.deepEqual(
        [counted.level.onHand, counted.level.safetyStock, counted.level.available, counted.level.zone, counted.level.lowStock],
        [10, 2, 8, 'A1', false],
      );
      const recount = await admin.inventory.set(sku, store.id, { onHand: 10 });
      assert.equal(recount.movement, null, 'a count that changes nothing writes nothing');
      assert.equal(recount.level.zone, 'A1', 'fields left out are kept');

      const receipt = await admin.inventory.move({ sku, locationId: store.id, delta: 5, reason: 'receipt', reference: 'BL-1', note: 'livraison du matin' });
      assert.deepEqual([receipt.movement.kind, receipt.movement.delta, receipt.movement.onHandAfter, receipt.movement.reference, receipt.movement.note], ['receipt', 5, 15, 'BL-1', 'livraison du matin']);
      await admin.inventory.move({ sku, locationId: store.id, delta: 1, reason: 'return' });
      await admin.inventory.move({ sku, locationId: store.id, delta: -2, reason: 'adjustment', note: 'abîmés' });
      const sale = await admin.inventory.move({ sku, locationId: store.id, delta: -3, reason: 'online_sale' });
      assert.deepEqual([sale.level.onHand, sale.level.available], [11, 9]);
      await admin.inventory.set(sku, store.id, { onHand: 7, note: 'inventaire annuel' });

      const ledger = await admin.inventory.movements(sku, store.id);
      assert.deepEqual(
        ledger.items.map((m) => [m.kind, m.delta, m.onHandAfter]),
        [
          ['count', -4, 7],
          ['online_sale', -3, 11],
          ['adjustment', -2, 14],
          ['return', 1, 16],
          ['receipt', 5, 15],
          ['count', 10, 10],
        ],
      );
      assert.equal(ledger.items.reduce((sum, m) => sum + m.delta, 0), 7);
      assert.ok(ledger.items.every((m) => m.actor === 'admin-token'));

      // Cursor pagination walks the same ledger.
      const first = await admin.inventory.movements(sku, store.id, { limit: 4 });
      assert.equal(first.items.length, 4);
      const rest = await admin.inventory.movements(sku, store.id, { limit: 4, cursor: first.nextCursor! });
      assert.deepEqual([...first.items, ...rest.items].map((m) => m.id), ledger.items.map((m) => m.id));
      assert.equal(rest.nextCursor, null);
      await assertLedgerBalanced(server);
    });

    test('levels at a location are listed by sku, a page at a time, with a low-stock filter', async () => {
      const place = await createLocation(admin, 'warehouse');
      const skus = ['LST-A', 'LST-B', 'LST-C'].map((s) => `${s}-${tag()}`);
      await createSkus(admin, ...skus);
      for (const [i, sku] of skus.entries()) await admin.inventory.set(sku, place.id, { onHand: i * 5, lowStockThreshold: 4 });
      const page = await admin.inventory.list({ locationId: place.id, limit: 2 });
      const next = await admin.inventory.list({ locationId: place.id, limit: 2, cursor: page.nextCursor! });
      assert.deepEqual([...page.items, ...next.items].map((l) => l.sku).sort(), [...skus].sort());
      const low = await admin.inventory.list({ locationId: place.id, lowStock: true });
      assert.deepEqual(low.items.map((l) => l.onHand), [0]);
      await problemOf(admin.inventory.list({ locationId: 'whs_nowhere' }), 404, 'inventory.location_not_found');
    });

    test('bad input is a clear 4xx and leaves the ledger and every level as they were', async () => {
      const sku = `BAD-${tag()}`;
      const other = await createLocation(admin, 'store');
      await createSkus(admin, sku);
      await admin.inventory.set(sku, store.id, { onHand: 4 });
      await admin.inventory.set(sku, other.id, { onHand: 1 });
      const held = await admin.holds.create({ sku, locationId: store.id, quantity: 3, ownerType: 'manual' });
      await admin.holds.release((await admin.holds.create({ sku, locationId: store.id, quantity: 1, ownerType: 'manual' })).id);
      const transfer = await admin.transfers.create({ fromLocationId: other.id, toLocationId: store.id, lines: [{ sku, quantity: 1 }] });
      await admin.transfers.receive(transfer.id);
      const released = (await admin.holds.list({ sku, status: 'released' })).items[0]!;

      const raw = (method: string, path: string, body: unknown) =>
        admin.request(method, path, { body }) as Promise<unknown>;
      const cases: [string, () => Promise<unknown>, number, string][] = [
        ['negative count', () => raw('PUT', `/v1/inventory/${sku}/${store.id}`, { onHand: -1 }), 400, 'platform.validation_failed'],
        ['fractional count', () => raw('PUT', `/v1/inventory/${sku}/${store.id}`, { onHand: 2.5 }), 400, 'platform.validation_failed'],
        ['count as text', () => raw('PUT', `/v1/inventory/${sku}/${store.id}`, { onHand: '3' }), 400, 'platform.validation_failed'],
        ['unknown field', () => raw('PUT', `/v1/inventory/${sku}/${store.id}`, { onHand: 3, reserved: 0 }), 400, 'platform.validation_failed'],
        ['count of an unknown sku', () => admin.inventory.set('NO-SUCH-SKU', store.id, { onHand: 1 }), 404, 'inventory.sku_not_found'],
        ['count at an unknown location', () => admin.inventory.set(sku, 'sto_nowhere', { onHand: 1 }), 404, 'inventory.location_not_found'],
        ['zone the store does not have', () => admin.inventory.set(sku, store.id, { onHand: 4, zone: 'Z9' }), 422, 'inventory.unknown_zone'],
        ['count below what is reserved', () => admin.inventory.set(sku, store.id, { onHand: 2 }), 409, 'inventory.below_reserved'],
        ['fractional delta', () => raw('POST', '/v1/inventory/movements', { sku, locationId: store.id, delta: 1.5, reason: 'receipt' }), 400, 'platform.validation_failed'],
        ['negative receipt', () => admin.inventory.move({ sku, locationId: store.id, delta: -3, reason: 'receipt' }), 400, 'inventory.invalid_quantity'],
        ['positive sale', () => admin.inventory.move({ sku, locationId: store.id, delta: 3, reason: 'online_sale' }), 400, 'inventory.invalid_quantity'],
        ['zero delta', () => admin.inventory.move({ sku, locationId: store.id, delta: 0, reason: 'adjustment' }), 400, 'inventory.invalid_quantity'],
        ['a count as a movement', () => admin.inventory.move({ sku, locationId: store.id, delta: 1, reason: 'count' }), 400, 'inventory.invalid_movement_kind'],
        ['a transfer as a movement', () => admin.inventory.move({ sku, locationId: store.id, delta: 1, reason: 'transfer_in' }), 400, 'inventory.invalid_movement_kind'],
        ['unknown kind', () => raw('POST', '/v1/inventory/movements', { sku, locationId: store.id, delta: 1, reason: 'gift' }), 400, 'platform.validation_failed'],
        ['movement of an unknown sku', () => admin.inventory.move({ sku: 'NO-SUCH-SKU', locationId: store.id, delta: 1, reason: 'receipt' }), 422, 'inventory.unknown_sku'],
        ['movement at an unknown location', () => admin.inventory.move({ sku, locationId: 'whs_nowhere', delta: 1, reason: 'receipt' }), 422, 'inventory.unknown_location'],
        ['adjustment into reserved units', () => admin.inventory.move({ sku, locationId: store.id, delta: -3, reason: 'adjustment' }), 409, 'inventory.below_reserved'],
        ['sale beyond available', () => admin.inventory.move({ sku, locationId: store.id, delta: -3, reason: 'online_sale' }), 409, 'inventory.insufficient_stock'],
        ['hold of 0', () => raw('POST', '/v1/inventory/holds', { sku, locationId: store.id, quantity: 0, ownerType: 'cart' }), 400, 'platform.validation_failed'],
        ['negative hold', () => raw('POST', '/v1/inventory/holds', { sku, locationId: store.id, quantity: -1, ownerType: 'cart' }), 400, 'platform.validation_failed'],
        ['fractional hold', () => raw('POST', '/v1/inventory/holds', { sku, locationId: store.id, quantity: 0.5, ownerType: 'cart' }), 400, 'platform.validation_failed'],
        ['hold of an unknown sku', () => admin.holds.create({ sku: 'NO-SUCH-SKU', locationId: store.id, quantity: 1, ownerType: 'cart' }), 422, 'inventory.unknown_sku'],
        ['hold at an unknown location', () => admin.holds.create({ sku, locationId: 'sto_nowhere', quantity: 1, ownerType: 'cart' }), 422, 'inventory.unknown_location'],
        ['hold beyond available', () => admin.holds.create({ sku, locationId: store.id, quantity: 3, ownerType: 'cart' }), 409, 'inventory.insufficient_stock'],
        ['hold with a calendar ttl', () => raw('POST', '/v1/inventory/holds', { sku, locationId: store.id, quantity: 1, ownerType: 'cart', ttl: 'P1M' }), 400, 'platform.validation_failed'],
        ['hold with a zero ttl', () => admin.holds.create({ sku, locationId: store.id, quantity: 1, ownerType: 'cart', ttl: 'PT0S' }), 400, 'inventory.invalid_duration'],
        ['hold with ttl and expiresAt', () => admin.holds.create({ sku, locationId: store.id, quantity: 1, ownerType: 'cart', ttl: 'PT1H', expiresAt: '2099-01-01T00:00:00Z' }), 400, 'inventory.invalid_expiry'],
        ['hold expiring in the past', () => admin.holds.create({ sku, locationId: store.id, quantity: 1, ownerType: 'cart', expiresAt: '2000-01-01T00:00:00Z' }), 400, 'inventory.invalid_expiry'],
        ['unknown owner type', () => raw('POST', '/v1/inventory/holds', { sku, locationId: store.id, quantity: 1, ownerType: 'wish' }), 400, 'platform.validation_failed'],
        ['the same line twice', () => admin.holds.reserve({ ownerType: 'order', lines: [{ sku, locationId: store.id, quantity: 1 }, { sku, locationId: store.id, quantity: 1 }] }), 400, 'inventory.duplicate_line'],
        ['releasing twice', () => admin.holds.release(released.id), 409, 'inventory.hold_not_active'],
        ['consuming a released hold', () => admin.holds.consume(released.id), 409, 'inventory.hold_not_active'],
        ['extending a released hold', () => admin.holds.extend(released.id, { ttl: 'PT1H' }), 409, 'inventory.hold_not_active'],
        ['releasing an unknown hold', () => admin.holds.release('hld_nothing'), 404, 'inventory.hold_not_found'],
        ['transfer to the same location', () => admin.transfers.create({ fromLocationId: store.id, toLocationId: store.id, lines: [{ sku, quantity: 1 }] }), 400, 'inventory.same_location'],
        ['negative transfer', () => raw('POST', '/v1/inventory/transfers', { fromLocationId: store.id, toLocationId: other.id, lines: [{ sku, quantity: -1 }] }), 400, 'platform.validation_failed'],
        ['transfer of an unknown sku', () => admin.transfers.create({ fromLocationId: store.id, toLocationId: other.id, lines: [{ sku: 'NO-SUCH-SKU', quantity: 1 }] }), 422, 'inventory.unknown_sku'],
        ['transfer from an unknown location', () => admin.transfers.create({ fromLocationId: 'whs_nowhere', toLocationId: other.id, lines: [{ sku, quantity: 1 }] }), 422, 'inventory.unknown_location'],
        ['transfer of reserved units', () => admin.transfers.create({ fromLocationId: store.id, toLocationId: other.id, lines: [{ sku, quantity: 3 }] }), 409, 'inventory.below_reserved'],
        ['transfer of more than there is', () => admin.transfers.create({ fromLocationId: other.id, toLocationId: store.id, lines: [{ sku, quantity: 9 }] }), 409, 'inventory.insufficient_stock'],
        ['receiving twice', () => admin.transfers.receive(transfer.id), 409, 'inventory.transfer_not_in_transit'],
        ['receiving an unknown transfer', () => admin.transfers.receive('trf_nothing'), 404, 'inventory.transfer_not_found'],
      ];
      const before = await inventorySnapshot(server);
      for (const [name, call, status, code] of cases) {
        const problem = await problemOf(call(), status, code).catch((error: Error) => assert.fail(`${name}: ${error.message}`));
        assert.ok(problem.detail.length > 10, `${name}: says what is wrong`);
        assert.equal(await inventorySnapshot(server), before, `${name}: nothing written`);
      }
      const short = await problemOf(admin.holds.create({ sku, locationId: store.id, quantity: 3, ownerType: 'cart' }), 409);
      assert.deepEqual(short.lines, [{ sku, locationId: store.id, requested: 3, available: 2 }]);
      assert.deepEqual([short.sku, short.locationId], [sku, store.id]);
      assert.equal(held.quantity, 3);
      await assertLedgerBalanced(server);
    });

    test('admins write anywhere; associates only at their own store; agents and marketers only read', async () => {
      const who = await principals(server);
      const sku = `ROLE-${tag()}`;
      await createSkus(admin, sku);
      const elsewhere = await createLocation(admin, 'store');
      const associate = server.client(who.associate);
      const agent = server.client(who.agent);
      const marketer = server.client(who.marketer);
      await admin.inventory.set(sku, elsewhere.id, { onHand: 5 });

      // At their own store: count, receive goods, hold, release, and receive a transfer.
      await associate.inventory.set(sku, who.storeId, { onHand: 3 });
      await associate.inventory.move({ sku, locationId: who.storeId, delta: 2, reason: 'receipt' });
      const hold = await associate.holds.create({ sku, locationId: who.storeId, quantity: 1, ownerType: 'reserve_and_try' });
      await associate.holds.release(hold.id);
      const incoming = await admin.transfers.create({ fromLocationId: elsewhere.id, toLocationId: who.storeId, lines: [{ sku, quantity: 2 }] });
      const outgoing = await admin.transfers.create({ fromLocationId: elsewhere.id, toLocationId: store.id, lines: [{ sku, quantity: 1 }] });
      await associate.transfers.receive(incoming.id);

      const before = await inventorySnapshot(server);
      const adminHold = await admin.holds.create({ sku, locationId: elsewhere.id, quantity: 1, ownerType: 'manual' });
      const afterHold = await inventorySnapshot(server);
      for (const [name, call] of [
        ['count elsewhere', () => associate.inventory.set(sku, elsewhere.id, { onHand: 1 })],
        ['movement elsewhere', () => associate.inventory.move({ sku, locationId: elsewhere.id, delta: 1, reason: 'receipt' })],
        ['hold elsewhere', () => associate.holds.create({ sku, locationId: elsewhere.id, quantity: 1, ownerType: 'manual' })],
        ['release elsewhere', () => associate.holds.release(adminHold.id)],
        ['consume elsewhere', () => associate.holds.consume(adminHold.id)],
        ['receive elsewhere', () => associate.transfers.receive(outgoing.id)],
        ['ship from elsewhere', () => associate.transfers.create({ fromLocationId: elsewhere.id, toLocationId: who.storeId, lines: [{ sku, quantity: 1 }] })],
      ] as const) {
        await problemOf(call(), 403, 'platform.forbidden').catch((error: Error) => assert.fail(`${name}: ${error.message}`));
      }
      for (const reader of [agent, marketer]) {
        assert.equal((await reader.inventory.get(sku, who.storeId)).onHand, 7);
        assert.ok((await reader.inventory.movements(sku, who.storeId)).items.length >= 3);
        assert.ok((await reader.holds.list({ sku })).items.length >= 2);
        await problemOf(reader.inventory.set(sku, who.storeId, { onHand: 1 }), 403);
        await problemOf(reader.holds.create({ sku, locationId: who.storeId, quantity: 1, ownerType: 'manual' }), 403);
        await problemOf(reader.inventory.settings.get(), 403);
      }
      await problemOf(associate.inventory.settings.update({ allowSplitShipments: true }), 403);
      assert.equal(await inventorySnapshot(server), afterHold, 'refused calls wrote nothing');
      assert.notEqual(before, afterHold);
      await assertLedgerBalanced(server);
    });

    test('Idempotency-Key: a retry replays the first answer and moves nothing twice', async () => {
      const sku = `IDEM-${tag()}`;
      await createSkus(admin, sku);
      const key = `key-${tag()}`;
      const body = { sku, locationId: store.id, delta: 4, reason: 'receipt' as const };
      const first = await admin.inventory.move(body, { idempotencyKey: key });
      const replay = await admin.request<{ movement: { id: string } }>('POST', '/v1/inventory/movements', { body, headers: { 'idempotency-key': key } });
      assert.equal(replay.movement.id, first.movement.id);
      assert.equal((await admin.inventory.get(sku, store.id)).onHand, 4, 'received once');
      const replayed = await fetch(`${server.url}/v1/inventory/movements`, {
        method: 'POST',
        headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json', 'idempotency-key': key },
        body: JSON.stringify(body),
      });
      assert.equal(replayed.status, 201);
      assert.equal(replayed.headers.get('idempotent-replayed'), 'true');

      // The same key with another request is refused, and moves nothing.
      await problemOf(admin.inventory.move({ ...body, delta: 5 }, { idempotencyKey: key }), 422, 'platform.idempotency_key_reused');
      assert.equal((await admin.inventory.get(sku, store.id)).onHand, 4);

      // A refused request stores nothing: the same key works once the stock is there.
      const holdKey = `hold-${tag()}`;
      const holdBody = { sku, locationId: store.id, quantity: 6, ownerType: 'cart' as const };
      await problemOf(admin.holds.create(holdBody, { idempotencyKey: holdKey }), 409, 'inventory.insufficient_stock');
      await admin.inventory.move({ sku, locationId: store.id, delta: 2, reason: 'receipt' });
      const hold = await admin.holds.create(holdBody, { idempotencyKey: holdKey });
      assert.equal((await admin.holds.create(holdBody, { idempotencyKey: holdKey })).id, hold.id);
      assert.equal((await admin.inventory.get(sku, store.id)).reserved, 6);

      // Concurrent copies of one request: one runs, the others replay it.
      const releaseKey = `release-${tag()}`;
      const answers = await Promise.all(Array.from({ length: 8 }, () => admin.holds.release(hold.id, {}, { idempotencyKey: releaseKey })));
      assert.deepEqual(new Set(answers.map((a) => a.status)), new Set(['released']));
      assert.equal((await admin.inventory.get(sku, store.id)).reserved, 0);

      // Keys belong to their caller: another caller's same key is another request.
      const who = await principals(server);
      const other = server.client(who.admin);
      await other.inventory.move({ ...body, delta: 1 }, { idempotencyKey: key });
      assert.equal((await admin.inventory.get(sku, store.id)).onHand, 7);
      await assertLedgerBalanced(server);
    });

    test('settings: defaults, partial updates, refused bad durations and unknown locations', async () => {
      const defaults = await admin.inventory.settings.get();
      assert.deepEqual(defaults, { allowNegativeOnHandForTillSales: false, allowSplitShipments: false, defaultHoldTtl: 'PT48H', transferLeadTime: { default: 'P2D', routes: [] } });
      const warehouse = await createLocation(admin, 'warehouse');
      const updated = await admin.inventory.settings.update({ defaultHoldTtl: 'PT2H', transferLeadTime: { routes: [{ fromLocationId: warehouse.id, toLocationId: store.id, leadTime: 'P1D' }] } });
      assert.equal(updated.defaultHoldTtl, 'PT2H');
      assert.equal(updated.transferLeadTime.default, 'P2D');
      assert.equal(updated.allowSplitShipments, false);
      const before = await admin.inventory.settings.get();
      await problemOf(admin.inventory.settings.update({ defaultHoldTtl: 'PT0S' }), 400, 'inventory.invalid_duration');
      await problemOf(admin.request('PUT', '/v1/inventory/settings', { body: { defaultHoldTtl: '2 days' } }), 400, 'platform.validation_failed');
      await problemOf(admin.inventory.settings.update({ transferLeadTime: { routes: [{ fromLocationId: 'whs_nowhere', toLocationId: store.id, leadTime: 'P1D' }] } }), 422, 'inventory.unknown_location');
      await problemOf(admin.request('PUT', '/v1/inventory/settings', { body: {} }), 400);
      assert.deepEqual(await admin.inventory.settings.get(), before);
      await admin.inventory.settings.update({ defaultHoldTtl: 'PT48H', transferLeadTime: { routes: [] } });
    });
  });
}
