/**
 * Inventory error codes. An unknown sku or location named in the URL is a 404; named in a body, the
 * input is wrong, not the URL: 422. Bad numbers are 400 (most are refused by the schemas already).
 * Everything that finds the stock in a state that forbids the change is a 409.
 */
export const inventoryErrorStatus = {
  'inventory.sku_not_found': 404,
  'inventory.location_not_found': 404,
  'inventory.hold_not_found': 404,
  'inventory.transfer_not_found': 404,
  'inventory.unknown_sku': 422,
  'inventory.unknown_location': 422,
  'inventory.unknown_zone': 422,
  /** Sourcing or a till sale names a warehouse where a store is needed. */
  'inventory.not_a_store': 422,
  'inventory.import_invalid': 422,
  /** A delta of the wrong sign for its kind, a zero delta, a quantity that is not a whole number. */
  'inventory.invalid_quantity': 400,
  /** A movement kind that has its own operation (counts, transfers, till sales). */
  'inventory.invalid_movement_kind': 400,
  'inventory.invalid_duration': 400,
  'inventory.invalid_expiry': 400,
  'inventory.duplicate_line': 400,
  'inventory.same_location': 400,
  /** Not enough available (on hand − reserved − safety stock) for a reservation, a sale or a transfer. */
  'inventory.insufficient_stock': 409,
  /** A count or a decrease would leave fewer units on hand than are reserved for customers. */
  'inventory.below_reserved': 409,
  'inventory.hold_not_active': 409,
  'inventory.transfer_not_in_transit': 409,
} as const satisfies Record<string, number>;
