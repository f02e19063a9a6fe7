import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { DIALECTS, startTestServer, type TestServer } from '../support/harness.js';
import { problemOf, productBody, variant } from '../catalog/catalog-fixtures.js';
import { assertLedgerBalanced } from '../inventory/inventory-fixtures.js';
import { ManualClock } from '../../src/platform/clock.js';
import type { PasserelleClient } from '../../sdk/index.js';

const HOUR = 3_600_000;

for (const dialect of DIALECTS) {
  describe(`checkout, orders, returns, promotions and loyalty (${dialect})`, () => {
    let server: TestServer;
    let clock: ManualClock;
    let admin: PasserelleClient;
    let associate: PasserelleClient;
    let storeId: string;
    let otherStoreId: string;
    let warehouseId: string;
    let tillKey: string;
    let womenId: string;

    const drain = () => server.app.backgroundWork.drain();

    async function place(kind: 'store' | 'warehouse', code: string, services: string[]): Promise<string> {
      const location = await admin.locations.create({
        kind,
        code,
        name: `${kind} ${code}`,
        timezone: 'Europe/Paris',
        address: { line1: '1 rue de la République', postalCode: '69001', city: 'Lyon', country: 'FR' },
        location: { latitude: 45.76, longitude: 4.83 },
        ...(kind === 'store' ? { services: services as never } : {}),
      });
      return location.id;
    }

    async function customer(): Promise<{ client: PasserelleClient; profileId: string }> {
      const signed = await server.client().customers.signup({ email: `c${randomUUID().slice(0, 8)}@example.fr`, password: 'correct horse battery' });
      return { client: server.client(signed.token), profileId: signed.profileId };
    }

    async function cartWith(who: PasserelleClient, lines: [string, number][], channel: 'web' | 'app' | 'store' = 'app') {
      const cart = await who.carts.create({ channel });
      for (const [sku, quantity] of lines) await who.carts.addItem(cart.id, { sku, quantity });
      return cart;
    }

    const level = (sku: string, at: string) => admin.inventory.get(sku, at);

    before(async () => {
      clock = new ManualClock(new Date());
      server = await startTestServer(dialect, { clock, config: { workerPollMs: 0 } });
      admin = server.admin;
      storeId = await place('store', 'LYON-1', ['click_and_collect', 'reserve_and_try', 'returns', 'ship_to_store_pickup']);
      otherStoreId = await place('store', 'PARIS-1', ['click_and_collect', 'returns']);
      warehouseId = await place('warehouse', 'WH-1', []);
      associate = server.client((await admin.apiTokens.create({ name: 'associate', role: 'associate', storeId })).token);
      womenId = (await admin.categories.create({ slug: 'femme', name: 'Femme' })).id;
      await admin.categories.create({ slug: 'robes', name: 'Robes', parentId: womenId });
      await admin.products.create(
        productBody('ROBE', { name: 'Robe portefeuille', category: 'robes', variants: [variant('ROBE-36', { size: '36', price: { amount: 7990, currency: 'EUR' } }), variant('ROBE-38', { size: '38', price: { amount: 7990, currency: 'EUR' } })] }),
      );
      await admin.products.create(productBody('VESTE', { name: 'Veste en jean', variants: [variant('VESTE-S', { size: 'S', price: { amount: 8900, currency: 'EUR' } }), variant('VESTE-M', { size: 'M', price: { amount: 8900, currency: 'EUR' } })] }));
      await admin.products.create(productBody('TSH', { name: 'T-shirt coton', variants: [variant('TSH-M', { size: 'M', price: { amount: 1999, currency: 'EUR' } })] }));
      for (const [sku, at, onHand] of [
        ['ROBE-36', storeId, 10],
        ['ROBE-38', storeId, 10],
        ['VESTE-S', storeId, 1],
        ['VESTE-M', storeId, 1],
        ['TSH-M', storeId, 10],
        ['ROBE-36', warehouseId, 20],
        ['ROBE-38', warehouseId, 20],
        ['TSH-M', warehouseId, 50],
        ['ROBE-38', otherStoreId, 2],
      ] as const)
        await admin.inventory.set(sku, at, { onHand });
      tillKey = (await admin.sources.create({ name: 'Till Lyon', channel: 'store', storeId })).writeKey;
    });
    after(() => server?.close());

    test('J4: click & collect reserves the store’s own stock, is collected, pays at pickup and earns points', async () => {
      const { client, profileId } = await customer();
      const cart = await cartWith(client, [['ROBE-36', 1], ['TSH-M', 2]]);
      const before36 = await level('ROBE-36', storeId);
      const order = await client.orders.checkout(cart.id, { fulfillment: { method: 'click_and_collect', storeId }, payment: { method: 'at_pickup' } });
      assert.equal(order.status, 'placed');
      assert.equal(order.total.amount, 7990 + 2 * 1999);
      assert.deepEqual(order.lines.map((l) => [l.sku, l.quantity, l.locationId]), [['ROBE-36', 1, storeId], ['TSH-M', 2, storeId]]);
      const held = await level('ROBE-36', storeId);
      assert.equal(held.reserved, before36.reserved + 1, 'reserved at checkout: nobody else can buy the last unit');
      assert.equal((await client.carts.get(cart.id)).status, 'ordered');

      // Impossible transitions are 409s; the customer cannot mark it collected.
      await problemOf(associate.orders.transition(order.id, { to: 'collected' }), 409, 'commerce.impossible_transition');
      const ready = await associate.orders.transition(order.id, { to: 'ready_for_pickup' });
      assert.ok(ready.expiresAt, 'the collection window starts');
      await problemOf(client.orders.transition(order.id, { to: 'collected' }), 403, 'commerce.transition_not_allowed');
      const collected = await associate.orders.transition(order.id, { to: 'collected' });
      assert.equal(collected.status, 'collected');
      assert.equal(collected.payment.status, 'captured');
      assert.equal(collected.payment.paid.amount, 7990 + 2 * 1999);
      assert.equal(collected.pointsEarned, Math.floor((7990 + 2 * 1999) / 100));
      const after = await level('ROBE-36', storeId);
      assert.deepEqual([after.onHand, after.reserved], [before36.onHand - 1, before36.reserved]);
      assert.equal((await client.loyalty.mine()).balance, collected.pointsEarned);
      assert.deepEqual(collected.transitions.map((t) => t.to), ['placed', 'ready_for_pickup', 'collected']);

      await drain();
      const timeline = await admin.profiles.timeline(profileId, {});
      const names = timeline.items.map((e) => e.name);
      assert.ok(names.includes('Order Placed') && names.includes('Order Completed'), names.join(', '));
      await assertLedgerBalanced(server);
    });

    test('the same Idempotency-Key returns the same order and reserves nothing twice; short stock is a 409 with nothing reserved', async () => {
      const { client } = await customer();
      const cart = await cartWith(client, [['ROBE-38', 1]]);
      const key = randomUUID();
      const body = { fulfillment: { method: 'click_and_collect' as const, storeId }, payment: { method: 'online' as const } };
      const before = await level('ROBE-38', storeId);
      const first = await client.orders.checkout(cart.id, body, { idempotencyKey: key });
      const again = await client.orders.checkout(cart.id, body, { idempotencyKey: key });
      assert.equal(again.id, first.id);
      assert.equal((await level('ROBE-38', storeId)).reserved, before.reserved + 1);
      assert.equal(first.payment.status, 'captured');

      const greedy = await customer();
      const big = await cartWith(greedy.client, [['ROBE-38', 20], ['TSH-M', 1]]);
      const snapshot = [await level('ROBE-38', storeId), await level('TSH-M', storeId)];
      const short = await problemOf(greedy.client.orders.checkout(big.id, body), 409, 'inventory.insufficient_stock');
      assert.ok(JSON.stringify(short).includes('ROBE-38'));
      assert.deepEqual([await level('ROBE-38', storeId), await level('TSH-M', storeId)], snapshot, 'nothing reserved');
      assert.equal((await greedy.client.carts.get(big.id)).status, 'active');
    });

    test('a declined card reserves nothing; a card that needs 3-D Secure waits, and a failed confirmation gives the stock back', async () => {
      const { client } = await customer();
      const cart = await cartWith(client, [['ROBE-36', 1]]);
      const before = await level('ROBE-36', storeId);
      await problemOf(client.orders.checkout(cart.id, { fulfillment: { method: 'click_and_collect', storeId }, payment: { method: 'online', card: '4000000000000002' } }), 402, 'commerce.payment_declined');
      assert.deepEqual(await level('ROBE-36', storeId), before);
      const waiting = await client.orders.checkout(cart.id, { fulfillment: { method: 'click_and_collect', storeId }, payment: { method: 'online', card: 'tok_3ds' } });
      assert.equal(waiting.status, 'awaiting_payment');
      assert.equal(waiting.payment.nextAction?.type, 'three_d_secure');
      assert.equal((await level('ROBE-36', storeId)).reserved, before.reserved + 1);
      const failed = await client.orders.confirmPayment(waiting.id, 'failed');
      assert.equal(failed.status, 'cancelled');
      assert.deepEqual(await level('ROBE-36', storeId), { ...before, updatedAt: (await level('ROBE-36', storeId)).updatedAt });

      const cart2 = await cartWith(client, [['TSH-M', 1]]);
      const paid = await client.orders.checkout(cart2.id, { fulfillment: { method: 'click_and_collect', storeId }, payment: { method: 'online', card: 'tok_3ds' } });
      assert.equal((await client.orders.confirmPayment(paid.id, 'succeeded')).status, 'placed');
    });

    test('bad checkout input is a 4xx and changes nothing', async () => {
      const { client } = await customer();
      const cart = await cartWith(client, [['TSH-M', 1]]);
      await problemOf(client.orders.checkout(cart.id, { fulfillment: { method: 'home_delivery' }, payment: { method: 'online' } }), 400, 'platform.validation_failed');
      await problemOf(
        client.orders.checkout(cart.id, { fulfillment: { method: 'home_delivery', address: { name: 'C', line1: '1 rue', postalCode: '69001', city: 'Lyon', country: 'FR' } }, payment: { method: 'at_pickup' } }),
        400,
        'platform.validation_failed',
      );
      await problemOf(client.orders.checkout(cart.id, { fulfillment: { method: 'reserve_and_try', storeId: otherStoreId } }), 422, 'commerce.service_not_offered');
      await problemOf(client.orders.checkout(cart.id, { fulfillment: { method: 'click_and_collect', storeId: warehouseId }, payment: { method: 'online' } }), 422, 'commerce.unknown_store');
      const anonymous = await server.client().carts.create({ anonymousId: 'anon-checkout', channel: 'web' });
      await server.client().carts.addItem(anonymous.id, { sku: 'TSH-M', quantity: 1 });
      await problemOf(associate.orders.checkout(anonymous.id, { fulfillment: { method: 'click_and_collect', storeId }, payment: { method: 'at_pickup' } }), 422, 'commerce.customer_required');
      assert.equal((await client.carts.get(cart.id)).status, 'active');
    });

    test('ship to store: the warehouse ships, the transfer is received, the order has arrived and is collected', async () => {
      const { client } = await customer();
      const cart = await cartWith(client, [['ROBE-38', 3]]);
      const order = await client.orders.checkout(cart.id, { fulfillment: { method: 'ship_to_store', storeId }, payment: { method: 'online' } });
      assert.equal(order.status, 'in_transit_to_store');
      assert.equal(order.transfers.length, 1);
      assert.equal(order.transfers[0]!.fromLocationId, warehouseId);
      assert.equal((await level('ROBE-38', storeId)).inTransit, 3);
      await admin.transfers.receive(order.transfers[0]!.id);
      await drain();
      const arrived = await client.orders.get(order.id);
      assert.equal(arrived.status, 'arrived_in_store');
      assert.ok(arrived.expiresAt);
      const collected = await associate.orders.transition(order.id, { to: 'collected' });
      assert.equal(collected.status, 'collected');
      await assertLedgerBalanced(server);
    });

    test('J6: reserve and try two sizes, buy one; the other returns to that store’s available stock; an untried reservation is released after its window', async () => {
      const { client } = await customer();
      const cart = await cartWith(client, [['VESTE-S', 1], ['VESTE-M', 1]], 'instagram' as never);
      const reserved = await client.orders.checkout(cart.id, { fulfillment: { method: 'reserve_and_try', storeId } });
      assert.equal(reserved.status, 'reserved');
      assert.equal(reserved.payment.method, 'none');
      assert.equal(new Date(reserved.expiresAt!).getTime() - clock.now().getTime(), 48 * HOUR);
      assert.equal((await level('VESTE-M', storeId)).available, 0);
      await associate.orders.transition(reserved.id, { to: 'tried' });
      const bought = await associate.orders.transition(reserved.id, { to: 'purchased', lines: [{ sku: 'VESTE-S', quantity: 1 }] });
      assert.equal(bought.status, 'purchased');
      assert.equal(bought.payment.paid.amount, 8900);
      assert.deepEqual(Object.fromEntries(bought.lines.map((l) => [l.sku, l.keptQuantity])), { 'VESTE-S': 1, 'VESTE-M': 0 });
      const m = await level('VESTE-M', storeId);
      assert.deepEqual([m.onHand, m.reserved, m.available], [1, 0, 1], 'the untaken size is available again');
      assert.equal((await level('VESTE-S', storeId)).onHand, 0);

      const again = await cartWith(client, [['VESTE-M', 1]]);
      const second = await client.orders.checkout(again.id, { fulfillment: { method: 'reserve_and_try', storeId } });
      assert.equal((await level('VESTE-M', storeId)).available, 0);
      clock.advance(48 * HOUR + 1000);
      await drain();
      assert.equal((await client.orders.get(second.id)).status, 'released');
      assert.equal((await level('VESTE-M', storeId)).available, 1);
      await drain();
      assert.equal((await client.orders.get(second.id)).transitions.length, 2, 'released exactly once');
      await assertLedgerBalanced(server);
    });

    test('an uncollected click & collect order expires after the collection window with its stock back', async () => {
      await admin.commerceSettings.update({ collectionWindow: 'P2D' });
      const { client } = await customer();
      const cart = await cartWith(client, [['TSH-M', 4]]);
      const before = await level('TSH-M', storeId);
      const order = await client.orders.checkout(cart.id, { fulfillment: { method: 'click_and_collect', storeId }, payment: { method: 'online' } });
      await associate.orders.transition(order.id, { to: 'ready_for_pickup' });
      clock.advance(47 * HOUR);
      await drain();
      assert.equal((await client.orders.get(order.id)).status, 'ready_for_pickup');
      clock.advance(2 * HOUR);
      await drain();
      const expired = await client.orders.get(order.id);
      assert.equal(expired.status, 'expired');
      assert.equal(expired.payment.status, 'refunded');
      assert.equal((await level('TSH-M', storeId)).available, before.available);
    });

    test('J9: an online order returned in a store is refunded, restocked there, and exchanged for another size from that store’s stock', async () => {
      const { client, profileId } = await customer();
      const cart = await cartWith(client, [['ROBE-36', 2], ['TSH-M', 1]], 'web');
      const address = { name: 'Claire Dupont', line1: '3 place Bellecour', postalCode: '69002', city: 'Lyon', country: 'FR' };
      const order = await client.orders.checkout(cart.id, { fulfillment: { method: 'home_delivery', address }, payment: { method: 'online' } });
      assert.equal(order.deliveryFee.amount, 490);
      assert.equal(order.lines[0]!.locationId, warehouseId);
      await admin.orders.transition(order.id, { to: 'shipped' });
      await problemOf(associate.returns.create({ orderId: order.id, lines: [{ sku: 'TSH-M', quantity: 1 }] }), 409, 'commerce.return_not_possible');
      const delivered = await admin.orders.transition(order.id, { to: 'delivered' });
      const points = delivered.pointsEarned;
      assert.ok(points > 0);

      const store38 = await level('ROBE-38', storeId);
      const store36 = await level('ROBE-36', storeId);
      const ret = await associate.returns.create({
        orderId: order.id,
        lines: [
          { sku: 'ROBE-36', quantity: 1, reason: 'too_small', exchangeForSku: 'ROBE-38' },
          { sku: 'TSH-M', quantity: 1, reason: 'changed_mind' },
        ],
      });
      assert.equal(ret.storeId, storeId, 'an associate’s return goes to their store');
      assert.equal(ret.refund.amount, 1999, 'the exchanged dress is not refunded; the T-shirt is');
      assert.ok(ret.exchangeOrderId);
      assert.equal((await level('ROBE-36', storeId)).onHand, store36.onHand + 1, 'the returned dress is in this store now');
      assert.equal((await level('ROBE-38', storeId)).onHand, store38.onHand - 1, 'the other size left this store');
      const afterReturn = await client.orders.get(order.id);
      assert.equal(afterReturn.payment.status, 'partially_refunded');
      assert.deepEqual(afterReturn.lines.map((l) => l.returnedQuantity), [1, 1]);
      // More than was bought is refused and changes nothing.
      await problemOf(associate.returns.create({ orderId: order.id, lines: [{ sku: 'TSH-M', quantity: 1 }] }), 409, 'commerce.return_not_possible');
      await problemOf(associate.returns.create({ orderId: order.id, lines: [{ sku: 'ROBE-36', quantity: 1, reason: 'no_reason_like_this' }] }), 400, 'platform.validation_failed');
      // The last dress: the delivery fee goes back with the last units.
      const last = await associate.returns.create({ orderId: order.id, lines: [{ sku: 'ROBE-36', quantity: 1, reason: 'defective' }] });
      assert.equal(last.refund.amount, 7990 + 490);
      const final = await client.orders.get(order.id);
      assert.equal(final.payment.refunded.amount, final.payment.paid.amount - 7990, 'everything but the exchanged dress');
      const loyalty = await admin.loyalty.ofProfile(profileId);
      assert.ok(loyalty.balance < points && loyalty.balance >= 0, `points taken back: ${loyalty.balance} of ${points}`);
      await assertLedgerBalanced(server);

      clock.advance(31 * 24 * HOUR);
      const later = await customer();
      const late = await cartWith(later.client, [['TSH-M', 1]], 'web');
      const lateOrder = await later.client.orders.checkout(late.id, { fulfillment: { method: 'click_and_collect', storeId }, payment: { method: 'online' } });
      await associate.orders.transition(lateOrder.id, { to: 'ready_for_pickup' });
      await associate.orders.transition(lateOrder.id, { to: 'collected' });
      clock.advance(31 * 24 * HOUR);
      await problemOf(associate.returns.create({ orderId: lateOrder.id, lines: [{ sku: 'TSH-M', quantity: 1 }] }), 409, 'commerce.return_window_closed');
    });

    test('promotions: one definition prices the same basket the same on every channel; a personal code is single-use and only for its owner', async () => {
      const dresses = await admin.promotions.create({ name: '-20 % robes', kind: 'percent_off', value: 20, target: { categoryIds: [womenId] } });
      const personal = await admin.promotions.create({ name: 'Offre robe -30 %', kind: 'percent_off', value: 30, target: { skus: ['ROBE-38'] }, requiresCode: true, stackable: false, priority: 10 });
      const { client, profileId } = await customer();
      const [code] = (await admin.promotions.issueCodes(personal.id, { profileId })).items;
      assert.ok(code && code.profileId === profileId && code.singleUse);

      const totals: number[] = [];
      for (const channel of ['web', 'app', 'store'] as const) {
        const shopper = await customer();
        const cart = await cartWith(shopper.client, [['ROBE-36', 1], ['TSH-M', 1]], channel);
        const order = await shopper.client.orders.checkout(cart.id, { fulfillment: { method: 'click_and_collect', storeId }, payment: { method: 'online' }, channel });
        totals.push(order.total.amount);
        assert.deepEqual(order.promotions.map((p) => p.promotionId), [dresses.id]);
      }
      assert.deepEqual(totals, [totals[0], totals[0], totals[0]]);
      assert.equal(totals[0], Math.round(7990 * 0.8) + 1999);

      const stranger = await customer();
      const theirs = await cartWith(stranger.client, [['ROBE-38', 1]]);
      await problemOf(stranger.client.orders.checkout(theirs.id, { fulfillment: { method: 'click_and_collect', storeId }, payment: { method: 'online' }, promoCode: code!.code }), 422, 'commerce.promo_code_refused');
      const mine = await cartWith(client, [['ROBE-38', 1]]);
      const used = await client.orders.checkout(mine.id, { fulfillment: { method: 'click_and_collect', storeId }, payment: { method: 'online' }, promoCode: code!.code.toLowerCase() });
      assert.equal(used.total.amount, Math.round(7990 * 0.7), 'the better non-stackable offer wins on that line');
      assert.equal(used.promoCode, code!.code.toLowerCase());
      const twice = await cartWith(client, [['ROBE-38', 1]]);
      await problemOf(client.orders.checkout(twice.id, { fulfillment: { method: 'click_and_collect', storeId }, payment: { method: 'online' }, promoCode: code!.code }), 422, 'commerce.promo_code_refused');
      await admin.promotions.update(dresses.id, { name: '-20 % robes', kind: 'percent_off', value: 20, target: { categoryIds: [womenId] }, active: false });
    });

    test('a cart shows its promotions and online stock on every read; a reward is spent at checkout; others’ carts and orders are out of reach', async () => {
      const welcome = await admin.promotions.create({ name: 'Bienvenue -10 €', kind: 'amount_off', value: 1000, requiresCode: true, code: 'BIENVENUE10', conditions: { minSubtotal: 5000 } });
      const { client, profileId } = await customer();
      const cart = await cartWith(client, [['TSH-M', 1]]);
      const small = await client.carts.setPromoCode(cart.id, 'bienvenue10');
      assert.equal(small.promoCodeRefused, 'min_subtotal');
      assert.equal(small.items[0]!.availableOnline, (await level('TSH-M', warehouseId)).available);
      await client.carts.addItem(cart.id, { sku: 'ROBE-38', quantity: 1 });
      const priced = await client.carts.get(cart.id);
      assert.equal(priced.promoCodeRefused, null);
      assert.deepEqual(priced.promotions.map((p) => [p.promotionId, p.amount]), [[welcome.id, 1000]]);
      assert.equal(priced.total.amount, priced.subtotal.amount - 1000);
      assert.equal(priced.items.reduce((s, i) => s + i.discount.amount, 0), 1000, 'the lines carry the discount exactly');

      await server.deps.database.kysely.insertInto('loyalty_accounts').values({ profile_id: profileId, balance: 300, lifetime_points: 300, tier: 'member', updated_at: clock.now().toISOString() }).execute();
      const stranger = await customer();
      await problemOf(stranger.client.orders.checkout(cart.id, { fulfillment: { method: 'click_and_collect', storeId }, payment: { method: 'online' } }), 403, 'commerce.not_your_cart');
      await problemOf(client.orders.checkout(cart.id, { fulfillment: { method: 'click_and_collect', storeId }, payment: { method: 'online' }, reward: 'voucher_10' }), 409, 'commerce.not_enough_points');
      const order = await client.orders.checkout(cart.id, { fulfillment: { method: 'click_and_collect', storeId }, payment: { method: 'online' }, reward: 'voucher_5' });
      assert.equal(order.total.amount, priced.subtotal.amount - 1000 - 500);
      assert.equal(order.lines.reduce((s, l) => s + l.total.amount, 0), order.total.amount);
      assert.equal((await client.loyalty.mine()).balance, 50);
      await problemOf(stranger.client.orders.get(order.id), 403);
      await problemOf(stranger.client.orders.transition(order.id, { to: 'cancelled' }), 403);
      const cancelled = await client.orders.transition(order.id, { to: 'cancelled' });
      assert.equal(cancelled.payment.status, 'refunded');
      assert.equal((await client.loyalty.mine()).balance, 300, 'the points spent come back with the money');
    });

    test('J5: a till sale becomes an order of the store channel in the same history, and points from every channel make one balance that reaches a tier', async () => {
      await admin.commerceSettings.update({ loyalty: { pointsPerUnit: 10, channelMultipliers: {}, tiers: [{ tier: 'member', from: 0 }, { tier: 'gold', from: 1000 }], rewards: [] } });
      const { client, profileId } = await customer();
      const me = await client.me.get();
      await server.tracker(tillKey).tracking.track({
        userId: `till-${profileId}`,
        event: 'Order Completed',
        context: { traits: { email: me.email } },
        properties: { orderId: 'T-1001', currency: 'EUR', products: [{ sku: 'TSH-M', quantity: 2, price: 19.99 }] },
      });
      await drain();
      const mine = await client.orders.mine();
      const till = mine.items.find((o) => o.method === 'in_store');
      assert.ok(till, JSON.stringify(mine.items.map((o) => o.method)));
      assert.equal(till.channel, 'store');
      assert.equal(till.total.amount, 3998);
      assert.equal((await client.loyalty.mine()).balance, 399, '39.98 € at 10 points per euro, rounded down');

      const cart = await cartWith(client, [['ROBE-36', 1]], 'web');
      const online = await client.orders.checkout(cart.id, { fulfillment: { method: 'click_and_collect', storeId }, payment: { method: 'online' } });
      await associate.orders.transition(online.id, { to: 'ready_for_pickup' });
      await associate.orders.transition(online.id, { to: 'collected' });
      await drain();
      const loyalty = await client.loyalty.mine();
      assert.equal(loyalty.tier, 'gold');
      assert.deepEqual(new Set((await client.orders.mine()).items.map((o) => o.channel)), new Set(['store', 'web']));
      const tierEvents = await server.deps.database.kysely.selectFrom('domain_events').select('payload').where('type', '=', 'commerce.loyalty_tier_reached').execute();
      assert.ok(tierEvents.some((e) => (JSON.parse(e.payload) as { profileId: string; tier: string }).tier === 'gold'));
      await admin.commerceSettings.update({ loyalty: { pointsPerUnit: 1, channelMultipliers: {}, tiers: [{ tier: 'member', from: 0 }, { tier: 'silver', from: 500 }, { tier: 'gold', from: 1500 }], rewards: [] } });
    });
  });
}
