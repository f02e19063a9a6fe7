/**
 * A cart belongs to a person, not a device: `profile_id` is who it was started for (followed
 * through merges and unmerges when read), `anonymous_id` the device's id before anyone signed in.
 */
export interface CartTable {
  id: string;
  profile_id: string | null;
  anonymous_id: string | null;
  /** The channel it was started on. */
  channel: string;
  /** active → merged (into `merged_into`) | ordered | abandoned. */
  status: 'active' | 'merged' | 'ordered' | 'abandoned';
  merged_into: string | null;
  currency: string;
  promo_code: string | null;
  created_at: string;
  updated_at: string;
}

export interface CartItemTable {
  cart_id: string;
  sku: string;
  quantity: number;
  /** Where and by whom it was added: the app, the web, an associate in a store… */
  added_channel: string;
  added_by: string | null;
  added_at: string;
  updated_at: string;
}

export interface WishlistItemTable {
  profile_id: string;
  sku: string;
  added_channel: string;
  added_by: string | null;
  added_at: string;
}

export type FulfilmentMethod = 'home_delivery' | 'click_and_collect' | 'ship_to_store' | 'reserve_and_try';

export interface OrderTable {
  id: string;
  /** Null once the person is erased: orders keep only what the law requires, without identity. */
  profile_id: string | null;
  cart_id: string | null;
  channel: string;
  /** The store the goods are collected, tried or bought in (click & collect, ship to store, reserve & try, till). */
  store_id: string | null;
  method: FulfilmentMethod | 'in_store';
  status: string;
  payment_method: 'online' | 'at_pickup' | 'none' | 'in_store';
  payment_status: 'none' | 'pending' | 'requires_action' | 'authorised' | 'captured' | 'declined' | 'refunded' | 'partially_refunded' | 'voided';
  currency: string;
  subtotal_amount: number;
  discount_amount: number;
  delivery_amount: number;
  total_amount: number;
  promo_code: string | null;
  /** JSON: delivery address for home delivery (personal data, removed on erasure). */
  address: string | null;
  /** When an uncollected order or an untried reservation is released, if nothing happens first. */
  expires_at: string | null;
  /** `${scope}:${Idempotency-Key}`: the same key returns the same order. */
  idempotency_key: string | null;
  /** For till sales: the tracking event it came from. */
  source_event_id: string | null;
  /** JSON array of applied promotions (id, name, amount). */
  promotions: string;
  placed_at: string;
  updated_at: string;
}

export interface OrderLineTable {
  order_id: string;
  line_no: number;
  sku: string;
  product_id: string | null;
  name: string;
  size: string | null;
  color: string | null;
  quantity: number;
  unit_amount: number;
  discount_amount: number;
  total_amount: number;
  /** Where the goods come from (a store or a warehouse). */
  location_id: string | null;
  hold_id: string | null;
  returned_quantity: number;
}

export interface OrderTransitionTable {
  order_id: string;
  seq: number;
  from_status: string | null;
  to_status: string;
  actor: string | null;
  reason: string | null;
  at: string;
}

export interface PaymentTable {
  id: string;
  order_id: string;
  provider: string;
  method: string;
  status: string;
  amount: number;
  refunded_amount: number;
  currency: string;
  provider_reference: string | null;
  created_at: string;
  updated_at: string;
}

export interface CommerceTables {
  carts: CartTable;
  cart_items: CartItemTable;
  wishlist_items: WishlistItemTable;
  orders: OrderTable;
  order_lines: OrderLineTable;
  order_transitions: OrderTransitionTable;
  payments: PaymentTable;
}
