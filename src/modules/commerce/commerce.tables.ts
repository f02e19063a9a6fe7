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
  /** Loyalty points this order earned (taken back in proportion on returns). */
  points_earned: number;
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
  /** Units the customer kept when not all (a reserve-and-try purchase); null: all of them. */
  kept_quantity: number | null;
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

export interface CommerceSettingTable {
  key: string;
  /** JSON. */
  value: string;
  updated_at: string;
}

export interface ReturnTable {
  id: string;
  order_id: string;
  /** The store that took the goods back (their stock goes there); null: sent back to the warehouse. */
  store_id: string | null;
  channel: string;
  refund_amount: number;
  currency: string;
  /** The order made for an exchange in the same operation. */
  exchange_order_id: string | null;
  actor: string | null;
  created_at: string;
}

export interface ReturnLineTable {
  return_id: string;
  line_no: number;
  sku: string;
  quantity: number;
  reason: string;
  refund_amount: number;
  restocked_at: string | null;
}

export interface LoyaltyAccountTable {
  profile_id: string;
  balance: number;
  lifetime_points: number;
  tier: string;
  updated_at: string;
}

export interface LoyaltyEntryTable {
  id: string;
  profile_id: string;
  /** Positive when earned, negative when spent or taken back. */
  points: number;
  kind: 'earned' | 'redeemed' | 'taken_back' | 'adjusted';
  order_id: string | null;
  channel: string | null;
  note: string | null;
  created_at: string;
}

export interface PromotionTable {
  id: string;
  name: string;
  kind: 'percent_off' | 'amount_off' | 'free_delivery';
  value: number;
  /** JSON PromotionTarget. */
  target: string;
  /** JSON PromotionConditions. */
  conditions: string;
  requires_code: number;
  stackable: number;
  priority: number;
  active: number;
  created_at: string;
  updated_at: string;
}

export interface PromotionCodeTable {
  code: string;
  promotion_id: string;
  /** A personal code: only this person may use it. */
  profile_id: string | null;
  single_use: number;
  redeemed_count: number;
  redeemed_order_id: string | null;
  expires_at: string | null;
  /** Good for this product only, whatever the promotion targets. */
  scope_product_id: string | null;
  created_at: string;
}

export interface CommerceTables {
  carts: CartTable;
  cart_items: CartItemTable;
  wishlist_items: WishlistItemTable;
  orders: OrderTable;
  order_lines: OrderLineTable;
  order_transitions: OrderTransitionTable;
  payments: PaymentTable;
  commerce_settings: CommerceSettingTable;
  returns: ReturnTable;
  return_lines: ReturnLineTable;
  loyalty_accounts: LoyaltyAccountTable;
  loyalty_entries: LoyaltyEntryTable;
  promotions: PromotionTable;
  promotion_codes: PromotionCodeTable;
}
