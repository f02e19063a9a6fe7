import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ctxOf } from '../../platform/http/request-ctx.js';
import { problemResponses, type RoutesOptions } from '../../platform/http/route-helpers.js';
import { IdParams } from '../../platform/http/common.schemas.js';
import {
  CreateLocationBody,
  HoursExceptionsBody,
  Location,
  LocationPage,
  LocationsQuery,
  Store,
  StorePage,
  StoresQuery,
  UpdateLocationBody,
} from './stores.schemas.js';
import * as locations from './stores.service.js';
import * as locator from './store-locator.service.js';

const STAFF = ['admin', 'marketer', 'agent', 'associate'] as const;

export const storesRoutes: FastifyPluginAsyncTypebox<RoutesOptions> = async (app, { deps }) => {
  app.get(
    '/v1/stores',
    {
      config: { access: 'public' },
      schema: {
        tags: ['stores'],
        summary: 'Store locator: with `near`, the nearest stores first (distanceKm, openNow); without, every store by name',
        querystring: StoresQuery,
        response: { 200: StorePage, ...problemResponses(400) },
      },
    },
    async (request, reply) => {
      const page = await locator.findStores(ctxOf(request, deps), request.query);
      // Already serialised to the StorePage schema: a JSON string is sent as it is (the type
      // provider only knows the object form).
      if (page instanceof locator.RenderedPage) return reply.type('application/json; charset=utf-8').send(page.json as never);
      return page;
    },
  );

  app.get(
    '/v1/stores/:id',
    {
      config: { access: 'public' },
      schema: { tags: ['stores'], summary: 'One store, with its hours and whether it is open now', params: IdParams, response: { 200: Store, ...problemResponses(404) } },
    },
    async (request) => locator.getStore(ctxOf(request, deps), request.params.id),
  );

  app.get(
    '/v1/locations',
    {
      config: { access: [...STAFF] },
      schema: {
        tags: ['locations'],
        summary: 'Stores and warehouses, by code',
        querystring: LocationsQuery,
        response: { 200: LocationPage, ...problemResponses(400) },
      },
    },
    async (request) => locations.listLocations(ctxOf(request, deps), request.query),
  );

  app.post(
    '/v1/locations',
    {
      config: { access: ['admin'] },
      schema: {
        tags: ['locations'],
        summary: 'Create a store (id sto_…) or a warehouse (whs_…)',
        body: CreateLocationBody,
        response: { 201: Location, ...problemResponses(400, 409) },
      },
    },
    async (request, reply) => reply.code(201).send(await locations.createLocation(ctxOf(request, deps), request.body)),
  );

  app.get(
    '/v1/locations/:id',
    {
      config: { access: [...STAFF] },
      schema: { tags: ['locations'], summary: 'A store or warehouse, every hours exception included', params: IdParams, response: { 200: Location, ...problemResponses(404) } },
    },
    async (request) => locations.getLocation(ctxOf(request, deps), request.params.id),
  );

  app.patch(
    '/v1/locations/:id',
    {
      config: { access: ['admin'] },
      schema: {
        tags: ['locations'],
        summary: 'Change a store or warehouse; the fields given replace the stored ones',
        params: IdParams,
        body: UpdateLocationBody,
        response: { 200: Location, ...problemResponses(400, 404, 409) },
      },
    },
    async (request) => locations.updateLocation(ctxOf(request, deps), request.params.id, request.body),
  );

  app.put(
    '/v1/locations/:id/hours-exceptions',
    {
      config: { access: ['admin'] },
      schema: {
        tags: ['locations'],
        summary: 'Replace the dated exceptions to the weekly hours (bank holidays, special hours)',
        params: IdParams,
        body: HoursExceptionsBody,
        response: { 200: Location, ...problemResponses(400, 404) },
      },
    },
    async (request) => locations.setHoursExceptions(ctxOf(request, deps), request.params.id, request.body.exceptions),
  );
};
