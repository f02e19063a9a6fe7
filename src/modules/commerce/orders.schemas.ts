import { Type, type Static } from 'typebox';
import { Timestamp } from '../../platform/http/common.schemas.js';
import { CHANNELS } from '../identity/channels.js';
import { ORDER_STATUSES } from './order-machine.js';

const Sku = Type.String({ minLength: 1, maxLength: 100 });
const Id = Type.String({ minLength: 1, maxLength: 100 });
const Money = Type.Object({ amount: Type.Integer(), currency: Type.String() });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);

export const Address = Type.Object(
  {
    kind: Type.Optional(Type.Enum(['home', 'office'], { description: 'Home or office delivery' })),
    name: Type.String({ minLength: 1, maxLength: 200 }),
    company: Type.Optional(Type.String({ maxLength: 200 })),
    line1: Type.String({ minLength: 1, maxLength: 200 }),
    line2: Type.Optional(Type.String({ maxLength: 200 })),
    postalCode: Type.String({ minLength: 1, maxLength: 20 }),
    city: Type.String({ minLength: 1, maxLength: 100 }),
    country: Type.String({ pattern: '^[A-Z]{2}$', description: 'ISO 3166-1 alpha-2' }),
    phone: Type.Optional(Type.String({ maxLength: 40 })),
  },
  { additionalProperties: false },
);
export type Address = Static<typeof Address>;

export const CheckoutBody = Type.Object(
  {
    fulfillment: Type.Object(
      {
        method: Type.Enum(['home_delivery', 'click_and_collect', 'ship_to_store', 'reserve_and_try']),
        storeId: Type.Optional(Id),
        address: Type.Optional(Address),
      },
      { additionalProperties: false },
    ),
    payment: Type.Optional(
      Type.Object(
        {
          method: Type.Enum(['online', 'at_pickup']),
          card: Type.Optional(Type.String({ minLength: 1, maxLength: 40, description: 'For the built-in test provider: a test card number or token (default tok_visa)' })),
        },
        { additionalProperties: false },
      ),
    ),
    promoCode: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    reward: Type.Optional(Type.String({ minLength: 1, maxLength: 40, description: 'A loyalty reward to spend on this order (its points are taken, its amount comes off)' })),
    channel: Type.Optional(Type.Enum([...CHANNELS], { description: 'Where the order is placed (default: the caller’s, else the cart’s)' })),
  },
  { additionalProperties: false },
);
export type CheckoutBody = Static<typeof CheckoutBody>;

export const OrderLine = Type.Object({
  lineNo: Type.Integer(),
  sku: Type.String(),
  productId: Nullable(Type.String()),
  name: Type.String(),
  size: Nullable(Type.String()),
  color: Nullable(Type.String()),
  quantity: Type.Integer(),
  keptQuantity: Type.Integer({ description: 'Units the customer kept (all, unless a reserve-and-try purchase kept fewer)' }),
  returnedQuantity: Type.Integer(),
  unitPrice: Money,
  discount: Money,
  total: Money,
  locationId: Nullable(Type.String({ description: 'Where the goods come from' })),
});

export const Order = Type.Object({
  id: Type.String(),
  status: Type.Enum([...ORDER_STATUSES]),
  method: Type.Enum(['home_delivery', 'click_and_collect', 'ship_to_store', 'reserve_and_try', 'in_store']),
  channel: Type.String(),
  profileId: Nullable(Type.String()),
  cartId: Nullable(Type.String()),
  storeId: Nullable(Type.String()),
  address: Nullable(Address),
  payment: Type.Object({
    method: Type.String(),
    status: Type.String(),
    paid: Money,
    refunded: Money,
    nextAction: Type.Optional(Type.Object({ type: Type.String(), hint: Type.String() })),
  }),
  subtotal: Money,
  discount: Money,
  deliveryFee: Money,
  total: Money,
  promoCode: Nullable(Type.String()),
  promotions: Type.Array(Type.Object({ promotionId: Type.String(), name: Type.String(), amount: Type.Integer(), code: Type.Optional(Type.String()) })),
  pointsEarned: Type.Integer(),
  expiresAt: Nullable(Timestamp),
  lines: Type.Array(OrderLine),
  transfers: Type.Array(Type.Object({ id: Type.String(), fromLocationId: Type.String(), status: Type.String(), estimatedArrivalAt: Nullable(Type.String()) })),
  transitions: Type.Array(Type.Object({ from: Nullable(Type.String()), to: Type.String(), actor: Nullable(Type.String()), reason: Nullable(Type.String()), at: Timestamp })),
  allowedTransitions: Type.Array(Type.String(), { description: 'Where the caller may move it now' }),
  placedAt: Timestamp,
  updatedAt: Timestamp,
});
export type Order = Static<typeof Order>;

export const OrderSummaryPage = Type.Object({ items: Type.Array(Order), nextCursor: Nullable(Type.String()) });
export type OrderSummaryPage = Static<typeof OrderSummaryPage>;

export const OrdersQuery = Type.Object(
  {
    profileId: Type.Optional(Id),
    storeId: Type.Optional(Id),
    status: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'One status or several, comma-separated' })),
    method: Type.Optional(Type.Enum(['home_delivery', 'click_and_collect', 'ship_to_store', 'reserve_and_try', 'in_store'])),
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
  },
  { additionalProperties: false },
);
export type OrdersQuery = Static<typeof OrdersQuery>;

export const TransitionBody = Type.Object(
  {
    to: Type.Enum([...ORDER_STATUSES]),
    reason: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
    lines: Type.Optional(
      Type.Array(Type.Object({ sku: Sku, quantity: Type.Integer({ minimum: 1, maximum: 1000 }) }, { additionalProperties: false }), {
        minItems: 1,
        maxItems: 100,
        description: 'For a reserve-and-try `purchased`: what the customer keeps (the rest goes back to stock); default everything',
      }),
    ),
  },
  { additionalProperties: false },
);
export type TransitionBody = Static<typeof TransitionBody>;

export const PaymentConfirmBody = Type.Object({ outcome: Type.Enum(['succeeded', 'failed']) }, { additionalProperties: false });
export type PaymentConfirmBody = Static<typeof PaymentConfirmBody>;

export const ReturnBody = Type.Object(
  {
    orderId: Id,
    lines: Type.Array(
      Type.Object(
        {
          sku: Sku,
          quantity: Type.Integer({ minimum: 1, maximum: 1000 }),
          reason: Type.Optional(Type.String({ minLength: 1, maxLength: 60, description: 'A reason code of the settings (default other)' })),
          exchangeForSku: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'Exchange: the same product in another size or colour, from the returning store’s stock' })),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 100 },
    ),
    storeId: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'The store taking the goods back (their stock goes there); staff of a store default to it' })),
    refundDelivery: Type.Optional(Type.Boolean({ description: 'Also refund the delivery fee (a full return of a faulty order, say)' })),
  },
  { additionalProperties: false },
);
export type ReturnBody = Static<typeof ReturnBody>;

export const Return = Type.Object({
  id: Type.String(),
  orderId: Type.String(),
  storeId: Nullable(Type.String()),
  channel: Type.String(),
  refund: Money,
  lines: Type.Array(Type.Object({ sku: Type.String(), quantity: Type.Integer(), reason: Type.String(), refund: Money })),
  exchangeOrderId: Nullable(Type.String()),
  createdAt: Timestamp,
});
export type Return = Static<typeof Return>;
