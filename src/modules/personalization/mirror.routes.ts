import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ctxOf } from '../../platform/http/request-ctx.js';
import { problemResponses, type RoutesOptions } from '../../platform/http/route-helpers.js';
import { MirrorPass, MirrorPassHeaders, MirrorShopper } from './mirror.schemas.js';
import { issueMirrorPass, mirrorShopper } from './mirror.service.js';

export const mirrorRoutes: FastifyPluginAsyncTypebox<RoutesOptions> = async (app, { deps }) => {
  app.post(
    '/v1/me/mirror-pass',
    {
      config: { access: ['customer'] },
      schema: {
        tags: ['me'],
        summary: 'A pass to show the in-store mirror so that it suggests from my purchases (15 minutes; needs my consent to personalisation)',
        response: { 201: MirrorPass, ...problemResponses(409) },
      },
    },
    async (request, reply) => reply.code(201).send(await issueMirrorPass(ctxOf(request, deps))),
  );

  app.get(
    '/v1/mirror/shopper',
    {
      config: { access: 'public' },
      schema: {
        tags: ['mirror'],
        summary: 'For the mirror: what the shopper who showed this pass likes (first name, sizes, colours, products bought)',
        headers: MirrorPassHeaders,
        response: { 200: MirrorShopper, ...problemResponses(400, 401, 403) },
      },
    },
    async (request) => mirrorShopper(ctxOf(request, deps), request.headers['x-mirror-pass']),
  );
};
