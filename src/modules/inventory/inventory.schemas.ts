import { Type, type Static, type TSchema } from 'typebox';
import { CursorQuery, Page, Timestamp } from '../../platform/http/common.schemas.js';
import { Sku } from '../catalog/catalog.schemas.js';
import { DURATION_PATTERN } from '../../platform/duration.js';

export { Sku };
export const LocationId = Type.String({ minLength: 1, maxLength: 100, description: 'A store (sto_…) or warehouse (whs_…)' });
/** Units moved by one operation: a whole number of at least 1. */
export const Quantity = Type.Integer({ minimum: 1, maximum: 1_000_000, description: 'Whole units, at least 1' });
const Count = Type.Integer({ minimum: 0, maximum: 100_000_000, description: 'Whole units, 0 or more' });
const Note = Type.String({ minLength: 1, maxLength: 500 });
const Reference = Type.String({ minLength: 1, maxLength: 200, description: 'What caused it: an order, a delivery note, a ticket (`ord_…`)' });
export const Duration = Type.String({ pattern: DURATION_PATTERN, description: 'ISO 8601 duration: PT48H, P2D, PT30M, P1W' });
const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

export const MOVEMENT_KINDS = ['receipt', 'online_sale', 'till_sale', 'transfer_out', 'transfer_in', 'return', 'count', 'adjustment'] as const;
export const MovementKindSchema = Type.Enum(MOVEMENT_KINDS);
export const HOLD_OWNER_TYPES = ['order', 'reserve_and_try', 'cart', 'manual'] as const;
export const HoldOwnerTypeSchema = Type.Enum(HOLD_OWNER_TYPES);
export const HOLD_STATUSES = ['active', 'released', 'expired', 'consumed'] as const;
export const TRANSFER_STATUSES = ['in_transit', 'received', 'cancelled'] as const;

export const ItemParams = Type.Object({ sku: Sku, locationId: LocationId });
export type ItemParams = Static<typeof ItemParams>;

export const StockLevel = Type.Object({
  sku: Type.String(),
  locationId: Type.String(),
  onHand: Type.Integer({ description: 'Units physically here (below 0 only after till sales the settings allow)' }),
  reserved: Type.Integer({ description: 'Units promised by active holds' }),
  inTransit: Type.Integer({ description: 'Units on their way here by transfer, not yet sellable here' }),
  safetyStock: Type.Integer(),
  available: Type.Integer({ description: 'on hand − reserved − safety stock, never below 0: what any channel may sell' }),
  lowStockThreshold: Type.Integer(),
  lowStock: Type.Boolean({ description: 'available ≤ lowStockThreshold' }),
  zone: Nullable(Type.String()),
  updatedAt: Nullable(Timestamp),
});
export type StockLevel = Static<typeof StockLevel>;

export const StockLevelPage = Page(StockLevel);
export type StockLevelPage = Static<typeof StockLevelPage>;

export const LevelsQuery = Type.Object(
  {
    locationId: LocationId,
    sku: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'Only skus starting with this' })),
    lowStock: Type.Optional(Type.Boolean({ description: 'Only items at or under their low-stock threshold' })),
    ...CursorQuery,
  },
  { additionalProperties: false },
);
export type LevelsQuery = Static<typeof LevelsQuery>;

export const SetLevelBody = Type.Object(
  {
    onHand: Type.Integer({ minimum: 0, maximum: 100_000_000, description: 'Counted units: the ledger records the difference as a `count` movement' }),
    safetyStock: Type.Optional(Count),
    lowStockThreshold: Type.Optional(Count),
    zone: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 40, description: "One of the location's zone codes" }))),
    note: Type.Optional(Note),
  },
  { additionalProperties: false },
);
export type SetLevelBody = Static<typeof SetLevelBody>;

export const Movement = Type.Object({
  id: Type.String(),
  sku: Type.String(),
  locationId: Type.String(),
  kind: MovementKindSchema,
  delta: Type.Integer({ description: 'Change of on hand' }),
  onHandAfter: Type.Integer(),
  note: Nullable(Type.String()),
  reference: Nullable(Type.String()),
  actor: Nullable(Type.String()),
  createdAt: Timestamp,
});
export type Movement = Static<typeof Movement>;

export const MovementPage = Page(Movement);
export type MovementPage = Static<typeof MovementPage>;
export const MovementsQuery = Type.Object({ ...CursorQuery }, { additionalProperties: false });
export type MovementsQuery = Static<typeof MovementsQuery>;

export const MovementBody = Type.Object(
  {
    sku: Sku,
    locationId: LocationId,
    delta: Type.Integer({ minimum: -1_000_000, maximum: 1_000_000, description: 'Whole units: positive for receipts and returns, negative for sales' }),
    reason: Type.Enum(MOVEMENT_KINDS, {
      description: 'The movement kind. receipt and return add (delta > 0), online_sale removes (delta < 0), adjustment either way. count, transfers and till sales have their own operations.',
    }),
    note: Type.Optional(Note),
    reference: Type.Optional(Reference),
  },
  { additionalProperties: false },
);
export type MovementBody = Static<typeof MovementBody>;

export const MovementResult = Type.Object({ movement: Movement, level: StockLevel });
export type MovementResult = Static<typeof MovementResult>;
export const SetLevelResult = Type.Object({ movement: Nullable(Movement), level: StockLevel });
export type SetLevelResult = Static<typeof SetLevelResult>;

// Holds

const Expiry = {
  ttl: Type.Optional(Duration),
  expiresAt: Type.Optional(Nullable(Timestamp)),
};
const ExpiryDescription = 'Expiry: `ttl` (from now) or `expiresAt` (null: never expires); neither takes the default hold ttl of the settings.';

export const Hold = Type.Object({
  id: Type.String(),
  sku: Type.String(),
  locationId: Type.String(),
  quantity: Type.Integer(),
  ownerType: HoldOwnerTypeSchema,
  ownerId: Nullable(Type.String()),
  status: Type.Enum(HOLD_STATUSES),
  expiresAt: Nullable(Timestamp),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  endReason: Nullable(Type.String()),
});
export type Hold = Static<typeof Hold>;
export const HoldPage = Page(Hold);
export type HoldPage = Static<typeof HoldPage>;

export const CreateHoldBody = Type.Object(
  {
    sku: Sku,
    locationId: LocationId,
    quantity: Quantity,
    ownerType: HoldOwnerTypeSchema,
    ownerId: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'The order, cart or person it is for' })),
    ...Expiry,
  },
  { additionalProperties: false, description: ExpiryDescription },
);
export type CreateHoldBody = Static<typeof CreateHoldBody>;

export const ReserveLine = Type.Object({ sku: Sku, locationId: LocationId, quantity: Quantity }, { additionalProperties: false });
export type ReserveLine = Static<typeof ReserveLine>;

export const ReservationBody = Type.Object(
  {
    lines: Type.Array(ReserveLine, { minItems: 1, maxItems: 200 }),
    ownerType: HoldOwnerTypeSchema,
    ownerId: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    ...Expiry,
  },
  { additionalProperties: false, description: `Every line is held, or none. ${ExpiryDescription}` },
);
export type ReservationBody = Static<typeof ReservationBody>;
export const ReservationResult = Type.Object({ holds: Type.Array(Hold) });
export type ReservationResult = Static<typeof ReservationResult>;

export const ExtendHoldBody = Type.Object({ ...Expiry }, { additionalProperties: false, minProperties: 1, description: 'The new expiry: `ttl` from now, or `expiresAt`' });
export type ExtendHoldBody = Static<typeof ExtendHoldBody>;
export const EndHoldBody = Type.Object(
  { reason: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })), reference: Type.Optional(Reference) },
  { additionalProperties: false },
);
export type EndHoldBody = Static<typeof EndHoldBody>;
export const ConsumeResult = Type.Object({ hold: Hold, movement: Movement, level: StockLevel });
export type ConsumeResult = Static<typeof ConsumeResult>;

export const HoldsQuery = Type.Object(
  {
    locationId: Type.Optional(LocationId),
    sku: Type.Optional(Sku),
    ownerType: Type.Optional(HoldOwnerTypeSchema),
    ownerId: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    status: Type.Optional(Type.Enum(HOLD_STATUSES)),
    ...CursorQuery,
  },
  { additionalProperties: false },
);
export type HoldsQuery = Static<typeof HoldsQuery>;

// Transfers

export const TransferLine = Type.Object({ sku: Sku, quantity: Quantity }, { additionalProperties: false });
export type TransferLine = Static<typeof TransferLine>;

export const Transfer = Type.Object({
  id: Type.String(),
  fromLocationId: Type.String(),
  toLocationId: Type.String(),
  status: Type.Enum(TRANSFER_STATUSES),
  reference: Nullable(Type.String()),
  ownerType: Nullable(HoldOwnerTypeSchema),
  ownerId: Nullable(Type.String()),
  estimatedArrivalAt: Nullable(Timestamp),
  createdAt: Timestamp,
  receivedAt: Nullable(Timestamp),
  lines: Type.Array(Type.Object({ sku: Type.String(), quantity: Type.Integer() })),
});
export type Transfer = Static<typeof Transfer>;
export const TransferPage = Page(Transfer);
export type TransferPage = Static<typeof TransferPage>;

export const CreateTransferBody = Type.Object(
  {
    fromLocationId: LocationId,
    toLocationId: LocationId,
    lines: Type.Array(TransferLine, { minItems: 1, maxItems: 500 }),
    estimatedArrivalAt: Type.Optional(Timestamp),
    reference: Type.Optional(Reference),
    ownerType: Type.Optional(HoldOwnerTypeSchema),
    ownerId: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'With ownerType: the goods are held for this owner when received' })),
  },
  { additionalProperties: false },
);
export type CreateTransferBody = Static<typeof CreateTransferBody>;

export const TransfersQuery = Type.Object(
  {
    locationId: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'Transfers from or to this location' })),
    status: Type.Optional(Type.Enum(TRANSFER_STATUSES)),
    ...CursorQuery,
  },
  { additionalProperties: false },
);
export type TransfersQuery = Static<typeof TransfersQuery>;

export const ReceiveTransferResult = Type.Object({ transfer: Transfer, holds: Type.Array(Hold, { description: 'Holds made for the owner of the goods (ship to store)' }) });
export type ReceiveTransferResult = Static<typeof ReceiveTransferResult>;

// Sourcing

export const SourcingBody = Type.Object(
  {
    storeId: LocationId,
    lines: Type.Array(TransferLine, { minItems: 1, maxItems: 200 }),
    allowSplit: Type.Optional(Type.Boolean({ description: 'Ask for a split across locations; only honoured when the settings allow split shipments' })),
  },
  { additionalProperties: false },
);
export type SourcingBody = Static<typeof SourcingBody>;

export const SourcingLine = Type.Object({ sku: Type.String(), quantity: Type.Integer() });
export const SourcingPlanSchema = Type.Object({
  outcome: Type.Enum(['store', 'ship_to_store', 'split', 'unavailable'], {
    description: 'store: all from the chosen store; ship_to_store: all from the nearest warehouse that has it; split: several locations; unavailable: nowhere allowed has it',
  }),
  storeId: Type.String(),
  sources: Type.Array(
    Type.Object({
      locationId: Type.String(),
      kind: Type.Enum(['store', 'warehouse']),
      action: Type.Enum(['pick_in_store', 'transfer_to_store']),
      distanceKm: Type.Number(),
      estimatedArrivalAt: Nullable(Timestamp),
      lines: Type.Array(SourcingLine),
    }),
  ),
  missing: Type.Array(SourcingLine, { description: 'What no allowed location can supply' }),
  allowSplit: Type.Boolean({ description: 'Whether splitting was allowed for this plan' }),
});
export type SourcingPlanSchema = Static<typeof SourcingPlanSchema>;

// Settings

const LeadTimeRoute = Type.Object(
  { fromLocationId: LocationId, toLocationId: LocationId, leadTime: Duration },
  { additionalProperties: false },
);
export const InventorySettings = Type.Object({
  allowNegativeOnHandForTillSales: Type.Boolean({ description: 'Till sales may drive on hand below 0 (else on hand stops at 0 and the shortfall is reported)' }),
  allowSplitShipments: Type.Boolean({ description: 'Sourcing may split an order across locations' }),
  defaultHoldTtl: Duration,
  transferLeadTime: Type.Object({
    default: Duration,
    routes: Type.Array(LeadTimeRoute, { description: 'Lead times of particular warehouse → store routes' }),
  }),
});
export type InventorySettings = Static<typeof InventorySettings>;

export const UpdateSettingsBody = Type.Object(
  {
    allowNegativeOnHandForTillSales: Type.Optional(Type.Boolean()),
    allowSplitShipments: Type.Optional(Type.Boolean()),
    defaultHoldTtl: Type.Optional(Duration),
    transferLeadTime: Type.Optional(
      Type.Object(
        { default: Type.Optional(Duration), routes: Type.Optional(Type.Array(LeadTimeRoute, { maxItems: 2_000 })) },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false, minProperties: 1, description: 'Fields given replace the stored ones; fields left out keep their value' },
);
export type UpdateSettingsBody = Static<typeof UpdateSettingsBody>;

// Import

export const StockImportQuery = Type.Object(
  { skipErrors: Type.Optional(Type.Boolean({ default: false, description: 'Import the valid rows and report the invalid ones as skipped' })) },
  { additionalProperties: false },
);
export const StockImportError = Type.Object({ line: Type.Integer(), field: Type.String(), message: Type.String() });
export type StockImportError = Static<typeof StockImportError>;
export const StockImportResult = Type.Object({
  imported: Type.Integer({ description: 'Rows written' }),
  changed: Type.Integer({ description: 'Rows whose on hand changed (a `count` movement each)' }),
  skipped: Type.Array(Type.Object({ line: Type.Integer(), sku: Nullable(Type.String()), locationId: Nullable(Type.String()), reason: Type.String() })),
  errors: Type.Array(StockImportError),
});
export type StockImportResult = Static<typeof StockImportResult>;
