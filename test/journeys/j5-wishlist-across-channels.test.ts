/**
 * J5 — Wishlist across channels: built on the web, opened in the app, seen and added to by an
 * associate in store; one item bought in store, one online; both in one history and one points
 * balance; reaching a tier triggers the VIP invitation.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DIALECTS, startTestServer, type TestServer } from '../support/harness.js';
import { productBody, variant } from '../catalog/catalog-fixtures.js';
import { ManualClock } from '../../src/platform/clock.js';

for (const dialect of DIALECTS) {
  describe(`J5 wishlist across channels (${dialect})`, () => {
    let server: TestServer;
    const clock = new ManualClock(new Date());

    before(async () => {
      server = await startTestServer(dialect, { clock, config: { workerPollMs: 0 } });
    });
    after(() => server?.close());

    test('web → app → store → one history, one balance, a VIP invitation', async () => {
      const admin = server.admin;
      const store = await admin.locations.create({
        kind: 'store',
        code: 'LYON-J5',
        name: 'StyleNow Lyon',
        timezone: 'Europe/Paris',
        address: { line1: '10 rue de la République', postalCode: '69002', city: 'Lyon', country: 'FR' },
        location: { latitude: 45.76, longitude: 4.835 },
        services: ['click_and_collect', 'returns'],
      });
      const associate = server.client((await admin.apiTokens.create({ name: 'Léa', role: 'associate', storeId: store.id })).token);
      await admin.products.create(productBody('J5-ROBE', { name: 'Robe midi', variants: [variant('J5-ROBE-38', { size: '38', price: { amount: 8990, currency: 'EUR' } })] }));
      await admin.products.create(productBody('J5-SAC', { name: 'Sac cabas', variants: [variant('J5-SAC-U', { price: { amount: 6990, currency: 'EUR' } })] }));
      await admin.products.create(productBody('J5-FOUL', { name: 'Foulard soie', variants: [variant('J5-FOUL-U', { price: { amount: 3990, currency: 'EUR' } })] }));
      for (const sku of ['J5-ROBE-38', 'J5-SAC-U', 'J5-FOUL-U']) await admin.inventory.set(sku, store.id, { onHand: 5 });
      const till = (await admin.sources.create({ name: 'Till Lyon', channel: 'store', storeId: store.id })).writeKey;
      await admin.commerceSettings.update({
        loyalty: { pointsPerUnit: 4, channelMultipliers: {}, tiers: [{ tier: 'member', from: 0 }, { tier: 'gold', from: 500 }], rewards: [] },
      });
      const journey = await admin.request<{ id: string }>('POST', '/v1/journeys', { body: { template: 'tier_reached_vip', params: { delay: 'PT10M', tier: 'gold' } } });
      await admin.request('POST', `/v1/journeys/${journey.id}/activate`, { body: {} });

      // On the web: she signs up and builds her wishlist.
      const email = 'ines.martin@example.fr';
      const signed = await server.client().customers.signup({ email, password: 'correct horse battery' });
      const web = server.client(signed.token);
      await web.myPrivacy.setConsents({ purposes: { marketing_email: true }, wordingVersion: 'v1' });
      await web.wishlists.addMine('J5-ROBE-38', 'web');
      await web.wishlists.addMine('J5-SAC-U', 'web');

      // In the app (another session of the same account): the same wishlist.
      const app = server.client((await server.client().customers.login({ email, password: 'correct horse battery' })).token);
      assert.deepEqual((await app.wishlists.mine()).items.map((i) => i.sku).sort(), ['J5-ROBE-38', 'J5-SAC-U']);

      // In store: the associate finds her and adds a scarf she tried.
      const profile = await associate.profiles.lookup('email', email);
      assert.equal((await associate.wishlists.get(profile.id)).items.length, 2);
      await associate.wishlists.add(profile.id, 'J5-FOUL-U', 'store');
      const seen = await app.wishlists.mine();
      assert.deepEqual(seen.items.find((i) => i.sku === 'J5-FOUL-U')?.addedChannel, 'store');

      // She buys the dress at the till...
      await server.tracker(till).tracking.track({
        userId: 'till-customer-ines',
        event: 'Order Completed',
        context: { traits: { email } },
        properties: { orderId: 'LYON-T-77', currency: 'EUR', products: [{ sku: 'J5-ROBE-38', quantity: 1, price: 89.9 }] },
      });
      await server.app.backgroundWork.drain();
      // ... and the bag online, collected in store.
      const cart = await app.carts.create({ channel: 'app' });
      await app.carts.addItem(cart.id, { sku: 'J5-SAC-U', quantity: 1 });
      const online = await app.orders.checkout(cart.id, { fulfillment: { method: 'click_and_collect', storeId: store.id }, payment: { method: 'online' } });
      await associate.orders.transition(online.id, { to: 'ready_for_pickup' });
      await associate.orders.transition(online.id, { to: 'collected' });
      await server.app.backgroundWork.drain();

      // One history: both orders, both channels, on her timeline too.
      const orders = (await app.orders.mine()).items;
      assert.deepEqual(orders.map((o) => o.channel).sort(), ['app', 'store']);
      const timeline = await admin.profiles.timeline(profile.id, {});
      const completed = timeline.items.filter((e) => e.name === 'Order Completed');
      assert.deepEqual(completed.map((e) => e.channel).sort(), ['app', 'store']);

      // One balance: 89.90 € and 69.90 € at 4 points per euro.
      const loyalty = await app.loyalty.mine();
      assert.equal(loyalty.balance, Math.floor(89.9 * 4) + Math.floor(69.9 * 4));
      assert.equal(loyalty.tier, 'gold');

      // The VIP invitation, after the journey's delay.
      clock.advance(11 * 60_000);
      await server.app.backgroundWork.drain();
      await server.app.backgroundWork.drain();
      const messages = await admin.request<{ items: { journeyId: string | null; status: string; subject: string | null }[] }>('GET', '/v1/messages', { query: { profileId: profile.id } });
      const invitation = messages.items.find((m) => m.journeyId === journey.id);
      assert.ok(invitation, JSON.stringify(messages.items));
      assert.equal(invitation.status, 'sent');
      assert.match(invitation.subject ?? '', /invitée|invited/);
    });
  });
}
