/**
 * Loyalty as pure decisions: points earned on a purchase, the tier a lifetime total reaches, tier
 * changes, points taken back on a refund, and whether a reward can be redeemed. Amounts are
 * integers in minor units; points are whole numbers.
 */
import type { Channel } from '../identity/channels.js';

export interface EarningRules {
  /** Points per whole currency unit of net amount (after discounts), e.g. 1 per euro. Read to the hundredth. */
  pointsPerUnit: number;
  /** Minor units in a currency unit: 100 for EUR (the default). */
  minorUnitsPerUnit?: number;
  /** ×2 in the app, for instance; absent = ×1. Read to the hundredth. */
  channelMultipliers?: Partial<Record<Channel, number>>;
  /** Per category id; a line in several categories takes the highest one, not their product. */
  categoryMultipliers?: Record<string, number>;
}

export interface PointsPurchase {
  channel: Channel;
  /**
   * Net amounts (minor units, after discounts, without delivery), per line with its categories:
   * a category multiplier applies to its own lines only.
   */
  lines: { amount: number; categoryIds?: string[] }[];
}

/**
 * Points a purchase earns, rounded down once on the whole purchase (not per line, which would lose
 * a point on every line). Multipliers are read to the hundredth so the arithmetic is exact: ×1.15
 * on 100 euros is 115 points, not the 114 that floating point gives.
 * @example pointsEarned({ pointsPerUnit: 1 }, { channel: 'store', lines: [{ amount: 4999 }] }) // 49
 */
export function pointsEarned(rules: EarningRules, purchase: PointsPurchase): number {
  const minor = rules.minorUnitsPerUnit ?? 100;
  if (!Number.isSafeInteger(minor) || minor < 1) throw new RangeError('pointsEarned: minorUnitsPerUnit must be an integer ≥ 1');
  const perUnit = hundredths(rules.pointsPerUnit, 'pointsPerUnit');
  const channel = hundredths(rules.channelMultipliers?.[purchase.channel] ?? 1, `multiplier for ${purchase.channel}`);
  let weighted = 0n; // Σ amount × category multiplier, in hundredths
  for (const line of purchase.lines) {
    if (!Number.isSafeInteger(line.amount) || line.amount < 0) throw new RangeError('pointsEarned: amounts are integers ≥ 0');
    const multipliers = (line.categoryIds ?? []).flatMap((c) => {
      const m = rules.categoryMultipliers?.[c];
      return m === undefined ? [] : [hundredths(m, `multiplier for ${c}`)];
    });
    weighted += BigInt(line.amount) * (multipliers.length > 0 ? multipliers.reduce((a, b) => (a > b ? a : b)) : 100n);
  }
  // Three factors in hundredths: divide by 100³ as well as by the minor units.
  return Number((weighted * channel * perUnit) / (BigInt(minor) * 1_000_000n));
}

function hundredths(value: number, what: string): bigint {
  if (!Number.isFinite(value) || value < 0) throw new RangeError(`pointsEarned: ${what} must be a number ≥ 0`);
  return BigInt(Math.round(value * 100));
}

export interface TierThreshold<T extends string = string> {
  tier: T;
  /** Lifetime points from which the tier is reached. */
  from: number;
}

/**
 * The tier a lifetime total reaches: the highest threshold at or below it. The thresholds must
 * start at 0 (everyone has a tier) and be distinct; their order does not matter.
 * @example tierFor([{ tier: 'member', from: 0 }, { tier: 'silver', from: 500 }], 620).tier // 'silver'
 */
export function tierFor<T extends string>(thresholds: readonly TierThreshold<T>[], lifetimePoints: number): TierThreshold<T> {
  const sorted = [...thresholds].sort((a, b) => a.from - b.from);
  if (sorted[0]?.from !== 0) throw new RangeError('tierFor: the lowest threshold must be 0');
  if (new Set(sorted.map((t) => t.from)).size !== sorted.length || new Set(sorted.map((t) => t.tier)).size !== sorted.length)
    throw new RangeError('tierFor: thresholds and tiers must be distinct');
  return sorted.filter((t) => t.from <= Math.max(0, lifetimePoints)).at(-1)!;
}

export interface TierChange<T extends string = string> {
  from: T;
  to: T;
  direction: 'up' | 'down';
}

/**
 * The change between two tiers as `tierFor` gives them, or null when it is the same tier.
 * @example tierChange(tierFor(tiers, 1450), tierFor(tiers, 1520)) // { from: 'silver', to: 'gold', direction: 'up' }
 */
export function tierChange<T extends string>(before: TierThreshold<T>, after: TierThreshold<T>): TierChange<T> | null {
  if (before.tier === after.tier) return null;
  return { from: before.tier, to: after.tier, direction: after.from > before.from ? 'up' : 'down' };
}

export interface TakeBackInput {
  /** Points the order earned. */
  earnedOnOrder: number;
  /** Goods amount refunded by this return, minor units. */
  refundedAmount: number;
  /** The net goods amount the points were earned on, minor units. */
  orderNetAmount: number;
  /** Goods amount refunded by earlier returns of this order. */
  alreadyRefunded?: number;
}

/**
 * Points a refund takes back, in proportion to the amount. The proportion is taken on the running
 * total of refunds and rounded down, and each return takes the difference: any sequence of returns
 * takes back at most what was earned, exactly that once the whole amount is refunded, and rounding
 * never takes a point the customer still deserves. Refunds beyond the net amount count as the net
 * amount (a refunded delivery fee earned nothing).
 * @example pointsToTakeBack({ earnedOnOrder: 89, refundedAmount: 2990, orderNetAmount: 8990 }) // 29
 */
export function pointsToTakeBack({ earnedOnOrder, refundedAmount, orderNetAmount, alreadyRefunded = 0 }: TakeBackInput): number {
  for (const n of [earnedOnOrder, refundedAmount, orderNetAmount, alreadyRefunded])
    if (!Number.isSafeInteger(n) || n < 0) throw new RangeError('pointsToTakeBack: integers ≥ 0');
  if (orderNetAmount === 0) return 0;
  const cumulative = (refunded: number) => (BigInt(earnedOnOrder) * BigInt(Math.min(refunded, orderNetAmount))) / BigInt(orderNetAmount);
  return Number(cumulative(alreadyRefunded + refundedAmount) - cumulative(alreadyRefunded));
}

export interface LoyaltyBalance {
  points: number;
  tier: string;
}

export interface Reward {
  id: string;
  /** Points it costs. */
  cost: number;
  /** Tiers that may redeem it; absent or empty = every tier. */
  tiers?: string[];
  /** False when withdrawn or out of stock. */
  available?: boolean;
}

export type RedemptionDecision =
  | { ok: true; rewardId: string; cost: number; balanceAfter: number }
  | { ok: false; reason: 'unavailable' | 'tier' | 'insufficient_points'; detail: string };

/**
 * Whether a balance can pay for a reward, and what is left after.
 * @example rewardRedemption({ points: 620, tier: 'silver' }, { id: 'tote-bag', cost: 500 }) // { ok: true, …, balanceAfter: 120 }
 */
export function rewardRedemption(balance: LoyaltyBalance, reward: Reward): RedemptionDecision {
  if (!Number.isSafeInteger(reward.cost) || reward.cost < 0) throw new RangeError(`rewardRedemption: cost of ${reward.id}`);
  if (reward.available === false) return { ok: false, reason: 'unavailable', detail: `${reward.id} is not available` };
  if (reward.tiers?.length && !reward.tiers.includes(balance.tier))
    return { ok: false, reason: 'tier', detail: `${reward.id} is for ${reward.tiers.join(', ')}; this member is ${balance.tier}` };
  if (balance.points < reward.cost) return { ok: false, reason: 'insufficient_points', detail: `${reward.cost} points needed, ${balance.points} held` };
  return { ok: true, rewardId: reward.id, cost: reward.cost, balanceAfter: balance.points - reward.cost };
}
