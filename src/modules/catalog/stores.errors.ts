export const storesErrorStatus = {
  'stores.invalid_coordinates': 400,
} as const satisfies Record<string, number>;
