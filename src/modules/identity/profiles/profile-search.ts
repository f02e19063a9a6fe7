/**
 * Staff search over customers: by the beginning of an email, phone, loyalty card or userId, or by
 * exact profile id; without a query, the newest profiles. Every read walks an index and stops after
 * one page: identifiers through the (type, value) primary key of `profile_identities`, the
 * unfiltered list through the primary key of `profiles` (ids are time-ordered, newest last).
 *
 * "Newest" is newest made, not last seen: no index orders profiles by their last event, and one on
 * `last_order_key` would be rewritten by every event ingested.
 *
 * The query is matched as each type is stored: emails lower-cased, phones in E.164, cards upper-cased
 * without spaces or dashes, userIds as sent. Case is therefore ignored for emails and cards; accents
 * are not (stored values keep theirs). The prefix range relies on text ordered by code point, as
 * SQLite's BINARY and PostgreSQL's C and C.UTF-8 collations order it; under a linguistic collation a
 * range could miss values (those found are still checked to begin with the prefix).
 *
 * Names are not searched: they live in the JSON of traits, which no index covers, and a name index
 * fed by ingestion would add a write to every identify. A person is found by email, phone or card.
 */
import type { Ctx } from '../../../platform/context.js';
import { AppError } from '../../../platform/errors.js';
import { decodeCursor, encodeCursor } from '../../../platform/http/common.schemas.js';
import { normaliseIdentifier } from '../resolution/identifiers.js';
import { liveProfileId } from '../resolution/resolver.js';
import type { CustomerPage, CustomerRow } from './profiles.schemas.js';

/** The identifier types searched by prefix, in the order results come. */
export const SEARCHED_TYPES = ['email', 'phone', 'loyalty_card', 'userId'] as const;
type SearchedType = (typeof SEARCHED_TYPES)[number];

type Cursor = { m: 'recent'; i: string } | { m: 'prefix'; t: number; v: string };

function badCursor(): AppError {
  return new AppError('platform.validation_failed', 'The cursor is not one this API gave out for this search', {
    errors: [{ path: 'querystring/cursor', message: 'is not a valid cursor' }],
  });
}

function readCursor(raw: string | undefined, mode: Cursor['m']): Cursor | undefined {
  const cursor = decodeCursor<unknown>(raw);
  if (cursor === undefined) return undefined;
  const c = cursor as Record<string, unknown>;
  if (mode === 'recent' && c?.m === 'recent' && typeof c.i === 'string') return { m: 'recent', i: c.i };
  if (mode === 'prefix' && c?.m === 'prefix' && typeof c.v === 'string' && Number.isInteger(c.t) && (c.t as number) >= 0 && (c.t as number) < SEARCHED_TYPES.length) {
    return { m: 'prefix', t: c.t as number, v: c.v };
  }
  throw badCursor();
}

/**
 * The beginning of a phone number as identity stores it (E.164): `06 12` → `+336 12`, `0033 6` and
 * `+33 6` → `+336`. Numbers without a country code are read as French, as identity reads them.
 */
export function phonePrefix(q: string): string | null {
  if (!/^\+?[\d\s.\-()]+$/.test(q)) return null;
  const whole = normaliseIdentifier('phone', q);
  if (whole) return whole.value;
  const digits = q.replace(/\D/g, '');
  if (digits.length < 2) return null;
  if (q.startsWith('+')) return `+${digits}`;
  if (digits.startsWith('00')) return `+${digits.slice(2)}`;
  if (digits.startsWith('0')) return `+33${digits.slice(1)}`;
  return `+${digits}`;
}

/** What each identifier type's stored values begin with when they match `q` (normalised as stored). */
export function searchPrefixes(q: string): Partial<Record<SearchedType, string>> {
  const prefixes: Partial<Record<SearchedType, string>> = {};
  if (!/\s/.test(q)) prefixes.email = q.toLowerCase();
  const phone = phonePrefix(q);
  if (phone) prefixes.phone = phone;
  const card = q.replace(/[\s-]/g, '').toUpperCase();
  if (card) prefixes.loyalty_card = card;
  prefixes.userId = q;
  return prefixes;
}

/** The smallest string greater than every string that begins with `prefix` (code point order). */
function upperBound(prefix: string): string | null {
  const points = [...prefix];
  while (points.length > 0) {
    const last = points.pop()!.codePointAt(0)!;
    // Stepping over the surrogate range or past the last code point is not worth it: look further left.
    if (last < 0x10ffff && last !== 0xd7ff) return points.join('') + String.fromCodePoint(last + 1);
  }
  return null;
}

/** Orders as both engines order text here: by UTF-8 bytes (SQLite's BINARY, PostgreSQL's C collation). */
function compareKeys(a: { t: number; v: string }, b: { t: number; v: string }): number {
  return a.t - b.t || Buffer.compare(Buffer.from(a.v), Buffer.from(b.v));
}

export async function searchCustomers(ctx: Ctx, query: { q?: string | undefined; cursor?: string | undefined; limit: number }): Promise<CustomerPage> {
  const q = (query.q ?? '').trim();
  if (!q) return recent(ctx, readCursor(query.cursor, 'recent') as Extract<Cursor, { m: 'recent' }> | undefined, query.limit);
  if (/^cus_[0-9a-z]{26}$/.test(q)) {
    readCursor(query.cursor, 'prefix');
    // One exact id: one answer (its survivor, if it was merged), never a next page.
    const live = query.cursor ? undefined : await liveProfileId(ctx.db, q);
    return { items: live ? await describe(ctx, [{ id: live, matched: null }]) : [], nextCursor: null };
  }
  return byPrefix(ctx, q, readCursor(query.cursor, 'prefix') as Extract<Cursor, { m: 'prefix' }> | undefined, query.limit);
}

/** The newest live profiles: the primary key walked backwards (exported for the plan check in tests). */
export function recentProfilesQuery(db: Ctx['db'], before: string | undefined, limit: number) {
  let select = db
    .selectFrom('profiles')
    .select('id')
    // `coalesce` keeps the planner off the merged_into index, which SQLite would otherwise take
    // for `is null` and then sort every profile: the walk is the primary key, newest first.
    .where((eb) => eb(eb.fn.coalesce('merged_into', eb.val('')), '=', ''))
    .orderBy('id', 'desc')
    .limit(limit);
  if (before !== undefined) select = select.where('id', '<', before);
  return select;
}

async function recent(ctx: Ctx, cursor: Extract<Cursor, { m: 'recent' }> | undefined, limit: number): Promise<CustomerPage> {
  const rows = await recentProfilesQuery(ctx.db, cursor?.i, limit + 1).execute();
  const page = rows.slice(0, limit);
  return {
    items: await describe(ctx, page.map((r) => ({ id: r.id, matched: null }))),
    nextCursor: rows.length > limit ? encodeCursor({ m: 'recent', i: page[page.length - 1]!.id }) : null,
  };
}

/** One type's identifiers that begin with `prefix`, after `after`, in key order: a range of the (type, value) key. */
export function identityRangeQuery(db: Ctx['db'], range: { type: string; prefix: string; after: string | null; limit: number }) {
  const upper = upperBound(range.prefix);
  let select = db
    .selectFrom('profile_identities')
    .innerJoin('profiles', 'profiles.id', 'profile_identities.profile_id')
    .select(['profile_identities.value', 'profile_identities.profile_id'])
    .where('profile_identities.type', '=', range.type)
    .where('profile_identities.value', '>=', range.prefix)
    .where('profiles.merged_into', 'is', null)
    .orderBy('profile_identities.value')
    .limit(range.limit);
  if (upper !== null) select = select.where('profile_identities.value', '<', upper);
  if (range.after !== null) select = select.where('profile_identities.value', '>', range.after);
  return select;
}

interface Match {
  profileId: string;
  t: number;
  v: string;
}

async function byPrefix(ctx: Ctx, q: string, cursor: Extract<Cursor, { m: 'prefix' }> | undefined, limit: number): Promise<CustomerPage> {
  const prefixes = searchPrefixes(q);
  const kept: Match[] = [];
  let t = cursor?.t ?? 0;
  let after: string | null = cursor?.v ?? null;
  // Each turn reads one batch of one type's key range, in order, and stops at the page's end: a
  // turn repeats within a type only when rows of that batch were dropped as the same person again.
  while (kept.length <= limit && t < SEARCHED_TYPES.length) {
    const type = SEARCHED_TYPES[t]!;
    const prefix = prefixes[type];
    if (!prefix) {
      t += 1;
      after = null;
      continue;
    }
    const batch = limit + 1 - kept.length;
    const rows = await identityRangeQuery(ctx.db, { type, prefix, after, limit: batch }).execute();
    const found = rows.filter((r) => r.value.startsWith(prefix)).map((r) => ({ profileId: r.profile_id, t, v: r.value }));
    kept.push(...(await firstMatchesOnly(ctx, found, prefixes)));
    if (rows.length < batch) {
      t += 1;
      after = null;
    } else {
      after = rows[rows.length - 1]!.value;
    }
  }
  const page = kept.slice(0, limit);
  const last = page[page.length - 1];
  return {
    items: await describe(ctx, page.map((m) => ({ id: m.profileId, matched: { type: SEARCHED_TYPES[m.t]!, value: m.v } }))),
    nextCursor: kept.length > limit && last ? encodeCursor({ m: 'prefix', t: last.t, v: last.v }) : null,
  };
}

/**
 * A person with several matching identifiers (two emails, an email and a userId) is listed once,
 * at the first of them in result order, so walking the pages meets each person exactly once.
 */
async function firstMatchesOnly(ctx: Ctx, found: Match[], prefixes: Partial<Record<SearchedType, string>>): Promise<Match[]> {
  if (found.length === 0) return [];
  const ids = [...new Set(found.map((m) => m.profileId))];
  const identities = await identitiesOf(ctx, ids);
  const first = new Map<string, { t: number; v: string }>();
  for (const identity of identities) {
    const t = SEARCHED_TYPES.indexOf(identity.type as SearchedType);
    const prefix = prefixes[identity.type as SearchedType];
    if (prefix === undefined || !identity.value.startsWith(prefix)) continue;
    const key = { t, v: identity.value };
    const before = first.get(identity.profile_id);
    if (!before || compareKeys(key, before) < 0) first.set(identity.profile_id, key);
  }
  return found.filter((m) => {
    const f = first.get(m.profileId);
    return f !== undefined && f.t === m.t && f.v === m.v;
  });
}

/**
 * The identifiers of these profiles, through the profile_id index. Not narrowed by type in SQL:
 * without planner statistics SQLite would then read the (type, value) key instead, every email and
 * phone of the table (200 ms at 100,000 profiles against 0.2 ms); a person has a bounded number.
 */
async function identitiesOf(ctx: Ctx, ids: string[]): Promise<{ profile_id: string; type: string; value: string }[]> {
  const rows = await ctx.db.selectFrom('profile_identities').select(['profile_id', 'type', 'value']).where('profile_id', 'in', ids).execute();
  return rows.filter((r) => (SEARCHED_TYPES as readonly string[]).includes(r.type)).sort((a, b) => Buffer.compare(Buffer.from(a.value), Buffer.from(b.value)));
}

/** What a list row shows, for one page of profiles: three reads by profile id, whatever the page. */
async function describe(ctx: Ctx, page: { id: string; matched: CustomerRow['matched'] }[]): Promise<CustomerRow[]> {
  if (page.length === 0) return [];
  const ids = page.map((p) => p.id);
  const [profiles, identities, traits, channels] = await Promise.all([
    ctx.db.selectFrom('profiles').select(['id', 'created_at']).where('id', 'in', ids).execute(),
    identitiesOf(ctx, ids),
    ctx.db.selectFrom('profile_traits').select(['profile_id', 'name', 'value']).where('profile_id', 'in', ids).where('name', 'in', ['firstName', 'lastName', 'name']).execute(),
    ctx.db.selectFrom('profile_channels').select(['profile_id', 'channel', 'last_seen']).where('profile_id', 'in', ids).orderBy('channel').execute(),
  ]);
  const createdAt = new Map(profiles.map((p) => [p.id, p.created_at]));
  const identity = (id: string, type: SearchedType) => identities.find((i) => i.profile_id === id && i.type === type)?.value ?? null;
  const trait = (id: string, name: string) => {
    const row = traits.find((tr) => tr.profile_id === id && tr.name === name);
    const value = row ? (JSON.parse(row.value) as unknown) : null;
    return typeof value === 'string' && value.trim() ? value.trim() : null;
  };
  return page.map(({ id, matched }) => {
    const own = channels.filter((c) => c.profile_id === id);
    const parts = [trait(id, 'firstName'), trait(id, 'lastName')].filter((p): p is string => p !== null);
    return {
      id,
      name: parts.length > 0 ? parts.join(' ') : trait(id, 'name'),
      email: identity(id, 'email'),
      phone: identity(id, 'phone'),
      loyaltyCard: identity(id, 'loyalty_card'),
      userId: identity(id, 'userId'),
      channels: own.map((c) => c.channel),
      lastSeenAt: own.reduce<string | null>((max, c) => (max === null || c.last_seen > max ? c.last_seen : max), null),
      createdAt: createdAt.get(id) ?? '',
      matched,
    };
  });
}
