import type { FastifyRequest } from 'fastify';
import type { Ctx, Deps } from '../context.js';

/** The context of a service call made on behalf of an HTTP request. */
export function ctxOf(request: FastifyRequest, deps: Deps): Ctx {
  return { db: deps.database.kysely, clock: deps.clock, principal: request.principal, log: request.log };
}
