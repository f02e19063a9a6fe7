import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ctxOf } from '../../platform/http/request-ctx.js';
import { problemResponses, type RoutesOptions } from '../../platform/http/route-helpers.js';
import { IdParams } from '../../platform/http/common.schemas.js';
import { AppError } from '../../platform/errors.js';
import { myProfileId } from '../identity/customers.service.js';
import {
  AddCartItemBody,
  Cart,
  CartItemParams,
  CreateCartBody,
  ProfileCartQuery,
  SetCartItemBody,
  Wishlist,
  WishlistItemBody,
  WishlistSkuQuery,
  PromoCodeBody,
} from './carts.schemas.js';
import * as carts from './carts.service.js';
import * as wishlists from './wishlists.service.js';

const STAFF = ['admin', 'marketer', 'agent', 'associate'] as const;
const PEOPLE = [...STAFF, 'customer'] as const;

export const cartsRoutes: FastifyPluginAsyncTypebox<RoutesOptions> = async (app, { deps }) => {
  app.post(
    '/v1/carts',
    {
      // Storefronts start carts before anyone signs in: the cart id, unguessable, is the key.
      config: { access: 'public' },
      schema: {
        tags: ['carts'],
        summary: "Start a cart (201), or get the person's active cart when they already have one (200): one cart per person, whatever the device",
        body: CreateCartBody,
        response: { 200: Cart, 201: Cart, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const { cart, created } = await carts.createCart(ctxOf(request, deps), request.body);
      return reply.code(created ? 201 : 200).send(cart);
    },
  );

  app.put(
    '/v1/carts/:id/promo-code',
    {
      config: { access: 'public' },
      schema: {
        tags: ['carts'],
        summary: 'Price the cart with a promo code (an email code, a personal offer); the answer says if it does not apply now and why',
        params: IdParams,
        body: PromoCodeBody,
        response: { 200: Cart, ...problemResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => carts.setPromoCode(ctxOf(request, deps), request.params.id, request.body.code),
  );

  app.delete(
    '/v1/carts/:id/promo-code',
    { config: { access: 'public' }, schema: { tags: ['carts'], summary: 'Remove the cart’s promo code', params: IdParams, response: { 200: Cart, ...problemResponses(401, 403, 404, 409) } } },
    async (request) => carts.setPromoCode(ctxOf(request, deps), request.params.id, null),
  );

  app.get(
    '/v1/carts/:id',
    {
      config: { access: 'public' },
      schema: {
        tags: ['carts'],
        summary: 'A cart with prices recomputed now; a cart folded into another answers with that one',
        params: IdParams,
        response: { 200: Cart, ...problemResponses(401, 403, 404) },
      },
    },
    async (request) => carts.getCart(ctxOf(request, deps), request.params.id),
  );

  app.post(
    '/v1/carts/:id/items',
    {
      config: { access: 'public' },
      schema: {
        tags: ['carts'],
        summary: 'Add a quantity of a sku (added to what is already there)',
        params: IdParams,
        body: AddCartItemBody,
        response: { 200: Cart, ...problemResponses(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request) => carts.addItem(ctxOf(request, deps), request.params.id, request.body),
  );

  app.put(
    '/v1/carts/:id/items/:sku',
    {
      config: { access: 'public' },
      schema: {
        tags: ['carts'],
        summary: "Set a line's quantity (0 removes it)",
        params: CartItemParams,
        body: SetCartItemBody,
        response: { 200: Cart, ...problemResponses(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request) => carts.setItemQuantity(ctxOf(request, deps), request.params.id, request.params.sku, request.body.quantity, request.body.channel),
  );

  app.delete(
    '/v1/carts/:id/items/:sku',
    {
      config: { access: 'public' },
      schema: { tags: ['carts'], summary: 'Remove a line', params: CartItemParams, response: { 200: Cart, ...problemResponses(401, 403, 404, 409) } },
    },
    async (request) => carts.removeItem(ctxOf(request, deps), request.params.id, request.params.sku),
  );

  const activeCart = async (ctx: ReturnType<typeof ctxOf>, profileId: string, anonymousId?: string) => {
    const cart = await carts.activeCartOf(ctx, profileId, { anonymousId });
    if (!cart) throw new AppError('commerce.no_active_cart', `Profile ${profileId} has no active cart`);
    return cart;
  };

  app.get(
    '/v1/profiles/:id/cart',
    {
      config: { access: STAFF },
      schema: {
        tags: ['carts'],
        summary: "That customer's active cart, whichever channel started it (carts of other devices are folded in)",
        params: IdParams,
        querystring: ProfileCartQuery,
        response: { 200: Cart, ...problemResponses(404) },
      },
    },
    async (request) => activeCart(ctxOf(request, deps), request.params.id, request.query.anonymousId),
  );

  app.get(
    '/v1/me/cart',
    {
      config: { access: ['customer'] },
      schema: {
        tags: ['me'],
        summary: 'My active cart, whichever device started it; `anonymousId` folds in the cart this device started before I signed in',
        querystring: ProfileCartQuery,
        response: { 200: Cart, ...problemResponses(404) },
      },
    },
    async (request) => {
      const ctx = ctxOf(request, deps);
      return activeCart(ctx, await myProfileId(ctx), request.query.anonymousId);
    },
  );

  app.get(
    '/v1/profiles/:id/wishlist',
    {
      config: { access: PEOPLE },
      schema: { tags: ['wishlists'], summary: "A customer's wishlist, from every channel", params: IdParams, response: { 200: Wishlist, ...problemResponses(403, 404) } },
    },
    async (request) => wishlists.getWishlist(ctxOf(request, deps), request.params.id),
  );

  app.post(
    '/v1/profiles/:id/wishlist',
    {
      config: { access: PEOPLE },
      schema: {
        tags: ['wishlists'],
        summary: 'Save a sku to the wishlist (201; 200 when it was already there)',
        params: IdParams,
        body: WishlistItemBody,
        response: { 200: Wishlist, 201: Wishlist, ...problemResponses(400, 403, 404) },
      },
    },
    async (request, reply) => {
      const { wishlist, added } = await wishlists.addToWishlist(ctxOf(request, deps), request.params.id, request.body.sku, request.body.channel);
      return reply.code(added ? 201 : 200).send(wishlist);
    },
  );

  app.delete(
    '/v1/profiles/:id/wishlist',
    {
      config: { access: PEOPLE },
      schema: {
        tags: ['wishlists'],
        summary: 'Remove a sku from the wishlist',
        params: IdParams,
        querystring: WishlistSkuQuery,
        response: { 200: Wishlist, ...problemResponses(400, 403, 404) },
      },
    },
    async (request) => wishlists.removeFromWishlist(ctxOf(request, deps), request.params.id, request.query.sku),
  );

  app.get(
    '/v1/me/wishlist',
    { config: { access: ['customer'] }, schema: { tags: ['me'], summary: 'My wishlist', response: { 200: Wishlist } } },
    async (request) => {
      const ctx = ctxOf(request, deps);
      return wishlists.getWishlist(ctx, await myProfileId(ctx));
    },
  );

  app.post(
    '/v1/me/wishlist',
    {
      config: { access: ['customer'] },
      schema: { tags: ['me'], summary: 'Save a sku to my wishlist', body: WishlistItemBody, response: { 200: Wishlist, 201: Wishlist, ...problemResponses(400, 404) } },
    },
    async (request, reply) => {
      const ctx = ctxOf(request, deps);
      const { wishlist, added } = await wishlists.addToWishlist(ctx, await myProfileId(ctx), request.body.sku, request.body.channel);
      return reply.code(added ? 201 : 200).send(wishlist);
    },
  );

  app.delete(
    '/v1/me/wishlist',
    {
      config: { access: ['customer'] },
      schema: { tags: ['me'], summary: 'Remove a sku from my wishlist', querystring: WishlistSkuQuery, response: { 200: Wishlist, ...problemResponses(400, 404) } },
    },
    async (request) => {
      const ctx = ctxOf(request, deps);
      return wishlists.removeFromWishlist(ctx, await myProfileId(ctx), request.query.sku);
    },
  );
};
