import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ctxOf } from '../../platform/http/request-ctx.js';
import { problemResponses, type RoutesOptions } from '../../platform/http/route-helpers.js';
import { IdParams } from '../../platform/http/common.schemas.js';
import { startGroupCommit } from '../../platform/db/group-commit.js';
import { IdempotencyHeaders, idempotent } from '../../platform/http/idempotency.js';
import { CreateTransferBody, ReceiveTransferResult, Transfer, TransferPage, TransfersQuery } from './inventory.schemas.js';
import * as transfers from './transfers.service.js';

const STAFF = ['admin', 'marketer', 'agent', 'associate'] as const;
const WRITERS = ['admin', 'associate'] as const;

/** Transfers between locations. Associates ship from and receive at their own store only. */
export const transfersRoutes: FastifyPluginAsyncTypebox<RoutesOptions> = async (app, { deps }) => {
  // Stock writes share commits on SQLite (platform/db/group-commit.ts): one queue per database.
  const commits = startGroupCommit(deps.database);
  app.addHook('onClose', () => commits.stop());

  app.post(
    '/v1/inventory/transfers',
    {
      config: { access: [...WRITERS] },
      schema: {
        tags: ['inventory'],
        summary: 'Ship goods to another location: off on hand at the source now (transfer_out), in transit at the destination until received',
        description:
          'estimatedArrivalAt defaults to now + the lead time of the route (settings). A transfer to the same location is a 400; more than the source can spare (on hand − reserved) a 409. ' +
          'With ownerType/ownerId the goods are held for that owner on receipt (ship to store). With an Idempotency-Key, a retry replays the first answer.',
        headers: IdempotencyHeaders,
        body: CreateTransferBody,
        response: { 201: Transfer, ...problemResponses(400, 403, 409, 422) },
      },
    },
    async (request, reply) => idempotent(request, reply, deps, async (ctx) => ({ status: 201, body: await transfers.createTransfer(ctx, request.body) }), { commits }),
  );

  app.get(
    '/v1/inventory/transfers',
    {
      config: { access: [...STAFF] },
      schema: { tags: ['inventory'], summary: 'Transfers, newest first, from or to a location, by status', querystring: TransfersQuery, response: { 200: TransferPage, ...problemResponses(400) } },
    },
    async (request) => transfers.listTransfers(ctxOf(request, deps), request.query),
  );

  app.get(
    '/v1/inventory/transfers/:id',
    {
      config: { access: [...STAFF] },
      schema: { tags: ['inventory'], summary: 'One transfer with its lines', params: IdParams, response: { 200: Transfer, ...problemResponses(404) } },
    },
    async (request) => transfers.getTransfer(ctxOf(request, deps), request.params.id),
  );

  app.post(
    '/v1/inventory/transfers/:id/receive',
    {
      config: { access: [...WRITERS] },
      schema: {
        tags: ['inventory'],
        summary: 'Receive a transfer at its destination: in transit becomes on hand (transfer_in); receiving twice is a 409',
        headers: IdempotencyHeaders,
        params: IdParams,
        response: { 200: ReceiveTransferResult, ...problemResponses(403, 404, 409) },
      },
    },
    async (request, reply) => idempotent(request, reply, deps, async (ctx) => ({ status: 200, body: await transfers.receiveTransfer(ctx, request.params.id) }), { commits }),
  );

  app.post(
    '/v1/inventory/transfers/:id/cancel',
    {
      config: { access: ['admin'] },
      schema: {
        tags: ['inventory'],
        summary: 'Cancel a transfer in transit: its goods go back on hand at the source',
        headers: IdempotencyHeaders,
        params: IdParams,
        response: { 200: Transfer, ...problemResponses(404, 409) },
      },
    },
    async (request, reply) => idempotent(request, reply, deps, async (ctx) => ({ status: 200, body: await transfers.cancelTransfer(ctx, request.params.id) }), { commits }),
  );
};
