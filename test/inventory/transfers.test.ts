import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock } from '../../src/platform/clock.js';
import { systemCtx } from '../../src/platform/context.js';
import { AppError } from '../../src/platform/errors.js';
import { domainEventsAbout } from '../../src/platform/outbox/outbox.js';
import { sourceAndReserve } from '../../src/modules/inventory/sourcing.service.js';
import { DIALECTS, startTestServer, type TestServer } from '../support/harness.js';
import { problemOf } from '../catalog/catalog-fixtures.js';
import { assertLedgerBalanced, createLocation, createSkus, inventorySnapshot, tag, type Place } from './inventory-fixtures.js';
import type { PasserelleClient } from '../../sdk/index.js';

const START = '2026-11-23T09:00:00.000Z';
const DAY = 86_400_000;

for (const dialect of DIALECTS) {
  describe(`transfers and sourcing (${dialect})`, () => {
    let server: TestServer;
    let admin: PasserelleClient;
    let lyon: Place;
    let stPriest: Place;
    let paris: Place;

    before(async () => {
      server = await startTestServer(dialect, { clock: new ManualClock(START), config: { workerPollMs: 0 } });
      admin = server.admin;
      lyon = await createLocation(admin, 'store', { latitude: 45.764, longitude: 4.8357 });
      stPriest = await createLocation(admin, 'warehouse', { latitude: 45.6962, longitude: 4.9441 });
      paris = await createLocation(admin, 'warehouse', { latitude: 48.9, longitude: 2.35 });
      await admin.inventory.settings.update({ transferLeadTime: { default: 'P2D', routes: [{ fromLocationId: stPriest.id, toLocationId: lyon.id, leadTime: 'P1D' }] } });
    });
    after(() => server?.close());

    test('a transfer takes goods off the source at once, they travel in transit, and receiving makes them pickable, once', async () => {
      const sku = `TRF-${tag()}`;
      await createSkus(admin, sku);
      await admin.inventory.set(sku, paris.id, { onHand: 10 });
      const transfer = await admin.transfers.create({ fromLocationId: paris.id, toLocationId: lyon.id, lines: [{ sku, quantity: 4 }], reference: 'REAPPRO-7' });
      assert.equal(transfer.status, 'in_transit');
      assert.equal(transfer.estimatedArrivalAt, new Date(Date.parse(START) + 2 * DAY).toISOString(), 'default lead time P2D');
      const source = await admin.inventory.get(sku, paris.id);
      let destination = await admin.inventory.get(sku, lyon.id);
      assert.deepEqual([source.onHand, destination.onHand, destination.inTransit, destination.available], [6, 0, 4, 0]);
      const out = (await admin.inventory.movements(sku, paris.id)).items[0]!;
      assert.deepEqual([out.kind, out.delta, out.reference], ['transfer_out', -4, transfer.id]);

      const received = await admin.transfers.receive(transfer.id);
      assert.equal(received.transfer.status, 'received');
      assert.equal(received.transfer.receivedAt, START);
      assert.deepEqual(received.holds, []);
      destination = await admin.inventory.get(sku, lyon.id);
      assert.deepEqual([destination.onHand, destination.inTransit, destination.available], [4, 0, 4]);
      const inbound = (await admin.inventory.movements(sku, lyon.id)).items[0]!;
      assert.deepEqual([inbound.kind, inbound.delta, inbound.reference], ['transfer_in', 4, transfer.id]);
      const events = await domainEventsAbout(server.deps.database.kysely, transfer.id);
      assert.deepEqual(events.map((e) => e.type), ['inventory.transfer_received']);
      assert.deepEqual(events[0]!.payload.lines, [{ sku, quantity: 4 }]);

      const before = await inventorySnapshot(server);
      await problemOf(admin.transfers.receive(transfer.id), 409, 'inventory.transfer_not_in_transit');
      assert.equal(await inventorySnapshot(server), before);
      assert.equal((await admin.transfers.get(transfer.id)).lines[0]!.quantity, 4);
      assert.ok((await admin.transfers.list({ locationId: lyon.id, status: 'received' })).items.some((t) => t.id === transfer.id));
      await assertLedgerBalanced(server);
    });

    test('a route has its own lead time; a cancelled transfer puts the goods back at the source', async () => {
      const sku = `CNL-${tag()}`;
      await createSkus(admin, sku);
      await admin.inventory.set(sku, stPriest.id, { onHand: 3 });
      const transfer = await admin.transfers.create({ fromLocationId: stPriest.id, toLocationId: lyon.id, lines: [{ sku, quantity: 3 }] });
      assert.equal(transfer.estimatedArrivalAt, new Date(Date.parse(START) + DAY).toISOString(), 'route lead time P1D');
      const cancelled = await admin.transfers.cancel(transfer.id);
      assert.equal(cancelled.status, 'cancelled');
      assert.equal((await admin.inventory.get(sku, stPriest.id)).onHand, 3);
      assert.equal((await admin.inventory.get(sku, lyon.id)).inTransit, 0);
      await problemOf(admin.transfers.receive(transfer.id), 409, 'inventory.transfer_not_in_transit');
      await assertLedgerBalanced(server);
    });

    test('goods shipped to a store for an owner are held for them when received', async () => {
      const sku = `STS-${tag()}`;
      await createSkus(admin, sku);
      await admin.inventory.set(sku, paris.id, { onHand: 2 });
      // A safety stock at the store does not keep the customer's own goods from them.
      await admin.inventory.set(sku, lyon.id, { onHand: 0, safetyStock: 5 });
      const transfer = await admin.transfers.create({ fromLocationId: paris.id, toLocationId: lyon.id, lines: [{ sku, quantity: 2 }], ownerType: 'order', ownerId: 'ord_sts_1' });
      const { holds } = await admin.transfers.receive(transfer.id);
      assert.deepEqual(holds.map((h) => [h.sku, h.quantity, h.ownerType, h.ownerId, h.locationId]), [[sku, 2, 'order', 'ord_sts_1', lyon.id]]);
      const level = await admin.inventory.get(sku, lyon.id);
      assert.deepEqual([level.onHand, level.reserved, level.available], [2, 2, 0]);
    });

    test('sourcing: the store when it has everything, else the nearest warehouse with everything, split only when allowed', async () => {
      const [a, b] = [`SRC-A-${tag()}`, `SRC-B-${tag()}`];
      await createSkus(admin, a, b);
      const lines = [{ sku: a, quantity: 2 }, { sku: b, quantity: 1 }];
      await admin.inventory.set(a, lyon.id, { onHand: 2 });
      await admin.inventory.set(b, lyon.id, { onHand: 1 });
      assert.equal((await admin.inventory.planSourcing({ storeId: lyon.id, lines })).outcome, 'store');

      await admin.inventory.set(b, lyon.id, { onHand: 0 });
      await admin.inventory.set(a, paris.id, { onHand: 5 });
      await admin.inventory.set(b, paris.id, { onHand: 5 });
      await admin.inventory.set(b, stPriest.id, { onHand: 5 });
      let plan = await admin.inventory.planSourcing({ storeId: lyon.id, lines });
      assert.equal(plan.outcome, 'ship_to_store', 'Saint-Priest is nearer but lacks a, so Paris ships everything');
      assert.deepEqual(plan.sources.map((s) => [s.locationId, s.action, s.estimatedArrivalAt]), [[paris.id, 'transfer_to_store', new Date(Date.parse(START) + 2 * DAY).toISOString()]]);

      await admin.inventory.set(a, paris.id, { onHand: 1 });
      plan = await admin.inventory.planSourcing({ storeId: lyon.id, lines });
      assert.equal(plan.outcome, 'unavailable', 'no split unless the retailer allows it');
      assert.equal(plan.allowSplit, false);
      await admin.inventory.settings.update({ allowSplitShipments: true });
      try {
        plan = await admin.inventory.planSourcing({ storeId: lyon.id, lines });
        assert.equal(plan.outcome, 'split');
        assert.deepEqual(
          plan.sources.map((s) => [s.locationId, s.lines]),
          [
            [lyon.id, [{ sku: a, quantity: 2 }]],
            [stPriest.id, [{ sku: b, quantity: 1 }]],
          ],
        );
        assert.equal((await admin.inventory.planSourcing({ storeId: lyon.id, lines, allowSplit: false })).outcome, 'unavailable', 'a caller may ask for no split');
      } finally {
        await admin.inventory.settings.update({ allowSplitShipments: false });
      }
      await problemOf(admin.inventory.planSourcing({ storeId: paris.id, lines }), 422, 'inventory.not_a_store');
      await problemOf(admin.inventory.planSourcing({ storeId: lyon.id, lines: [{ sku: 'NO-SUCH-SKU', quantity: 1 }] }), 422, 'inventory.unknown_sku');
    });

    test('sourceAndReserve carries a plan out for commerce: held at the store, or shipped for the owner, all or nothing', async () => {
      const ctx = systemCtx(server.deps);
      const [a, b] = [`EXE-A-${tag()}`, `EXE-B-${tag()}`];
      await createSkus(admin, a, b);
      await admin.inventory.set(a, lyon.id, { onHand: 1 });
      const inStore = await sourceAndReserve(ctx, { storeId: lyon.id, lines: [{ sku: a, quantity: 1 }], ownerType: 'order', ownerId: 'ord_exe_1' });
      assert.equal(inStore.plan.outcome, 'store');
      assert.deepEqual(inStore.holds.map((h) => [h.sku, h.locationId, h.ownerId]), [[a, lyon.id, 'ord_exe_1']]);

      await admin.inventory.set(b, stPriest.id, { onHand: 4 });
      const shipped = await sourceAndReserve(ctx, { storeId: lyon.id, lines: [{ sku: b, quantity: 3 }], ownerType: 'order', ownerId: 'ord_exe_2' });
      assert.equal(shipped.plan.outcome, 'ship_to_store');
      assert.deepEqual(shipped.transfers.map((t) => [t.fromLocationId, t.toLocationId, t.ownerId, t.reference]), [[stPriest.id, lyon.id, 'ord_exe_2', 'ord_exe_2']]);
      assert.equal((await admin.inventory.get(b, lyon.id)).inTransit, 3);

      const before = await inventorySnapshot(server);
      await assert.rejects(
        sourceAndReserve(ctx, { storeId: lyon.id, lines: [{ sku: a, quantity: 1 }, { sku: b, quantity: 5 }], ownerType: 'order', ownerId: 'ord_exe_3' }),
        (error: unknown) => error instanceof AppError && error.code === 'inventory.insufficient_stock',
      );
      assert.equal(await inventorySnapshot(server), before);
      await assertLedgerBalanced(server);
    });
  });
}
