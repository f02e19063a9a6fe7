import type { Kysely } from 'kysely';
import type { DB } from '../../db-schema.js';
import type { Ctx } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { assertStoreAccess } from '../../platform/http/auth.plugin.js';
import { liveProfileId } from '../identity/resolution/resolver.js';
import { runsConvertedBy } from '../engagement/conversions.js';
import { findOrderFacts } from './orders-read.js';
import { chooseTouches, LOOKBACK_DAYS, LOOKBACK_MS, type Touch, type TouchEvent } from './touches.js';
import type { AttributionReport, AttributionReportQuery, OrderAttribution } from './insights.schemas.js';

/**
 * Attribution, computed once when an order is placed (online checkout or a till sale): the person's
 * touches in the 30 days before it (touches.ts), the first and the last, and the journey credited
 * with the conversion: among the runs whose goal this order reaches, the one behind the last touch,
 * else the one entered last. Stored per order; replays of the event change nothing.
 */
export async function attributeOrder(
  ctx: Pick<Ctx, 'db' | 'clock'>,
  event: { orderId: string; occurredAt: string; payload: Record<string, unknown> },
): Promise<boolean> {
  const db = ctx.db;
  const done = await db.selectFrom('order_attributions').select('order_id').where('order_id', '=', event.orderId).executeTakeFirst();
  if (done) return false;
  const order = await findOrderFacts(db, event.orderId);
  if (!order) return false;
  const profileId = order.profileId ? await liveProfileId(db, order.profileId) : undefined;
  let first: Touch | null = null;
  let last: Touch | null = null;
  let touches = 0;
  let credited: { runId: string; journeyId: string } | null = null;
  if (profileId) {
    // Events follow the person through merges (identity moves them); ids merged into her count too.
    const merged = await db.selectFrom('profiles').select('id').where('merged_into', '=', profileId).execute();
    const ids = [profileId, ...merged.map((m) => m.id)];
    const since = new Date(Date.parse(order.placedAt) - LOOKBACK_MS).toISOString();
    const rows = await db
      .selectFrom('events')
      .select(['id', 'name', 'type', 'channel', 'store_id', 'timestamp', 'payload'])
      .where('profile_id', 'in', ids)
      // Order keys begin with the timestamp: the same window on them keeps the read to (profile_id, order_key)'s range.
      .where('order_key', '>=', since)
      .where('order_key', '<', `${order.placedAt}}`)
      .where('timestamp', '>=', since)
      .where('timestamp', '<=', order.placedAt)
      .orderBy('order_key')
      .execute();
    const events: TouchEvent[] = rows.map((r) => ({ id: r.id, name: r.name, type: r.type, channel: r.channel, storeId: r.store_id, timestamp: r.timestamp, payload: JSON.parse(r.payload) as TouchEvent['payload'] }));
    ({ first, last, touches } = chooseTouches(events, order.placedAt));
    const runs = await runsConvertedBy(db, { name: 'commerce.order_placed', profileId, properties: event.payload, channel: order.channel, at: new Date(event.occurredAt) });
    const behindLast = last?.journeyId ? runs.find((r) => r.journeyId === last!.journeyId) : undefined;
    const chosen = behindLast ?? runs[runs.length - 1];
    if (chosen) credited = { runId: chosen.runId, journeyId: chosen.journeyId };
  }
  const inserted = await db
    .insertInto('order_attributions')
    .values({
      order_id: order.id,
      profile_id: profileId ?? null,
      order_channel: order.channel,
      placed_at: order.placedAt,
      total_amount: order.total,
      currency: order.currency,
      first_touch: first ? JSON.stringify(first) : null,
      last_touch: last ? JSON.stringify(last) : null,
      touches,
      credited_journey_id: credited?.journeyId ?? null,
      credited_run_id: credited?.runId ?? null,
      computed_at: ctx.clock.now().toISOString(),
    })
    .onConflict((c) => c.column('order_id').doNothing())
    .executeTakeFirst();
  return Number(inserted.numInsertedOrUpdatedRows ?? 0) === 1;
}

async function journeyNames(db: Kysely<DB>, ids: (string | null | undefined)[]): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((id): id is string => typeof id === 'string'))];
  if (wanted.length === 0) return new Map();
  return new Map((await db.selectFrom('journeys').select(['id', 'name']).where('id', 'in', wanted).execute()).map((j) => [j.id, j.name]));
}

const parseTouch = (json: string | null): Touch | null => (json ? (JSON.parse(json) as Touch) : null);

export async function getOrderAttribution(ctx: Ctx, orderId: string): Promise<OrderAttribution> {
  const order = await findOrderFacts(ctx.db, orderId);
  if (!order || order.id !== orderId) throw new AppError('insights.order_not_found', `No order ${orderId}`);
  assertStoreAccess(ctx.principal, order.storeId ?? '(no store)');
  const row = await ctx.db.selectFrom('order_attributions').selectAll().where('order_id', '=', orderId).executeTakeFirst();
  if (!row) throw new AppError('insights.attribution_not_found', `Order ${orderId} has no attribution yet (it is computed shortly after the order is placed)`);
  const names = await journeyNames(ctx.db, [row.credited_journey_id]);
  return {
    orderId: row.order_id,
    orderChannel: row.order_channel,
    placedAt: row.placed_at,
    total: { amount: Number(row.total_amount), currency: row.currency },
    lookbackDays: LOOKBACK_DAYS,
    touches: Number(row.touches),
    firstTouch: parseTouch(row.first_touch),
    lastTouch: parseTouch(row.last_touch),
    creditedJourney: row.credited_journey_id ? { id: row.credited_journey_id, name: names.get(row.credited_journey_id) ?? null, runId: row.credited_run_id } : null,
  };
}

/**
 * Orders and revenue over a period (by `placed_at`) per touch source, medium and campaign under the
 * chosen model (orders with no touch are the row whose source is null: direct), per credited journey,
 * and in all; money per currency, in integer minor units.
 */
export async function attributionReport(ctx: Ctx, query: AttributionReportQuery): Promise<AttributionReport> {
  const model = query.model ?? 'last_touch';
  let q = ctx.db.selectFrom('order_attributions').select(['first_touch', 'last_touch', 'credited_journey_id', 'total_amount', 'currency']);
  if (query.from) q = q.where('placed_at', '>=', new Date(query.from).toISOString());
  if (query.to) q = q.where('placed_at', '<', new Date(query.to).toISOString());
  const rows = await q.execute();
  const bySource = new Map<string, { source: string | null; medium: string | null; campaign: string | null; currency: string; orders: number; revenue: number }>();
  const byJourney = new Map<string, { journeyId: string; journeyName: string | null; currency: string; orders: number; revenue: number }>();
  const totals = new Map<string, { currency: string; orders: number; revenue: number }>();
  const add = (figures: { orders: number; revenue: number }, amount: number) => {
    figures.orders += 1;
    figures.revenue += amount;
  };
  for (const row of rows) {
    const amount = Number(row.total_amount);
    const touch = parseTouch(model === 'first_touch' ? row.first_touch : row.last_touch);
    const key = JSON.stringify([touch?.source ?? null, touch?.medium ?? null, touch?.campaign ?? null, row.currency]);
    const s = bySource.get(key) ?? { source: touch?.source ?? null, medium: touch?.medium ?? null, campaign: touch?.campaign ?? null, currency: row.currency, orders: 0, revenue: 0 };
    add(s, amount);
    bySource.set(key, s);
    if (row.credited_journey_id) {
      const jKey = `${row.credited_journey_id}\n${row.currency}`;
      const j = byJourney.get(jKey) ?? { journeyId: row.credited_journey_id, journeyName: null, currency: row.currency, orders: 0, revenue: 0 };
      add(j, amount);
      byJourney.set(jKey, j);
    }
    const t = totals.get(row.currency) ?? { currency: row.currency, orders: 0, revenue: 0 };
    add(t, amount);
    totals.set(row.currency, t);
  }
  const names = await journeyNames(ctx.db, [...byJourney.values()].map((j) => j.journeyId));
  const byRevenue = (a: { revenue: number }, b: { revenue: number }) => b.revenue - a.revenue;
  return {
    model,
    from: query.from ?? null,
    to: query.to ?? null,
    lookbackDays: LOOKBACK_DAYS,
    bySource: [...bySource.values()].sort(byRevenue),
    byJourney: [...byJourney.values()].map((j) => ({ ...j, journeyName: names.get(j.journeyId) ?? null })).sort(byRevenue),
    totals: [...totals.values()],
  };
}
