/**
 * One loyalty balance per person, fed by every channel: points are earned when the goods reach the
 * customer (collected, delivered, bought in store or at the till), taken back in proportion on
 * returns, and spent on rewards at checkout. Every change is an entry of a ledger that sums to the
 * balance; a tier change is the domain event `commerce.loyalty_tier_reached` (journeys react) and the
 * `loyaltyTier` trait on the profile.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../../db-schema.js';
import type { Ctx } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { publishDomainEvent } from '../../platform/outbox/outbox.js';
import { recordPersonEvent } from '../engagement/person-events.js';
import { liveProfileId } from '../identity/resolution/resolver.js';
import { readCommerceSettings } from './commerce-settings.js';
import type { OrderTable } from './commerce.tables.js';
import { pointsEarned, pointsToTakeBack, rewardRedemption, tierChange, tierFor } from './loyalty-rules.js';
import type { Selectable } from 'kysely';
import type { Channel } from '../identity/channels.js';

/** What the customer paid for a line's goods they kept (a reserve-and-try purchase keeps fewer than held). */
export function keptAmount(line: { total_amount: number; quantity: number; kept_quantity: number | null }): number {
  return line.kept_quantity === null ? line.total_amount : Math.round((line.total_amount * line.kept_quantity) / line.quantity);
}

type OrderRow = Selectable<OrderTable>;
export const TIER_REACHED = 'commerce.loyalty_tier_reached';

export interface LoyaltyView {
  profileId: string;
  balance: number;
  lifetimePoints: number;
  tier: string;
  nextTier: { tier: string; pointsToGo: number } | null;
  rewards: { id: string; name: string; points: number; amount: number }[];
  entries: { points: number; kind: string; orderId: string | null; channel: string | null; note: string | null; at: string }[];
}

/** Adds (or removes) points for a person, in the caller's transaction; publishes a tier change. */
export async function creditPoints(
  ctx: Pick<Ctx, 'db' | 'clock'>,
  profileId: string,
  entry: { points: number; kind: 'earned' | 'redeemed' | 'taken_back' | 'adjusted'; orderId?: string | null; channel?: string | null; note?: string | null },
): Promise<{ balance: number; lifetimePoints: number; tier: string }> {
  const { loyalty } = await readCommerceSettings(ctx.db);
  const at = ctx.clock.now().toISOString();
  const person = (await liveProfileId(ctx.db, profileId)) ?? profileId;
  const before = await ctx.db.selectFrom('loyalty_accounts').selectAll().where('profile_id', '=', person).executeTakeFirst();
  const earned = entry.kind === 'earned' || entry.kind === 'taken_back' ? entry.points : 0;
  const balance = (before?.balance ?? 0) + entry.points;
  const lifetime = Math.max(0, (before?.lifetime_points ?? 0) + earned);
  const reached = tierFor(loyalty.tiers, lifetime);
  const tier = reached.tier;
  const previous = loyalty.tiers.find((t) => t.tier === before?.tier) ?? tierFor(loyalty.tiers, 0);
  if (before)
    await ctx.db.updateTable('loyalty_accounts').set({ balance, lifetime_points: lifetime, tier, updated_at: at }).where('profile_id', '=', person).execute();
  else await ctx.db.insertInto('loyalty_accounts').values({ profile_id: person, balance, lifetime_points: lifetime, tier, updated_at: at }).execute();
  await ctx.db
    .insertInto('loyalty_entries')
    .values({ id: newId('lty'), profile_id: person, points: entry.points, kind: entry.kind, order_id: entry.orderId ?? null, channel: entry.channel ?? null, note: entry.note ?? null, created_at: at })
    .execute();
  const change = tierChange(previous, reached);
  if (change) {
    await publishDomainEvent(ctx.db, ctx.clock, { type: TIER_REACHED, subjectId: person, payload: { profileId: person, tier, from: change.from, direction: change.direction, lifetimePoints: lifetime } });
    await recordPersonEvent(ctx.db, ctx.clock, person, { type: 'identify', channel: entry.channel ?? 'web', traits: { loyaltyTier: tier } });
  }
  return { balance, lifetimePoints: lifetime, tier };
}

/** Points for an order whose goods the customer now has; once per order. */
export async function earnPointsForOrder(ctx: Pick<Ctx, 'db' | 'clock'>, order: OrderRow): Promise<OrderRow> {
  if (!order.profile_id || order.points_earned > 0) return order;
  const { loyalty } = await readCommerceSettings(ctx.db);
  const lines = await ctx.db.selectFrom('order_lines').select(['total_amount', 'quantity', 'kept_quantity']).where('order_id', '=', order.id).execute();
  const points = pointsEarned(loyalty, { channel: order.channel as Channel, lines: lines.map((l) => ({ amount: keptAmount(l) })) });
  if (points <= 0) return order;
  await creditPoints(ctx, order.profile_id, { points, kind: 'earned', orderId: order.id, channel: order.channel, note: null });
  return ctx.db.updateTable('orders').set({ points_earned: points }).where('id', '=', order.id).returningAll().executeTakeFirstOrThrow();
}

/** A return takes back the share of the order's points that the refund is of the goods paid. */
export async function takeBackPointsForOrder(ctx: Pick<Ctx, 'db' | 'clock'>, order: OrderRow, refundedGoods: number, goodsPaid: number, channel: string): Promise<number> {
  if (!order.profile_id || order.points_earned === 0) return 0;
  const already = await ctx.db.selectFrom('loyalty_entries').select((eb) => eb.fn.sum<number>('points').as('points')).where('order_id', '=', order.id).where('kind', '=', 'taken_back').executeTakeFirst();
  const takenSoFar = -Number(already?.points ?? 0);
  const refundedBefore = await ctx.db.selectFrom('returns').select((eb) => eb.fn.sum<number>('refund_amount').as('amount')).where('order_id', '=', order.id).executeTakeFirst();
  // Cumulative: what all returns so far should have taken back, minus what they did.
  const totalRefunded = Number(refundedBefore?.amount ?? 0) + refundedGoods;
  const due = pointsToTakeBack({ earnedOnOrder: order.points_earned, refundedAmount: Math.min(totalRefunded, goodsPaid), orderNetAmount: goodsPaid }) - takenSoFar;
  if (due <= 0) return 0;
  await creditPoints(ctx, order.profile_id, { points: -due, kind: 'taken_back', orderId: order.id, channel, note: 'return' });
  return due;
}

export async function loyaltyOf(db: Kysely<DB>, profileId: string): Promise<LoyaltyView> {
  const person = await liveProfileId(db, profileId);
  if (!person) throw new AppError('identity.profile_not_found', `No profile ${profileId}`);
  const { loyalty } = await readCommerceSettings(db);
  const account = await db.selectFrom('loyalty_accounts').selectAll().where('profile_id', '=', person).executeTakeFirst();
  const entries = await db.selectFrom('loyalty_entries').selectAll().where('profile_id', '=', person).orderBy('created_at', 'desc').orderBy('id', 'desc').limit(50).execute();
  const lifetime = account?.lifetime_points ?? 0;
  const next = [...loyalty.tiers].sort((a, b) => a.from - b.from).find((t) => t.from > lifetime);
  return {
    profileId: person,
    balance: account?.balance ?? 0,
    lifetimePoints: lifetime,
    tier: account?.tier ?? tierFor(loyalty.tiers, 0).tier,
    nextTier: next ? { tier: next.tier, pointsToGo: next.from - lifetime } : null,
    rewards: loyalty.rewards,
    entries: entries.map((e) => ({ points: e.points, kind: e.kind, orderId: e.order_id, channel: e.channel, note: e.note, at: e.created_at })),
  };
}

/** Spends points on a reward at checkout: the reward's amount comes off the order. */
export async function redeemReward(ctx: Pick<Ctx, 'db' | 'clock'>, profileId: string, rewardId: string, orderId: string, channel: string): Promise<{ amount: number; points: number }> {
  const { loyalty } = await readCommerceSettings(ctx.db);
  const reward = loyalty.rewards.find((r) => r.id === rewardId);
  if (!reward) throw new AppError('commerce.unknown_reward', `No reward ${rewardId}`, { errors: [{ path: 'body/reward', message: `no reward ${rewardId}` }] });
  const person = (await liveProfileId(ctx.db, profileId)) ?? profileId;
  const account = await ctx.db.selectFrom('loyalty_accounts').select(['balance', 'tier']).where('profile_id', '=', person).executeTakeFirst();
  const decision = rewardRedemption({ points: account?.balance ?? 0, tier: account?.tier ?? tierFor(loyalty.tiers, 0).tier }, { id: reward.id, cost: reward.points });
  if (!decision.ok) throw new AppError('commerce.not_enough_points', `Reward ${rewardId} needs ${reward.points} points; the balance is ${account?.balance ?? 0}`);
  // Conditional: two checkouts spending the same points cannot both succeed.
  const at = ctx.clock.now().toISOString();
  const spent = await ctx.db
    .updateTable('loyalty_accounts')
    .set((eb) => ({ balance: eb('balance', '-', reward.points), updated_at: at }))
    .where('profile_id', '=', person)
    .where('balance', '>=', reward.points)
    .executeTakeFirst();
  if (Number(spent.numUpdatedRows) !== 1) throw new AppError('commerce.not_enough_points', `Reward ${rewardId} needs ${reward.points} points`);
  await ctx.db
    .insertInto('loyalty_entries')
    .values({ id: newId('lty'), profile_id: person, points: -reward.points, kind: 'redeemed', order_id: orderId, channel, note: reward.name, created_at: at })
    .execute();
  return { amount: reward.amount, points: reward.points };
}
