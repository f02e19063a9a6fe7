import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { decideTransition, expiryTarget, initialStatus, isFinal, ORDER_STATUSES, type OrderMethod } from './order-machine.js';

const METHODS: OrderMethod[] = ['home_delivery', 'click_and_collect', 'ship_to_store', 'reserve_and_try', 'in_store'];

test('each method walks its own path to the goods', () => {
  const walk = (method: OrderMethod, path: string[]) => {
    for (let i = 1; i < path.length; i++) {
      const actor = ['in_transit_to_store', 'arrived_in_store'].includes(path[i]!) ? 'system' : 'staff';
      const decision = decideTransition(method, path[i - 1] as never, path[i] as never, actor);
      assert.ok(decision.ok, `${method}: ${path[i - 1]} → ${path[i]}`);
    }
  };
  walk('home_delivery', ['placed', 'shipped', 'delivered']);
  walk('click_and_collect', ['placed', 'ready_for_pickup', 'collected']);
  walk('ship_to_store', ['placed', 'in_transit_to_store', 'arrived_in_store', 'collected']);
  walk('reserve_and_try', ['reserved', 'tried', 'purchased']);
  walk('reserve_and_try', ['reserved', 'tried', 'released']);
});

test('impossible transitions are refused with what is possible from there', () => {
  const skipped = decideTransition('click_and_collect', 'placed', 'collected', 'staff');
  assert.deepEqual(skipped, { ok: false, reason: 'impossible', allowed: ['ready_for_pickup', 'cancelled'] });
  assert.equal(decideTransition('home_delivery', 'delivered', 'cancelled', 'staff').ok, false);
  assert.equal(decideTransition('in_store', 'completed', 'cancelled', 'staff').ok, false);
});

test('a customer may cancel only before anything was prepared; arrivals and expiry are the system’s', () => {
  assert.equal(decideTransition('click_and_collect', 'placed', 'cancelled', 'customer').ok, true);
  assert.deepEqual(decideTransition('click_and_collect', 'ready_for_pickup', 'cancelled', 'customer'), { ok: false, reason: 'not_allowed', allowed: [] });
  assert.equal(decideTransition('ship_to_store', 'in_transit_to_store', 'arrived_in_store', 'staff').ok, false);
  assert.equal(decideTransition('click_and_collect', 'ready_for_pickup', 'expired', 'staff').ok, false);
  assert.equal(decideTransition('click_and_collect', 'ready_for_pickup', 'collected', 'customer').ok, false);
});

test('the effects say what happens to stock, money and points', () => {
  const collected = decideTransition('click_and_collect', 'ready_for_pickup', 'collected', 'staff');
  assert.ok(collected.ok);
  assert.deepEqual([...collected.effects].sort(), ['capture_payment', 'consume_holds', 'earn_points']);
  const released = decideTransition('reserve_and_try', 'tried', 'released', 'system');
  assert.ok(released.ok);
  assert.deepEqual(released.effects, ['release_holds']);
});

test('every waiting status has somewhere to expire to, and it is a legal system transition', () => {
  assert.equal(initialStatus('click_and_collect', 'requires_action'), 'awaiting_payment');
  assert.equal(initialStatus('reserve_and_try', 'none'), 'reserved');
  assert.equal(initialStatus('in_store', 'paid'), 'completed');
  fc.assert(
    fc.property(fc.constantFrom(...METHODS), fc.constantFrom(...ORDER_STATUSES), (method, status) => {
      const target = expiryTarget(method, status);
      if (target === null || isFinal(method, status)) return;
      assert.equal(decideTransition(method, status, target, 'system').ok, true, `${method} ${status} → ${target}`);
    }),
  );
});

test('final statuses have no way out, whoever asks', () => {
  fc.assert(
    fc.property(fc.constantFrom(...METHODS), fc.constantFrom(...ORDER_STATUSES), fc.constantFrom(...ORDER_STATUSES), fc.constantFrom('customer' as const, 'staff' as const, 'system' as const), (method, from, to, actor) => {
      if (isFinal(method, from)) assert.equal(decideTransition(method, from, to, actor).ok, false);
    }),
  );
});
