import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { computeTraits, toMinorUnits, type HistoryEvent } from './computed-traits.js';

const order = (channel: string, timestamp: string, revenue: unknown, products: unknown[] = [], storeId: string | null = null): HistoryEvent => ({
  name: 'Order Completed',
  channel,
  storeId,
  timestamp,
  properties: { revenue, products },
});

test('amounts become exact minor units', () => {
  assert.equal(toMinorUnits(29.99), 2999);
  assert.equal(toMinorUnits('29,99'), 2999);
  assert.equal(toMinorUnits('29.9'), 2990);
  assert.equal(toMinorUnits('12'), 1200);
  assert.equal(toMinorUnits(0.1 + 0.2), 30);
  assert.equal(toMinorUnits('abc'), null);
});

test('orders from every channel add up, with the last purchase per channel and preferences', () => {
  const traits = computeTraits(
    [
      order('web', '2026-01-01T10:00:00Z', 59.9, [{ size: '38', color: 'noir', quantity: 1, product_id: 'prd_dress' }]),
      order('store', '2026-03-01T10:00:00Z', 20, [{ size: '38', variant: 'noir', product_id: 'prd_dress' }], 'sto_lyon'),
      order('store', '2026-02-01T10:00:00Z', '120,00', [{ size: '38', color: 'rouge', product_id: 'prd_skirt' }, { size: 'M', color: 'noir', product_id: 'prd_top' }], 'sto_lyon'),
      { name: 'Store Entered', channel: 'store', storeId: 'sto_paris', timestamp: '2026-03-02T10:00:00Z', properties: {} },
      { name: 'Product Viewed', channel: 'app', storeId: null, timestamp: '2026-03-03T10:00:00Z', properties: {} },
    ],
    null,
  );
  assert.equal(traits.orders, 3);
  assert.deepEqual(traits.revenue, { amount: 19990, currency: 'EUR' });
  assert.deepEqual(traits.averageBasket, { amount: 6663, currency: 'EUR' });
  assert.deepEqual(traits.lastPurchaseByChannel, { web: '2026-01-01T10:00:00Z', store: '2026-03-01T10:00:00Z' });
  assert.deepEqual(traits.preferredSizes, ['38', 'M']);
  assert.deepEqual(traits.preferredColors, ['noir', 'rouge']);
  // Whatever order the history comes in: the latest purchase first, each product once.
  assert.deepEqual(traits.recentPurchases, [
    { productId: 'prd_dress', size: '38', color: 'noir', at: '2026-03-01T10:00:00Z' },
    { productId: 'prd_skirt', size: '38', color: 'rouge', at: '2026-02-01T10:00:00Z' },
    { productId: 'prd_top', size: 'M', color: 'noir', at: '2026-02-01T10:00:00Z' },
  ]);
  assert.equal(traits.favouriteStoreId, 'sto_lyon');
  assert.equal(computeTraits([], 'sto_chosen').favouriteStoreId, 'sto_chosen');
});

test('property: revenue is the exact sum of the orders in cents', () => {
  fc.assert(
    fc.property(fc.array(fc.integer({ min: 0, max: 1_000_000 }), { maxLength: 30 }), (cents) => {
      const events = cents.map((c, i) => order('web', `2026-01-01T00:00:${String(i % 60).padStart(2, '0')}Z`, (c / 100).toFixed(2)));
      assert.equal(computeTraits(events, null).revenue.amount, cents.reduce((a, b) => a + b, 0));
    }),
  );
});
