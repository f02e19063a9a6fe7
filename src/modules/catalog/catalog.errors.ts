export const catalogErrorStatus = {
  'catalog.product_not_found': 404,
  'catalog.variant_not_found': 404,
  'catalog.category_not_found': 404,
  'catalog.location_not_found': 404,
  'catalog.import_not_found': 404,
  /** A category named in a body or a filter does not exist: the input is wrong, not the URL. */
  'catalog.unknown_category': 400,
  'catalog.category_cycle': 400,
  'catalog.duplicate_sku': 409,
  'catalog.duplicate_ref': 409,
  'catalog.duplicate_slug': 409,
  'catalog.duplicate_code': 409,
  /** A product is sold through its variants: the last one goes with the product. */
  'catalog.last_variant': 409,
  'catalog.import_invalid': 422,
} as const satisfies Record<string, number>;
