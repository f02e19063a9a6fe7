export const catalogErrorStatus = {
  'catalog.product_not_found': 404,
  'catalog.category_not_found': 404,
  'catalog.location_not_found': 404,
  'catalog.duplicate_sku': 409,
  'catalog.duplicate_code': 409,
  'catalog.import_invalid': 422,
} as const satisfies Record<string, number>;
