import { Type, type Static } from 'typebox';
import { Timestamp } from '../../platform/http/common.schemas.js';
import { CHANNELS } from '../identity/channels.js';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);
const Ids = Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { maxItems: 500 });
const METHODS = ['home_delivery', 'click_and_collect', 'ship_to_store', 'reserve_and_try'] as const;

const Target = Type.Object(
  { productIds: Type.Optional(Ids), categoryIds: Type.Optional(Ids), skus: Type.Optional(Ids) },
  { additionalProperties: false, description: 'Lines matching any list; none: the whole basket' },
);
const Conditions = Type.Object(
  {
    minSubtotal: Type.Optional(Type.Integer({ minimum: 0, description: 'Goods subtotal before discounts, minor units' })),
    channels: Type.Optional(Type.Array(Type.Enum([...CHANNELS]))),
    startsAt: Type.Optional(Type.String({ format: 'date-time' })),
    endsAt: Type.Optional(Type.String({ format: 'date-time' })),
    fulfilment: Type.Optional(Type.Array(Type.Enum([...METHODS]))),
  },
  { additionalProperties: false },
);

export const CreatePromotionBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    kind: Type.Enum(['percent_off', 'amount_off', 'free_delivery']),
    value: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000_000, description: 'Percent (1–100) or minor units; none for free delivery' })),
    target: Type.Optional(Target),
    conditions: Type.Optional(Conditions),
    requiresCode: Type.Optional(Type.Boolean({ description: 'Only with a code (default: applies by itself)' })),
    code: Type.Optional(Type.String({ minLength: 3, maxLength: 40, pattern: '^[A-Za-z0-9_-]+$', description: 'A shared code anyone may type' })),
    stackable: Type.Optional(Type.Boolean()),
    priority: Type.Optional(Type.Integer({ minimum: -1000, maximum: 1000 })),
    active: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type CreatePromotionBody = Static<typeof CreatePromotionBody>;

export const Promotion = Type.Object({
  id: Type.String(),
  name: Type.String(),
  kind: Type.Enum(['percent_off', 'amount_off', 'free_delivery']),
  value: Type.Integer(),
  target: Target,
  conditions: Conditions,
  requiresCode: Type.Boolean(),
  stackable: Type.Boolean(),
  priority: Type.Integer(),
  active: Type.Boolean(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type Promotion = Static<typeof Promotion>;

export const IssueCodesBody = Type.Object(
  {
    code: Type.Optional(Type.String({ minLength: 3, maxLength: 40, pattern: '^[A-Za-z0-9_-]+$' })),
    count: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000, description: 'A pool of random single-use codes' })),
    prefix: Type.Optional(Type.String({ maxLength: 12, pattern: '^[A-Za-z0-9]*$' })),
    profileId: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'A personal single-use code for this person' })),
    singleUse: Type.Optional(Type.Boolean()),
    expiresAt: Type.Optional(Type.String({ format: 'date-time' })),
    productId: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'The code is good for this product only' })),
  },
  { additionalProperties: false },
);
export type IssueCodesBody = Static<typeof IssueCodesBody>;

export const PromotionCode = Type.Object({
  code: Type.String(),
  promotionId: Type.String(),
  profileId: Nullable(Type.String()),
  singleUse: Type.Boolean(),
  redeemed: Type.Boolean(),
  redeemedOrderId: Nullable(Type.String()),
  expiresAt: Nullable(Type.String()),
  productId: Nullable(Type.String()),
  createdAt: Timestamp,
});
export type PromotionCode = Static<typeof PromotionCode>;

export const PromotionCodePage = Type.Object({ items: Type.Array(PromotionCode), nextCursor: Nullable(Type.String()) });
export type PromotionCodePage = Static<typeof PromotionCodePage>;
