import { Type, type Static } from 'typebox';
import { Timestamp } from '../../platform/http/common.schemas.js';
import { CHANNELS } from '../identity/channels.js';

const ChannelSchema = Type.Enum([...CHANNELS]);
const Sku = Type.String({ minLength: 1, maxLength: 100 });
export const MAX_LINE_QUANTITY = 20;

const MoneyOut = Type.Object({ amount: Type.Integer(), currency: Type.String() });

export const CreateCartBody = Type.Object(
  {
    profileId: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: "Whose cart: a customer may only name themselves; staff anyone" })),
    anonymousId: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: "The device's anonymous id (as sent to tracking)" })),
    channel: ChannelSchema,
  },
  { additionalProperties: false },
);
export type CreateCartBody = Static<typeof CreateCartBody>;

export const AddCartItemBody = Type.Object(
  {
    sku: Sku,
    quantity: Type.Integer({ minimum: 1, maximum: MAX_LINE_QUANTITY }),
    channel: Type.Optional(ChannelSchema),
  },
  { additionalProperties: false },
);
export type AddCartItemBody = Static<typeof AddCartItemBody>;

export const SetCartItemBody = Type.Object(
  { quantity: Type.Integer({ minimum: 0, maximum: MAX_LINE_QUANTITY, description: '0 removes the line' }), channel: Type.Optional(ChannelSchema) },
  { additionalProperties: false },
);
export type SetCartItemBody = Static<typeof SetCartItemBody>;

export const CartItemParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }), sku: Sku });

export const CartLine = Type.Object({
  sku: Type.String(),
  productId: Type.String(),
  name: Type.String(),
  size: Type.Union([Type.String(), Type.Null()]),
  color: Type.Union([Type.String(), Type.Null()]),
  image: Type.Union([Type.String(), Type.Null()]),
  quantity: Type.Integer(),
  unitPrice: MoneyOut,
  lineTotal: MoneyOut,
  discount: Type.Object({ amount: Type.Integer(), currency: Type.String() }, { description: 'What promotions take off this line now' }),
  availableOnline: Type.Integer({ description: 'Units available in the warehouses now' }),
  addedChannel: Type.String(),
  addedBy: Type.Union([Type.String(), Type.Null()]),
  addedAt: Timestamp,
});
export type CartLine = Static<typeof CartLine>;

export const Cart = Type.Object({
  id: Type.String(),
  status: Type.Enum(['active', 'merged', 'ordered', 'abandoned']),
  channel: Type.String({ description: 'Where it was started' }),
  profileId: Type.Union([Type.String(), Type.Null()], { description: 'Whose it is now (merges followed); null while nobody is known' }),
  anonymousId: Type.Union([Type.String(), Type.Null()]),
  mergedFrom: Type.Array(Type.String(), { description: 'Carts folded into this one (another device, before sign-in)' }),
  items: Type.Array(CartLine),
  itemCount: Type.Integer(),
  subtotal: MoneyOut,
  discount: MoneyOut,
  total: Type.Object({ amount: Type.Integer(), currency: Type.String() }, { description: 'Subtotal minus promotions, before delivery (priced again at checkout for the chosen method)' }),
  promotions: Type.Array(Type.Object({ promotionId: Type.String(), name: Type.String(), amount: Type.Integer(), code: Type.Optional(Type.String()) })),
  promoCode: Type.Union([Type.String(), Type.Null()]),
  promoCodeRefused: Type.Union([Type.String(), Type.Null()], { description: 'Why the cart’s code does not apply now (unknown, expired, min_subtotal…)' }),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type Cart = Static<typeof Cart>;

export const ProfileCartQuery = Type.Object(
  { anonymousId: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'Also fold in the cart of this device' })) },
  { additionalProperties: false },
);

export const WishlistItemBody = Type.Object({ sku: Sku, channel: Type.Optional(ChannelSchema) }, { additionalProperties: false });
export type WishlistItemBody = Static<typeof WishlistItemBody>;

export const WishlistItem = Type.Object({
  sku: Type.String(),
  productId: Type.String(),
  name: Type.String(),
  size: Type.Union([Type.String(), Type.Null()]),
  color: Type.Union([Type.String(), Type.Null()]),
  image: Type.Union([Type.String(), Type.Null()]),
  price: MoneyOut,
  addedChannel: Type.String(),
  addedBy: Type.Union([Type.String(), Type.Null()]),
  addedAt: Timestamp,
});
export const Wishlist = Type.Object({ profileId: Type.String(), items: Type.Array(WishlistItem) });
export type Wishlist = Static<typeof Wishlist>;
export const WishlistSkuQuery = Type.Object({ sku: Sku }, { additionalProperties: false });
export const ProfileWishlistParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }) });

export const PromoCodeBody = Type.Object({ code: Type.String({ minLength: 1, maxLength: 64 }) }, { additionalProperties: false });
export type PromoCodeBody = Static<typeof PromoCodeBody>;
