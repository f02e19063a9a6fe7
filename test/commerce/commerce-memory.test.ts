/**
 * Checkout and carts keep the active promotions, the category tree and the commerce settings in
 * memory between requests (commerce-memory.ts); whoever changes them, through the API or straight in
 * the database from another connection, the next checkout must price and decide with the change.
 * Codes are never kept: a single-use code stays exact.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { DIALECTS, startTestServer, type TestServer } from '../support/harness.js';
import { problemOf, productBody, variant } from '../catalog/catalog-fixtures.js';
import { openDatabase, type Database } from '../../src/platform/db/database.js';
import { commerceMemory } from '../../src/modules/commerce/commerce-memory.js';
import type { PasserelleClient } from '../../sdk/index.js';

for (const dialect of DIALECTS) {
  describe(`commerce's memory follows every change (${dialect})`, () => {
    let server: TestServer;
    let other: Database;
    let storeId: string;
    let womenId: string;
    let dressesId: string;

    async function shopper(): Promise<PasserelleClient> {
      const signed = await server.client().customers.signup({ email: `m${randomUUID().slice(0, 8)}@example.fr`, password: 'correct horse battery' });
      return server.client(signed.token);
    }
    async function order(input: { promoCode?: string; method?: 'click_and_collect' | 'reserve_and_try'; who?: PasserelleClient } = {}) {
      const who = input.who ?? (await shopper());
      const cart = await who.carts.create({ channel: 'app' });
      await who.carts.addItem(cart.id, { sku: 'ROBE-38', quantity: 1 });
      const method = input.method ?? 'click_and_collect';
      return who.orders.checkout(cart.id, {
        fulfillment: { method, storeId },
        ...(method === 'click_and_collect' ? { payment: { method: 'online' as const } } : {}),
        ...(input.promoCode ? { promoCode: input.promoCode } : {}),
      });
    }

    before(async () => {
      server = await startTestServer(dialect, { config: { workerPollMs: 0 } });
      const own = server.deps.database;
      other = own.dialect === 'sqlite' ? openDatabase({ sqliteFile: own.file! }) : openDatabase({ url: process.env.TEST_DATABASE_URL!, pgSchema: own.schema, pgPoolSize: 1 });
      const { admin } = server;
      storeId = (
        await admin.locations.create({
          kind: 'store',
          code: 'LYON-M',
          name: 'Lyon',
          timezone: 'Europe/Paris',
          address: { line1: '1 rue de la République', postalCode: '69001', city: 'Lyon', country: 'FR' },
          location: { latitude: 45.76, longitude: 4.83 },
          services: ['click_and_collect', 'reserve_and_try'],
        })
      ).id;
      womenId = (await admin.categories.create({ slug: 'femme', name: 'Femme' })).id;
      dressesId = (await admin.categories.create({ slug: 'robes', name: 'Robes' })).id;
      await admin.products.create(productBody('ROBE', { name: 'Robe portefeuille', category: 'robes', variants: [variant('ROBE-38', { size: '38', price: { amount: 10000, currency: 'EUR' } })] }));
      await admin.inventory.set('ROBE-38', storeId, { onHand: 100 });
    });
    after(async () => {
      await other.close();
      await server.close();
    });

    test('a promotion added, changed or switched off from another connection prices the next checkout', async () => {
      assert.equal((await order()).total.amount, 10000);
      const at = new Date().toISOString();
      await sql`insert into promotions (id, name, kind, value, target, conditions, requires_code, stackable, priority, active, created_at, updated_at)
        values ('prm_memory', '-10 %', 'percent_off', 10, '{}', '{}', 0, 1, 0, 1, ${at}, ${at})`.execute(other.kysely);
      assert.equal((await order()).total.amount, 9000);
      await sql`update promotions set value = 25 where id = 'prm_memory'`.execute(other.kysely);
      assert.equal((await order()).total.amount, 7500);
      await sql`update promotions set active = 0 where id = 'prm_memory'`.execute(other.kysely);
      assert.equal((await order()).total.amount, 10000);
    });

    test('a category moved under another from another connection changes what a category promotion reaches', async () => {
      const women = await server.admin.promotions.create({ name: '-20 % femme', kind: 'percent_off', value: 20, target: { categoryIds: [womenId] } });
      assert.equal((await order()).total.amount, 10000, 'dresses are not under women yet');
      await sql`update categories set parent_id = ${womenId} where id = ${dressesId}`.execute(other.kysely);
      assert.equal((await order()).total.amount, 8000);
      await sql`update categories set parent_id = null where id = ${dressesId}`.execute(other.kysely);
      assert.equal((await order()).total.amount, 10000);
      await server.admin.promotions.update(women.id, { name: '-20 % femme', kind: 'percent_off', value: 20, target: { categoryIds: [womenId] }, active: false });
    });

    test('a setting written from another connection decides the next checkout', async () => {
      const before = await order({ method: 'reserve_and_try' });
      assert.equal(Date.parse(before.expiresAt!) - Date.parse(before.placedAt), 48 * 3_600_000);
      await sql`insert into commerce_settings (key, value, updated_at) values ('reserveAndTryWindow', '"PT2H"', ${new Date().toISOString()})`.execute(other.kysely);
      const after = await order({ method: 'reserve_and_try' });
      assert.equal(Date.parse(after.expiresAt!) - Date.parse(after.placedAt), 2 * 3_600_000);
      await sql`delete from commerce_settings where key = 'reserveAndTryWindow'`.execute(other.kysely);
    });

    test('a single-use code is read live: used once, refused the second time, even with the promotion in memory', async () => {
      const offer = await server.admin.promotions.create({ name: 'Code -50 €', kind: 'amount_off', value: 5000, requiresCode: true });
      const [code] = (await server.admin.promotions.issueCodes(offer.id, { count: 1 })).items;
      assert.ok(code?.singleUse);
      assert.equal((await order({ promoCode: code.code })).total.amount, 5000);
      await problemOf(order({ promoCode: code.code }), 422, 'commerce.promo_code_refused');
      await server.admin.promotions.update(offer.id, { name: 'Code -50 €', kind: 'amount_off', value: 5000, requiresCode: true, active: false });
    });

    test('what a rolled-back transaction saw is never served after it', async () => {
      const db = server.deps.database.kysely;
      const kept = await commerceMemory(db);
      await assert.rejects(
        db.transaction().execute(async (trx) => {
          await sql`insert into commerce_settings (key, value, updated_at) values ('homeDeliveryFee', '1', 'x')`.execute(trx);
          const inside = await commerceMemory(trx);
          assert.equal(inside.settings.homeDeliveryFee, 1);
          assert.notEqual(inside.revision, kept.revision);
          throw new Error('roll back');
        }),
        /roll back/,
      );
      assert.equal((await commerceMemory(db)).settings.homeDeliveryFee, kept.settings.homeDeliveryFee);
      await sql`insert into commerce_settings (key, value, updated_at) values ('homeDeliveryFee', '2', 'y')`.execute(other.kysely);
      assert.equal((await commerceMemory(db)).settings.homeDeliveryFee, 2);
      await sql`delete from commerce_settings where key = 'homeDeliveryFee'`.execute(other.kysely);
      assert.equal((await commerceMemory(db)).settings.homeDeliveryFee, kept.settings.homeDeliveryFee);
      assert.throws(() => {
        (kept.settings as { homeDeliveryFee: number }).homeDeliveryFee = 0;
      }, TypeError, 'what the memory hands out is frozen');
    });
  });
}
