import { test } from 'node:test';
import assert from 'node:assert/strict';
import { conditionProblems, evaluate } from './conditions.js';

const scope = { profile: { traits: { tier: 'gold', firstName: 'Julie', sizes: ['38', 'M'] }, computed: { orders: 4 } }, event: { properties: { sku: 'SN-1' } } };

test('conditions read the run scope', () => {
  assert.equal(evaluate({ path: 'profile.traits.tier', op: 'eq', value: 'gold' }, scope), true);
  assert.equal(evaluate({ path: 'profile.computed.orders', op: 'gte', value: 4 }, scope), true);
  assert.equal(evaluate({ path: 'profile.computed.orders', op: 'gt', value: '3' }, scope), false, 'no comparing a number with a string');
  assert.equal(evaluate({ path: 'profile.traits.sizes', op: 'contains', value: '38' }, scope), true);
  assert.equal(evaluate({ path: 'event.properties.sku', op: 'in', value: ['SN-1', 'SN-2'] }, scope), true);
  assert.equal(evaluate({ path: 'profile.traits.missing', op: 'exists' }, scope), false);
  assert.equal(evaluate({ all: [{ path: 'profile.traits.tier', op: 'eq', value: 'gold' }, { not: { path: 'profile.traits.firstName', op: 'eq', value: 'Sophie' } }] }, scope), true);
  assert.equal(evaluate({ any: [{ path: 'profile.traits.tier', op: 'eq', value: 'silver' }, { path: 'x.y', op: 'exists' }] }, scope), false);
});

test('malformed conditions are described with their path', () => {
  assert.deepEqual(conditionProblems({ path: 'profile.traits.tier', op: 'eq', value: 'gold' }, 'c'), []);
  assert.deepEqual(conditionProblems({ path: 'a', op: 'like', value: 1 }, 'c'), ['c.op: one of eq, ne, gt, gte, lt, lte, in, contains, exists']);
  assert.deepEqual(conditionProblems({ path: 'a', op: 'eq' }, 'c'), ['c.value: required for "eq"']);
  assert.deepEqual(conditionProblems({ all: [] }, 'c'), ['c.all: a non-empty list of conditions']);
  assert.deepEqual(conditionProblems({ all: [{ path: '', op: 'exists' }] }, 'c'), ['c.all[0].path: a dotted path such as profile.traits.tier']);
  assert.deepEqual(conditionProblems({ path: 'a', op: 'in', value: 'x' }, 'c'), ['c.value: a list for "in"']);
  assert.deepEqual(conditionProblems('x', 'c'), ['c: a condition is an object']);
});
