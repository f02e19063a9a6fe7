import { Type, type Static } from 'typebox';

const Sku = Type.String({ minLength: 1, maxLength: 100 });

export const AvailabilityQuery = Type.Object(
  {
    sku: Type.String({ minLength: 1, maxLength: 2100, description: 'One sku, or several separated by commas (at most 20)' }),
    near: Type.Optional(Type.String({ maxLength: 60, description: '"latitude,longitude": stores nearest first, with distanceKm' })),
    storeId: Type.Optional(Type.String({ maxLength: 2100, description: 'Or these stores (comma-separated), in this order' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20, description: 'How many stores (the nearest) are looked at' })),
    radiusKm: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 20000 })),
    openNow: Type.Optional(Type.Boolean({ description: 'Only stores open now, in their own time zone' })),
    inStock: Type.Optional(Type.Boolean({ description: 'Only stores where the sku is available' })),
    service: Type.Optional(Type.Enum(['click_and_collect', 'reserve_and_try', 'returns', 'ship_to_store_pickup'])),
  },
  { additionalProperties: false },
);
export type AvailabilityQuery = Static<typeof AvailabilityQuery>;

export const LocationAvailability = Type.Object({
  locationId: Type.String(),
  name: Type.String(),
  city: Type.String(),
  available: Type.Integer({ description: 'On hand − reserved − safety stock, never below 0' }),
  lowStock: Type.Boolean({ description: 'Available, but at or under the low-stock threshold' }),
  distanceKm: Type.Union([Type.Number(), Type.Null()]),
  aisle: Type.Union([Type.Object({ code: Type.String(), name: Type.String() }), Type.Null()]),
  openNow: Type.Boolean(),
  services: Type.Array(Type.String()),
});

export const SkuAvailability = Type.Object({
  sku: Sku,
  locations: Type.Array(LocationAvailability),
  online: Type.Object({
    available: Type.Integer({ description: 'What warehouses can ship' }),
    lowStock: Type.Boolean(),
    warehouses: Type.Array(Type.Object({ locationId: Type.String(), name: Type.String(), available: Type.Integer() })),
  }),
});
export type SkuAvailability = Static<typeof SkuAvailability>;

export const AvailabilityAnswer = Type.Object({ items: Type.Array(SkuAvailability) });
export type AvailabilityAnswer = Static<typeof AvailabilityAnswer>;
