import type SqliteDatabase from 'better-sqlite3';
import type { Insertable } from 'kysely';
import type { DB } from '../../../db-schema.js';
import type { GroupCommit } from '../../../platform/db/group-commit.js';
import { preparedOnce } from '../../../platform/db/prepared.js';
import type { Ctx } from '../../../platform/context.js';
import { AppError } from '../../../platform/errors.js';
import { newId } from '../../../platform/ids.js';
import { decodeCursor, encodeCursor } from '../../../platform/http/common.schemas.js';
import { normaliseIdentifier } from '../resolution/identifiers.js';
import { liveProfileId } from '../resolution/resolver.js';
import { consentsFromRows, type ConsentState } from '../consent/consent.service.js';
import type { Purpose } from '../consent/purposes.js';
import { computeTraits, type ComputedTraits } from './computed-traits.js';
import { readProfileRows, readProfileRowsSqlite, type ProfileRows } from './profile-read.js';

export interface ProfileView {
  id: string;
  traits: Record<string, unknown>;
  traitSources: Record<string, { sourceId: string | null; channel: string | null; updatedAt: string }>;
  identities: { type: string; value: string; firstSeenAt: string; lastSeenAt: string }[];
  consents: Record<Purpose, ConsentState>;
  channels: { channel: string; firstSeen: string; lastSeen: string; events: number }[];
  computed: ComputedTraits;
  favouriteStoreId: string | null;
  account: { email: string; createdAt: string } | null;
  mergedFrom: string[];
  createdAt: string;
  updatedAt: string;
}

/** Staff reads of a person are written down: who, what, when, from which request. */
export async function audit(ctx: Ctx, action: string, profileId: string | null, requestId: string | null = null): Promise<void> {
  const row = auditRow(ctx, action, profileId, requestId);
  if (row) await ctx.db.insertInto('audit_log').values(row).execute();
}

type AuditRow = Insertable<DB['audit_log']> & { id: string; role: string | null; profile_id: string | null; request_id: string | null };

function auditRow(ctx: Ctx, action: string, profileId: string | null, requestId: string | null): AuditRow | null {
  const principal = ctx.principal;
  if (principal.kind !== 'staff') return null;
  const actor = principal.staffId ? `staff:${principal.staffId}` : principal.tokenId ? `token:${principal.tokenId}` : 'bootstrap';
  return { id: newId('aud'), actor, role: principal.role, action, profile_id: profileId, request_id: requestId, at: ctx.clock.now().toISOString() };
}

const auditInsert = preparedOnce((sqlite) =>
  sqlite.prepare<[AuditRow]>('insert into audit_log (id, actor, role, action, profile_id, request_id, at) values (@id, @actor, @role, @action, @profile_id, @request_id, @at)'),
);

/**
 * `audit` for the routes that read a person many times a second: the row is written in a group
 * commit (platform/db/group-commit.ts), so that on SQLite the reads arriving together share one
 * commit instead of one transaction each, with a prepared statement (the batch holds the
 * connection). The promise resolves once the row is committed: the read is on record before it is
 * answered, as with `audit`.
 */
export function groupedAudit(commits: GroupCommit, sqlite: SqliteDatabase.Database | undefined) {
  return async (ctx: Ctx, action: string, profileId: string | null, requestId: string | null = null): Promise<void> => {
    const row = auditRow(ctx, action, profileId, requestId);
    if (!row) return;
    await commits.run(async (trx) => {
      if (sqlite?.inTransaction) auditInsert(sqlite).run(row);
      else await trx.insertInto('audit_log').values(row).execute();
    });
  };
}

export async function requireLiveProfile(ctx: Ctx, id: string): Promise<string> {
  const live = await liveProfileId(ctx.db, id);
  if (!live) throw new AppError('identity.profile_not_found', `No profile ${id}`);
  return live;
}

export interface ProfileReadOptions {
  /** SQLite's handle behind `ctx.db`: the read then runs as prepared statements (profile-read.ts). */
  sqlite?: SqliteDatabase.Database | undefined;
}

export async function getProfile(ctx: Ctx, id: string, options: ProfileReadOptions = {}): Promise<ProfileView> {
  const rows = options.sqlite ? await readProfileRowsSqlite(ctx.db, options.sqlite, id) : await readProfileRows(ctx.db, id);
  if (!rows) throw new AppError('identity.profile_not_found', `No profile ${id}`);
  return profileView(rows);
}

export function profileView(rows: ProfileRows): ProfileView {
  const { profile, identities, traits, channels, history, account } = rows;
  const computed = computeTraits(
    history.map((e) => ({
      name: e.name,
      channel: e.channel,
      storeId: e.store_id,
      timestamp: e.timestamp,
      properties: e.name === 'Order Completed' && e.payload !== null ? ((JSON.parse(e.payload) as { properties?: Record<string, unknown> }).properties ?? {}) : {},
    })),
    profile.favourite_store_id,
  );
  computed.firstSeen = channels.reduce<string | null>((min, c) => (min === null || c.first_seen < min ? c.first_seen : min), null);
  computed.lastSeen = channels.reduce<string | null>((max, c) => (max === null || c.last_seen > max ? c.last_seen : max), null);
  return {
    id: profile.id,
    traits: Object.fromEntries(traits.map((t) => [t.name, JSON.parse(t.value) as unknown])),
    traitSources: Object.fromEntries(traits.map((t) => [t.name, { sourceId: t.source_id, channel: t.channel, updatedAt: t.updated_at }])),
    identities: identities.map((i) => ({ type: i.type, value: i.value, firstSeenAt: i.first_seen_at, lastSeenAt: i.last_seen_at })),
    consents: consentsFromRows(rows.consents),
    channels: channels.map((c) => ({ channel: c.channel, firstSeen: c.first_seen, lastSeen: c.last_seen, events: c.events })),
    computed,
    favouriteStoreId: profile.favourite_store_id,
    account: account ? { email: account.email, createdAt: account.created_at } : null,
    mergedFrom: rows.mergedFrom,
    createdAt: profile.created_at,
    updatedAt: profile.updated_at,
  };
}

export const LOOKUP_TYPES = ['email', 'phone', 'userId', 'anonymousId', 'loyalty_card', 'instagram', 'deviceId'] as const;

export async function lookupProfileId(ctx: Ctx, type: string, value: string): Promise<string> {
  const identifier = normaliseIdentifier(type, value);
  if (!identifier) throw new AppError('platform.validation_failed', `"${value}" is not a usable ${type}`, { errors: [{ path: 'querystring/value', message: `is not a valid ${type}` }] });
  const row = await ctx.db.selectFrom('profile_identities').select('profile_id').where('type', '=', identifier.type).where('value', '=', identifier.value).executeTakeFirst();
  if (!row) throw new AppError('identity.profile_not_found', `No profile with ${type} ${identifier.value}`);
  return requireLiveProfile(ctx, row.profile_id);
}

export interface TimelineEntry {
  id: string;
  channel: string;
  type: string;
  name: string | null;
  timestamp: string;
  storeId: string | null;
  sourceId: string;
  properties: Record<string, unknown>;
}

export interface TimelineOptions {
  cursor?: string | undefined;
  limit: number;
  channel?: string | undefined;
  type?: string | undefined;
  name?: string | undefined;
}

/** Everything that happened with this person on every channel, newest first; `profileId` is live (`requireLiveProfile`). */
export async function timelineOf(ctx: Ctx, profileId: string, query: TimelineOptions): Promise<{ items: TimelineEntry[]; nextCursor: string | null }> {
  const after = decodeCursor<{ k: string }>(query.cursor);
  let select = ctx.db
    .selectFrom('events')
    .select(['id', 'channel', 'type', 'name', 'timestamp', 'store_id', 'source_id', 'payload', 'order_key'])
    .where('profile_id', '=', profileId)
    .orderBy('order_key', 'desc')
    .limit(query.limit + 1);
  if (after) select = select.where('order_key', '<', after.k);
  if (query.channel) select = select.where('channel', '=', query.channel);
  if (query.type) select = select.where('type', '=', query.type);
  if (query.name) select = select.where('name', '=', query.name);
  const rows = await select.execute();
  const page = rows.slice(0, query.limit);
  return {
    items: page.map((row) => ({
      id: row.id,
      channel: row.channel,
      type: row.type,
      name: row.name,
      timestamp: row.timestamp,
      storeId: row.store_id,
      sourceId: row.source_id,
      properties: (JSON.parse(row.payload) as { properties?: Record<string, unknown> }).properties ?? {},
    })),
    nextCursor: rows.length > query.limit ? encodeCursor({ k: page[page.length - 1]!.order_key }) : null,
  };
}
