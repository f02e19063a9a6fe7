/**
 * Returns anywhere: an order from any channel is brought back to any store offering returns (or
 * sent back to the warehouse). In one transaction: the goods go back on hand where they were
 * received (a `return` movement), the money goes back through the provider that took it (per unit,
 * so partial returns in any number of steps never refund more than was paid: `pricing.ts`), the
 * points go back in proportion, and an exchange for another size or colour is sold from that
 * store's stock on the spot (a like-for-like exchange: no money changes hands for it).
 */
import type { Ctx } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { publishDomainEvent } from '../../platform/outbox/outbox.js';
import { recordPersonEvent } from '../engagement/person-events.js';
import { consumeHold, reserveMany } from '../inventory/holds.service.js';
import { changeOnHand, ensureLevel, inTransaction, insertMovement } from '../inventory/stock.repo.js';
import { actorOf as stockActorOf } from '../inventory/stock.service.js';
import { readCommerceSettings, windowMs } from './commerce-settings.js';
import { keptAmount, takeBackPointsForOrder } from './loyalty.service.js';
import { goodsWithCustomer, type OrderStatus } from './order-machine.js';
import type { Return, ReturnBody } from './orders.schemas.js';
import { findOrder, linesOf } from './orders.service.js';
import { providerFor } from './payments.js';
import { actorOf, channelOf, requireCustomerOrStaffFor } from './people.js';
import { refundForReturn } from './pricing.js';

export const RETURN_RECORDED = 'commerce.return_recorded';

export async function createReturn(ctx: Ctx, input: ReturnBody): Promise<Return> {
  const order = await findOrder(ctx.db, input.orderId).catch(() => {
    throw new AppError('commerce.order_not_found', `No order ${input.orderId}`, { errors: [{ path: 'body/orderId', message: 'no such order' }] });
  });
  if (ctx.principal.kind !== 'staff') {
    if (!order.profile_id) throw new AppError('commerce.order_not_found', `No order ${input.orderId}`);
    await requireCustomerOrStaffFor(ctx, order.profile_id, 'This order belongs to another customer');
  }
  if (!goodsWithCustomer(order.status as OrderStatus) || order.status === 'shipped')
    throw new AppError('commerce.return_not_possible', `Order ${order.id} is ${order.status}: only goods the customer has received can be returned`, { extra: { orderId: order.id, orderStatus: order.status } });

  const settings = await readCommerceSettings(ctx.db);
  const now = ctx.clock.now();
  const at = now.toISOString();
  const received = await ctx.db.selectFrom('order_transitions').select('at').where('order_id', '=', order.id).orderBy('seq', 'desc').executeTakeFirst();
  const window = settings.returnWindows[order.channel] ?? settings.returnWindows.default ?? 'P30D';
  const closesAt = new Date(new Date(received?.at ?? order.placed_at).getTime() + windowMs(window));
  if (now > closesAt) throw new AppError('commerce.return_window_closed', `Orders placed on ${order.channel} can be returned within ${window}; this one until ${closesAt.toISOString()}`, { extra: { closedAt: closesAt.toISOString() } });

  const p = ctx.principal;
  const storeId = input.storeId ?? (p.kind === 'staff' && p.role === 'associate' ? p.storeId : null);
  if (p.kind === 'staff' && p.role === 'associate' && storeId !== p.storeId) throw new AppError('platform.forbidden', `This associate works for store ${p.storeId ?? '(none)'}, not ${storeId ?? 'the warehouse'}`);
  if (storeId) {
    const store = await ctx.db.selectFrom('locations').select(['kind', 'services']).where('id', '=', storeId).executeTakeFirst();
    if (!store || store.kind !== 'store') throw new AppError('commerce.unknown_store', `No store ${storeId}`, { errors: [{ path: 'body/storeId', message: 'is not a store' }] });
    if (!(JSON.parse(store.services) as string[]).includes('returns')) throw new AppError('commerce.service_not_offered', `Store ${storeId} does not take returns`, { errors: [{ path: 'body/storeId', message: 'does not offer returns' }] });
  }
  input.lines.forEach((l, i) => {
    if (l.reason && !settings.returnReasons.includes(l.reason))
      throw new AppError('platform.validation_failed', `lines/${i}/reason ${l.reason} is not one of ${settings.returnReasons.join(', ')}`, { errors: [{ path: `body/lines/${i}/reason`, message: `is not one of ${settings.returnReasons.join(', ')}` }] });
    if (l.exchangeForSku && !storeId) throw new AppError('commerce.exchange_not_possible', 'An exchange is made in a store: give storeId', { errors: [{ path: 'body/storeId', message: 'is required for an exchange' }] });
  });

  const lines = await linesOf(ctx.db, order.id);
  const decision = refundForReturn(
    lines.map((l) => ({ sku: l.sku, quantity: l.kept_quantity ?? l.quantity, total: keptAmount(l), returnedQuantity: l.returned_quantity })),
    input.lines.map((l) => ({ sku: l.sku, quantity: l.quantity })),
  );
  if (!decision.ok) {
    const i = input.lines.findIndex((l) => l.sku === decision.sku);
    const message = decision.reason === 'more_than_bought' ? `more ${decision.sku} than were bought and not yet returned` : decision.reason === 'unknown_sku' ? `${decision.sku} is not in order ${order.id}` : 'is not a valid quantity';
    throw new AppError(decision.reason === 'more_than_bought' ? 'commerce.return_not_possible' : 'platform.validation_failed', message, { errors: [{ path: `body/lines/${Math.max(i, 0)}`, message }] });
  }

  // Exchanges: the new sku must be the same product in another variant.
  const exchanges = input.lines.filter((l) => l.exchangeForSku);
  for (const [i, l] of input.lines.entries()) {
    if (!l.exchangeForSku) continue;
    const [from, to] = await Promise.all([
      ctx.db.selectFrom('product_variants').select(['product_id']).where('sku', '=', l.sku).executeTakeFirst(),
      ctx.db.selectFrom('product_variants').select(['product_id']).where('sku', '=', l.exchangeForSku).executeTakeFirst(),
    ]);
    if (!to || !from || to.product_id !== from.product_id || l.exchangeForSku === l.sku)
      throw new AppError('commerce.exchange_not_possible', `${l.exchangeForSku} is not another size or colour of ${l.sku}`, { errors: [{ path: `body/lines/${i}/exchangeForSku`, message: 'is not another variant of the same product' }] });
  }

  const returnId = newId('ret', now.getTime());
  const exchangeValue = new Map<string, number>();
  const refundLines = decision.lines.map((d) => {
    const asked = input.lines.find((l) => l.sku === d.sku)!;
    // An exchanged unit is not refunded: its value pays for the new one.
    const refund = asked.exchangeForSku ? 0 : d.amount;
    if (asked.exchangeForSku) exchangeValue.set(asked.exchangeForSku, (exchangeValue.get(asked.exchangeForSku) ?? 0) + d.amount);
    return { sku: d.sku, quantity: d.quantity, reason: asked.reason ?? 'other', refund, exchangeForSku: asked.exchangeForSku };
  });
  const goodsRefund = refundLines.reduce((s, l) => s + l.refund, 0);
  const deliveryRefund = decision.refundDelivery || input.refundDelivery ? order.delivery_amount : 0;
  const refundTotal = goodsRefund + (input.refundDelivery || decision.refundDelivery ? deliveryRefund : 0);
  const channel = channelOf(ctx, storeId ? 'store' : order.channel);

  await inTransaction(ctx.db, async (db) => {
    const inner = { ...ctx, db };
    for (const [i, line] of lines.entries()) {
      const after = decision.returnedAfter[i]!;
      if (after !== line.returned_quantity) await db.updateTable('order_lines').set({ returned_quantity: after }).where('order_id', '=', order.id).where('line_no', '=', line.line_no).execute();
    }
    // The goods go back where they were received.
    for (const l of refundLines) {
      const locationId = storeId ?? lines.find((x) => x.sku === l.sku)!.location_id ?? order.store_id;
      if (!locationId) continue;
      await ensureLevel(db, l.sku, locationId, at);
      const level = await changeOnHand(db, { sku: l.sku, locationId, delta: l.quantity, guard: 'none', now: at });
      await insertMovement(db, { sku: l.sku, locationId, kind: 'return', delta: l.quantity, onHandAfter: level!.on_hand, note: l.reason, reference: returnId, actor: stockActorOf(ctx.principal), now });
    }
    // The money goes back through what took it, oldest payment first.
    let toRefund = refundTotal;
    const payments = await db.selectFrom('payments').selectAll().where('order_id', '=', order.id).where('status', 'in', ['captured', 'partially_refunded']).orderBy('created_at').execute();
    for (const payment of payments) {
      if (toRefund <= 0) break;
      const amount = Math.min(toRefund, payment.amount - payment.refunded_amount);
      if (amount <= 0) continue;
      providerFor(payment.provider).refund({ reference: payment.provider_reference ?? payment.id, amount, currency: payment.currency });
      const refunded = payment.refunded_amount + amount;
      await db.updateTable('payments').set({ refunded_amount: refunded, status: refunded === payment.amount ? 'refunded' : 'partially_refunded', updated_at: at }).where('id', '=', payment.id).execute();
      toRefund -= amount;
    }
    if (refundTotal > 0) {
      const all = await db.selectFrom('payments').select(['amount', 'refunded_amount']).where('order_id', '=', order.id).execute();
      const full = all.every((x) => x.refunded_amount >= x.amount);
      await db.updateTable('orders').set({ payment_status: full ? 'refunded' : 'partially_refunded', updated_at: at }).where('id', '=', order.id).execute();
    }
    // The exchange: sold from this store's stock now (409 and nothing done when it is not there).
    let exchangeOrderId: string | null = null;
    if (exchanges.length > 0) exchangeOrderId = await sellExchange(inner, { order, storeId: storeId!, returnId, values: exchangeValue, at });

    await takeBackPointsForOrder(inner, order, goodsRefund, lines.reduce((s, l) => s + keptAmount(l), 0), channel);
    await db
      .insertInto('returns')
      .values({ id: returnId, order_id: order.id, store_id: storeId, channel, refund_amount: refundTotal, currency: order.currency, exchange_order_id: exchangeOrderId, actor: actorOf(ctx), created_at: at })
      .execute();
    await db
      .insertInto('return_lines')
      .values(refundLines.map((l, i) => ({ return_id: returnId, line_no: i + 1, sku: l.sku, quantity: l.quantity, reason: l.reason, refund_amount: l.refund, restocked_at: at })))
      .execute();
    const payload = { returnId, orderId: order.id, profileId: order.profile_id, storeId, channel, refund: refundTotal, currency: order.currency, exchangeOrderId, lines: refundLines.map((l) => ({ sku: l.sku, quantity: l.quantity, reason: l.reason })) };
    await publishDomainEvent(db, ctx.clock, { type: RETURN_RECORDED, subjectId: order.id, payload });
    if (order.profile_id)
      await recordPersonEvent(db, ctx.clock, order.profile_id, {
        type: 'track',
        name: 'Order Refunded',
        channel,
        properties: { orderId: order.id, returnId, storeId, total: refundTotal / 100, currency: order.currency, products: refundLines.map((l) => ({ sku: l.sku, quantity: l.quantity, reason: l.reason })), exchangeOrderId },
      });
  });
  return getReturn(ctx, returnId);
}

async function sellExchange(ctx: Ctx, input: { order: { id: string; profile_id: string | null; currency: string }; storeId: string; returnId: string; values: Map<string, number>; at: string }): Promise<string> {
  const orderId = newId('ord');
  const skus = [...input.values.keys()];
  const holds = await reserveMany(ctx, { lines: skus.map((sku) => ({ sku, locationId: input.storeId, quantity: 1 })), ownerType: 'order', ownerId: orderId, expiresAt: null });
  for (const hold of holds) await consumeHold(ctx, hold.id, { reference: orderId, reason: 'exchange' });
  const variants = await ctx.db
    .selectFrom('product_variants as v')
    .innerJoin('products as p', 'p.id', 'v.product_id')
    .select(['v.sku', 'v.product_id', 'v.size', 'v.color', 'p.name'])
    .where('v.sku', 'in', skus)
    .execute();
  const total = [...input.values.values()].reduce((s, v) => s + v, 0);
  await ctx.db
    .insertInto('orders')
    .values({
      id: orderId,
      profile_id: input.order.profile_id,
      cart_id: null,
      channel: 'store',
      store_id: input.storeId,
      method: 'in_store',
      status: 'completed',
      payment_method: 'in_store',
      payment_status: 'captured',
      currency: input.order.currency,
      subtotal_amount: total,
      discount_amount: 0,
      delivery_amount: 0,
      total_amount: total,
      promo_code: null,
      address: null,
      expires_at: null,
      idempotency_key: null,
      source_event_id: `exchange:${input.returnId}`,
      promotions: '[]',
      points_earned: 0,
      placed_at: input.at,
      updated_at: input.at,
    })
    .execute();
  await ctx.db
    .insertInto('order_lines')
    .values(
      skus.map((sku, i) => {
        const v = variants.find((x) => x.sku === sku)!;
        const value = input.values.get(sku)!;
        return { order_id: orderId, line_no: i + 1, sku, product_id: v.product_id, name: v.name, size: v.size, color: v.color, quantity: 1, unit_amount: value, discount_amount: 0, total_amount: value, location_id: input.storeId, hold_id: holds[i]?.id ?? null, returned_quantity: 0, kept_quantity: null };
      }),
    )
    .execute();
  await ctx.db.insertInto('order_transitions').values({ order_id: orderId, seq: 1, from_status: null, to_status: 'completed', actor: actorOf(ctx), reason: `exchange for return ${input.returnId}`, at: input.at }).execute();
  // The exchanged value was paid by the returned goods: recorded as settled by the original order.
  await ctx.db
    .insertInto('payments')
    .values({ id: newId('pay'), order_id: orderId, provider: 'till', method: 'exchange', status: 'captured', amount: total, refunded_amount: 0, currency: input.order.currency, provider_reference: `exchange:${input.returnId}`, created_at: input.at, updated_at: input.at })
    .execute();
  return orderId;
}

export async function getReturn(ctx: Ctx, id: string): Promise<Return> {
  const row = await ctx.db.selectFrom('returns').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new AppError('commerce.order_not_found', `No return ${id}`);
  const lines = await ctx.db.selectFrom('return_lines').selectAll().where('return_id', '=', id).orderBy('line_no').execute();
  return {
    id: row.id,
    orderId: row.order_id,
    storeId: row.store_id,
    channel: row.channel,
    refund: { amount: row.refund_amount, currency: row.currency },
    lines: lines.map((l) => ({ sku: l.sku, quantity: l.quantity, reason: l.reason, refund: { amount: l.refund_amount, currency: row.currency } })),
    exchangeOrderId: row.exchange_order_id,
    createdAt: row.created_at,
  };
}
