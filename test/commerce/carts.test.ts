import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DIALECTS, startTestServer, type TestServer } from '../support/harness.js';
import { principals } from '../support/fixtures.js';
import { problemOf, productBody, variant } from '../catalog/catalog-fixtures.js';

for (const dialect of DIALECTS) {
  describe(`carts and wishlists belong to the person (${dialect})`, () => {
    let server: TestServer;
    let who: Awaited<ReturnType<typeof principals>>;
    let keys: { web: string; app: string };

    before(async () => {
      server = await startTestServer(dialect);
      who = await principals(server);
      await server.admin.products.create(
        productBody('ROB-1', { name: 'Robe portefeuille', variants: [variant('ROB-1-36', { size: '36', price: { amount: 7990, currency: 'EUR' } }), variant('ROB-1-38', { size: '38', price: { amount: 7990, currency: 'EUR' } })] }),
      );
      await server.admin.products.create(productBody('TSH-1', { name: 'T-shirt coton', variants: [variant('TSH-1-M', { size: 'M', price: { amount: 1999, currency: 'EUR' } })] }));
      keys = {
        web: (await server.admin.sources.create({ name: 'Web', channel: 'web' })).writeKey,
        app: (await server.admin.sources.create({ name: 'App', channel: 'app' })).writeKey,
      };
    });
    after(() => server?.close());

    test('an anonymous web cart is folded into the customer cart once the app links the device to them', async () => {
      const shopper = await server.client().customers.signup({ email: 'claire.dupont@example.fr', password: 'correct horse battery' });
      const app = server.client(shopper.token);
      const web = server.client();

      // On the web, not signed in: a cart keyed by the device.
      const webCart = await web.carts.create({ anonymousId: 'web-anon-7', channel: 'web' });
      assert.equal(webCart.profileId, null);
      await web.carts.addItem(webCart.id, { sku: 'ROB-1-38', quantity: 1 });
      await web.carts.addItem(webCart.id, { sku: 'TSH-1-M', quantity: 2 });

      // In the app, signed in: a cart of their own with one of the same items.
      const appCart = await app.carts.create({ channel: 'app' });
      assert.equal(appCart.profileId, shopper.profileId);
      await app.carts.addItem(appCart.id, { sku: 'TSH-1-M', quantity: 1 });

      // The app identifies the person with the web device's id (Segment's identify after login).
      await server.tracker(keys.web).tracking.track({ anonymousId: 'web-anon-7', event: 'Product Added', properties: { sku: 'ROB-1-38' } });
      await server.tracker(keys.app).tracking.identify({ anonymousId: 'web-anon-7', traits: { email: 'Claire.Dupont@example.fr' } });

      const mine = await app.carts.mine();
      assert.equal(mine.id, appCart.id, 'the cart started for the signed-in person survives');
      assert.deepEqual(mine.mergedFrom, [webCart.id]);
      assert.deepEqual(
        mine.items.map((i) => [i.sku, i.quantity, i.addedChannel]),
        [
          ['ROB-1-38', 1, 'web'],
          ['TSH-1-M', 3, 'app'],
        ],
      );
      assert.deepEqual(mine.subtotal, { amount: 7990 + 3 * 1999, currency: 'EUR' });

      // The web device's cart id now answers with the person's cart, but only to them.
      await problemOf(web.carts.get(webCart.id), 401);
      assert.equal((await app.carts.get(webCart.id)).id, appCart.id);
      await problemOf(web.carts.addItem(appCart.id, { sku: 'ROB-1-36', quantity: 1 }), 401);
    });

    test('an associate opens the customer cart and wishlist in the store and adds to them; the customer sees it in the app', async () => {
      const shopper = await server.client().customers.signup({ email: 'lea.moreau@example.fr', password: 'correct horse battery' });
      const app = server.client(shopper.token);
      const associate = server.client(who.associate);
      const cart = await app.carts.create({ channel: 'app' });
      await app.carts.addItem(cart.id, { sku: 'TSH-1-M', quantity: 1 });
      await app.wishlists.addMine('ROB-1-36');

      const seen = await associate.carts.ofProfile(shopper.profileId);
      assert.equal(seen.id, cart.id);
      await associate.carts.addItem(seen.id, { sku: 'ROB-1-38', quantity: 1 });
      const wish = await associate.wishlists.add(shopper.profileId, 'TSH-1-M');
      assert.deepEqual(wish.items.map((i) => i.sku).sort(), ['ROB-1-36', 'TSH-1-M']);

      const inApp = await app.carts.mine();
      const added = inApp.items.find((i) => i.sku === 'ROB-1-38');
      assert.equal(added?.addedChannel, 'store');
      assert.match(added?.addedBy ?? '', /^staff:/);
      const myWishlist = await app.wishlists.mine();
      assert.equal(myWishlist.items.find((i) => i.sku === 'TSH-1-M')?.addedChannel, 'store');
      // Saving twice keeps one line.
      assert.equal((await app.wishlists.addMine('TSH-1-M')).items.length, 2);
      assert.equal((await app.wishlists.removeMine('TSH-1-M')).items.length, 1);
      await problemOf(app.wishlists.removeMine('TSH-1-M'), 404, 'commerce.item_not_in_wishlist');
      // Creating a cart again from another device returns the same one.
      assert.equal((await app.carts.create({ channel: 'web' })).id, cart.id);
    });

    test('prices are recomputed on every read', async () => {
      const web = server.client();
      const cart = await web.carts.create({ anonymousId: 'web-anon-price', channel: 'web' });
      await web.carts.addItem(cart.id, { sku: 'ROB-1-36', quantity: 2 });
      await server.admin.products.upsertVariant((await server.admin.products.get('ROB-1')).id, 'ROB-1-36', { size: '36', price: { amount: 5990, currency: 'EUR' } });
      const read = await web.carts.get(cart.id);
      assert.deepEqual(read.items[0]?.unitPrice, { amount: 5990, currency: 'EUR' });
      assert.deepEqual(read.subtotal, { amount: 11980, currency: 'EUR' });
    });

    test('customers cannot reach other people’s carts or wishlists; bad input changes nothing', async () => {
      const a = await server.client().customers.signup({ email: 'a.person@example.fr', password: 'correct horse battery' });
      const b = await server.client().customers.signup({ email: 'b.person@example.fr', password: 'correct horse battery' });
      const cartA = await server.client(a.token).carts.create({ channel: 'app' });
      const asB = server.client(b.token);
      await problemOf(asB.carts.get(cartA.id), 403, 'commerce.not_your_cart');
      await problemOf(asB.carts.create({ channel: 'app', profileId: a.profileId }), 403);
      await problemOf(asB.wishlists.get(a.profileId), 403);
      await problemOf(server.client().carts.create({ channel: 'web' }), 400, 'commerce.identity_required');
      await problemOf(server.client().carts.create({ channel: 'fax' as never, anonymousId: 'x' }), 400);
      const web = server.client();
      const cart = await web.carts.create({ anonymousId: 'web-anon-bad', channel: 'web' });
      await problemOf(web.carts.addItem(cart.id, { sku: 'NOPE', quantity: 1 }), 404, 'commerce.unknown_sku');
      await problemOf(web.carts.addItem(cart.id, { sku: 'TSH-1-M', quantity: 0 }), 400);
      await problemOf(web.carts.addItem(cart.id, { sku: 'TSH-1-M', quantity: 1.5 }), 400);
      await problemOf(web.carts.addItem(cart.id, { sku: 'TSH-1-M', quantity: 1, colour: 'red' } as never), 400);
      await web.carts.addItem(cart.id, { sku: 'TSH-1-M', quantity: 15 });
      await problemOf(web.carts.addItem(cart.id, { sku: 'TSH-1-M', quantity: 10 }), 422, 'commerce.quantity_too_large');
      await problemOf(web.carts.removeItem(cart.id, 'ROB-1-36'), 404, 'commerce.item_not_in_cart');
      await problemOf(web.carts.get('crt_nope'), 404, 'commerce.cart_not_found');
      const after = await web.carts.get(cart.id);
      assert.deepEqual(after.items.map((i) => [i.sku, i.quantity]), [['TSH-1-M', 15]]);
      assert.deepEqual((await web.carts.setQuantity(cart.id, 'TSH-1-M', 0)).items, []);
      await problemOf(server.client(who.associate).carts.ofProfile(b.profileId), 404, 'commerce.no_active_cart');
    });

    test('cart changes are domain events (for abandoned-cart journeys)', async () => {
      const web = server.client();
      const cart = await web.carts.create({ anonymousId: 'web-anon-events', channel: 'web' });
      await web.carts.addItem(cart.id, { sku: 'TSH-1-M', quantity: 1 });
      const events = await server.deps.database.kysely.selectFrom('domain_events').select(['type', 'payload']).where('subject_id', '=', cart.id).execute();
      assert.equal(events.length, 1);
      assert.equal(events[0]!.type, 'commerce.cart_updated');
      assert.equal(JSON.parse(events[0]!.payload).quantity, 1);
    });
  });
}
