import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { problemResponses, type RoutesOptions } from '../../platform/http/route-helpers.js';
import { AvailabilityAnswer, AvailabilityQuery } from './availability.schemas.js';
import { availability } from './availability.service.js';

/** Availability per location near a point, online availability, the storefront's near-me query. */
export const availabilityRoutes: FastifyPluginAsyncTypebox<RoutesOptions> = async (app, { deps }) => {
  app.get(
    '/v1/availability',
    {
      // Storefront data, like the catalog and the store locator.
      config: { access: 'public' },
      schema: {
        tags: ['inventory'],
        summary: 'Where a sku can be had: stores near a point (or named) with what is available, the aisle, low stock and openNow; and what warehouses can ship',
        querystring: AvailabilityQuery,
        response: { 200: AvailabilityAnswer, ...problemResponses(400, 404) },
      },
    },
    async (request) => availability({ db: deps.database.kysely, clock: deps.clock }, request.query),
  );
};
