import { test } from 'node:test';
import assert from 'node:assert/strict';
import { definitionProblems, type JourneyDefinition } from './journey-definition.js';
import { advance, bucketOf, exitMatches, initialState, matchesWait, type Effect, type RunState } from './journey-machine.js';

const text = (t: string) => ({ fr: t, en: t });
const abandonedCart: JourneyDefinition = {
  name: 'Panier abandonné',
  trigger: { event: 'commerce.cart_updated', correlate: 'cartId' },
  exitOn: [{ event: 'Order Completed', correlate: 'cartId' }],
  steps: [
    { id: 'pause', type: 'wait', duration: 'PT24H' },
    { id: 'groups', type: 'split', arms: [{ name: 'control', percent: 10, goto: 'exit' }, { name: 'treatment', percent: 90 }] },
    { id: 'vip', type: 'branch', cases: [{ when: { path: 'profile.traits.tier', op: 'eq', value: 'gold' }, goto: 'mail' }], otherwise: 'code' },
    { id: 'code', type: 'issue_code', promotionId: 'promo_welcome' },
    { id: 'mail', type: 'send', channel: 'email', template: { subject: text('Votre panier'), body: text('{{ vars.code }}') } },
    { id: 'clicked', type: 'wait_for', event: 'Email Link Clicked', timeout: 'P2D', onTimeout: 'reminder' },
    { id: 'thanks', type: 'exit' },
    { id: 'reminder', type: 'send', channel: 'push', template: { body: text('Toujours là ?') } },
  ],
};

async function run(def: JourneyDefinition, runId: string, state: RunState, wake: Parameters<typeof advance>[3], now: string, scope: Record<string, unknown> = {}) {
  const effects: Effect[] = [];
  const next = await advance(def, runId, state, wake, new Date(now), scope, async (effect) => {
    effects.push(effect);
    return effect.kind === 'issue_code' ? 'WELCOME-ABC123' : undefined;
  });
  return { next, effects: effects.map((e) => `${e.kind}:${e.step.id}`) };
}

test('a valid definition has no problems; every mistake is reported with its path', () => {
  assert.deepEqual(definitionProblems(abandonedCart), []);
  const broken = {
    name: '',
    trigger: { event: 'x', correlate: 'basketId' },
    steps: [
      { id: 'a', type: 'wait', duration: '24h' },
      { id: 'a', type: 'send', channel: 'fax', template: { body: { fr: 'x' } } },
      { id: 'b', type: 'split', arms: [{ name: 'x', percent: 50, goto: 'nowhere' }, { name: 'y', percent: 40 }] },
      { id: 'c', type: 'teleport' },
    ],
  };
  assert.deepEqual(definitionProblems(broken), [
    { path: 'name', message: 'a name of 1 to 200 characters' },
    { path: 'trigger.correlate', message: 'one of cartId, orderId, productId' },
    { path: 'steps[1].id', message: '"a" is used by an earlier step' },
    { path: 'steps[0].duration', message: 'step "a": an ISO 8601 duration such as PT24H, P2D or PT3S' },
    { path: 'steps[1].channel', message: 'step "a": one of email, push, sms, inbox, best' },
    { path: 'steps[1].template.body', message: 'step "a": fr and en texts' },
    { path: 'steps[2].arms[0].goto', message: 'step "b": "nowhere" is neither a step id nor "exit"' },
    { path: 'steps[2].arms', message: 'step "b": percentages add up to 90, not 100' },
    { path: 'steps[3].type', message: 'step "c": one of wait, wait_for, branch, split, send, issue_code, update_trait, webhook, exit' },
  ]);
  const loop = { name: 'loop', trigger: { event: 'x' }, steps: [{ id: 'a', type: 'branch', cases: [{ when: { path: 'x', op: 'exists' }, goto: 'b' }] }, { id: 'b', type: 'update_trait', name: 't', value: 1 }, { id: 'c', type: 'branch', cases: [{ when: { path: 'x', op: 'exists' }, goto: 'a' }] }] };
  assert.deepEqual(definitionProblems(loop), [{ path: 'steps[0]', message: '"a" can come back to itself without a wait' }]);
  const orphan = { name: 'orphan', trigger: { event: 'x' }, steps: [{ id: 'a', type: 'wait', duration: 'PT1H' }, { id: 'b', type: 'exit' }, { id: 'c', type: 'update_trait', name: 't', value: 1 }] };
  assert.deepEqual(definitionProblems(orphan), [{ path: 'steps[2]', message: '"c" cannot be reached from the first step' }]);
});

test('a run waits, splits, branches, sends with the code it issued, then waits for a click or times out', async () => {
  const runId = Array.from({ length: 200 }, (_, i) => `run_${i}`).find((id) => bucketOf(id, 'groups') >= 10)!;
  const start = await run(abandonedCart, runId, initialState({ cartId: 'crt_1' }), { by: 'start' }, '2026-11-22T10:00:00Z');
  assert.equal(start.next.status, 'waiting');
  assert.equal(start.next.wakeAt, '2026-11-23T10:00:00.000Z');
  assert.deepEqual(start.effects, []);
  // An event while a plain wait runs does not wake it.
  assert.deepEqual(await advance(abandonedCart, runId, start.next, { by: 'event', name: 'Email Link Clicked', properties: {} }, new Date(), {}, async () => undefined), start.next);

  const woke = await run(abandonedCart, runId, start.next, { by: 'timer' }, '2026-11-23T10:00:00Z', { profile: { traits: { tier: 'silver' } } });
  assert.equal(woke.next.group, 'treatment');
  assert.deepEqual(woke.effects, ['issue_code:code', 'send:mail']);
  assert.equal(woke.next.vars.code, 'WELCOME-ABC123');
  assert.deepEqual(woke.next.waitingFor, { event: 'Email Link Clicked', correlate: null, value: null, onTimeout: 'reminder' });
  assert.equal(woke.next.wakeAt, '2026-11-25T10:00:00.000Z');

  const clicked = await run(abandonedCart, runId, woke.next, { by: 'event', name: 'Email Link Clicked', properties: {} }, '2026-11-24T08:00:00Z');
  assert.equal(clicked.next.status, 'completed');
  assert.equal(clicked.next.endReason, 'exit_step');

  const timedOut = await run(abandonedCart, runId, woke.next, { by: 'timer' }, '2026-11-25T10:00:00Z');
  assert.deepEqual(timedOut.effects, ['send:reminder']);
  assert.equal(timedOut.next.status, 'completed');
});

test('gold customers skip the code; the control group gets nothing; splits are stable and close to their percentages', async () => {
  const treated = Array.from({ length: 200 }, (_, i) => `run_${i}`).find((id) => bucketOf(id, 'groups') >= 10)!;
  const state = { ...initialState({}), status: 'waiting' as const, position: 1, wakeAt: '2026-11-23T10:00:00Z' };
  const gold = await run(abandonedCart, treated, state, { by: 'timer' }, '2026-11-23T10:00:00Z', { profile: { traits: { tier: 'gold' } } });
  assert.deepEqual(gold.effects, ['send:mail']);
  const control = Array.from({ length: 200 }, (_, i) => `run_${i}`).find((id) => bucketOf(id, 'groups') < 10)!;
  const none = await run(abandonedCart, control, state, { by: 'timer' }, '2026-11-23T10:00:00Z');
  assert.equal(none.next.group, 'control');
  assert.deepEqual(none.effects, []);
  assert.equal(none.next.status, 'completed');
  const inControl = Array.from({ length: 10_000 }, (_, i) => bucketOf(`run_${i}`, 'groups') < 10).filter(Boolean).length;
  assert.ok(inControl > 850 && inControl < 1150, `${inControl} of 10,000 in a 10 % group`);
  assert.equal(bucketOf('run_x', 'groups'), bucketOf('run_x', 'groups'));
});

test('waits and exits correlate by cart, order or product', () => {
  const waiting: RunState = { ...initialState({ cartId: 'crt_1', productId: 'prd_9' }), status: 'waiting', waitingFor: { event: 'Order Completed', correlate: 'productId', value: 'prd_9', onTimeout: null } };
  assert.equal(matchesWait(waiting, { name: 'Order Completed', properties: { products: [{ productId: 'prd_1' }, { product_id: 'prd_9' }] } }), true);
  assert.equal(matchesWait(waiting, { name: 'Order Completed', properties: { products: [{ productId: 'prd_1' }] } }), false);
  assert.equal(matchesWait(waiting, { name: 'Product Viewed', properties: { productId: 'prd_9' } }), false);
  assert.equal(exitMatches(abandonedCart, waiting, { name: 'Order Completed', properties: { cart_id: 'crt_1' } }), true);
  assert.equal(exitMatches(abandonedCart, waiting, { name: 'Order Completed', properties: { cartId: 'crt_2' } }), false);
});
