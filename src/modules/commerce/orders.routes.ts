import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { IdParams } from '../../platform/http/common.schemas.js';
import { startGroupCommit } from '../../platform/db/group-commit.js';
import { idempotent, IdempotencyHeaders } from '../../platform/http/idempotency.js';
import { ctxOf } from '../../platform/http/request-ctx.js';
import { problemResponses, type RoutesOptions } from '../../platform/http/route-helpers.js';
import { myProfileId } from '../identity/customers.service.js';
import { checkout } from './checkout.service.js';
import { orderExpiryTask } from './orders.background.js';
import { CommerceSettings, readCommerceSettings, updateCommerceSettings, UpdateCommerceSettingsBody } from './commerce-settings.js';
import { loyaltyOf } from './loyalty.service.js';
import { CheckoutBody, Order, OrdersQuery, OrderSummaryPage, PaymentConfirmBody, Return, ReturnBody, TransitionBody } from './orders.schemas.js';
import { confirmPayment, getOrder, listOrders, transitionOrder } from './orders.service.js';
import { createPromotion, getPromotion, issueCodes, listCodes, listPromotions, updatePromotion } from './promotions.service.js';
import { CreatePromotionBody, IssueCodesBody, Promotion, PromotionCode, PromotionCodePage } from './promotions.schemas.js';
import { createReturn, getReturn } from './returns.service.js';

const STAFF = ['admin', 'marketer', 'agent', 'associate'] as const;
const PEOPLE = [...STAFF, 'customer'] as const;
const SELLERS = ['admin', 'agent', 'associate'] as const;

const Loyalty = Type.Object({
  profileId: Type.String(),
  balance: Type.Integer(),
  lifetimePoints: Type.Integer(),
  tier: Type.String(),
  nextTier: Type.Union([Type.Object({ tier: Type.String(), pointsToGo: Type.Integer() }), Type.Null()]),
  rewards: Type.Array(Type.Object({ id: Type.String(), name: Type.String(), points: Type.Integer(), amount: Type.Integer() })),
  entries: Type.Array(Type.Object({ points: Type.Integer(), kind: Type.String(), orderId: Type.Union([Type.String(), Type.Null()]), channel: Type.Union([Type.String(), Type.Null()]), note: Type.Union([Type.String(), Type.Null()]), at: Type.String() })),
});

export const ordersRoutes: FastifyPluginAsyncTypebox<RoutesOptions> = async (app, { deps }) => {
  app.backgroundWork.register(orderExpiryTask(deps));
  // On SQLite, checkouts arriving together share one commit, a savepoint each (platform/db/group-commit.ts),
  // and commits leave checkpoints of the log to the worker checkpointer.
  const commits = startGroupCommit(deps.database);
  app.addHook('onClose', () => commits.stop());

  app.post(
    '/v1/carts/:id/checkout',
    {
      config: { access: PEOPLE },
      schema: {
        tags: ['orders'],
        summary: 'Order the cart: goods reserved where the method takes them from, payment taken; the same Idempotency-Key returns the same order and reserves nothing twice',
        params: IdParams,
        headers: IdempotencyHeaders,
        body: CheckoutBody,
        response: { 201: Order, ...problemResponses(400, 401, 402, 403, 404, 409, 422) },
      },
    },
    async (request, reply) =>
      idempotent(request, reply, deps, async (ctx) => ({ status: 201, body: await checkout(ctx, request.params.id, request.body, { sqlite: deps.database.sqlite }) }), { commits }),
  );

  app.get(
    '/v1/orders/:id',
    { config: { access: PEOPLE }, schema: { tags: ['orders'], summary: 'An order with its lines, payment, transfers and history', params: IdParams, response: { 200: Order, ...problemResponses(401, 403, 404) } } },
    async (request) => getOrder(ctxOf(request, deps), request.params.id),
  );

  app.get(
    '/v1/orders',
    {
      config: { access: STAFF },
      schema: { tags: ['orders'], summary: 'Orders, newest first, by customer, store (associates: their own), status and method', querystring: OrdersQuery, response: { 200: OrderSummaryPage, ...problemResponses(400, 401, 403) } },
    },
    async (request) => listOrders(ctxOf(request, deps), request.query),
  );

  app.get(
    '/v1/me/orders',
    { config: { access: ['customer'] }, schema: { tags: ['me'], summary: 'My orders from every channel, newest first', querystring: OrdersQuery, response: { 200: OrderSummaryPage, ...problemResponses(401, 403) } } },
    async (request) => {
      const ctx = ctxOf(request, deps);
      return listOrders(ctx, { ...request.query, profileId: undefined, storeId: undefined, mine: await myProfileId(ctx) });
    },
  );

  app.post(
    '/v1/orders/:id/transitions',
    {
      config: { access: PEOPLE },
      schema: {
        tags: ['orders'],
        summary: 'Move an order on (ready_for_pickup, collected, shipped, tried, purchased, cancelled…); an impossible transition is a 409',
        params: IdParams,
        body: TransitionBody,
        response: { 200: Order, ...problemResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => transitionOrder(ctxOf(request, deps), request.params.id, request.body),
  );

  app.post(
    '/v1/orders/:id/payment',
    {
      config: { access: PEOPLE },
      schema: {
        tags: ['orders'],
        summary: 'Complete a payment that needed a further step (3-D Secure with the test provider): the order is placed, or cancelled with its stock back',
        params: IdParams,
        body: PaymentConfirmBody,
        response: { 200: Order, ...problemResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => confirmPayment(ctxOf(request, deps), request.params.id, request.body.outcome),
  );

  app.post(
    '/v1/returns',
    {
      config: { access: PEOPLE },
      schema: {
        tags: ['orders'],
        summary: 'Return (or exchange) goods of an order from any channel, in any store: refund, stock back into that store, points taken back',
        headers: IdempotencyHeaders,
        body: ReturnBody,
        response: { 201: Return, ...problemResponses(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request, reply) => idempotent(request, reply, deps, async (ctx) => ({ status: 201, body: await createReturn(ctx, request.body) })),
  );

  app.get(
    '/v1/returns/:id',
    { config: { access: STAFF }, schema: { tags: ['orders'], summary: 'A return', params: IdParams, response: { 200: Return, ...problemResponses(401, 403, 404) } } },
    async (request) => getReturn(ctxOf(request, deps), request.params.id),
  );

  app.get(
    '/v1/profiles/:id/loyalty',
    { config: { access: STAFF }, schema: { tags: ['loyalty'], summary: 'Balance, tier, rewards and latest entries of a customer', params: IdParams, response: { 200: Loyalty, ...problemResponses(401, 403, 404) } } },
    async (request) => loyaltyOf(ctxOf(request, deps).db, request.params.id),
  );

  app.get(
    '/v1/me/loyalty',
    { config: { access: ['customer'] }, schema: { tags: ['me'], summary: 'My points, tier and rewards, from every channel', response: { 200: Loyalty, ...problemResponses(401, 403) } } },
    async (request) => {
      const ctx = ctxOf(request, deps);
      return loyaltyOf(ctx.db, await myProfileId(ctx));
    },
  );

  app.get(
    '/v1/commerce/settings',
    { config: { access: STAFF }, schema: { tags: ['orders'], summary: 'Windows, delivery fee, return rules and loyalty rules', response: { 200: CommerceSettings, ...problemResponses(401, 403) } } },
    async (request) => readCommerceSettings(ctxOf(request, deps).db),
  );

  app.put(
    '/v1/commerce/settings',
    {
      config: { access: ['admin'] },
      schema: { tags: ['orders'], summary: 'Change some settings (the others keep their value)', body: UpdateCommerceSettingsBody, response: { 200: CommerceSettings, ...problemResponses(400, 401, 403) } },
    },
    async (request) => updateCommerceSettings(ctxOf(request, deps), request.body),
  );

  app.post(
    '/v1/promotions',
    {
      config: { access: ['admin', 'marketer'] },
      schema: { tags: ['promotions'], summary: 'A promotion for every channel (percent or amount off, free delivery; conditions; an optional shared code)', body: CreatePromotionBody, response: { 201: Promotion, ...problemResponses(400, 401, 403, 409) } },
    },
    async (request, reply) => reply.code(201).send(await createPromotion(ctxOf(request, deps), request.body)),
  );

  app.get(
    '/v1/promotions',
    { config: { access: STAFF }, schema: { tags: ['promotions'], summary: 'Every promotion, newest first', response: { 200: Type.Object({ items: Type.Array(Promotion) }), ...problemResponses(401, 403) } } },
    async (request) => listPromotions(ctxOf(request, deps)),
  );

  app.get(
    '/v1/promotions/:id',
    { config: { access: STAFF }, schema: { tags: ['promotions'], summary: 'A promotion', params: IdParams, response: { 200: Promotion, ...problemResponses(401, 403, 404) } } },
    async (request) => getPromotion(ctxOf(request, deps), request.params.id),
  );

  app.put(
    '/v1/promotions/:id',
    {
      config: { access: ['admin', 'marketer'] },
      schema: { tags: ['promotions'], summary: 'Replace a promotion’s definition (codes stay)', params: IdParams, body: CreatePromotionBody, response: { 200: Promotion, ...problemResponses(400, 401, 403, 404) } },
    },
    async (request) => updatePromotion(ctxOf(request, deps), request.params.id, request.body),
  );

  app.post(
    '/v1/promotions/:id/codes',
    {
      config: { access: ['admin', 'marketer', ...SELLERS] },
      schema: {
        tags: ['promotions'],
        summary: 'Issue codes: one chosen code, a pool of unique single-use codes, or a personal single-use code for one customer',
        params: IdParams,
        body: IssueCodesBody,
        response: { 201: Type.Object({ items: Type.Array(PromotionCode) }), ...problemResponses(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request, reply) => reply.code(201).send({ items: await issueCodes(ctxOf(request, deps), request.params.id, request.body) }),
  );

  app.get(
    '/v1/promotions/:id/codes',
    {
      config: { access: STAFF },
      schema: {
        tags: ['promotions'],
        summary: 'The codes of a promotion, with who they are for and whether they were used',
        params: IdParams,
        querystring: Type.Object({ cursor: Type.Optional(Type.String({ maxLength: 500 })), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })) }, { additionalProperties: false }),
        response: { 200: PromotionCodePage, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => listCodes(ctxOf(request, deps), request.params.id, request.query),
  );
};
