import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Deps } from '../context.js';

/** Options every module's route plugin receives. */
export interface RoutesOptions {
  deps: Deps;
}

export type TypedApp = FastifyInstance<any, any, any, any, TypeBoxTypeProvider>;

/** Rate-limit settings for sign-in routes: per client address, per minute. */
export function loginRateLimit(deps: Deps) {
  return { max: deps.config.loginRateLimit, timeWindow: '1 minute' };
}

/** The error answers a route may give, for the OpenAPI document. */
export const problemResponses = (...statuses: number[]) =>
  Object.fromEntries(statuses.map((status) => [status, { $ref: 'Problem#' }]));
