import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { ManualClock } from '../../src/platform/clock.js';
import { systemCtx } from '../../src/platform/context.js';
import { domainEventsAbout } from '../../src/platform/outbox/outbox.js';
import { reserveMany } from '../../src/modules/inventory/holds.service.js';
import { AppError } from '../../src/platform/errors.js';
import { DIALECTS, createTestDatabase, startTestServer, type TestServer } from '../support/harness.js';
import { ROOT } from '../support/process.js';
import { problemOf } from '../catalog/catalog-fixtures.js';
import { assertLedgerBalanced, createLocation, createSkus, inventorySnapshot, reopen, serveOn, tag, type Place } from './inventory-fixtures.js';
import type { PasserelleClient } from '../../sdk/index.js';

const START = '2026-11-23T09:00:00.000Z';
const MINUTE = 60_000;

for (const dialect of DIALECTS) {
  describe(`holds: reserve, extend, release, consume, expire (${dialect})`, () => {
    let server: TestServer;
    let admin: PasserelleClient;
    let clock: ManualClock;
    let store: Place;

    before(async () => {
      clock = new ManualClock(START);
      server = await startTestServer(dialect, { clock, config: { workerPollMs: 0 } });
      admin = server.admin;
      store = await createLocation(admin, 'store');
    });
    after(() => server?.close());

    async function stocked(onHand: number, safetyStock = 0): Promise<string> {
      const sku = `HLD-${tag()}`;
      await createSkus(admin, sku);
      await admin.inventory.set(sku, store.id, { onHand, safetyStock });
      return sku;
    }

    test('a hold reserves units until it is consumed: the sale takes on hand and reserved down, the ledger says online_sale', async () => {
      const sku = await stocked(5, 1);
      const hold = await admin.holds.create({ sku, locationId: store.id, quantity: 3, ownerType: 'order', ownerId: 'ord_42' });
      assert.equal(hold.status, 'active');
      assert.equal(hold.expiresAt, new Date(Date.parse(START) + 48 * 60 * MINUTE).toISOString(), 'default ttl PT48H');
      let level = await admin.inventory.get(sku, store.id);
      assert.deepEqual([level.onHand, level.reserved, level.available], [5, 3, 1]);
      await problemOf(admin.holds.create({ sku, locationId: store.id, quantity: 2, ownerType: 'cart' }), 409, 'inventory.insufficient_stock');

      const extended = await admin.holds.extend(hold.id, { ttl: 'PT72H' });
      assert.equal(extended.expiresAt, new Date(Date.parse(START) + 72 * 60 * MINUTE).toISOString());
      const sold = await admin.holds.consume(hold.id);
      assert.deepEqual([sold.hold.status, sold.hold.endReason], ['consumed', 'sold']);
      assert.deepEqual([sold.movement.kind, sold.movement.delta, sold.movement.onHandAfter, sold.movement.reference], ['online_sale', -3, 2, 'ord_42']);
      level = await admin.inventory.get(sku, store.id);
      assert.deepEqual([level.onHand, level.reserved, level.available], [2, 0, 1]);
      await problemOf(admin.holds.consume(hold.id), 409, 'inventory.hold_not_active');
      await assertLedgerBalanced(server);
    });

    test('releasing gives the units back once; the second release is a 409 and the ledger never moves', async () => {
      const sku = await stocked(2);
      const hold = await admin.holds.create({ sku, locationId: store.id, quantity: 2, ownerType: 'reserve_and_try', ownerId: 'cus_7', ttl: 'PT2H' });
      const ledger = JSON.stringify(await admin.inventory.movements(sku, store.id));
      const released = await admin.holds.release(hold.id, { reason: 'customer changed her mind' });
      assert.deepEqual([released.status, released.endReason], ['released', 'customer changed her mind']);
      assert.equal((await admin.inventory.get(sku, store.id)).available, 2);
      const before = await inventorySnapshot(server);
      await problemOf(admin.holds.release(hold.id), 409, 'inventory.hold_not_active');
      assert.equal(await inventorySnapshot(server), before);
      assert.equal(JSON.stringify(await admin.inventory.movements(sku, store.id)), ledger, 'holds never write the ledger');
    });

    test('a reservation of several lines holds all of them or none, and names every short line', async () => {
      const [a, b, c] = [await stocked(3), await stocked(1), await stocked(0)];
      const before = await inventorySnapshot(server);
      const problem = await problemOf(
        admin.holds.reserve({
          ownerType: 'order',
          ownerId: 'ord_1',
          lines: [
            { sku: a, locationId: store.id, quantity: 2 },
            { sku: b, locationId: store.id, quantity: 2 },
            { sku: c, locationId: store.id, quantity: 1 },
          ],
        }),
        409,
        'inventory.insufficient_stock',
      );
      assert.deepEqual(
        (problem.lines as { sku: string }[]).map((l) => l.sku).sort(),
        [b, c].sort(),
      );
      assert.equal(await inventorySnapshot(server), before, 'nothing reserved');

      const { holds } = await admin.holds.reserve({ ownerType: 'order', ownerId: 'ord_2', lines: [{ sku: a, locationId: store.id, quantity: 2 }, { sku: b, locationId: store.id, quantity: 1 }] });
      assert.deepEqual(holds.map((h) => [h.sku, h.quantity, h.ownerId]), [[a, 2, 'ord_2'], [b, 1, 'ord_2']]);

      // The service commerce's checkout calls: the same rule, a typed error.
      const ctx = systemCtx(server.deps);
      await assert.rejects(
        reserveMany(ctx, { ownerType: 'order', ownerId: 'ord_3', lines: [{ sku: a, locationId: store.id, quantity: 1 }, { sku: b, locationId: store.id, quantity: 1 }] }),
        (error: unknown) => error instanceof AppError && error.code === 'inventory.insufficient_stock' && (error.extra?.sku as string) === b,
      );
      assert.equal((await admin.inventory.get(a, store.id)).reserved, 2, 'the line that fitted was not kept');
    });

    test('requests at once, some refused (short, unknown, released twice): each keeps exactly its own outcome', async () => {
      // On SQLite these share commits (a savepoint each, platform/db/group-commit.ts); a refused one
      // must leave the others' holds, and an answered one must be there.
      const [sku, other] = [await stocked(3), await stocked(5)];
      const released = await admin.holds.create({ sku: other, locationId: store.id, quantity: 1, ownerType: 'manual' });
      const statusOf = (call: Promise<unknown>) =>
        call.then(
          () => 201,
          (error: unknown) => (error as { status?: number }).status ?? 0,
        );
      const answers = await Promise.all([
        ...Array.from({ length: 6 }, () => statusOf(admin.holds.create({ sku, locationId: store.id, quantity: 1, ownerType: 'cart' }))),
        statusOf(admin.holds.create({ sku: `NONE-${tag()}`, locationId: store.id, quantity: 1, ownerType: 'cart' })),
        statusOf(admin.holds.release(released.id)),
        statusOf(admin.holds.release(released.id)),
        statusOf(admin.holds.create({ sku: other, locationId: store.id, quantity: 2, ownerType: 'cart' }, { idempotencyKey: `burst-${sku}` })),
        statusOf(admin.holds.create({ sku: other, locationId: store.id, quantity: 2, ownerType: 'cart' }, { idempotencyKey: `burst-${sku}` })),
      ]);
      assert.deepEqual(answers.slice(0, 6).sort(), [201, 201, 201, 409, 409, 409]);
      assert.deepEqual(answers.slice(6, 9).sort(), [201, 409, 422], 'unknown sku 422, one release 200 (counted as 201 here), the second 409');
      assert.deepEqual(answers.slice(9), [201, 201], 'the same key twice: one hold, replayed');
      const active = async (s: string) => (await admin.holds.list({ sku: s, status: 'active' })).items;
      assert.equal((await active(sku)).length, 3);
      assert.deepEqual((await active(other)).map((h) => h.quantity), [2], 'the released one is gone, the keyed one held once');
      assert.deepEqual([(await admin.inventory.get(sku, store.id)).reserved, (await admin.inventory.get(other, store.id)).reserved], [3, 2]);
    });

    test('expired holds are released by background work, once, with an inventory.hold_expired event each', async () => {
      const sku = await stocked(4);
      const short = await admin.holds.create({ sku, locationId: store.id, quantity: 1, ownerType: 'cart', ttl: 'PT10M' });
      const longer = await admin.holds.create({ sku, locationId: store.id, quantity: 2, ownerType: 'cart', ttl: 'PT30M' });
      const forever = await admin.holds.create({ sku, locationId: store.id, quantity: 1, ownerType: 'manual', expiresAt: null });
      assert.equal(forever.expiresAt, null);

      clock.advance(11 * MINUTE);
      // Past its expiry but not swept yet: no longer extended or sold, still releasable by the sweeper.
      await problemOf(admin.holds.extend(short.id, { ttl: 'PT1H' }), 409, 'inventory.hold_not_active');
      await problemOf(admin.holds.consume(short.id), 409, 'inventory.hold_not_active');
      await server.app.backgroundWork.drain();
      assert.equal((await admin.holds.get(short.id)).status, 'expired');
      assert.equal((await admin.holds.get(longer.id)).status, 'active');
      assert.equal((await admin.inventory.get(sku, store.id)).reserved, 3);
      const events = await domainEventsAbout(server.deps.database.kysely, short.id);
      assert.deepEqual(events.map((e) => [e.type, e.payload.quantity, e.payload.ownerType]), [['inventory.hold_expired', 1, 'cart']]);

      clock.advance(9 * 24 * 60 * MINUTE);
      await server.app.backgroundWork.drain();
      await server.app.backgroundWork.drain();
      assert.equal((await admin.holds.get(longer.id)).status, 'expired');
      assert.equal((await admin.holds.get(forever.id)).status, 'active', 'a hold without expiry stays');
      assert.equal((await admin.inventory.get(sku, store.id)).reserved, 1);
      assert.equal((await domainEventsAbout(server.deps.database.kysely, short.id)).length, 1, 'released once');
      await problemOf(admin.holds.release(longer.id), 409, 'inventory.hold_not_active');
      await admin.holds.release(forever.id);
      await assertLedgerBalanced(server);
    });
  });

  test(`[${dialect}] expiry survives a restart: holds made before a stop are released after a start on the same database`, async () => {
    const testDb = await createTestDatabase(dialect);
    const clock = new ManualClock(START);
    let second: Awaited<ReturnType<typeof serveOn>> | undefined;
    try {
      const first = await serveOn(testDb.database, clock);
      const store = await createLocation(first.admin, 'store');
      const sku = `RST-${tag()}`;
      await createSkus(first.admin, sku);
      await first.admin.inventory.set(sku, store.id, { onHand: 3 });
      const hold = await first.admin.holds.create({ sku, locationId: store.id, quantity: 2, ownerType: 'reserve_and_try', ttl: 'PT1H' });
      await first.close();
      await testDb.database.close();

      clock.advance(2 * 60 * MINUTE);
      const database = reopen(testDb.database);
      second = await serveOn(database, clock);
      assert.equal((await second.admin.holds.get(hold.id)).status, 'active', 'nothing ran while stopped');
      await second.app.backgroundWork.drain();
      assert.equal((await second.admin.holds.get(hold.id)).status, 'expired');
      assert.deepEqual((await second.admin.inventory.get(sku, store.id)).reserved, 0);
      assert.equal((await domainEventsAbout(database.kysely, hold.id)).filter((e) => e.type === 'inventory.hold_expired').length, 1);
      await second.close();
      await database.close();
    } finally {
      await testDb.destroy();
    }
  });

  test(`[${dialect}] two worker processes at once release each expired hold exactly once`, async (t) => {
    const testDb = await createTestDatabase(dialect);
    const db = testDb.database.kysely;
    try {
      const clock = new ManualClock(START);
      const app = await serveOn(testDb.database, clock);
      const store = await createLocation(app.admin, 'store');
      const skus = Array.from({ length: 20 }, (_, i) => `TWO-${i}-${tag()}`);
      await createSkus(app.admin, ...skus);
      for (const sku of skus) await app.admin.inventory.set(sku, store.id, { onHand: 200 });
      await app.close();
      // 2,000 holds written straight into the tables (what is tested is their expiry, not their making).
      const holds = skus.flatMap((sku, s) =>
        Array.from({ length: 100 }, (_, i) => ({
          id: `hld_two_${String(s).padStart(2, '0')}_${String(i).padStart(3, '0')}`,
          sku,
          location_id: store.id,
          quantity: 1 + (i % 2),
          owner_type: 'cart' as const,
          owner_id: null,
          status: 'active' as const,
          expires_at: new Date(Date.parse(START) + (i + 1) * 1000).toISOString(),
          created_at: START,
          updated_at: START,
          end_reason: null,
        })),
      );
      for (let i = 0; i < holds.length; i += 200) await db.insertInto('stock_holds').values(holds.slice(i, i + 200)).execute();
      for (const sku of skus) await db.updateTable('stock_levels').set({ reserved: 150 }).where('sku', '=', sku).where('location_id', '=', store.id).execute();

      const now = new Date(Date.parse(START) + 60 * MINUTE).toISOString();
      const target = dialect === 'sqlite' ? testDb.database.file! : process.env.TEST_DATABASE_URL!;
      const schema = dialect === 'sqlite' ? '-' : testDb.database.schema!;
      const startAt = String(Date.now() + 4_000);
      const worker = () =>
        new Promise<number>((resolve, reject) => {
          const { NODE_TEST_CONTEXT: _ignored, ...env } = process.env;
          const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'test/inventory/support/expiry-worker.ts'), target, schema, now, startAt], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
          let out = '';
          child.stdout.on('data', (chunk) => (out += chunk));
          child.stderr.on('data', (chunk) => (out += chunk));
          child.on('exit', (code) => (code === 0 ? resolve((JSON.parse(out.trim().split('\n').pop()!) as { expired: number }).expired) : reject(new Error(`worker exited ${code}: ${out}`))));
        });
      const counts = await Promise.all([worker(), worker()]);
      t.diagnostic(`holds expired by each worker: ${counts.join(', ')}`);
      assert.equal(counts[0]! + counts[1]!, holds.length, `each hold claimed by one worker (${counts.join(' + ')})`);
      const statuses = await db.selectFrom('stock_holds').select((eb) => [eb.fn.countAll<number>().as('n')]).where('status', '=', 'expired').executeTakeFirstOrThrow();
      assert.equal(Number(statuses.n), holds.length);
      const levels = await db.selectFrom('stock_levels').select(['reserved', 'on_hand']).where('location_id', '=', store.id).execute();
      assert.deepEqual(new Set(levels.map((l) => [l.reserved, l.on_hand].join('/'))), new Set(['0/200']), 'every unit given back exactly once');
      const events = await db
        .selectFrom('domain_events')
        .select(['subject_id'])
        .where('type', '=', 'inventory.hold_expired')
        .execute();
      assert.equal(events.length, holds.length);
      assert.equal(new Set(events.map((e) => e.subject_id)).size, holds.length, 'one event per hold');
    } finally {
      await testDb.destroy();
    }
  });
}
