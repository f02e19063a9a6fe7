import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { AppError } from '../../platform/errors.js';
import { ctxOf } from '../../platform/http/request-ctx.js';
import { problemResponses, type RoutesOptions } from '../../platform/http/route-helpers.js';
import { startGroupCommit } from '../../platform/db/group-commit.js';
import { IdempotencyHeaders, idempotent } from '../../platform/http/idempotency.js';
import {
  InventorySettings,
  ItemParams,
  LevelsQuery,
  MovementBody,
  MovementPage,
  MovementResult,
  MovementsQuery,
  SetLevelBody,
  SetLevelResult,
  SourcingBody,
  SourcingPlanSchema,
  StockImportQuery,
  StockImportResult,
  StockLevel,
  StockLevelPage,
  UpdateSettingsBody,
} from './inventory.schemas.js';
import * as stock from './stock.service.js';
import * as settings from './inventory-settings.js';
import { importStock } from './inventory-import.js';
import { planSourcingFor } from './sourcing.service.js';
import { holdsRoutes } from './holds.routes.js';
import { transfersRoutes } from './transfers.routes.js';
import { holdExpiryTask } from './hold-expiry.js';

/** Reads: every staff role. Changes: admins anywhere, associates at their own store (checked per location). */
export const STAFF = ['admin', 'marketer', 'agent', 'associate'] as const;
export const STOCK_WRITERS = ['admin', 'associate'] as const;
const ADMIN = ['admin'] as const;
const IMPORT_BODY_LIMIT = 50 * 1024 * 1024;

/** Stock levels, the movement ledger, holds, transfers, sourcing, imports and settings. */
export const inventoryRoutes: FastifyPluginAsyncTypebox<RoutesOptions> = async (app, { deps }) => {
  // Stock writes share commits on SQLite (platform/db/group-commit.ts): one queue per database.
  const commits = startGroupCommit(deps.database);
  app.addHook('onClose', () => commits.stop());

  // Expired holds are released by durable background work in every process that runs the app.
  app.backgroundWork.register(holdExpiryTask(deps));
  // Scoped to this plugin, like the catalog's: only the import takes CSV.
  app.addContentTypeParser('text/csv', { parseAs: 'string' }, (_request, body, done) => done(null, body));

  app.get(
    '/v1/inventory/settings',
    {
      config: { access: [...ADMIN] },
      schema: { tags: ['inventory'], summary: 'Inventory settings: till sales below zero, split shipments, default hold ttl, transfer lead times', response: { 200: InventorySettings } },
    },
    async (request) => settings.getSettings(ctxOf(request, deps)),
  );

  app.put(
    '/v1/inventory/settings',
    {
      config: { access: [...ADMIN] },
      schema: {
        tags: ['inventory'],
        summary: 'Change inventory settings; fields left out keep their value',
        body: UpdateSettingsBody,
        response: { 200: InventorySettings, ...problemResponses(400, 422) },
      },
    },
    async (request) => settings.updateSettings(ctxOf(request, deps), request.body),
  );

  app.get(
    '/v1/inventory',
    {
      config: { access: [...STAFF] },
      schema: {
        tags: ['inventory'],
        summary: 'Stock levels at one location, by sku',
        querystring: LevelsQuery,
        response: { 200: StockLevelPage, ...problemResponses(400, 404) },
      },
    },
    async (request) => stock.listLevelsAt(ctxOf(request, deps), request.query),
  );

  app.get(
    '/v1/inventory/:sku/:locationId',
    {
      config: { access: [...STAFF] },
      schema: {
        tags: ['inventory'],
        summary: 'Stock of one sku at one location: on hand, reserved, in transit, safety stock, available',
        params: ItemParams,
        response: { 200: StockLevel, ...problemResponses(400, 404) },
      },
    },
    async (request) => stock.getLevel(ctxOf(request, deps), request.params.sku, request.params.locationId),
  );

  app.put(
    '/v1/inventory/:sku/:locationId',
    {
      config: { access: [...STOCK_WRITERS] },
      schema: {
        tags: ['inventory'],
        summary: 'Count: set on hand (the difference goes to the ledger as a `count`), and optionally safety stock, low-stock threshold, zone',
        description: 'A count below the units reserved there is refused (409 inventory.below_reserved). Associates count at their own store only.',
        params: ItemParams,
        body: SetLevelBody,
        response: { 200: SetLevelResult, ...problemResponses(400, 403, 404, 409, 422) },
      },
    },
    async (request) => stock.setLevel(ctxOf(request, deps), request.params.sku, request.params.locationId, request.body),
  );

  app.get(
    '/v1/inventory/:sku/:locationId/movements',
    {
      config: { access: [...STAFF] },
      schema: {
        tags: ['inventory'],
        summary: 'The movement ledger of one sku at one location, newest first; it sums to on hand',
        params: ItemParams,
        querystring: MovementsQuery,
        response: { 200: MovementPage, ...problemResponses(400, 404) },
      },
    },
    async (request) => stock.listItemMovements(ctxOf(request, deps), request.params.sku, request.params.locationId, request.query),
  );

  app.post(
    '/v1/inventory/movements',
    {
      config: { access: [...STOCK_WRITERS] },
      schema: {
        tags: ['inventory'],
        summary: 'Record a movement of on hand: receipt or return (delta > 0), online_sale (delta < 0), adjustment',
        description: 'With an Idempotency-Key, a retry replays the first answer and moves nothing twice.',
        headers: IdempotencyHeaders,
        body: MovementBody,
        response: { 201: MovementResult, ...problemResponses(400, 403, 409, 422) },
      },
    },
    async (request, reply) => idempotent(request, reply, deps, async (ctx) => ({ status: 201, body: await stock.recordMovement(ctx, request.body) }), { commits }),
  );

  app.post(
    '/v1/inventory/sourcing',
    {
      config: { access: [...STAFF] },
      schema: {
        tags: ['inventory'],
        summary: 'Dry run: where the goods of an order collected at a store would come from (the store, the nearest warehouse, or a split)',
        body: SourcingBody,
        response: { 200: SourcingPlanSchema, ...problemResponses(400, 422) },
      },
    },
    async (request) => planSourcingFor(ctxOf(request, deps), request.body),
  );

  app.post(
    '/v1/inventory/import',
    {
      config: { access: [...ADMIN] },
      bodyLimit: IMPORT_BODY_LIMIT,
      // Refuse a caller without credentials before reading up to 50 MB of body; the auth hook,
      // which runs after body parsing, still decides for everyone else.
      onRequest: async (request) => {
        if (!request.headers.authorization) throw new AppError('platform.unauthenticated', 'Authentication required: send an admin bearer token');
      },
      preValidation: async (request) => {
        if (request.body !== undefined && !/^text\/csv\b/i.test(request.headers['content-type'] ?? '')) {
          throw new AppError('platform.unsupported_media_type', 'Send the file as the body with Content-Type: text/csv');
        }
      },
      schema: {
        tags: ['inventory'],
        summary: 'Import stock counts from CSV; a file with errors imports nothing unless skipErrors=true',
        description:
          'Columns: sku,locationId,onHand and optionally safetyStock,zone,lowStockThreshold (names match without case or "_"). ' +
          'Each row sets on hand like a count (the difference goes to the ledger). Up to 50 MB.',
        consumes: ['text/csv'],
        querystring: StockImportQuery,
        body: Type.String({ description: 'The CSV file, header row first' }),
        response: { 200: StockImportResult, ...problemResponses(400, 413, 415, 422) },
      },
    },
    async (request) => {
      const outcome = await importStock(ctxOf(request, deps), request.body, { skipErrors: request.query.skipErrors ?? false });
      if (outcome.ok) return outcome.result;
      throw new AppError('inventory.import_invalid', `The file has ${outcome.errors.length} error(s); nothing was imported`, {
        errors: outcome.errors.map((e) => ({ path: `line ${e.line}, ${e.field}`, message: e.message, line: e.line, field: e.field })),
      });
    },
  );

  await app.register(holdsRoutes, { deps });
  await app.register(transfersRoutes, { deps });
};
