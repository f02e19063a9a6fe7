import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ctxOf } from '../../platform/http/request-ctx.js';
import { loginRateLimit, problemResponses, type RoutesOptions } from '../../platform/http/route-helpers.js';
import { IdParams } from '../../platform/http/common.schemas.js';
import { CreateSourceBody, CreatedSource, CustomerCredentials, CustomerLoginBody, CustomerSession, FavouriteStoreBody, Me, Source } from './identity.schemas.js';
import * as customers from './customers.service.js';
import * as sources from './sources.service.js';

export const identityRoutes: FastifyPluginAsyncTypebox<RoutesOptions> = async (app, { deps }) => {
  app.post(
    '/v1/customers/signup',
    {
      config: { access: 'public', rateLimit: loginRateLimit(deps) },
      schema: {
        tags: ['customers'],
        summary: 'Open a customer account (joins the profile already known by that email, if any)',
        body: CustomerCredentials,
        response: { 201: CustomerSession, ...problemResponses(400, 409, 429) },
      },
    },
    async (request, reply) => reply.code(201).send(await customers.signup(ctxOf(request, deps), request.body)),
  );

  app.post(
    '/v1/customers/login',
    {
      config: { access: 'public', rateLimit: loginRateLimit(deps) },
      schema: { tags: ['customers'], summary: 'Customer sign-in', body: CustomerLoginBody, response: { 200: CustomerSession, ...problemResponses(400, 401, 429) } },
    },
    async (request) => customers.login(ctxOf(request, deps), request.body),
  );

  app.post(
    '/v1/customers/logout',
    { config: { access: ['customer'] }, schema: { tags: ['customers'], summary: 'End the current customer session', response: { 204: Type.Null() } } },
    async (request, reply) => {
      await customers.logout(ctxOf(request, deps));
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/v1/me',
    { config: { access: ['customer'] }, schema: { tags: ['me'], summary: "The signed-in customer's own profile", response: { 200: Me } } },
    async (request) => customers.me(ctxOf(request, deps)),
  );

  app.put(
    '/v1/me/favourite-store',
    {
      config: { access: ['customer'] },
      schema: { tags: ['me'], summary: 'Choose (or change) my favourite store', body: FavouriteStoreBody, response: { 200: Me, ...problemResponses(400) } },
    },
    async (request) => customers.setMyFavouriteStore(ctxOf(request, deps), request.body.storeId),
  );

  app.delete(
    '/v1/me/favourite-store',
    { config: { access: ['customer'] }, schema: { tags: ['me'], summary: 'Forget my favourite store', response: { 200: Me } } },
    async (request) => customers.setMyFavouriteStore(ctxOf(request, deps), null),
  );

  app.post(
    '/v1/sources',
    {
      config: { access: ['admin'] },
      schema: {
        tags: ['sources'],
        summary: 'Create a source (a channel touchpoint) and its write key; the key is shown only in this answer',
        body: CreateSourceBody,
        response: { 201: CreatedSource, ...problemResponses(400) },
      },
    },
    async (request, reply) => reply.code(201).send(await sources.createSource(ctxOf(request, deps), request.body)),
  );

  app.get(
    '/v1/sources',
    { config: { access: ['admin'] }, schema: { tags: ['sources'], summary: 'List sources (never their write keys)', response: { 200: Type.Object({ items: Type.Array(Source) }) } } },
    async (request) => ({ items: await sources.listSources(ctxOf(request, deps)) }),
  );

  app.post(
    '/v1/sources/:id/rotate-key',
    {
      config: { access: ['admin'] },
      schema: { tags: ['sources'], summary: 'Replace a source write key; the old key stops working at once', params: IdParams, response: { 200: CreatedSource, ...problemResponses(404) } },
    },
    async (request) => sources.rotateWriteKey(ctxOf(request, deps), request.params.id),
  );

  app.delete(
    '/v1/sources/:id',
    {
      config: { access: ['admin'] },
      schema: { tags: ['sources'], summary: 'Disable a source: its write key is refused from now on', params: IdParams, response: { 200: Source, ...problemResponses(404) } },
    },
    async (request) => sources.disableSource(ctxOf(request, deps), request.params.id),
  );
};
