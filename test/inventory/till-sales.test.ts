import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock } from '../../src/platform/clock.js';
import { systemCtx } from '../../src/platform/context.js';
import { domainEventsAbout, publishDomainEvent } from '../../src/platform/outbox/outbox.js';
import { recordTillSale } from '../../src/modules/inventory/till-sales.js';
import { DIALECTS, startTestServer, type TestServer } from '../support/harness.js';
import { assertLedgerBalanced, createLocation, createSkus, inventorySnapshot, tag, type Place } from './inventory-fixtures.js';
import type { PasserelleClient } from '../../sdk/index.js';

for (const dialect of DIALECTS) {
  describe(`till sales from store sources (${dialect})`, () => {
    let server: TestServer;
    let admin: PasserelleClient;
    let store: Place;

    before(async () => {
      server = await startTestServer(dialect, { clock: new ManualClock('2026-11-23T15:00:00Z'), config: { workerPollMs: 0 } });
      admin = server.admin;
      store = await createLocation(admin, 'store');
    });
    after(() => server?.close());

    /** What identity publishes for an `Order Completed` event of a store source. */
    async function tillSale(products: unknown[], eventId = `evt_${tag()}`, storeId = store.id): Promise<string> {
      await publishDomainEvent(server.deps.database.kysely, server.deps.clock, {
        type: 'identity.till_sale',
        subjectId: eventId,
        payload: { eventId, sourceId: 'src_till_lyon', storeId, messageId: `msg-${eventId}`, products },
      });
      await server.app.backgroundWork.drain();
      return eventId;
    }

    const shortfalls = async () =>
      (await domainEventsAbout(server.deps.database.kysely, store.id)).filter((e) => e.type === 'inventory.till_sale_shortfall').map((e) => e.payload);

    test('a till sale takes on hand down with a till_sale movement; a replayed event changes nothing', async () => {
      const [a, b] = [`TIL-A-${tag()}`, `TIL-B-${tag()}`];
      await createSkus(admin, a, b);
      await admin.inventory.set(a, store.id, { onHand: 5 });
      await admin.inventory.set(b, store.id, { onHand: 5 });
      const eventId = await tillSale([{ sku: a, quantity: 2 }, { sku: b }, { sku: a, quantity: 1 }]);
      assert.equal((await admin.inventory.get(a, store.id)).onHand, 2, 'the same sku twice is summed');
      assert.equal((await admin.inventory.get(b, store.id)).onHand, 4, 'no quantity is one unit, as in Segment');
      const sale = (await admin.inventory.movements(a, store.id)).items[0]!;
      assert.deepEqual([sale.kind, sale.delta, sale.reference, sale.actor], ['till_sale', -3, `msg-${eventId}`, 'source:src_till_lyon']);

      const before = await inventorySnapshot(server);
      await tillSale([{ sku: a, quantity: 2 }, { sku: b }, { sku: a, quantity: 1 }], eventId);
      assert.equal(await inventorySnapshot(server), before, 'replayed: nothing moved');
      await assertLedgerBalanced(server);
    });

    test('without the setting, on hand stops at 0 and the shortfall is reported; with it, on hand goes below 0', async () => {
      const sku = `NEG-${tag()}`;
      await createSkus(admin, sku);
      await admin.inventory.set(sku, store.id, { onHand: 2 });
      const first = await tillSale([{ sku, quantity: 3 }]);
      let level = await admin.inventory.get(sku, store.id);
      assert.equal(level.onHand, 0);
      assert.equal((await admin.inventory.movements(sku, store.id)).items[0]!.delta, -2, 'the movement records what was there');
      const reported = (await shortfalls()).find((p) => p.eventId === first)!;
      assert.deepEqual((reported.lines as { sku: string; shortfall: number; recorded: number }[]).map((l) => [l.sku, l.recorded, l.shortfall]), [[sku, 2, 1]]);

      await admin.inventory.settings.update({ allowNegativeOnHandForTillSales: true });
      try {
        const second = await tillSale([{ sku, quantity: 2 }]);
        level = await admin.inventory.get(sku, store.id);
        assert.deepEqual([level.onHand, level.available], [-2, 0]);
        assert.ok(!(await shortfalls()).some((p) => p.eventId === second), 'nothing short when negative is allowed');
        await admin.inventory.move({ sku, locationId: store.id, delta: 5, reason: 'receipt' });
        assert.equal((await admin.inventory.get(sku, store.id)).onHand, 3);
      } finally {
        await admin.inventory.settings.update({ allowNegativeOnHandForTillSales: false });
      }
      await assertLedgerBalanced(server);
    });

    test('units held for a customer that the till sold are flagged; unknown skus and bad quantities are skipped and listed', async () => {
      const sku = `RSV-${tag()}`;
      await createSkus(admin, sku);
      await admin.inventory.set(sku, store.id, { onHand: 1 });
      await admin.holds.create({ sku, locationId: store.id, quantity: 1, ownerType: 'reserve_and_try' });
      const eventId = await tillSale([{ sku, quantity: 1 }, { sku: 'NOT-IN-CATALOG', quantity: 1 }, { sku, quantity: 0 }, { quantity: 2 }]);
      const level = await admin.inventory.get(sku, store.id);
      assert.deepEqual([level.onHand, level.reserved, level.available], [0, 1, 0]);
      const reported = (await shortfalls()).find((p) => p.eventId === eventId)!;
      assert.deepEqual((reported.lines as { reservedUncovered: number }[]).map((l) => l.reservedUncovered), [1]);
      assert.deepEqual((reported.skipped as { reason: string }[]).map((s) => s.reason).sort(), ['no sku', 'quantity is not a whole number of at least 1', 'unknown sku']);
    });

    test('recordTillSale can be called directly and is idempotent on its event id', async () => {
      const sku = `DIR-${tag()}`;
      await createSkus(admin, sku);
      await admin.inventory.set(sku, store.id, { onHand: 4 });
      const ctx = systemCtx(server.deps);
      const first = await recordTillSale(ctx, { storeId: store.id, lines: [{ sku, quantity: 1 }], reference: 'TICKET-991', eventId: 'evt_direct_1' });
      const again = await recordTillSale(ctx, { storeId: store.id, lines: [{ sku, quantity: 1 }], reference: 'TICKET-991', eventId: 'evt_direct_1' });
      assert.deepEqual([first.recorded, again.recorded], [true, false]);
      assert.deepEqual(again.lines, first.lines);
      assert.equal((await admin.inventory.get(sku, store.id)).onHand, 3);
    });

    test('an unknown store fails the delivery, which the outbox retries instead of losing the sale', async () => {
      const eventId = await tillSale([{ sku: 'ANY', quantity: 1 }], `evt_${tag()}`, 'sto_closed_long_ago');
      const delivery = await server.deps.database.kysely
        .selectFrom('event_deliveries')
        .innerJoin('domain_events', 'domain_events.id', 'event_deliveries.event_id')
        .select(['event_deliveries.status', 'event_deliveries.last_error'])
        .where('event_deliveries.subscriber', '=', 'inventory.till-sales')
        .where('domain_events.subject_id', '=', eventId)
        .executeTakeFirstOrThrow();
      assert.equal(delivery.status, 'pending');
      assert.match(delivery.last_error ?? '', /no store sto_closed_long_ago/);
    });
  });
}
