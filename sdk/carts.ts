import type { Transport } from './http.js';
import { seg } from './http.js';
import type { AddCartItemBody, Cart, CreateCartBody, Wishlist } from '../src/modules/commerce/carts.schemas.js';

type Channel = CreateCartBody['channel'];

export function cartsApi(call: Transport) {
  return {
    /** Carts belong to the person, not the device. */
    carts: {
      /**
       * Starts a cart, or returns the person's active one.
       * @example const cart = await shop.carts.create({ anonymousId: 'anon-42', channel: 'web' })
       */
      create: (body: CreateCartBody) => call<Cart>('POST', '/v1/carts', { body }),
      get: (id: string) => call<Cart>('GET', `/v1/carts/${seg(id)}`),
      /** @example await shop.carts.addItem(cart.id, { sku: 'SN-ROB001-BOR-36', quantity: 1 }) */
      addItem: (id: string, body: AddCartItemBody) => call<Cart>('POST', `/v1/carts/${seg(id)}/items`, { body }),
      setQuantity: (id: string, sku: string, quantity: number, channel?: Channel) =>
        call<Cart>('PUT', `/v1/carts/${seg(id)}/items/${seg(sku)}`, { body: channel ? { quantity, channel } : { quantity } }),
      removeItem: (id: string, sku: string) => call<Cart>('DELETE', `/v1/carts/${seg(id)}/items/${seg(sku)}`),
      /** Prices the cart with a code; `promoCodeRefused` says why it does not apply now. */
      setPromoCode: (id: string, code: string) => call<Cart>('PUT', `/v1/carts/${seg(id)}/promo-code`, { body: { code } }),
      clearPromoCode: (id: string) => call<Cart>('DELETE', `/v1/carts/${seg(id)}/promo-code`),
      /** Staff: a customer's active cart, whichever channel started it. */
      ofProfile: (profileId: string, query: { anonymousId?: string } = {}) => call<Cart>('GET', `/v1/profiles/${seg(profileId)}/cart`, { query }),
      /** A signed-in customer's own active cart; `anonymousId` folds in this device's earlier cart. */
      mine: (query: { anonymousId?: string } = {}) => call<Cart>('GET', '/v1/me/cart', { query }),
    },
    wishlists: {
      get: (profileId: string) => call<Wishlist>('GET', `/v1/profiles/${seg(profileId)}/wishlist`),
      add: (profileId: string, sku: string, channel?: Channel) =>
        call<Wishlist>('POST', `/v1/profiles/${seg(profileId)}/wishlist`, { body: channel ? { sku, channel } : { sku } }),
      remove: (profileId: string, sku: string) => call<Wishlist>('DELETE', `/v1/profiles/${seg(profileId)}/wishlist`, { query: { sku } }),
      mine: () => call<Wishlist>('GET', '/v1/me/wishlist'),
      addMine: (sku: string, channel?: Channel) => call<Wishlist>('POST', '/v1/me/wishlist', { body: channel ? { sku, channel } : { sku } }),
      removeMine: (sku: string) => call<Wishlist>('DELETE', '/v1/me/wishlist', { query: { sku } }),
    },
  };
}
