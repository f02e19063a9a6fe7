import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ctxOf } from '../../platform/http/request-ctx.js';
import { loginRateLimit, problemResponses, type RoutesOptions } from '../../platform/http/route-helpers.js';
import { CursorQuery, IdParams, Page } from '../../platform/http/common.schemas.js';
import {
  ApiToken,
  CreateApiTokenBody,
  CreateStaffBody,
  CreatedApiToken,
  StaffLoginBody,
  StaffMember,
  StaffRole,
  StaffSession,
  UpdateStaffBody,
} from './staff.schemas.js';
import * as staff from './staff.service.js';

const STAFF = ['admin', 'marketer', 'agent', 'associate'] as const;

export const staffRoutes: FastifyPluginAsyncTypebox<RoutesOptions> = async (app, { deps }) => {
  app.post(
    '/v1/auth/login',
    {
      config: { access: 'public', rateLimit: loginRateLimit(deps) },
      schema: {
        tags: ['auth'],
        summary: 'Staff sign-in: a bearer token for the console and staff apps',
        body: StaffLoginBody,
        response: { 200: StaffSession, ...problemResponses(400, 401, 429) },
      },
    },
    async (request) => staff.loginStaff(ctxOf(request, deps), request.body),
  );

  app.post(
    '/v1/auth/logout',
    { config: { access: [...STAFF] }, schema: { tags: ['auth'], summary: 'Revoke the current staff session', response: { 204: Type.Null() } } },
    async (request, reply) => {
      await staff.logout(ctxOf(request, deps));
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/v1/auth/me',
    { config: { access: [...STAFF] }, schema: { tags: ['auth'], summary: 'Who the bearer token belongs to', response: { 200: StaffMember } } },
    async (request) => staff.currentStaff(ctxOf(request, deps)),
  );

  app.get(
    '/v1/staff',
    {
      config: { access: ['admin'] },
      schema: {
        tags: ['staff'],
        summary: 'List staff accounts',
        querystring: Type.Object({ ...CursorQuery, role: Type.Optional(StaffRole), q: Type.Optional(Type.String({ maxLength: 200 })) }, { additionalProperties: false }),
        response: { 200: Page(StaffMember) },
      },
    },
    async (request) => staff.listStaff(ctxOf(request, deps), { ...request.query, limit: request.query.limit ?? 20 }),
  );

  app.post(
    '/v1/staff',
    {
      config: { access: ['admin'] },
      schema: { tags: ['staff'], summary: 'Create a staff account', body: CreateStaffBody, response: { 201: StaffMember, ...problemResponses(400, 409) } },
    },
    async (request, reply) => reply.code(201).send(await staff.createStaff(ctxOf(request, deps), request.body)),
  );

  app.patch(
    '/v1/staff/:id',
    {
      config: { access: ['admin'] },
      schema: {
        tags: ['staff'],
        summary: 'Change a staff account (role, store, password, disabled)',
        params: IdParams,
        body: UpdateStaffBody,
        response: { 200: StaffMember, ...problemResponses(400, 404) },
      },
    },
    async (request) => staff.updateStaff(ctxOf(request, deps), request.params.id, request.body),
  );

  app.get(
    '/v1/api-tokens',
    { config: { access: ['admin'] }, schema: { tags: ['staff'], summary: 'List API tokens (never their secret)', response: { 200: Type.Object({ items: Type.Array(ApiToken) }) } } },
    async (request) => ({ items: await staff.listApiTokens(ctxOf(request, deps)) }),
  );

  app.post(
    '/v1/api-tokens',
    {
      config: { access: ['admin'] },
      schema: {
        tags: ['staff'],
        summary: 'Create a long-lived API token for automation; the token is shown only in this answer',
        body: CreateApiTokenBody,
        response: { 201: CreatedApiToken, ...problemResponses(400) },
      },
    },
    async (request, reply) => reply.code(201).send(await staff.createApiToken(ctxOf(request, deps), request.body)),
  );

  app.delete(
    '/v1/api-tokens/:id',
    { config: { access: ['admin'] }, schema: { tags: ['staff'], summary: 'Revoke an API token', params: IdParams, response: { 204: Type.Null(), ...problemResponses(404) } } },
    async (request, reply) => {
      await staff.revokeApiToken(ctxOf(request, deps), request.params.id);
      return reply.code(204).send(null);
    },
  );
};
