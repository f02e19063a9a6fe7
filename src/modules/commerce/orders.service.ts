/**
 * Orders after checkout: reading them, and moving them through their state machine
 * (`order-machine.ts`) with the effects each step has on stock, money, points and the customer's
 * history, all in one transaction with the status change.
 */
import type { Kysely, Selectable } from 'kysely';
import type { DB } from '../../db-schema.js';
import type { Ctx } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { decodeCursor, encodeCursor } from '../../platform/http/common.schemas.js';
import { newId } from '../../platform/ids.js';
import { publishDomainEvent } from '../../platform/outbox/outbox.js';
import { assertStoreAccess } from '../../platform/http/auth.plugin.js';
import { recordPersonEvent } from '../engagement/person-events.js';
import { consumeHold, releaseHoldsOf } from '../inventory/holds.service.js';
import { inTransaction, unreserve } from '../inventory/stock.repo.js';
import { cancelTransfer } from '../inventory/transfers.service.js';
import { readCommerceSettings, windowMs } from './commerce-settings.js';
import type { OrderLineTable, OrderTable } from './commerce.tables.js';
import { creditPoints, earnPointsForOrder, keptAmount, takeBackPointsForOrder } from './loyalty.service.js';
import { allowedTransitions, decideTransition, type Actor, type Effect, type OrderMethod, type OrderStatus } from './order-machine.js';
import type { Order, OrdersQuery, OrderSummaryPage, TransitionBody } from './orders.schemas.js';
import { providerFor } from './payments.js';
import { actorOf, requireCustomerOrStaffFor } from './people.js';

export type OrderRow = Selectable<OrderTable>;
export type OrderLineRow = Selectable<OrderLineTable>;
type Db = Kysely<DB>;

export const ORDER_STATUS_CHANGED = 'commerce.order_status_changed';
export const ORDER_PLACED = 'commerce.order_placed';

export function holdOwnerOf(order: Pick<OrderRow, 'id' | 'method'>): { type: 'order' | 'reserve_and_try'; id: string } {
  return { type: order.method === 'reserve_and_try' ? 'reserve_and_try' : 'order', id: order.id };
}

export async function findOrder(db: Db, id: string): Promise<OrderRow> {
  const row = await db.selectFrom('orders').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new AppError('commerce.order_not_found', `No order ${id}`);
  return row;
}

/** Staff see every order (associates those of their store); customers their own. */
export async function assertMayRead(ctx: Ctx, order: OrderRow): Promise<void> {
  const p = ctx.principal;
  if (p.kind === 'staff') {
    if (p.role === 'associate' && order.store_id !== p.storeId) assertStoreAccess(p, order.store_id ?? '(no store)');
    return;
  }
  if (!order.profile_id) throw new AppError('commerce.order_not_found', `No order ${order.id}`);
  await requireCustomerOrStaffFor(ctx, order.profile_id, 'This order belongs to another customer');
}

export function actorKind(ctx: Ctx): Actor {
  const p = ctx.principal;
  if (p.kind === 'staff') return 'staff';
  if (p.kind === 'customer') return 'customer';
  return 'system';
}

export async function getOrder(ctx: Ctx, id: string): Promise<Order> {
  const order = await findOrder(ctx.db, id);
  await assertMayRead(ctx, order);
  return (await views(ctx.db, [order], actorKind(ctx)))[0]!;
}

export async function listOrders(ctx: Ctx, query: OrdersQuery & { mine?: string }): Promise<OrderSummaryPage> {
  const limit = query.limit ?? 20;
  const p = ctx.principal;
  let q = ctx.db.selectFrom('orders').selectAll();
  const profileId = query.mine ?? query.profileId;
  if (profileId) {
    const answering = await ctx.db.selectFrom('profiles').select('id').where((eb) => eb.or([eb('id', '=', profileId), eb('merged_into', '=', profileId)])).execute();
    q = q.where('profile_id', 'in', [profileId, ...answering.map((r) => r.id)]);
  }
  const storeId = p.kind === 'staff' && p.role === 'associate' ? p.storeId : query.storeId;
  if (p.kind === 'staff' && p.role === 'associate' && query.storeId && query.storeId !== p.storeId) assertStoreAccess(p, query.storeId);
  if (storeId) q = q.where('store_id', '=', storeId);
  if (query.status) q = q.where('status', 'in', query.status.split(',').map((s) => s.trim()));
  if (query.method) q = q.where('method', '=', query.method);
  const after = decodeCursor<{ placedAt: string; id: string }>(query.cursor);
  if (after) q = q.where((eb) => eb.or([eb('placed_at', '<', after.placedAt), eb.and([eb('placed_at', '=', after.placedAt), eb('id', '<', after.id)])]));
  const rows = await q.orderBy('placed_at', 'desc').orderBy('id', 'desc').limit(limit + 1).execute();
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return { items: await views(ctx.db, page, actorKind(ctx)), nextCursor: rows.length > limit && last ? encodeCursor({ placedAt: last.placed_at, id: last.id }) : null };
}

/** Moves an order, as the caller, and answers with it. */
export async function transitionOrder(ctx: Ctx, id: string, input: TransitionBody): Promise<Order> {
  const order = await findOrder(ctx.db, id);
  await assertMayRead(ctx, order);
  await inTransaction(ctx.db, (db) => applyTransition({ ...ctx, db }, order, input.to, actorKind(ctx), { reason: input.reason ?? null, lines: input.lines }));
  return getOrder(ctx, id);
}

/**
 * The one way an order changes status. Conditional on the status it was read in, so two
 * concurrent transitions cannot both happen (the second gets a 409, its effects rolled back).
 * Runs in the caller's transaction.
 */
export async function applyTransition(
  ctx: Ctx,
  order: OrderRow,
  to: OrderStatus,
  actor: Actor,
  options: { reason?: string | null; lines?: readonly { sku: string; quantity: number }[] | undefined } = {},
): Promise<OrderRow> {
  const from = order.status as OrderStatus;
  const method = order.method as OrderMethod;
  const decision = decideTransition(method, from, to, actor);
  if (!decision.ok) {
    const code = decision.reason === 'impossible' ? 'commerce.impossible_transition' : 'commerce.transition_not_allowed';
    throw new AppError(code, `A ${method} order cannot go from ${from} to ${to}${decision.reason === 'not_allowed' ? ' by you' : ''}; possible now: ${decision.allowed.join(', ') || 'nothing'}`, {
      extra: { orderId: order.id, from, to, allowed: decision.allowed },
    });
  }
  if (options.lines && !(method === 'reserve_and_try' && to === 'purchased'))
    throw new AppError('platform.validation_failed', 'lines are only for a reserve-and-try purchase', { errors: [{ path: 'body/lines', message: 'only with to: purchased of a reserve_and_try order' }] });
  const now = ctx.clock.now();
  const at = now.toISOString();
  const settings = await readCommerceSettings(ctx.db);
  let expiresAt: string | null = order.expires_at;
  if (decision.effects.includes('start_collection_window')) expiresAt = new Date(now.getTime() + windowMs(settings.collectionWindow)).toISOString();
  else if (!['awaiting_payment', 'reserved', 'tried'].includes(to)) expiresAt = null;

  const moved = await ctx.db
    .updateTable('orders')
    .set({ status: to, updated_at: at, expires_at: expiresAt })
    .where('id', '=', order.id)
    .where('status', '=', from)
    .returningAll()
    .executeTakeFirst();
  if (!moved) {
    const current = await findOrder(ctx.db, order.id);
    throw new AppError('commerce.impossible_transition', `Order ${order.id} is now ${current.status}, no longer ${from}`, { extra: { orderId: order.id, from: current.status, to } });
  }
  const seq = await ctx.db.selectFrom('order_transitions').select((eb) => eb.fn.max('seq').as('seq')).where('order_id', '=', order.id).executeTakeFirst();
  await ctx.db
    .insertInto('order_transitions')
    .values({ order_id: order.id, seq: Number(seq?.seq ?? 0) + 1, from_status: from, to_status: to, actor: actorOf(ctx) ?? 'system', reason: options.reason ?? null, at })
    .execute();

  let current = moved;
  for (const effect of decision.effects) current = await runEffect(ctx, current, effect, options.lines);

  await publishDomainEvent(ctx.db, ctx.clock, {
    type: ORDER_STATUS_CHANGED,
    subjectId: order.id,
    payload: { orderId: order.id, cartId: order.cart_id, profileId: order.profile_id, from, to, method, storeId: order.store_id, channel: order.channel, reason: options.reason ?? null },
  });
  if (order.profile_id) {
    const lines = await linesOf(ctx.db, order.id);
    const completed = decision.effects.includes('earn_points');
    await recordPersonEvent(ctx.db, ctx.clock, order.profile_id, {
      type: 'track',
      name: completed ? 'Order Completed' : 'Order Status Changed',
      channel: order.channel,
      properties: {
        orderId: order.id,
        from,
        to,
        method,
        storeId: order.store_id,
        ...(completed
          ? {
              revenue: current.total_amount / 100,
              total: current.total_amount / 100,
              currency: current.currency,
              products: lines.filter((l) => kept(l) > 0).map((l) => ({ sku: l.sku, product_id: l.product_id, name: l.name, quantity: kept(l), price: l.unit_amount / 100, size: l.size, color: l.color })),
            }
          : {}),
      },
    });
  }
  return current;
}

const kept = (line: OrderLineRow): number => line.kept_quantity ?? line.quantity;

async function runEffect(ctx: Ctx, order: OrderRow, effect: Effect, keptLines?: readonly { sku: string; quantity: number }[]): Promise<OrderRow> {
  const at = ctx.clock.now().toISOString();
  const owner = holdOwnerOf(order);
  switch (effect) {
    case 'consume_holds': {
      if (keptLines) await keepOnly(ctx, order, keptLines);
      const holds = await ctx.db.selectFrom('stock_holds').select('id').where('owner_type', '=', owner.type).where('owner_id', '=', owner.id).where('status', '=', 'active').orderBy('id').execute();
      for (const hold of holds) await consumeHold(ctx, hold.id, { reference: order.id, reason: 'sold' });
      return order;
    }
    case 'release_holds': {
      await releaseHoldsOf(ctx, owner, `order ${order.status}`);
      const transfers = await ctx.db.selectFrom('stock_transfers').select('id').where('owner_id', '=', order.id).where('status', '=', 'in_transit').execute();
      for (const transfer of transfers) await cancelTransfer(ctx, transfer.id);
      return order;
    }
    case 'capture_payment': {
      if (order.payment_status === 'captured') return order;
      const amount = await ctx.db.selectFrom('order_lines').select(['quantity', 'kept_quantity', 'total_amount']).where('order_id', '=', order.id).execute();
      // What was kept is what is paid (a reserve-and-try purchase may keep fewer than were held).
      const total = amount.reduce((sum, l) => sum + keptAmount(l), 0) + order.delivery_amount;
      const provider = providerFor('till');
      const charged = provider.charge({ amount: total, currency: order.currency, card: 'till', reference: order.id });
      await ctx.db
        .insertInto('payments')
        .values({ id: newId('pay'), order_id: order.id, provider: provider.name, method: order.payment_method === 'none' ? 'in_store' : order.payment_method, status: 'captured', amount: total, refunded_amount: 0, currency: order.currency, provider_reference: charged.reference, created_at: at, updated_at: at })
        .execute();
      return ctx.db.updateTable('orders').set({ payment_status: 'captured', total_amount: total, updated_at: at }).where('id', '=', order.id).returningAll().executeTakeFirstOrThrow();
    }
    case 'refund_payment': {
      const payments = await ctx.db.selectFrom('payments').selectAll().where('order_id', '=', order.id).execute();
      let status: OrderRow['payment_status'] = order.payment_status;
      for (const payment of payments) {
        if (payment.status === 'requires_action') {
          await ctx.db.updateTable('payments').set({ status: 'voided', updated_at: at }).where('id', '=', payment.id).execute();
          status = 'voided';
        } else if (payment.status === 'captured' && payment.amount > payment.refunded_amount) {
          providerFor(payment.provider).refund({ reference: payment.provider_reference ?? payment.id, amount: payment.amount - payment.refunded_amount, currency: payment.currency });
          await ctx.db.updateTable('payments').set({ status: 'refunded', refunded_amount: payment.amount, updated_at: at }).where('id', '=', payment.id).execute();
          status = 'refunded';
        }
      }
      // Points spent on this order come back with the money.
      const spent = await ctx.db.selectFrom('loyalty_entries').select((eb) => eb.fn.sum<number>('points').as('points')).where('order_id', '=', order.id).where('kind', 'in', ['redeemed', 'adjusted']).executeTakeFirst();
      if (order.profile_id && Number(spent?.points ?? 0) < 0) await creditPoints(ctx, order.profile_id, { points: -Number(spent!.points), kind: 'adjusted', orderId: order.id, channel: order.channel, note: `order ${order.id} not completed` });
      if (status === order.payment_status) return order;
      return ctx.db.updateTable('orders').set({ payment_status: status, updated_at: at }).where('id', '=', order.id).returningAll().executeTakeFirstOrThrow();
    }
    case 'earn_points':
      return earnPointsForOrder(ctx, order);
    case 'start_collection_window':
      return order;
  }
}

/**
 * A reserve-and-try purchase: the customer keeps `keptLines`; the rest of what was held goes back
 * to the store's available stock before the kept units are sold.
 */
async function keepOnly(ctx: Ctx, order: OrderRow, keptLines: readonly { sku: string; quantity: number }[]): Promise<void> {
  const lines = await linesOf(ctx.db, order.id);
  const wanted = new Map<string, number>();
  keptLines.forEach((l, i) => {
    if (wanted.has(l.sku)) throw new AppError('platform.validation_failed', `${l.sku} is named twice`, { errors: [{ path: `body/lines/${i}/sku`, message: 'is named twice' }] });
    const line = lines.find((x) => x.sku === l.sku);
    if (!line) throw new AppError('platform.validation_failed', `${l.sku} was not reserved in order ${order.id}`, { errors: [{ path: `body/lines/${i}/sku`, message: 'is not in this order' }] });
    if (l.quantity > line.quantity) throw new AppError('platform.validation_failed', `only ${line.quantity} of ${l.sku} were reserved`, { errors: [{ path: `body/lines/${i}/quantity`, message: `is more than the ${line.quantity} reserved` }] });
    wanted.set(l.sku, l.quantity);
  });
  const at = ctx.clock.now().toISOString();
  const owner = holdOwnerOf(order);
  for (const line of lines) {
    const keep = wanted.get(line.sku) ?? 0;
    await ctx.db.updateTable('order_lines').set({ kept_quantity: keep }).where('order_id', '=', order.id).where('line_no', '=', line.line_no).execute();
    if (keep === line.quantity || !line.hold_id) continue;
    const hold = await ctx.db.selectFrom('stock_holds').selectAll().where('id', '=', line.hold_id).where('status', '=', 'active').executeTakeFirst();
    if (!hold || hold.owner_id !== owner.id) continue;
    const back = hold.quantity - keep;
    if (keep === 0) {
      await ctx.db.updateTable('stock_holds').set({ status: 'released', end_reason: 'not kept after trying', updated_at: at }).where('id', '=', hold.id).execute();
    } else {
      await ctx.db.updateTable('stock_holds').set({ quantity: keep, updated_at: at }).where('id', '=', hold.id).execute();
    }
    await unreserve(ctx.db, hold.sku, hold.location_id, back, at);
  }
}

export async function linesOf(db: Db, orderId: string): Promise<OrderLineRow[]> {
  return db.selectFrom('order_lines').selectAll().where('order_id', '=', orderId).orderBy('line_no').execute();
}

const money = (amount: number, currency: string) => ({ amount, currency });

type PaymentRow = Selectable<DB['payments']>;
type TransitionRow = Selectable<DB['order_transitions']>;
type TransferRow = Pick<Selectable<DB['stock_transfers']>, 'id' | 'owner_id' | 'from_location_id' | 'status' | 'estimated_arrival_at'>;

/** What an order's view is made of besides its row; each list in the order `views` reads it. */
export interface OrderParts {
  lines: readonly OrderLineRow[];
  transitions: readonly TransitionRow[];
  payments: readonly PaymentRow[];
  transfers: readonly TransferRow[];
}

export async function views(db: Db, orders: readonly OrderRow[], actor: Actor): Promise<Order[]> {
  if (orders.length === 0) return [];
  const ids = orders.map((o) => o.id);
  const [lines, transitions, payments, transfers] = await Promise.all([
    db.selectFrom('order_lines').selectAll().where('order_id', 'in', ids).orderBy('order_id').orderBy('line_no').execute(),
    db.selectFrom('order_transitions').selectAll().where('order_id', 'in', ids).orderBy('order_id').orderBy('seq').execute(),
    db.selectFrom('payments').selectAll().where('order_id', 'in', ids).orderBy('created_at').execute(),
    db.selectFrom('stock_transfers').select(['id', 'owner_id', 'from_location_id', 'status', 'estimated_arrival_at']).where('owner_id', 'in', ids).orderBy('id').execute(),
  ]);
  return orders.map((o) =>
    orderView(
      o,
      {
        lines: lines.filter((l) => l.order_id === o.id),
        transitions: transitions.filter((t) => t.order_id === o.id),
        payments: payments.filter((p) => p.order_id === o.id),
        transfers: transfers.filter((t) => t.owner_id === o.id),
      },
      actor,
    ),
  );
}

/** An order as the API shows it, from its row and parts (checkout has them in hand: no read back). */
export function orderView(o: OrderRow, parts: OrderParts, actor: Actor): Order {
  const mine = parts.payments;
  const pending = mine.find((p) => p.status === 'requires_action');
  const paid = mine.filter((p) => ['captured', 'refunded', 'partially_refunded'].includes(p.status)).reduce((s, p) => s + p.amount, 0);
  const refunded = mine.reduce((s, p) => s + p.refunded_amount, 0);
  const method = o.method as OrderMethod;
  return {
    id: o.id,
    status: o.status as OrderStatus,
    method,
    channel: o.channel,
    profileId: o.profile_id,
    cartId: o.cart_id,
    storeId: o.store_id,
    address: o.address ? (JSON.parse(o.address) as Order['address']) : null,
    payment: {
      method: o.payment_method,
      status: o.payment_status,
      paid: money(paid, o.currency),
      refunded: money(refunded, o.currency),
      ...(pending && o.status === 'awaiting_payment' ? { nextAction: { type: 'three_d_secure', hint: `POST /v1/orders/${o.id}/payment {"outcome": "succeeded" | "failed"}` } } : {}),
    },
    subtotal: money(o.subtotal_amount, o.currency),
    discount: money(o.discount_amount, o.currency),
    deliveryFee: money(o.delivery_amount, o.currency),
    total: money(o.total_amount, o.currency),
    promoCode: o.promo_code,
    promotions: JSON.parse(o.promotions) as Order['promotions'],
    pointsEarned: o.points_earned,
    expiresAt: o.expires_at,
    lines: parts.lines.map((l) => ({
      lineNo: l.line_no,
      sku: l.sku,
      productId: l.product_id,
      name: l.name,
      size: l.size,
      color: l.color,
      quantity: l.quantity,
      keptQuantity: kept(l),
      returnedQuantity: l.returned_quantity,
      unitPrice: money(l.unit_amount, o.currency),
      discount: money(l.discount_amount, o.currency),
      total: money(l.total_amount, o.currency),
      locationId: l.location_id,
    })),
    transfers: parts.transfers.map((t) => ({ id: t.id, fromLocationId: t.from_location_id, status: t.status, estimatedArrivalAt: t.estimated_arrival_at })),
    transitions: parts.transitions.map((t) => ({ from: t.from_status, to: t.to_status, actor: t.actor, reason: t.reason, at: t.at })),
    allowedTransitions: allowedTransitions(method, o.status as OrderStatus, actor),
    placedAt: o.placed_at,
    updatedAt: o.updated_at,
  };
}


/** A payment that needed a further step comes back: the order is placed, or cancelled with its stock back. */
export async function confirmPayment(ctx: Ctx, id: string, outcome: 'succeeded' | 'failed'): Promise<Order> {
  const order = await findOrder(ctx.db, id);
  await assertMayRead(ctx, order);
  await inTransaction(ctx.db, async (db) => {
    const inner = { ...ctx, db };
    const payment = await db.selectFrom('payments').selectAll().where('order_id', '=', id).where('status', '=', 'requires_action').executeTakeFirst();
    if (!payment || order.status !== 'awaiting_payment')
      throw new AppError('commerce.impossible_transition', `Order ${id} is ${order.status}: no payment is waiting for a further step`, { extra: { orderId: id, from: order.status } });
    const result = providerFor(payment.provider).confirm(payment.provider_reference ?? payment.id, outcome);
    const at = ctx.clock.now().toISOString();
    if (result.status === 'captured') {
      await db.updateTable('payments').set({ status: 'captured', updated_at: at }).where('id', '=', payment.id).execute();
      await db.updateTable('orders').set({ payment_status: 'captured' }).where('id', '=', id).execute();
      await applyTransition(inner, { ...order, payment_status: 'captured' }, 'placed', 'system', { reason: 'payment confirmed' });
      if (order.method === 'ship_to_store') await applyTransition(inner, { ...order, status: 'placed' }, 'in_transit_to_store', 'system', { reason: 'shipped from the warehouse' });
    } else {
      await db.updateTable('payments').set({ status: 'declined', updated_at: at }).where('id', '=', payment.id).execute();
      await db.updateTable('orders').set({ payment_status: 'declined' }).where('id', '=', id).execute();
      await applyTransition(inner, { ...order, payment_status: 'declined' }, 'cancelled', 'system', { reason: `payment ${result.declineCode ?? 'failed'}` });
    }
  });
  return getOrder(ctx, id);
}

export { takeBackPointsForOrder };
