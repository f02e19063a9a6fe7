import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ctxOf } from '../../platform/http/request-ctx.js';
import { problemResponses, type RoutesOptions } from '../../platform/http/route-helpers.js';
import { IdParams } from '../../platform/http/common.schemas.js';
import { startGroupCommit } from '../../platform/db/group-commit.js';
import { IdempotencyHeaders, idempotent } from '../../platform/http/idempotency.js';
import { ConsumeResult, CreateHoldBody, EndHoldBody, ExtendHoldBody, Hold, HoldPage, HoldsQuery, ReservationBody, ReservationResult } from './inventory.schemas.js';
import * as holds from './holds.service.js';

const STAFF = ['admin', 'marketer', 'agent', 'associate'] as const;
const WRITERS = ['admin', 'associate'] as const;
const IDEMPOTENT = 'With an Idempotency-Key, a retry replays the first answer and changes nothing twice.';

/** Holds: reserve, extend, release, consume. Associates act at their own store only. */
export const holdsRoutes: FastifyPluginAsyncTypebox<RoutesOptions> = async (app, { deps }) => {
  // Stock writes share commits on SQLite (platform/db/group-commit.ts): one queue per database.
  const commits = startGroupCommit(deps.database);
  app.addHook('onClose', () => commits.stop());

  app.post(
    '/v1/inventory/holds',
    {
      config: { access: [...WRITERS] },
      schema: {
        tags: ['inventory'],
        summary: 'Hold units of one sku at one location for an owner, until consumed, released or expired',
        description: `409 inventory.insufficient_stock when fewer are available; nothing is held then. ${IDEMPOTENT}`,
        headers: IdempotencyHeaders,
        body: CreateHoldBody,
        response: { 201: Hold, ...problemResponses(400, 403, 409, 422) },
      },
    },
    async (request, reply) => idempotent(request, reply, deps, async (ctx) => ({ status: 201, body: await holds.createHold(ctx, request.body) }), { commits }),
  );

  app.post(
    '/v1/inventory/reservations',
    {
      config: { access: [...WRITERS] },
      schema: {
        tags: ['inventory'],
        summary: 'Hold several lines at once, all or nothing',
        description: `A short line answers 409 inventory.insufficient_stock listing every short line, and nothing is held. ${IDEMPOTENT}`,
        headers: IdempotencyHeaders,
        body: ReservationBody,
        response: { 201: ReservationResult, ...problemResponses(400, 403, 409, 422) },
      },
    },
    async (request, reply) => idempotent(request, reply, deps, async (ctx) => ({ status: 201, body: { holds: await holds.createReservation(ctx, request.body) } }), { commits }),
  );

  app.get(
    '/v1/inventory/holds',
    {
      config: { access: [...STAFF] },
      schema: { tags: ['inventory'], summary: 'Holds, newest first, by location, sku, owner or status', querystring: HoldsQuery, response: { 200: HoldPage, ...problemResponses(400) } },
    },
    async (request) => holds.listHolds(ctxOf(request, deps), request.query),
  );

  app.get(
    '/v1/inventory/holds/:id',
    {
      config: { access: [...STAFF] },
      schema: { tags: ['inventory'], summary: 'One hold', params: IdParams, response: { 200: Hold, ...problemResponses(404) } },
    },
    async (request) => holds.getHold(ctxOf(request, deps), request.params.id),
  );

  app.post(
    '/v1/inventory/holds/:id/extend',
    {
      config: { access: [...WRITERS] },
      schema: {
        tags: ['inventory'],
        summary: 'Move the expiry of an active hold: ttl from now, or expiresAt (null: never)',
        headers: IdempotencyHeaders,
        params: IdParams,
        body: ExtendHoldBody,
        response: { 200: Hold, ...problemResponses(400, 403, 404, 409) },
      },
    },
    async (request, reply) => idempotent(request, reply, deps, async (ctx) => ({ status: 200, body: await holds.extendHold(ctx, request.params.id, request.body) }), { commits }),
  );

  app.post(
    '/v1/inventory/holds/:id/release',
    {
      config: { access: [...WRITERS] },
      schema: {
        tags: ['inventory'],
        summary: 'Release an active hold: its units become available again; a second release is a 409',
        description: IDEMPOTENT,
        headers: IdempotencyHeaders,
        params: IdParams,
        body: EndHoldBody,
        response: { 200: Hold, ...problemResponses(400, 403, 404, 409) },
      },
    },
    async (request, reply) => idempotent(request, reply, deps, async (ctx) => ({ status: 200, body: await holds.releaseHold(ctx, request.params.id, request.body) }), { commits }),
  );

  app.post(
    '/v1/inventory/holds/:id/consume',
    {
      config: { access: [...WRITERS] },
      schema: {
        tags: ['inventory'],
        summary: 'Turn an active hold into a sale: on hand and reserved both go down; the ledger records an online_sale',
        description: IDEMPOTENT,
        headers: IdempotencyHeaders,
        params: IdParams,
        body: EndHoldBody,
        response: { 200: ConsumeResult, ...problemResponses(400, 403, 404, 409) },
      },
    },
    async (request, reply) => idempotent(request, reply, deps, async (ctx) => ({ status: 200, body: await holds.consumeHold(ctx, request.params.id, request.body) }), { commits }),
  );
};
