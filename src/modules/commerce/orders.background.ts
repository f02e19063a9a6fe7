/**
 * What moves orders without anyone asking: the collection or trying window passing (durable, exactly
 * once: the status change is conditional, so two processes cannot both release an order), a
 * ship-to-store transfer received at the store, and a till sale becoming an order of the store
 * channel in the customer's history.
 */
import { AppError } from '../../platform/errors.js';
import { systemCtx, type Ctx, type Deps } from '../../platform/context.js';
import { newId } from '../../platform/ids.js';
import { publishDomainEvent, type Subscriber } from '../../platform/outbox/outbox.js';
import type { BackgroundTask } from '../../platform/work/background-work.js';
import { inTransaction } from '../inventory/stock.repo.js';
import { earnPointsForOrder } from './loyalty.service.js';
import { expiryTarget, WAITING_FOR_CUSTOMER, type OrderMethod, type OrderStatus } from './order-machine.js';
import { applyTransition, findOrder, ORDER_PLACED } from './orders.service.js';

const BATCH = 50;

/** Releases orders whose window has passed; returns how many it moved. */
export async function expireDueOrders(ctx: Ctx): Promise<number> {
  const at = ctx.clock.now().toISOString();
  const due = await ctx.db
    .selectFrom('orders')
    .select(['id'])
    .where('status', 'in', [...WAITING_FOR_CUSTOMER])
    .where('expires_at', '<=', at)
    .orderBy('expires_at')
    .limit(BATCH)
    .execute();
  let moved = 0;
  for (const { id } of due) {
    try {
      await inTransaction(ctx.db, async (db) => {
        const order = await findOrder(db, id);
        const to = expiryTarget(order.method as OrderMethod, order.status as OrderStatus);
        if (!to || !order.expires_at || order.expires_at > at) return;
        await applyTransition({ ...ctx, db }, order, to, 'system', { reason: order.status === 'awaiting_payment' ? 'payment not completed in time' : 'window passed' });
        moved += 1;
      });
    } catch (error) {
      // Another process moved it first: nothing to do.
      if (error instanceof AppError && error.code === 'commerce.impossible_transition') continue;
      throw error;
    }
  }
  return moved;
}

export function orderExpiryTask(deps: Deps): BackgroundTask {
  return { name: 'order-expiry', runOnce: () => expireDueOrders(systemCtx(deps)) };
}

interface TransferReceivedPayload {
  ownerType?: string | null;
  ownerId?: string | null;
  holdIds?: string[];
}

/** A ship-to-store transfer received: once nothing else is on the road, the order has arrived. */
export const transferArrivalSubscriber: Subscriber = {
  name: 'commerce.transfer-arrivals',
  types: ['inventory.transfer_received'],
  async handle(event, ctx) {
    const payload = event.payload as TransferReceivedPayload;
    if (payload.ownerType !== 'order' || !payload.ownerId) return;
    const order = await ctx.db.selectFrom('orders').selectAll().where('id', '=', payload.ownerId).executeTakeFirst();
    if (!order || order.status !== 'in_transit_to_store') return;
    // The order's own window decides from now on, not the holds' default expiry.
    if (payload.holdIds?.length) await ctx.db.updateTable('stock_holds').set({ expires_at: null }).where('id', 'in', payload.holdIds).where('status', '=', 'active').execute();
    const still = await ctx.db.selectFrom('stock_transfers').select('id').where('owner_id', '=', order.id).where('status', '=', 'in_transit').executeTakeFirst();
    if (still) return;
    await applyTransition(ctx, order, 'arrived_in_store', 'system', { reason: 'transfer received' });
  },
};

interface TillSalePayload {
  eventId?: string;
  storeId?: string;
  orderId?: string | null;
  profileId?: string | null;
  products?: { sku?: unknown; quantity?: unknown; price?: unknown }[];
  currency?: string | null;
  timestamp?: string;
}

/**
 * A till's `Order Completed` becomes a completed order of the store channel (the stock side is the
 * inventory module's). Once per till event; points are earned when the buyer is known.
 */
export const tillOrderSubscriber: Subscriber = {
  name: 'commerce.till-orders',
  types: ['identity.till_sale'],
  async handle(event, ctx) {
    const payload = event.payload as TillSalePayload;
    if (!payload.storeId) return;
    const sourceEventId = `till:${payload.eventId ?? event.id}`;
    const exists = await ctx.db.selectFrom('orders').select('id').where('source_event_id', '=', sourceEventId).executeTakeFirst();
    if (exists) return;
    const products = (payload.products ?? []).filter((p): p is { sku: string; quantity: number; price?: unknown } => typeof p?.sku === 'string' && typeof p.quantity === 'number' && Number.isInteger(p.quantity) && p.quantity > 0);
    const variants = products.length
      ? await ctx.db
          .selectFrom('product_variants as v')
          .innerJoin('products as p', 'p.id', 'v.product_id')
          .select(['v.sku', 'v.product_id', 'v.size', 'v.color', 'v.price_amount', 'v.currency', 'p.name'])
          .where('v.sku', 'in', products.map((p) => p.sku))
          .execute()
      : [];
    const lines = products.map((p, i) => {
      const v = variants.find((x) => x.sku === p.sku);
      const unit = typeof p.price === 'number' ? p.price : (v?.price_amount ?? 0);
      return { order_id: '', line_no: i + 1, sku: p.sku, product_id: v?.product_id ?? null, name: v?.name ?? p.sku, size: v?.size ?? null, color: v?.color ?? null, quantity: p.quantity, unit_amount: unit, discount_amount: 0, total_amount: unit * p.quantity, location_id: payload.storeId!, hold_id: null, returned_quantity: 0, kept_quantity: null };
    });
    if (lines.length === 0) return;
    const at = payload.timestamp ?? ctx.clock.now().toISOString();
    const id = newId('ord', new Date(at).getTime() || Date.now());
    const total = lines.reduce((s, l) => s + l.total_amount, 0);
    const currency = payload.currency ?? variants[0]?.currency ?? 'EUR';
    await ctx.db
      .insertInto('orders')
      .values({
        id,
        profile_id: payload.profileId ?? null,
        cart_id: null,
        channel: 'store',
        store_id: payload.storeId,
        method: 'in_store',
        status: 'completed',
        payment_method: 'in_store',
        payment_status: 'captured',
        currency,
        subtotal_amount: total,
        discount_amount: 0,
        delivery_amount: 0,
        total_amount: total,
        promo_code: null,
        address: null,
        expires_at: null,
        idempotency_key: null,
        source_event_id: sourceEventId,
        promotions: '[]',
        points_earned: 0,
        placed_at: at,
        updated_at: at,
      })
      .execute();
    await ctx.db.insertInto('order_lines').values(lines.map((l) => ({ ...l, order_id: id }))).execute();
    await ctx.db.insertInto('order_transitions').values({ order_id: id, seq: 1, from_status: null, to_status: 'completed', actor: 'till', reason: payload.orderId ? `till order ${payload.orderId}` : 'till sale', at }).execute();
    await ctx.db
      .insertInto('payments')
      .values({ id: newId('pay'), order_id: id, provider: 'till', method: 'in_store', status: 'captured', amount: total, refunded_amount: 0, currency, provider_reference: payload.orderId ?? sourceEventId, created_at: at, updated_at: at })
      .execute();
    // An order placed like any other for those who react to orders (attribution, journeys' goals, webhooks).
    await publishDomainEvent(ctx.db, ctx.clock, {
      type: ORDER_PLACED,
      subjectId: id,
      payload: { orderId: id, cartId: null, profileId: payload.profileId ?? null, method: 'in_store', status: 'completed', storeId: payload.storeId, channel: 'store', total, currency, lines: lines.map((l) => ({ sku: l.sku, productId: l.product_id, quantity: l.quantity })), tillOrderId: payload.orderId ?? null },
    });
    const order = await findOrder(ctx.db, id);
    await earnPointsForOrder(ctx, order);
  },
};
