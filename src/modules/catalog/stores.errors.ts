export const storesErrorStatus = {
  'stores.invalid_coordinates': 400,
  'stores.invalid_timezone': 400,
  'stores.invalid_hours': 400,
  'stores.invalid_service': 400,
  'stores.location_not_found': 404,
  'stores.store_not_found': 404,
  'stores.duplicate_code': 409,
} as const satisfies Record<string, number>;
