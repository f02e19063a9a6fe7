import { test } from 'node:test';
import assert from 'node:assert/strict';
import { planSourcing, type PlanInput, type SourcingLocation } from './sourcing.js';

const now = new Date('2026-11-23T10:00:00Z');
const DAY = 86_400_000;
// Lyon store; warehouses near Lyon (Saint-Priest), near Paris and near Marseille.
const lyon: SourcingLocation = { id: 'sto_lyon', kind: 'store', latitude: 45.764, longitude: 4.8357 };
const stPriest: SourcingLocation = { id: 'whs_stpriest', kind: 'warehouse', latitude: 45.6962, longitude: 4.9441 };
const paris: SourcingLocation = { id: 'whs_paris', kind: 'warehouse', latitude: 48.9, longitude: 2.35 };
const marseille: SourcingLocation = { id: 'whs_marseille', kind: 'warehouse', latitude: 43.35, longitude: 5.35 };

function input(stock: Record<string, Record<string, number>>, overrides: Partial<PlanInput> = {}): PlanInput {
  return {
    store: lyon,
    lines: [
      { sku: 'ROBE-36', quantity: 2 },
      { sku: 'JUPE-38', quantity: 1 },
    ],
    warehouses: [paris, marseille, stPriest],
    available: (locationId, sku) => stock[locationId]?.[sku] ?? 0,
    allowSplit: false,
    now,
    leadTimeMs: (from) => (from === stPriest.id ? DAY : 2 * DAY),
    ...overrides,
  };
}

test('the chosen store has every line: everything is picked there', () => {
  const plan = planSourcing(input({ sto_lyon: { 'ROBE-36': 2, 'JUPE-38': 5 }, whs_stpriest: { 'ROBE-36': 100, 'JUPE-38': 100 } }));
  assert.equal(plan.outcome, 'store');
  assert.deepEqual(plan.sources, [
    { locationId: 'sto_lyon', kind: 'store', action: 'pick_in_store', distanceKm: 0, estimatedArrivalAt: null, lines: [{ sku: 'ROBE-36', quantity: 2 }, { sku: 'JUPE-38', quantity: 1 }] },
  ]);
  assert.deepEqual(plan.missing, []);
});

test('the store lacks a line: the nearest warehouse with everything ships it all, arriving after its lead time', () => {
  const plan = planSourcing(
    input({
      sto_lyon: { 'ROBE-36': 1, 'JUPE-38': 5 },
      // Saint-Priest is nearest but lacks the skirt; Marseille (~280 km) is nearer than Paris (~390 km).
      whs_stpriest: { 'ROBE-36': 10 },
      whs_marseille: { 'ROBE-36': 2, 'JUPE-38': 1 },
      whs_paris: { 'ROBE-36': 50, 'JUPE-38': 50 },
    }),
  );
  assert.equal(plan.outcome, 'ship_to_store');
  assert.equal(plan.sources.length, 1);
  const [source] = plan.sources;
  assert.equal(source!.locationId, 'whs_marseille');
  assert.equal(source!.action, 'transfer_to_store');
  assert.equal(source!.estimatedArrivalAt, new Date(now.getTime() + 2 * DAY).toISOString());
  assert.ok(source!.distanceKm > 250 && source!.distanceKm < 300, `${source!.distanceKm} km`);
  assert.deepEqual(source!.lines, [{ sku: 'ROBE-36', quantity: 2 }, { sku: 'JUPE-38', quantity: 1 }]);
});

test('the nearest warehouse wins among those with everything, with its own lead time', () => {
  const plan = planSourcing(input({ whs_stpriest: { 'ROBE-36': 2, 'JUPE-38': 1 }, whs_paris: { 'ROBE-36': 9, 'JUPE-38': 9 } }));
  assert.equal(plan.outcome, 'ship_to_store');
  assert.equal(plan.sources[0]!.locationId, 'whs_stpriest');
  assert.equal(plan.sources[0]!.estimatedArrivalAt, new Date(now.getTime() + DAY).toISOString());
});

test('no single place has everything and splitting is not allowed: unavailable, nothing planned', () => {
  const stock = { sto_lyon: { 'ROBE-36': 2 }, whs_paris: { 'JUPE-38': 1 } };
  const plan = planSourcing(input(stock));
  assert.equal(plan.outcome, 'unavailable');
  assert.deepEqual(plan.sources, []);
  assert.deepEqual(plan.missing, [], 'the goods exist, only not in one place');
  assert.equal(plan.allowSplit, false);
});

test('splitting allowed: the store first, then warehouses nearest first, each line as far as it goes', () => {
  const plan = planSourcing(
    input({ sto_lyon: { 'ROBE-36': 1 }, whs_stpriest: { 'ROBE-36': 0, 'JUPE-38': 1 }, whs_paris: { 'ROBE-36': 5 } }, { allowSplit: true }),
  );
  assert.equal(plan.outcome, 'split');
  assert.deepEqual(
    plan.sources.map((s) => [s.locationId, s.action, s.lines]),
    [
      ['sto_lyon', 'pick_in_store', [{ sku: 'ROBE-36', quantity: 1 }]],
      ['whs_stpriest', 'transfer_to_store', [{ sku: 'JUPE-38', quantity: 1 }]],
      ['whs_paris', 'transfer_to_store', [{ sku: 'ROBE-36', quantity: 1 }]],
    ],
  );
});

test('splitting allowed still prefers one place when one has everything', () => {
  const plan = planSourcing(input({ sto_lyon: { 'ROBE-36': 1 }, whs_paris: { 'ROBE-36': 5, 'JUPE-38': 5 } }, { allowSplit: true }));
  assert.equal(plan.outcome, 'ship_to_store');
  assert.equal(plan.sources[0]!.locationId, 'whs_paris');
});

test('not enough anywhere: unavailable with the network-wide shortfall, split or not', () => {
  const stock = { sto_lyon: { 'ROBE-36': 1 }, whs_paris: { 'ROBE-36': -3 } };
  for (const allowSplit of [false, true]) {
    const plan = planSourcing(input(stock, { allowSplit }));
    assert.equal(plan.outcome, 'unavailable');
    assert.deepEqual(plan.sources, []);
    assert.deepEqual(plan.missing, [{ sku: 'ROBE-36', quantity: 1 }, { sku: 'JUPE-38', quantity: 1 }], `allowSplit ${allowSplit}`);
  }
});

test('ties in distance go to the smaller id, so the plan never depends on listing order', () => {
  const twinA: SourcingLocation = { ...stPriest, id: 'whs_a' };
  const twinB: SourcingLocation = { ...stPriest, id: 'whs_b' };
  const stock = { whs_a: { 'ROBE-36': 9, 'JUPE-38': 9 }, whs_b: { 'ROBE-36': 9, 'JUPE-38': 9 } };
  for (const warehouses of [[twinA, twinB], [twinB, twinA]]) {
    assert.equal(planSourcing(input(stock, { warehouses })).sources[0]!.locationId, 'whs_a');
  }
});
