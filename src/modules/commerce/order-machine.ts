/**
 * The life of an order, one state machine per way of getting the goods. Pure: the orders service
 * asks `decideTransition` and then carries out the effects it names, in one transaction.
 *
 *   home_delivery      placed → shipped → delivered
 *   click_and_collect  placed → ready_for_pickup → collected            (ready_for_pickup → expired)
 *   ship_to_store      placed → in_transit_to_store → arrived_in_store → collected   (arrived → expired)
 *   reserve_and_try    reserved → tried → purchased | released          (reserved|tried → released)
 *   in_store           completed (a till sale, recorded as it happened)
 *
 * Online payments that need a further step start at `awaiting_payment` and become the method's
 * first state once paid, or `cancelled`. Before the goods leave, staff (and the customer, while
 * nothing has been prepared) may cancel. `expired` and the arrivals are the system's: the collection
 * window's end, the payment provider, the transfer's receipt.
 */
import type { FulfilmentMethod } from './commerce.tables.js';

export type OrderMethod = FulfilmentMethod | 'in_store';

export const ORDER_STATUSES = [
  'awaiting_payment',
  'placed',
  'ready_for_pickup',
  'in_transit_to_store',
  'arrived_in_store',
  'shipped',
  'delivered',
  'collected',
  'reserved',
  'tried',
  'purchased',
  'released',
  'cancelled',
  'expired',
  'completed',
] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export type Actor = 'customer' | 'staff' | 'system';

/** What a transition does besides changing the status. */
export type Effect =
  /** The held goods leave the stock (a sale in the ledger). */
  | 'consume_holds'
  /** The held goods go back to available stock; transfers still on the road are cancelled. */
  | 'release_holds'
  /** Money taken at the counter (payment at pickup, or in store after trying). */
  | 'capture_payment'
  /** Money given back (or the authorisation dropped). */
  | 'refund_payment'
  /** Loyalty points for the goods the customer now has. */
  | 'earn_points'
  /** The collection window starts: the order is released if nobody comes. */
  | 'start_collection_window';

interface Edge {
  to: OrderStatus;
  by: readonly Actor[];
  effects: readonly Effect[];
}

const STAFF: readonly Actor[] = ['staff'];
const SYSTEM: readonly Actor[] = ['system'];
const ANYONE: readonly Actor[] = ['customer', 'staff', 'system'];
const cancel: Edge = { to: 'cancelled', by: ANYONE, effects: ['release_holds', 'refund_payment'] };
const cancelByStaff: Edge = { to: 'cancelled', by: ['staff', 'system'], effects: ['release_holds', 'refund_payment'] };
const expire: Edge = { to: 'expired', by: SYSTEM, effects: ['release_holds', 'refund_payment'] };

const MACHINES: Record<OrderMethod, Partial<Record<OrderStatus, readonly Edge[]>>> = {
  home_delivery: {
    awaiting_payment: [{ to: 'placed', by: SYSTEM, effects: [] }, cancel],
    placed: [{ to: 'shipped', by: STAFF, effects: ['consume_holds'] }, cancel],
    shipped: [{ to: 'delivered', by: ['staff', 'system'], effects: ['earn_points'] }],
  },
  click_and_collect: {
    awaiting_payment: [{ to: 'placed', by: SYSTEM, effects: [] }, cancel],
    placed: [{ to: 'ready_for_pickup', by: STAFF, effects: ['start_collection_window'] }, cancel],
    ready_for_pickup: [{ to: 'collected', by: STAFF, effects: ['consume_holds', 'capture_payment', 'earn_points'] }, cancelByStaff, expire],
  },
  ship_to_store: {
    awaiting_payment: [{ to: 'placed', by: SYSTEM, effects: [] }, cancel],
    placed: [{ to: 'in_transit_to_store', by: SYSTEM, effects: [] }, cancel],
    in_transit_to_store: [{ to: 'arrived_in_store', by: SYSTEM, effects: ['start_collection_window'] }, cancelByStaff],
    arrived_in_store: [{ to: 'collected', by: STAFF, effects: ['consume_holds', 'capture_payment', 'earn_points'] }, cancelByStaff, expire],
  },
  reserve_and_try: {
    reserved: [
      { to: 'tried', by: STAFF, effects: [] },
      { to: 'purchased', by: STAFF, effects: ['consume_holds', 'capture_payment', 'earn_points'] },
      { to: 'released', by: ANYONE, effects: ['release_holds'] },
    ],
    tried: [
      { to: 'purchased', by: STAFF, effects: ['consume_holds', 'capture_payment', 'earn_points'] },
      { to: 'released', by: ['staff', 'system'], effects: ['release_holds'] },
    ],
  },
  in_store: {},
};

/** The status a new order starts in. */
export function initialStatus(method: OrderMethod, payment: 'paid' | 'requires_action' | 'at_pickup' | 'none'): OrderStatus {
  if (method === 'in_store') return 'completed';
  if (method === 'reserve_and_try') return 'reserved';
  return payment === 'requires_action' ? 'awaiting_payment' : 'placed';
}

/** Where `actor` may move an order of `method` from `status`. */
export function allowedTransitions(method: OrderMethod, status: OrderStatus, actor: Actor): OrderStatus[] {
  return (MACHINES[method][status] ?? []).filter((e) => e.by.includes(actor)).map((e) => e.to);
}

export type Decision = { ok: true; effects: readonly Effect[] } | { ok: false; reason: 'impossible' | 'not_allowed'; allowed: OrderStatus[] };

/** Whether `actor` may move an order of `method` from `from` to `to`, and what that does. */
export function decideTransition(method: OrderMethod, from: OrderStatus, to: OrderStatus, actor: Actor): Decision {
  const edges = MACHINES[method][from] ?? [];
  const edge = edges.find((e) => e.to === to);
  const allowed = allowedTransitions(method, from, actor);
  if (!edge) return { ok: false, reason: 'impossible', allowed };
  if (!edge.by.includes(actor)) return { ok: false, reason: 'not_allowed', allowed };
  return { ok: true, effects: edge.effects };
}

/** Statuses the order may still leave; the others are final. */
export function isFinal(method: OrderMethod, status: OrderStatus): boolean {
  return (MACHINES[method][status] ?? []).length === 0;
}

/** Statuses in which an order waits for the customer with a deadline (`expires_at`). */
export const WAITING_FOR_CUSTOMER: readonly OrderStatus[] = ['awaiting_payment', 'ready_for_pickup', 'arrived_in_store', 'reserved', 'tried'];

/** Where a waiting order goes when its deadline passes. */
export function expiryTarget(method: OrderMethod, status: OrderStatus): OrderStatus | null {
  if (status === 'awaiting_payment') return 'cancelled';
  if (method === 'reserve_and_try' && (status === 'reserved' || status === 'tried')) return 'released';
  if (status === 'ready_for_pickup' || status === 'arrived_in_store') return 'expired';
  return null;
}

/** Orders whose goods the customer has: they count for points and can be returned. */
export function goodsWithCustomer(status: OrderStatus): boolean {
  return status === 'delivered' || status === 'collected' || status === 'purchased' || status === 'completed' || status === 'shipped';
}
