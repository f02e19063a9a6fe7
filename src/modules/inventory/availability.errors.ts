export const availabilityErrorStatus = {
  'availability.unknown_sku': 404,
  'availability.unknown_store': 404,
  'availability.where_required': 400,
} as const satisfies Record<string, number>;
