/**
 * Attribution beyond J3: a till sale is attributed too (an anonymous visit with utm parameters that
 * later identifies counts as the first touch, the store visit as the last), replays change nothing,
 * and who may read an order's path.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DIALECTS, startTestServer, type TestServer } from '../support/harness.js';
import { insertStore } from '../support/fixtures.js';
import { PasserelleApiError } from '../../sdk/index.js';
import { attributeOrder } from '../../src/modules/insights/attribution.service.js';
import { customerWithOrder } from './insights-fixtures.js';

for (const dialect of DIALECTS) {
  describe(`attribution (${dialect})`, () => {
    let server: TestServer;
    const drain = async () => {
      await server.app.backgroundWork.drain();
      await server.app.backgroundWork.drain();
    };

    before(async () => {
      server = await startTestServer(dialect, { config: { workerPollMs: 0 } });
    });
    after(() => server?.close());

    test('a till sale: the anonymous newsletter visit (identified later) is the first touch, the store visit the last; replays change nothing', async () => {
      const store = await insertStore(server);
      await server.admin.products.create({ ref: 'ATT-1', name: 'Écharpe', variants: [{ sku: 'ATT-1-U', price: { amount: 3500, currency: 'EUR' } }] });
      await server.admin.inventory.set('ATT-1-U', store, { onHand: 3 });
      const web = (await server.admin.sources.create({ name: 'Web', channel: 'web' })).writeKey;
      const app = (await server.admin.sources.create({ name: 'App', channel: 'app' })).writeKey;
      const till = (await server.admin.sources.create({ name: 'Till', channel: 'store', storeId: store })).writeKey;
      const at = (minutesAgo: number) => new Date(Date.now() - minutesAgo * 60_000).toISOString();
      // A visit 40 days ago is outside the window; the newsletter visit is not, and is anonymous until she signs in.
      await server.tracker(web).tracking.page({ anonymousId: 'zoe-web', timestamp: at(40 * 24 * 60), name: 'Accueil', context: { campaign: { source: 'too_old', medium: 'cpc' } } });
      await server.tracker(web).tracking.page({ anonymousId: 'zoe-web', timestamp: at(60), name: 'Écharpes', context: { page: { url: 'https://shop.example/echarpes?utm_source=newsletter&utm_medium=email&utm_campaign=hiver' } } });
      await server.tracker(web).tracking.identify({ anonymousId: 'zoe-web', timestamp: at(50), traits: { email: 'zoe@example.fr' } });
      await server.tracker(app).tracking.track({ userId: 'zoe-app', timestamp: at(20), event: 'Store Entered', context: { traits: { email: 'zoe@example.fr' } }, properties: { storeId: store } });
      await server.tracker(till).tracking.track({ anonymousId: 'till-42', timestamp: at(10), event: 'Order Completed', context: { traits: { email: 'zoe@example.fr' } }, properties: { orderId: 'T-42', products: [{ sku: 'ATT-1-U', quantity: 1, price: 35 }], currency: 'EUR' } });
      await drain();

      const zoe = await server.admin.profiles.lookup('email', 'zoe@example.fr');
      const orders = await server.admin.orders.list({ profileId: zoe.id });
      assert.equal(orders.items.length, 1);
      const orderId = orders.items[0]!.id;
      const path = await server.admin.attribution.ofOrder(orderId);
      assert.deepEqual([path.orderChannel, path.total.amount, path.total.currency, path.touches], ['store', 3500, 'EUR', 2]);
      assert.deepEqual([path.firstTouch?.kind, path.firstTouch?.source, path.firstTouch?.medium, path.firstTouch?.campaign], ['campaign', 'newsletter', 'email', 'hiver']);
      assert.deepEqual([path.lastTouch?.kind, path.lastTouch?.channel, path.lastTouch?.storeId], ['store_visit', 'store', store]);
      assert.equal(path.creditedJourney, null);

      // The order's event delivered again: the stored attribution stays as it is.
      const before = await server.deps.database.kysely.selectFrom('order_attributions').selectAll().where('order_id', '=', orderId).executeTakeFirstOrThrow();
      assert.equal(await attributeOrder({ db: server.deps.database.kysely, clock: server.deps.clock }, { orderId, occurredAt: new Date().toISOString(), payload: { orderId } }), false);
      assert.deepEqual(await server.deps.database.kysely.selectFrom('order_attributions').selectAll().where('order_id', '=', orderId).executeTakeFirstOrThrow(), before);

      const report = await server.admin.attribution.report({ model: 'first_touch', from: at(24 * 60) });
      assert.deepEqual(report.bySource.find((r) => r.source === 'newsletter'), { source: 'newsletter', medium: 'email', campaign: 'hiver', currency: 'EUR', orders: 1, revenue: 3500 });
      const byLast = await server.admin.attribution.report({ model: 'last_touch', from: at(24 * 60) });
      assert.equal(byLast.bySource.find((r) => r.source === store)?.orders, 1);
    });

    test('an order with no touch is direct; who may read an order’s path', async () => {
      const { order, storeId } = await customerWithOrder(server, 'direct@example.fr');
      await drain();
      const path = await server.admin.attribution.ofOrder(order.id);
      assert.deepEqual([path.firstTouch, path.lastTouch, path.touches, path.creditedJourney], [null, null, 0, null]);
      const direct = await server.admin.attribution.report({ from: path.placedAt });
      assert.ok(direct.bySource.some((r) => r.source === null && r.orders >= 1));

      const token = async (role: 'associate' | 'agent' | 'marketer', store?: string) => (await server.admin.apiTokens.create({ name: role, role, ...(store ? { storeId: store } : {}) })).token;
      assert.equal((await server.client(await token('associate', storeId)).attribution.ofOrder(order.id)).orderId, order.id);
      assert.equal((await server.client(await token('agent')).attribution.ofOrder(order.id)).orderId, order.id);
      const elsewhere = server.client(await token('associate', await insertStore(server)));
      await assert.rejects(elsewhere.attribution.ofOrder(order.id), (e: unknown) => e instanceof PasserelleApiError && e.status === 403);
      await assert.rejects(server.admin.attribution.ofOrder('ord_does_not_exist'), (e: unknown) => e instanceof PasserelleApiError && e.status === 404 && e.problem.code === 'insights.order_not_found');
      await assert.rejects(server.client(await token('agent')).attribution.report(), (e: unknown) => e instanceof PasserelleApiError && e.status === 403);
    });
  });
}
