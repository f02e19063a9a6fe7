export const cartsErrorStatus = {
  'commerce.cart_not_found': 404,
  'commerce.cart_not_active': 409,
  'commerce.unknown_sku': 404,
  'commerce.not_your_cart': 403,
  'commerce.item_not_in_cart': 404,
  'commerce.item_not_in_wishlist': 404,
  'commerce.no_active_cart': 404,
  'commerce.quantity_too_large': 422,
  'commerce.identity_required': 400,
} as const satisfies Record<string, number>;
