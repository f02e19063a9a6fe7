import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { pointsEarned, pointsToTakeBack, rewardRedemption, tierChange, tierFor, type EarningRules } from './loyalty-rules.js';

const perEuro: EarningRules = { pointsPerUnit: 1, channelMultipliers: { app: 2 }, categoryMultipliers: { 'new-in': 1.5, beauty: 3 } };
const TIERS = [
  { tier: 'member', from: 0 },
  { tier: 'silver', from: 500 },
  { tier: 'gold', from: 1500 },
  { tier: 'vip', from: 5000 },
] as const;

test('points: one per euro on the net amount, multiplied by channel and the best category, rounded down once', () => {
  assert.equal(pointsEarned(perEuro, { channel: 'store', lines: [{ amount: 4999 }] }), 49);
  assert.equal(pointsEarned(perEuro, { channel: 'app', lines: [{ amount: 4999 }] }), 99);
  // 50.50 × 1.5 + 10.00 × 3 (the higher of two categories) = 105.75 points
  assert.equal(pointsEarned(perEuro, { channel: 'web', lines: [{ amount: 5050, categoryIds: ['new-in', 'dresses'] }, { amount: 1000, categoryIds: ['new-in', 'beauty'] }] }), 105);
  // Rounded once: two lines of 0.60 make one point, where rounding per line would make none.
  assert.equal(pointsEarned(perEuro, { channel: 'web', lines: [{ amount: 60 }, { amount: 60 }] }), 1);
  assert.equal(pointsEarned({ pointsPerUnit: 1, channelMultipliers: { kiosk: 1.15 } }, { channel: 'kiosk', lines: [{ amount: 10000 }] }), 115, 'not 114.99…');
  assert.equal(pointsEarned({ pointsPerUnit: 0.5 }, { channel: 'web', lines: [{ amount: 999 }] }), 4);
  assert.equal(pointsEarned({ pointsPerUnit: 1, minorUnitsPerUnit: 1 }, { channel: 'web', lines: [{ amount: 1200 }] }), 1200, 'a currency without cents');
  assert.equal(pointsEarned(perEuro, { channel: 'web', lines: [] }), 0);
  assert.throws(() => pointsEarned(perEuro, { channel: 'web', lines: [{ amount: -100 }] }), RangeError);
  assert.throws(() => pointsEarned({ pointsPerUnit: -1 }, { channel: 'web', lines: [{ amount: 100 }] }), RangeError);
});

test('tiers: the highest threshold reached, in any order; thresholds must start at 0', () => {
  const table: [number, string][] = [
    [0, 'member'],
    [499, 'member'],
    [500, 'silver'],
    [1499, 'silver'],
    [1500, 'gold'],
    [5000, 'vip'],
    [1_000_000, 'vip'],
  ];
  for (const [points, tier] of table) assert.equal(tierFor(TIERS, points).tier, tier, `${points}`);
  assert.equal(tierFor([...TIERS].reverse(), 700).tier, 'silver');
  assert.throws(() => tierFor([{ tier: 'silver', from: 500 }], 700), RangeError);
  assert.throws(() => tierFor([], 0), RangeError);
  assert.throws(() => tierFor([{ tier: 'a', from: 0 }, { tier: 'b', from: 0 }], 0), RangeError);
});

test('tier changes: up when crossing a threshold, down after points are taken back, null otherwise', () => {
  assert.deepEqual(tierChange(tierFor(TIERS, 1450), tierFor(TIERS, 1520)), { from: 'silver', to: 'gold', direction: 'up' });
  assert.deepEqual(tierChange(tierFor(TIERS, 300), tierFor(TIERS, 6000)), { from: 'member', to: 'vip', direction: 'up' });
  assert.deepEqual(tierChange(tierFor(TIERS, 1520), tierFor(TIERS, 1400)), { from: 'gold', to: 'silver', direction: 'down' });
  assert.equal(tierChange(tierFor(TIERS, 600), tierFor(TIERS, 1400)), null);
});

test('points taken back: in proportion, rounded down, and all of them on a full refund', () => {
  assert.equal(pointsToTakeBack({ earnedOnOrder: 89, refundedAmount: 2990, orderNetAmount: 8990 }), 29);
  assert.equal(pointsToTakeBack({ earnedOnOrder: 89, refundedAmount: 6000, orderNetAmount: 8990, alreadyRefunded: 2990 }), 60, '29 + 60 = 89');
  assert.equal(pointsToTakeBack({ earnedOnOrder: 89, refundedAmount: 8990, orderNetAmount: 8990 }), 89);
  assert.equal(pointsToTakeBack({ earnedOnOrder: 89, refundedAmount: 9480, orderNetAmount: 8990 }), 89, 'a refunded delivery fee earned no points');
  assert.equal(pointsToTakeBack({ earnedOnOrder: 0, refundedAmount: 100, orderNetAmount: 0 }), 0);
  assert.throws(() => pointsToTakeBack({ earnedOnOrder: 10, refundedAmount: -1, orderNetAmount: 100 }), RangeError);
});

test('property: points taken back over partial refunds never exceed those earned; a full refund takes them all', () => {
  const scenario = fc.record({
    earned: fc.integer({ min: 0, max: 100_000 }),
    net: fc.integer({ min: 1, max: 10_000_000 }),
    // Cut points inside [0, 1] of the net amount: the refunds in between are the partial returns.
    cuts: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 8 }),
    complete: fc.boolean(),
  });
  fc.assert(
    fc.property(scenario, ({ earned, net, cuts, complete }) => {
      const marks = [0, ...cuts.map((c) => Math.floor(c * net)).sort((a, b) => a - b), ...(complete ? [net] : [])];
      let taken = 0;
      for (let k = 1; k < marks.length; k++) {
        const step = pointsToTakeBack({ earnedOnOrder: earned, refundedAmount: marks[k]! - marks[k - 1]!, orderNetAmount: net, alreadyRefunded: marks[k - 1]! });
        assert.ok(Number.isSafeInteger(step) && step >= 0);
        taken += step;
        assert.ok(taken <= earned, `${taken} taken of ${earned}`);
      }
      if (complete) assert.equal(taken, earned);
      else assert.equal(taken, Math.floor((earned * marks.at(-1)!) / net), 'the steps add up to the proportion of what was refunded');
    }),
    { numRuns: 500 },
  );
});

test('rewards: redeemed when available, for this tier, and paid for', () => {
  const tote = { id: 'tote-bag', cost: 500 };
  assert.deepEqual(rewardRedemption({ points: 620, tier: 'silver' }, tote), { ok: true, rewardId: 'tote-bag', cost: 500, balanceAfter: 120 });
  assert.deepEqual(rewardRedemption({ points: 500, tier: 'member' }, tote), { ok: true, rewardId: 'tote-bag', cost: 500, balanceAfter: 0 });
  const refusals: [Parameters<typeof rewardRedemption>, string][] = [
    [[{ points: 499, tier: 'silver' }, tote], 'insufficient_points'],
    [[{ points: 9000, tier: 'gold' }, { id: 'vip-evening', cost: 0, tiers: ['vip'] }], 'tier'],
    [[{ points: 9000, tier: 'vip' }, { ...tote, available: false }], 'unavailable'],
  ];
  for (const [[balance, reward], reason] of refusals) {
    const decision = rewardRedemption(balance, reward);
    assert.equal(decision.ok ? 'ok' : decision.reason, reason, reward.id);
  }
  assert.ok(rewardRedemption({ points: 0, tier: 'vip' }, { id: 'vip-evening', cost: 0, tiers: ['vip'] }).ok);
});
