/**
 * Staff search over customers: by the beginning of an email, phone, loyalty card, userId or name, or
 * by exact profile id; without a query, the newest profiles. Every read walks an index and stops
 * after one page: identifiers through the (type, value) primary key of `profile_identities`, names
 * through the search keys of name traits (`profile_traits_search_idx`), the unfiltered list through
 * the primary key of `profiles` (ids are time-ordered, newest last).
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
 * Names are compared as name-keys.ts folds them (case, accents and hyphens ignored). The first word
 * of the query must begin a word of a first name, a last name or a full name, and the rest of the
 * query the words that follow it ("dup" finds Dupont, "jean p" and "pierre" find Jean-Pierre, "lef"
 * finds the full name "Hélène Lefèvre"); each further word must begin some word of the person's
 * names ("marie dup", "dupont m"). Whole keys are read through `profile_traits_search_idx`, their
 * ends from an inner word on through `profile_name_words` (kept by triggers, name-search.migrations.ts).
 */
import { sql } from 'kysely';
import { isPostgres } from '../../../platform/db/migration-helpers.js';
import type { Ctx } from '../../../platform/context.js';
import { AppError } from '../../../platform/errors.js';
import { decodeCursor, encodeCursor } from '../../../platform/http/common.schemas.js';
import { normaliseIdentifier } from '../resolution/identifiers.js';
import { liveProfileId } from '../resolution/resolver.js';
import { NAME_TRAITS, nameKey, nameKeyEnds } from '../name-keys.js';
import type { CustomerPage, CustomerRow } from './profiles.schemas.js';

/** What is searched by prefix, in the order results come: identifier types, then names. */
export const SEARCHED_TYPES = ['email', 'phone', 'loyalty_card', 'userId', 'name'] as const;
type SearchedType = (typeof SEARCHED_TYPES)[number];
const NAME = SEARCHED_TYPES.indexOf('name');

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
  // An email or a number is not a name.
  const name = q.includes('@') ? '' : nameKey(q);
  if (/\p{L}/u.test(name)) prefixes.name = name;
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

/**
 * Names whose search key, or the key's end from an inner word on, begins with `prefix`, after
 * `after` (a key and a profile id), in (key, profile id) order: two index ranges, the partial index
 * on name traits and the primary key of `profile_name_words`, merged. The literal `is not null`
 * repeats the partial index's predicate so that both engines see the index answers the query.
 */
export function nameRangeQuery(db: Ctx['db'], range: { prefix: string; after: { key: string; profileId: string } | null; limit: number }) {
  const upper = upperBound(range.prefix);
  // On SQLite, `coalesce` keeps the planner off the merged_into index, which it would otherwise
  // walk, every live profile, before sorting the names found (as in recentProfilesQuery). On
  // PostgreSQL the plain test is needed: its estimate of the coalesce is so low that it would hash
  // every live profile instead of walking the names in order.
  const live = sql<boolean>`${sql.raw(isPostgres(db) ? 'profiles.merged_into is null' : "coalesce(profiles.merged_into, '') = ''")}`;
  // Where a walk starts: the prefix, or past the last name given out, as a row value (which both
  // engines turn into the start of the index walk, where `key >= prefix` beside it would win).
  const within = (key: string, profileId: string) => {
    const start = range.after === null ? sql<boolean>`${sql.ref(key)} >= ${range.prefix}` : sql<boolean>`(${sql.ref(key)}, ${sql.ref(profileId)}) > (${range.after.key}, ${range.after.profileId})`;
    return upper === null ? start : sql<boolean>`${start} and ${sql.ref(key)} < ${upper}`;
  };
  const wholeKeys = db
    .selectFrom('profile_traits')
    .innerJoin('profiles', 'profiles.id', 'profile_traits.profile_id')
    .select([sql<string>`profile_traits.search_key`.as('key'), 'profile_traits.profile_id'])
    .where(sql<boolean>`profile_traits.search_key is not null`)
    .where(live)
    .where(within('profile_traits.search_key', 'profile_traits.profile_id'));
  const innerWords = db
    .selectFrom('profile_name_words')
    .innerJoin('profiles', 'profiles.id', 'profile_name_words.profile_id')
    .select(['profile_name_words.key', 'profile_name_words.profile_id'])
    .where(live)
    .where(within('profile_name_words.key', 'profile_name_words.profile_id'));
  // Both engines merge the two ranges, each walked in index order, and stop at the limit. SQLite
  // does so for a plain compound ORDER BY (each side a co-routine); PostgreSQL plans its Merge
  // Append only when each side has its own ORDER BY and LIMIT, which SQLite allows only in
  // subqueries, and would then sort their rows again.
  if (isPostgres(db)) {
    const whole = wholeKeys.orderBy('profile_traits.search_key').orderBy('profile_traits.profile_id').limit(range.limit);
    const inner = innerWords.orderBy('profile_name_words.key').orderBy('profile_name_words.profile_id').limit(range.limit);
    return db
      .selectFrom(whole.as('whole'))
      .select(['whole.key', 'whole.profile_id'])
      .unionAll(db.selectFrom(inner.as('inner')).select(['inner.key', 'inner.profile_id']))
      .orderBy('key')
      .orderBy('profile_id')
      .limit(range.limit);
  }
  return wholeKeys.unionAll(innerWords).orderBy('key').orderBy('profile_id').limit(range.limit);
}

interface Match {
  profileId: string;
  t: number;
  /** The identifier's value; for a name, its key and the profile id (keys are not unique), NUL between. */
  v: string;
}

const nameMatch = (key: string, profileId: string) => `${key}\u0000${profileId}`;

/** A name match's key and profile id (a cursor without the profile id starts at the key). */
function nameMatchParts(v: string): { key: string; profileId: string } {
  const cut = v.indexOf('\u0000');
  return cut < 0 ? { key: v, profileId: '' } : { key: v.slice(0, cut), profileId: v.slice(cut + 1) };
}

/** One batch of one type's matches after `after`, in key order, and whether the type's range goes on. */
async function matchesAfter(ctx: Ctx, t: number, prefix: string, after: string | null, batch: number): Promise<{ found: Match[]; last: string | null }> {
  if (t !== NAME) {
    const rows = await identityRangeQuery(ctx.db, { type: SEARCHED_TYPES[t]!, prefix, after, limit: batch }).execute();
    const found = rows.filter((r) => r.value.startsWith(prefix)).map((r) => ({ profileId: r.profile_id, t, v: r.value }));
    return { found, last: rows.length < batch ? null : rows[rows.length - 1]!.value };
  }
  const first = prefix.split(' ')[0]!;
  const from = after === null ? null : nameMatchParts(after);
  // With further words most of the first word's names may be dropped ("marie dup" among every
  // Marie): read them in larger batches than the page needs, rather than a query per page's worth.
  const size = first === prefix ? batch : Math.max(batch, 500);
  const rows = await nameRangeQuery(ctx.db, { prefix: first, after: from, limit: size }).execute();
  const found = rows.filter((r) => r.key.startsWith(first)).map((r) => ({ profileId: r.profile_id, t, v: nameMatch(r.key, r.profile_id) }));
  const last = rows[rows.length - 1];
  return { found, last: rows.length < size || !last ? null : nameMatch(last.key, last.profile_id) };
}

async function byPrefix(ctx: Ctx, q: string, cursor: Extract<Cursor, { m: 'prefix' }> | undefined, limit: number): Promise<CustomerPage> {
  const prefixes = searchPrefixes(q);
  const kept: Match[] = [];
  let t = cursor?.t ?? 0;
  let after: string | null = cursor?.v ?? null;
  // Each turn reads one batch of one type's key range, in order, and stops at the page's end: a
  // turn repeats within a type only when rows of that batch were dropped as the same person again
  // (or, for names, as a person whose other names do not match the query's further words).
  while (kept.length <= limit && t < SEARCHED_TYPES.length) {
    const prefix = prefixes[SEARCHED_TYPES[t]!];
    if (!prefix) {
      t += 1;
      after = null;
      continue;
    }
    const { found, last } = await matchesAfter(ctx, t, prefix, after, limit + 1 - kept.length);
    kept.push(...(await firstMatchesOnly(ctx, found, prefixes)));
    if (last === null) {
      t += 1;
      after = null;
    } else {
      after = last;
    }
  }
  const page = kept.slice(0, limit);
  const lastKept = page[page.length - 1];
  return {
    items: await describe(
      ctx,
      page.map((m) => ({ id: m.profileId, matched: { type: SEARCHED_TYPES[m.t]!, value: m.t === NAME ? nameMatchParts(m.v).key : m.v } })),
    ),
    nextCursor: kept.length > limit && lastKept ? encodeCursor({ m: 'prefix', t: lastKept.t, v: lastKept.v }) : null,
  };
}

/**
 * A person with several matching identifiers or names (two emails, an email and a userId, a first
 * name and a last name) is listed once, at the first of them in result order, so walking the pages
 * meets each person exactly once. A name matches only if the person's names hold every further word.
 */
async function firstMatchesOnly(ctx: Ctx, found: Match[], prefixes: Partial<Record<SearchedType, string>>): Promise<Match[]> {
  if (found.length === 0) return [];
  const ids = [...new Set(found.map((m) => m.profileId))];
  const first = new Map<string, { t: number; v: string }>();
  const consider = (profileId: string, key: { t: number; v: string }) => {
    const before = first.get(profileId);
    if (!before || compareKeys(key, before) < 0) first.set(profileId, key);
  };
  for (const identity of await identitiesOf(ctx, ids)) {
    const t = SEARCHED_TYPES.indexOf(identity.type as SearchedType);
    const prefix = prefixes[identity.type as SearchedType];
    if (prefix === undefined || !identity.value.startsWith(prefix)) continue;
    consider(identity.profile_id, { t, v: identity.value });
  }
  if (prefixes.name) {
    const [firstWord, ...further] = prefixes.name.split(' ');
    const names = await nameKeysOf(ctx, ids);
    for (const id of ids) {
      const keys = names.get(id) ?? [];
      const words = keys.flatMap((key) => key.split(' '));
      if (!further.every((word) => words.some((w) => w.startsWith(word)))) continue;
      for (const key of keys) for (const end of nameKeyEnds(key)) if (end.startsWith(firstWord!)) consider(id, { t: NAME, v: nameMatch(end, id) });
    }
  }
  // Two names of one person can end alike (a first name "Pierre", a full name "Jean Pierre"): the
  // same match twice, kept once.
  const listed = new Set<string>();
  return found.filter((m) => {
    const f = first.get(m.profileId);
    if (f === undefined || f.t !== m.t || f.v !== m.v || listed.has(m.profileId)) return false;
    listed.add(m.profileId);
    return true;
  });
}

/** The name search keys of these profiles, through the profile_traits primary key. */
async function nameKeysOf(ctx: Ctx, ids: string[]): Promise<Map<string, string[]>> {
  const rows = await ctx.db.selectFrom('profile_traits').select(['profile_id', 'search_key']).where('profile_id', 'in', ids).where('name', 'in', NAME_TRAITS).execute();
  const keys = new Map<string, string[]>();
  for (const row of rows) {
    if (row.search_key === null) continue;
    const own = keys.get(row.profile_id);
    if (own) own.push(row.search_key);
    else keys.set(row.profile_id, [row.search_key]);
  }
  return keys;
}

/**
 * The identifiers of these profiles, through the profile_id index. Not narrowed by type in SQL:
 * without planner statistics SQLite would then read the (type, value) key instead, every email and
 * phone of the table (200 ms at 100,000 profiles against 0.2 ms); a person has a bounded number.
 */
async function identitiesOf(ctx: Ctx, ids: string[]): Promise<{ profile_id: string; type: string; value: string }[]> {
  const rows = await ctx.db.selectFrom('profile_identities').select(['profile_id', 'type', 'value']).where('profile_id', 'in', ids).execute();
  // Identifier types only: names are not identities, and are read by nameKeysOf.
  return rows.filter((r) => r.type !== 'name' && (SEARCHED_TYPES as readonly string[]).includes(r.type)).sort((a, b) => Buffer.compare(Buffer.from(a.value), Buffer.from(b.value)));
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
