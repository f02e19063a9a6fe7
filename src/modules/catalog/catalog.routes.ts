import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { RoutesOptions } from '../../platform/http/route-helpers.js';

export const catalogRoutes: FastifyPluginAsyncTypebox<RoutesOptions> = async (_app, { deps }) => {
  void deps;
};
