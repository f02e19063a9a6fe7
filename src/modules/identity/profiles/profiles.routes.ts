import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Ctx } from '../../../platform/context.js';
import { ctxOf } from '../../../platform/http/request-ctx.js';
import { IdParams } from '../../../platform/http/common.schemas.js';
import { problemResponses, type RoutesOptions } from '../../../platform/http/route-helpers.js';
import { getConsents, setConsents } from '../consent/consent.service.js';
import type { Purpose } from '../consent/purposes.js';
import { myProfileId } from '../customers.service.js';
import { getProfile, groupedAudit, lookupProfileId, requireLiveProfile, timelineOf } from './profiles.service.js';
import { startGroupCommit } from '../../../platform/db/group-commit.js';
import { eraseProfile, exportProfile } from './privacy.service.js';
import { listMerges, unmerge } from './merges.service.js';
import { storeVisitors } from './store-visitors.js';
import { searchCustomers } from './profile-search.js';
import { AuditEntry, Consents, ConsentsBody, CustomerPage, CustomerSearchQuery, LookupQuery, MergeRecord, Profile, Timeline, TimelineQuery, Visitors, VisitorsQuery } from './profiles.schemas.js';

const STAFF = ['admin', 'marketer', 'agent', 'associate'] as const;
const Export = Type.Record(Type.String(), Type.Unknown(), { description: 'Everything held on the person, table by table' });

function consentChannel(ctx: Ctx, given: string | undefined): string {
  if (given) return given;
  if (ctx.principal.kind === 'staff') return ctx.principal.role === 'associate' ? 'store' : ctx.principal.role === 'agent' ? 'call_centre' : 'console';
  return 'app';
}

function actorOf(ctx: Ctx): string {
  const p = ctx.principal;
  if (p.kind === 'staff') return p.staffId ? `staff:${p.staffId}` : p.tokenId ? `token:${p.tokenId}` : 'bootstrap';
  if (p.kind === 'customer') return 'customer';
  return p.kind;
}

async function changeConsents(ctx: Ctx, profileId: string, body: ConsentsBody) {
  await setConsents(ctx.db, profileId, body.purposes as Partial<Record<Purpose, boolean>>, {
    channel: consentChannel(ctx, body.channel),
    source: actorOf(ctx),
    wordingVersion: body.wordingVersion ?? null,
    at: ctx.clock.now().toISOString(),
  });
  return getConsents(ctx.db, profileId);
}

export const profilesRoutes: FastifyPluginAsyncTypebox<RoutesOptions> = async (app, { deps }) => {
  // Every staff read of a person writes its audit row before it is answered; on SQLite the rows of
  // reads arriving together share one commit (platform/db/group-commit.ts), and the profile is read
  // with prepared statements (profile-read.ts).
  const commits = startGroupCommit(deps.database);
  app.addHook('onClose', () => commits.stop());
  const audit = groupedAudit(commits, deps.database.sqlite);
  const read = { sqlite: deps.database.sqlite };

  app.get(
    '/v1/profiles',
    {
      // Not associates: they are bound to one store, and the people of their store are its visitors (below).
      config: { access: ['admin', 'marketer', 'agent'] },
      schema: {
        tags: ['profiles'],
        summary: 'Search customers by the beginning of an email, phone, loyalty card, userId or name (case and accents ignored), or an exact profile id; without q, the newest profiles. Merged-away profiles are not listed',
        querystring: CustomerSearchQuery,
        response: { 200: CustomerPage, ...problemResponses(400) },
      },
    },
    async (request) => {
      const ctx = ctxOf(request, deps);
      const page = await searchCustomers(ctx, { q: request.query.q, cursor: request.query.cursor, limit: request.query.limit ?? 25 });
      // A list is not a profile read (each opened row is audited as one); the search itself is written down once.
      await audit(ctx, 'profile.search', null, request.id);
      return page;
    },
  );

  app.get(
    '/v1/profiles/lookup',
    { config: { access: [...STAFF] }, schema: { tags: ['profiles'], summary: 'Find a person by one of their identifiers', querystring: LookupQuery, response: { 200: Profile, ...problemResponses(400, 404) } } },
    async (request) => {
      const ctx = ctxOf(request, deps);
      const id = await lookupProfileId(ctx, request.query.type, request.query.value);
      await audit(ctx, 'profile.lookup', id, request.id);
      return getProfile(ctx, id, read);
    },
  );

  app.get(
    '/v1/stores/:id/visitors',
    {
      config: { access: [...STAFF] },
      schema: { tags: ['profiles'], summary: 'Who checked in at this store lately (Store Entered), latest first: the associate app greets them', params: IdParams, querystring: VisitorsQuery, response: { 200: Visitors, ...problemResponses(400, 403) } },
    },
    async (request) => storeVisitors(ctxOf(request, deps), request.params.id, request.query),
  );

  app.get(
    '/v1/profiles/:id',
    { config: { access: [...STAFF] }, schema: { tags: ['profiles'], summary: 'The 360° profile (a merged-away id answers with the survivor)', params: IdParams, response: { 200: Profile, ...problemResponses(404) } } },
    async (request) => {
      const ctx = ctxOf(request, deps);
      const profile = await getProfile(ctx, request.params.id, read);
      await audit(ctx, 'profile.read', profile.id, request.id);
      return profile;
    },
  );

  app.get(
    '/v1/profiles/:id/timeline',
    { config: { access: [...STAFF] }, schema: { tags: ['profiles'], summary: 'Events and interactions from every channel, newest first', params: IdParams, querystring: TimelineQuery, response: { 200: Timeline, ...problemResponses(400, 404) } } },
    async (request) => {
      const ctx = ctxOf(request, deps);
      // The live id once, for the read and its audit row.
      const profileId = await requireLiveProfile(ctx, request.params.id);
      const page = await timelineOf(ctx, profileId, { ...request.query, limit: request.query.limit ?? 50 });
      await audit(ctx, 'profile.timeline', profileId, request.id);
      return page;
    },
  );

  app.get(
    '/v1/profiles/:id/consents',
    { config: { access: [...STAFF] }, schema: { tags: ['consent'], summary: 'Consent per purpose, with where and when it was given', params: IdParams, response: { 200: Consents, ...problemResponses(404) } } },
    async (request) => {
      const ctx = ctxOf(request, deps);
      return getConsents(ctx.db, await requireLiveProfile(ctx, request.params.id));
    },
  );

  app.put(
    '/v1/profiles/:id/consents',
    {
      config: { access: ['admin', 'agent', 'associate'] },
      schema: { tags: ['consent'], summary: 'Record choices made with staff (in store, on the phone)', params: IdParams, body: ConsentsBody, response: { 200: Consents, ...problemResponses(400, 404) } },
    },
    async (request) => {
      const ctx = ctxOf(request, deps);
      return changeConsents(ctx, await requireLiveProfile(ctx, request.params.id), request.body);
    },
  );

  app.get(
    '/v1/profiles/:id/export',
    { config: { access: ['admin', 'agent'] }, schema: { tags: ['privacy'], summary: 'Everything held on this person (JSON)', params: IdParams, response: { 200: Export, ...problemResponses(404) } } },
    async (request) => {
      const ctx = ctxOf(request, deps);
      const data = await exportProfile(ctx, request.params.id);
      await audit(ctx, 'profile.export', await requireLiveProfile(ctx, request.params.id), request.id);
      return data;
    },
  );

  app.delete(
    '/v1/profiles/:id',
    {
      config: { access: ['admin'] },
      schema: { tags: ['privacy'], summary: 'Erase this person from every table', params: IdParams, response: { 200: Type.Object({ erased: Type.Array(Type.String()), events: Type.Integer() }), ...problemResponses(404) } },
    },
    async (request) => eraseProfile(ctxOf(request, deps), deps, request.params.id),
  );

  app.get(
    '/v1/profiles/:id/merges',
    { config: { access: ['admin', 'agent'] }, schema: { tags: ['profiles'], summary: 'Merge history: when, why, through which event', params: IdParams, response: { 200: Type.Object({ items: Type.Array(MergeRecord) }), ...problemResponses(404) } } },
    async (request) => ({ items: await listMerges(ctxOf(request, deps), request.params.id) }),
  );

  app.post(
    '/v1/merges/:id/unmerge',
    {
      config: { access: ['admin'] },
      schema: { tags: ['profiles'], summary: 'Undo a merge: events and traits go back to each person', params: IdParams, response: { 200: Type.Object({ survivorId: Type.String(), restoredId: Type.String() }), ...problemResponses(404, 409) } },
    },
    async (request) => unmerge(ctxOf(request, deps), request.params.id),
  );

  app.get(
    '/v1/audit',
    {
      config: { access: ['admin'] },
      schema: { tags: ['privacy'], summary: 'Staff reads of profiles', querystring: Type.Object({ profileId: Type.String({ maxLength: 100 }) }, { additionalProperties: false }), response: { 200: Type.Object({ items: Type.Array(AuditEntry) }) } },
    },
    async (request) => {
      const rows = await deps.database.kysely.selectFrom('audit_log').selectAll().where('profile_id', '=', request.query.profileId).orderBy('at', 'desc').limit(500).execute();
      return { items: rows.map((r) => ({ id: r.id, actor: r.actor, role: r.role, action: r.action, profileId: r.profile_id, requestId: r.request_id, at: r.at })) };
    },
  );

  app.get(
    '/v1/me/consents',
    { config: { access: ['customer'] }, schema: { tags: ['me'], summary: 'My consents', response: { 200: Consents } } },
    async (request) => {
      const ctx = ctxOf(request, deps);
      return getConsents(ctx.db, await myProfileId(ctx));
    },
  );

  app.put(
    '/v1/me/consents',
    { config: { access: ['customer'] }, schema: { tags: ['me'], summary: 'Change my consents (app settings)', body: ConsentsBody, response: { 200: Consents, ...problemResponses(400) } } },
    async (request) => {
      const ctx = ctxOf(request, deps);
      return changeConsents(ctx, await myProfileId(ctx), request.body);
    },
  );

  app.get(
    '/v1/me/export',
    { config: { access: ['customer'] }, schema: { tags: ['me'], summary: 'Everything held on me (JSON)', response: { 200: Export } } },
    async (request) => {
      const ctx = ctxOf(request, deps);
      return exportProfile(ctx, await myProfileId(ctx));
    },
  );
};
