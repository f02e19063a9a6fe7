/**
 * Checkout: a cart becomes an order in one transaction — prices and promotions computed now, the
 * goods reserved where the method takes them from (conditional statements: short stock is a 409 and
 * nothing is reserved), the payment taken through the provider (a decline rolls everything back, so
 * the stock is released), the cart closed, and the order's first events published.
 *
 *   click_and_collect  the chosen store's own stock, held for the order
 *   ship_to_store      warehouses ship to the store (a transfer in transit); held there on arrival
 *   home_delivery      a warehouse that has every line (split across warehouses only if allowed)
 *   reserve_and_try    the chosen store's stock, held for the reserve-and-try window; no payment
 */
import { CompiledQuery, type Kysely, type Selectable } from 'kysely';
import type { DB } from '../../db-schema.js';
import type { Ctx } from '../../platform/context.js';
import { isPostgres } from '../../platform/db/migration-helpers.js';
import { AppError } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { publishDomainEvent } from '../../platform/outbox/outbox.js';
import { recordPersonEvent, type PersonEventOptions } from '../engagement/person-events.js';
import type { Channel } from '../identity/channels.js';
import { liveProfileId } from '../identity/resolution/resolver.js';
import { reserveMany } from '../inventory/holds.service.js';
import { readSettings } from '../inventory/inventory-settings.js';
import { sourceAndReserve } from '../inventory/sourcing.service.js';
import { inTransaction } from '../inventory/stock.repo.js';
import { ownerOf } from './carts.service.js';
import { windowMs } from './commerce-settings.js';
import { commerceMemory } from './commerce-memory.js';
import type { CartTable, OrderLineTable, OrderTable } from './commerce.tables.js';
import { initialStatus } from './order-machine.js';
import type { CheckoutBody, Order } from './orders.schemas.js';
import { actorKind, applyTransition, assertMayRead, getOrder, ORDER_PLACED, ORDER_STATUS_CHANGED, orderView, type OrderRow } from './orders.service.js';
import { testPaymentProvider } from './payments.js';
import { channelOf } from './people.js';
import { priceBasket, spread, type PricedBasket } from './pricing.js';
import { redeemReward } from './loyalty.service.js';
import type { CommerceSettings } from './commerce-settings.js';
import { promotionsInPlay, redeemCodes } from './promotions.service.js';

const STORE_SERVICE = { click_and_collect: 'click_and_collect', ship_to_store: 'ship_to_store_pickup', reserve_and_try: 'reserve_and_try' } as const;

function invalid(path: string, message: string): AppError {
  return new AppError('platform.validation_failed', `${path} ${message}`, { errors: [{ path, message }] });
}

export interface CheckoutOptions {
  /** The raw SQLite handle behind `ctx.db`, when there is one: the timeline event uses ingestion's prepared statements. */
  sqlite?: PersonEventOptions['sqlite'];
}

export async function checkout(ctx: Ctx, cartId: string, input: CheckoutBody, options: CheckoutOptions = {}): Promise<Order> {
  const sql = statementsFor(ctx.db);
  const cart = (await ctx.db.executeQuery<CartRow>(CompiledQuery.raw(sql.cart, [cartId]))).rows[0];
  if (!cart) throw new AppError('commerce.cart_not_found', `No cart ${cartId}`);
  if (cart.status !== 'active') throw new AppError('commerce.cart_not_active', `Cart ${cart.id} is ${cart.status}`);
  const profileId = await ownerOf(ctx.db, cart);
  if (!profileId) throw new AppError('commerce.customer_required', 'Sign in (or, for staff, start the cart for the customer) before checkout: an order belongs to a person');
  const p = ctx.principal;
  if (p.kind === 'customer' && p.profileId !== profileId) {
    if ((await liveProfileId(ctx.db, p.profileId)) !== profileId) throw new AppError('commerce.not_your_cart', 'This cart belongs to another customer');
  }
  const items = (await ctx.db.executeQuery<CartItemRow>(CompiledQuery.raw(sql.items, [cart.id]))).rows;
  if (items.length === 0) throw new AppError('commerce.cart_empty', `Cart ${cart.id} has nothing to order`);
  // Promotions, the category tree and the settings, from memory while nothing changed them.
  const memory = await commerceMemory(ctx.db);
  const categoriesOf = memory.lineage;

  const { method } = input.fulfillment;
  const payment = input.payment;
  if (method !== 'reserve_and_try' && !payment) throw invalid('body/payment', 'is required (online or at_pickup)');
  if (method === 'reserve_and_try' && payment?.method === 'online') throw invalid('body/payment/method', 'reserve and try takes no payment: the customer pays in store for what she keeps');
  if (method === 'home_delivery' && payment?.method === 'at_pickup') throw invalid('body/payment/method', 'at_pickup needs a pickup: choose online for home delivery');
  if (method === 'home_delivery' && !input.fulfillment.address) throw invalid('body/fulfillment/address', 'is required for home delivery');
  if (method !== 'home_delivery' && input.fulfillment.address) throw invalid('body/fulfillment/address', 'is only for home delivery');
  let storeId: string | null = null;
  if (method !== 'home_delivery') {
    if (!input.fulfillment.storeId) throw invalid('body/fulfillment/storeId', `is required for ${method}`);
    const store = (await ctx.db.executeQuery<{ id: string; kind: string; services: string }>(CompiledQuery.raw(sql.store, [input.fulfillment.storeId]))).rows[0];
    if (!store || store.kind !== 'store') throw new AppError('commerce.unknown_store', `No store ${input.fulfillment.storeId}`, { errors: [{ path: 'body/fulfillment/storeId', message: 'is not a store' }] });
    const service = STORE_SERVICE[method];
    if (!(JSON.parse(store.services) as string[]).includes(service))
      throw new AppError('commerce.service_not_offered', `Store ${store.id} does not offer ${service}`, { errors: [{ path: 'body/fulfillment/storeId', message: `does not offer ${service}` }] });
    storeId = store.id;
  }

  const { settings } = memory;
  const channel = (input.channel ?? channelOf(ctx, cart.channel)) as Channel;
  const now = ctx.clock.now();
  const at = now.toISOString();
  const currency = items[0]!.currency;
  const codes = input.promoCode ? [input.promoCode] : cart.promo_code ? [cart.promo_code] : [];
  const { promotions, presented } = await promotionsInPlay(ctx.db, { codes, profileId, memory });
  const priced = priceBasket({
    lines: items.map((i) => ({ sku: i.sku, productId: i.product_id, categoryIds: categoriesOf(i.category_id), unitPrice: i.price_amount, quantity: i.quantity })),
    currency,
    channel,
    at,
    delivery: { method, fee: method === 'home_delivery' ? settings.homeDeliveryFee : 0 },
    promotions,
    codes: presented,
  });
  if (input.reward) applyReward(priced, settings.loyalty.rewards, input.reward);
  const refused = priced.refusedCodes.find((c) => c.code === input.promoCode);
  if (refused) throw new AppError('commerce.promo_code_refused', `Promo code ${refused.code} cannot be used: ${refused.reason.replace(/_/g, ' ')}`, { errors: [{ path: 'body/promoCode', message: refused.reason }], extra: { reason: refused.reason } });

  const orderId = newId('ord', now.getTime());
  const lines = items.map((i) => ({ sku: i.sku, quantity: i.quantity }));
  const paymentMethod: OrderTable['payment_method'] = method === 'reserve_and_try' ? 'none' : payment!.method;

  return inTransaction(ctx.db, async (db) => {
    const inner = { ...ctx, db };
    // 1. The goods.
    const lineLocation = new Map<string, { locationId: string; holdId: string | null }>();
    const owner = { ownerType: method === 'reserve_and_try' ? ('reserve_and_try' as const) : ('order' as const), ownerId: orderId };
    if (method === 'click_and_collect' || method === 'reserve_and_try') {
      const holds = await reserveMany(inner, { lines: lines.map((l) => ({ ...l, locationId: storeId! })), ...owner, expiresAt: null });
      for (const h of holds) lineLocation.set(h.sku, { locationId: h.locationId, holdId: h.id });
    } else if (method === 'ship_to_store') {
      const sourced = await sourceAndReserve(inner, { storeId: storeId!, lines, fromWarehousesOnly: true, ...owner, reference: orderId });
      for (const t of sourced.transfers) for (const l of t.lines) lineLocation.set(l.sku, { locationId: t.fromLocationId, holdId: null });
    } else {
      for (const h of await reserveFromWarehouses(inner, lines, owner)) lineLocation.set(h.sku, { locationId: h.locationId, holdId: h.id });
    }

    // 2. The money.
    let paymentStatus: OrderTable['payment_status'] = paymentMethod === 'online' ? 'pending' : 'none';
    let paymentRow: { status: string; reference: string } | null = null;
    if (paymentMethod === 'online') {
      const charged = testPaymentProvider.charge({ amount: priced.total, currency, card: payment!.card ?? 'tok_visa', reference: orderId });
      if (charged.status === 'declined')
        throw new AppError('commerce.payment_declined', `The payment was declined (${charged.declineCode}); nothing was reserved or charged`, { extra: { declineCode: charged.declineCode } });
      paymentStatus = charged.status;
      paymentRow = { status: charged.status, reference: charged.reference };
    }
    const status = initialStatus(method, paymentStatus === 'requires_action' ? 'requires_action' : paymentStatus === 'captured' ? 'paid' : paymentMethod === 'at_pickup' ? 'at_pickup' : 'none');
    const expiresAt =
      status === 'awaiting_payment' ? new Date(now.getTime() + windowMs(settings.paymentWindow)).toISOString() : method === 'reserve_and_try' ? new Date(now.getTime() + windowMs(settings.reserveAndTryWindow)).toISOString() : null;

    // 3. The order.
    const closed = await db.executeQuery(CompiledQuery.raw(sql.closeCart, [at, cart.id]));
    if (Number(closed.numAffectedRows) !== 1) throw new AppError('commerce.cart_not_active', `Cart ${cart.id} was ordered or changed meanwhile`);
    const promoCode = priced.applied.find((a) => a.code)?.code ?? null;
    const order: OrderRow = {
      id: orderId,
      profile_id: profileId,
      cart_id: cart.id,
      channel,
      store_id: storeId,
      method,
      status,
      payment_method: paymentMethod,
      payment_status: paymentStatus,
      currency,
      subtotal_amount: priced.subtotal,
      discount_amount: priced.discount,
      delivery_amount: priced.deliveryFee,
      total_amount: priced.total,
      promo_code: promoCode,
      address: input.fulfillment.address ? JSON.stringify(input.fulfillment.address) : null,
      expires_at: expiresAt,
      idempotency_key: null,
      source_event_id: null,
      promotions: JSON.stringify(priced.applied),
      points_earned: 0,
      placed_at: at,
      updated_at: at,
    };
    await db.executeQuery(CompiledQuery.raw(sql.order, ORDER_COLUMNS.map((c) => order[c])));
    const rows: OrderLineTable[] = priced.lines.map((l, i) => {
      const item = items[i]!;
      const where = lineLocation.get(l.sku);
      return {
        order_id: orderId,
        line_no: i + 1,
        sku: l.sku,
        product_id: item.product_id,
        name: item.name,
        size: item.size,
        color: item.color,
        quantity: l.quantity,
        unit_amount: l.unitPrice,
        discount_amount: l.discount,
        total_amount: l.total,
        location_id: where?.locationId ?? null,
        hold_id: where?.holdId ?? null,
        returned_quantity: 0,
        kept_quantity: null,
      };
    });
    await db.executeQuery(CompiledQuery.raw(sql.lines(rows.length), rows.flatMap((r) => LINE_COLUMNS.map((c) => r[c]))));
    const transition = { order_id: orderId, seq: 1, from_status: null, to_status: status, actor: null, reason: 'checkout', at };
    await db.executeQuery(CompiledQuery.raw(sql.transition, TRANSITION_COLUMNS.map((c) => transition[c])));
    const payments = paymentRow
      ? [{ id: newId('pay', now.getTime()), order_id: orderId, provider: testPaymentProvider.name, method: 'online', status: paymentRow.status, amount: priced.total, refunded_amount: 0, currency, provider_reference: paymentRow.reference, created_at: at, updated_at: at }]
      : [];
    for (const row of payments) await db.executeQuery(CompiledQuery.raw(sql.payment, PAYMENT_COLUMNS.map((c) => row[c])));
    await redeemCodes(db, priced.applied, { orderId, profileId, at });
    if (input.reward) await redeemReward(inner, profileId, input.reward, orderId, channel);

    const payload = { orderId, cartId: cart.id, profileId, method, status, storeId, channel, total: priced.total, currency, lines: rows.map((r) => ({ sku: r.sku, productId: r.product_id, quantity: r.quantity })) };
    await publishDomainEvent(db, ctx.clock, { type: ORDER_PLACED, subjectId: orderId, payload });
    await publishDomainEvent(db, ctx.clock, { type: ORDER_STATUS_CHANGED, subjectId: orderId, payload: { orderId, cartId: cart.id, profileId, from: null, to: status, method, storeId, channel, reason: 'checkout' } });
    const products = rows.map((r) => ({ sku: r.sku, product_id: r.product_id, name: r.name, quantity: r.quantity, price: r.unit_amount / 100 }));
    const placed = { orderId, method, storeId, total: priced.total / 100, currency, products };
    await recordPersonEvent(db, ctx.clock, profileId, { type: 'track', name: 'Order Placed', channel, properties: placed }, { sqlite: options.sqlite });
    // Ship to store: the warehouse's goods are on the road from now on.
    if (method === 'ship_to_store') {
      if (status === 'placed') await applyTransition(inner, order, 'in_transit_to_store', 'system', { reason: 'shipped from the warehouse' });
      return getOrder(inner, orderId);
    }
    // Every other method: the order is what was just written, shown as getOrder would read it back.
    // A customer ordering their own cart may read it (its owner was read live above); others are checked.
    if (!(p.kind === 'customer' && p.profileId === profileId)) await assertMayRead(inner, order);
    return orderView(order, { lines: rows, transitions: [transition], payments, transfers: [] }, actorKind(ctx));
  });
}

type CartRow = Selectable<CartTable>;
interface CartItemRow {
  sku: string;
  quantity: number;
  product_id: string;
  size: string | null;
  color: string | null;
  price_amount: number;
  currency: string;
  name: string;
  category_id: string | null;
}

/**
 * Checkout's own fixed-shape statements, written once per engine instead of built per request:
 * Kysely's building and compiling cost about as much as the database running them. Parameters in
 * the order of the `?` (numbered `$1`… on PostgreSQL); the insert columns as listed below.
 */
const ORDER_COLUMNS = [
  'id',
  'profile_id',
  'cart_id',
  'channel',
  'store_id',
  'method',
  'status',
  'payment_method',
  'payment_status',
  'currency',
  'subtotal_amount',
  'discount_amount',
  'delivery_amount',
  'total_amount',
  'promo_code',
  'address',
  'expires_at',
  'idempotency_key',
  'source_event_id',
  'promotions',
  'points_earned',
  'placed_at',
  'updated_at',
] as const satisfies readonly (keyof OrderRow)[];
const LINE_COLUMNS = [
  'order_id',
  'line_no',
  'sku',
  'product_id',
  'name',
  'size',
  'color',
  'quantity',
  'unit_amount',
  'discount_amount',
  'total_amount',
  'location_id',
  'hold_id',
  'returned_quantity',
  'kept_quantity',
] as const satisfies readonly (keyof OrderLineTable)[];
const TRANSITION_COLUMNS = ['order_id', 'seq', 'from_status', 'to_status', 'actor', 'reason', 'at'] as const;
const PAYMENT_COLUMNS = ['id', 'order_id', 'provider', 'method', 'status', 'amount', 'refunded_amount', 'currency', 'provider_reference', 'created_at', 'updated_at'] as const;

const insert = (table: string, columns: readonly string[], rows = 1) => `insert into ${table} (${columns.join(', ')}) values ${Array.from({ length: rows }, () => `(${columns.map(() => '?').join(', ')})`).join(', ')}`;

function engineStatements(numbered: (text: string) => string) {
  const lines = new Map<number, string>();
  return {
    cart: numbered('select * from carts where id = ?'),
    items: numbered(
      'select i.sku, i.quantity, v.product_id, v.size, v.color, v.price_amount, v.currency, p.name, p.category_id from cart_items i inner join product_variants v on v.sku = i.sku inner join products p on p.id = v.product_id where i.cart_id = ? order by i.added_at, i.sku',
    ),
    store: numbered('select id, kind, services from locations where id = ?'),
    closeCart: numbered("update carts set status = 'ordered', updated_at = ? where id = ? and status = 'active'"),
    order: numbered(insert('orders', ORDER_COLUMNS)),
    /** A basket's lines in one statement; one text per line count, kept. */
    lines(count: number): string {
      let text = lines.get(count);
      if (text === undefined) lines.set(count, (text = numbered(insert('order_lines', LINE_COLUMNS, count))));
      return text;
    },
    transition: numbered(insert('order_transitions', TRANSITION_COLUMNS)),
    payment: numbered(insert('payments', PAYMENT_COLUMNS)),
  };
}

const STATEMENTS = {
  sqlite: engineStatements((text) => text),
  postgres: engineStatements((text) => {
    let n = 0;
    return text.replace(/\?/g, () => `$${++n}`);
  }),
};

const statementsFor = (db: Kysely<DB>) => (isPostgres(db as unknown as Kysely<unknown>) ? STATEMENTS.postgres : STATEMENTS.sqlite);

/**
 * Home delivery: the first warehouse (by id) that has every line holds them all; when none does and
 * the retailer allows split shipments, lines are taken from warehouses in turn. Else 409.
 */
async function reserveFromWarehouses(ctx: Ctx, lines: { sku: string; quantity: number }[], owner: { ownerType: 'order' | 'reserve_and_try'; ownerId: string }) {
  const warehouses = (await ctx.db.selectFrom('locations').select('id').where('kind', '=', 'warehouse').orderBy('id').execute()).map((w) => w.id);
  if (warehouses.length === 0) throw new AppError('inventory.insufficient_stock', 'No warehouse ships home deliveries');
  const levels = await ctx.db.selectFrom('stock_levels').select(['sku', 'location_id', 'on_hand', 'reserved', 'safety_stock']).where('sku', 'in', lines.map((l) => l.sku)).where('location_id', 'in', warehouses).execute();
  const available = (loc: string, sku: string) => {
    const l = levels.find((x) => x.location_id === loc && x.sku === sku);
    return l ? l.on_hand - l.reserved - l.safety_stock : 0;
  };
  const whole = warehouses.find((w) => lines.every((l) => available(w, l.sku) >= l.quantity));
  if (whole) return reserveMany(ctx, { lines: lines.map((l) => ({ ...l, locationId: whole })), ...owner, expiresAt: null });
  const { allowSplitShipments } = await readSettings(ctx.db);
  const from = lines.map((l) => ({ ...l, locationId: (allowSplitShipments && warehouses.find((w) => available(w, l.sku) >= l.quantity)) || warehouses[0]! }));
  // Reserving reports every short line with a 409 when the goods are not there.
  return reserveMany(ctx, { lines: from, ...owner, expiresAt: null });
}

/**
 * A loyalty reward takes its amount off the goods after promotions, spread over the lines in
 * proportion to what is left of them (the same exact split as amount-off promotions), never below 0.
 */
function applyReward(priced: PricedBasket, rewards: CommerceSettings['loyalty']['rewards'], rewardId: string): void {
  const reward = rewards.find((r) => r.id === rewardId);
  if (!reward) throw new AppError('commerce.unknown_reward', `No reward ${rewardId}`, { errors: [{ path: 'body/reward', message: `no reward ${rewardId}` }] });
  const goods = priced.lines.reduce((s, l) => s + l.total, 0);
  const amount = Math.min(reward.amount, goods);
  const shares = spread(amount, priced.lines.map((l) => l.total), priced.lines.map((l) => l.sku));
  priced.lines.forEach((line, i) => {
    line.discount += shares[i]!;
    line.total -= shares[i]!;
  });
  priced.discount += amount;
  priced.total -= amount;
  priced.applied.push({ promotionId: `reward:${reward.id}`, name: reward.name, amount });
}
