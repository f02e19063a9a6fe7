import type { Kysely } from 'kysely';
import type { DB } from '../../../db-schema.js';
import { newId } from '../../../platform/ids.js';
import { greatest, least } from '../../../platform/db/sql-functions.js';
import { IdentityGraph, sortByStrength, type EventOutcome, type GraphEvent, type Separation } from './identity-graph.js';
import { identifierKey, parseIdentifierKey, DEFAULT_RULES, type Identifier } from './identifiers.js';
import { mergeConsents } from '../consent/consent.service.js';
import { newProfileId } from '../identity-ids.js';

/** The part of a stored event the resolver needs. */
export interface ResolvableEvent {
  id: string;
  orderKey: string;
  timestamp: string;
  identifiers: Identifier[];
}

export interface Resolution {
  /** The profile that owns the event. */
  profileId: string;
  /** Profiles whose events or identifiers moved: their traits and channels must be rebuilt. */
  touched: string[];
  merges: number;
}

interface ProfileRow {
  id: string;
  anchor: string | null;
  last_order_key: string;
}

/** The profile each of these identifier keys belongs to, when it belongs to one. */
export async function ownersOf(db: Kysely<DB>, keys: string[]): Promise<Map<string, string>> {
  const owners = new Map<string, string>();
  if (keys.length === 0) return owners;
  const identifiers = keys.map(parseIdentifierKey);
  const rows = await db
    .selectFrom('profile_identities')
    .select(['type', 'value', 'profile_id'])
    .where((eb) => eb.or(identifiers.map((i) => eb.and([eb('type', '=', i.type), eb('value', '=', i.value)]))))
    .execute();
  for (const row of rows) owners.set(`${row.type}:${row.value}`, row.profile_id);
  return owners;
}

async function separationsFor(db: Kysely<DB>, keys: string[]): Promise<Separation[]> {
  if (keys.length === 0) return [];
  const rows = await db
    .selectFrom('identity_separations')
    .select(['a', 'b'])
    .where((eb) => eb.or([eb('a', 'in', keys), eb('b', 'in', keys)]))
    .execute();
  return rows;
}

async function createProfile(db: Kysely<DB>, anchor: string, at: string): Promise<string> {
  const id = newProfileId();
  await db.insertInto('profiles').values({ id, traits: '{}', favourite_store_id: null, merged_into: null, anchor, last_order_key: '', created_at: at, updated_at: at }).execute();
  return id;
}

/** Follows merges to the profile that holds a person now (an id merged away answers with the survivor). */
export async function liveProfileId(db: Kysely<DB>, id: string): Promise<string | undefined> {
  const row = await db.selectFrom('profiles').select(['id', 'merged_into']).where('id', '=', id).executeTakeFirst();
  if (!row) return undefined;
  if (!row.merged_into) return row.id;
  const survivor = await db.selectFrom('profiles').select(['id', 'merged_into']).where('id', '=', row.merged_into).executeTakeFirst();
  // Merges keep pointers one step deep (chains are re-pointed), but a second step costs nothing to follow.
  return survivor?.merged_into ? liveProfileId(db, survivor.merged_into) : survivor?.id;
}

/**
 * Finds (or makes) the profile an event belongs to, merging profiles the event links when the
 * rules allow. Events that arrive in order for the profiles they touch are applied directly;
 * a late one makes the neighbourhood be resolved again from its events in canonical order, so the
 * result never depends on arrival order. Runs inside the caller's transaction; the event row is
 * written by the caller before, with its `identifiers` and `order_key`.
 */
export async function resolveEvent(db: Kysely<DB>, event: ResolvableEvent, now: string): Promise<Resolution> {
  const keys = event.identifiers.map(identifierKey);
  const owners = await ownersOf(db, keys);
  const profileIds = [...new Set(owners.values())];
  const profiles = profileIds.length
    ? await db.selectFrom('profiles').select(['id', 'anchor', 'last_order_key']).where('id', 'in', profileIds).execute()
    : [];
  const inOrder = profiles.every((profile) => profile.last_order_key < event.orderKey);
  if (inOrder) return applyInOrder(db, event, owners, profiles, now);
  return resolveNeighbourhood(db, event, profileIds, now);
}

/** The common case: the event is the newest for every profile it touches. */
async function applyInOrder(db: Kysely<DB>, event: ResolvableEvent, owners: Map<string, string>, profiles: ProfileRow[], now: string): Promise<Resolution> {
  const profileOfRoot = new Map<string, string>();
  const members = profiles.length
    ? await db.selectFrom('profile_identities').select(['type', 'value', 'profile_id']).where('profile_id', 'in', profiles.map((p) => p.id)).execute()
    : [];
  const byProfile = new Map<string, Identifier[]>();
  for (const row of members) {
    const list = byProfile.get(row.profile_id) ?? [];
    list.push({ type: row.type, value: row.value });
    byProfile.set(row.profile_id, list);
  }
  const allKeys = members.map((m) => `${m.type}:${m.value}`).concat(event.identifiers.map(identifierKey));
  const separations = await separationsFor(db, allKeys);
  const seeded = new IdentityGraph(DEFAULT_RULES, separations);
  for (const [profileId, identifiers] of byProfile) profileOfRoot.set(seeded.seed(identifiers), profileId);
  const outcome = seeded.apply({ key: event.orderKey, identifiers: event.identifiers });
  return writeOutcome(db, event, outcome, seeded, profileOfRoot, owners, profiles, now);
}

async function writeOutcome(
  db: Kysely<DB>,
  event: ResolvableEvent,
  outcome: EventOutcome,
  graph: IdentityGraph,
  profileOfRoot: Map<string, string>,
  owners: Map<string, string>,
  profiles: ProfileRow[],
  now: string,
): Promise<Resolution> {
  const ownerRoot = graph.find(outcome.owner!)!;
  // The profiles that became one: the oldest survives (ids are time-ordered), so merges are stable.
  const merging = [...new Set([...graph.members(ownerRoot)].map((key) => owners.get(key)).filter((id): id is string => id !== undefined))].sort();
  let survivor = merging[0];
  if (!survivor) {
    const anchor = identifierKey(sortByStrength(event.identifiers.filter((i) => graph.find(identifierKey(i)) === ownerRoot))[0]!);
    survivor = await createProfile(db, anchor, now);
  }
  const anchors = new Map(profiles.map((p) => [p.id, p.anchor ?? '']));
  for (const merged of merging.slice(1)) {
    const via = outcome.merges.find((m) => owners.get(m.via) === merged)?.via ?? null;
    await db.updateTable('profile_identities').set({ profile_id: survivor }).where('profile_id', '=', merged).execute();
    await db.updateTable('events').set({ profile_id: survivor }).where('profile_id', '=', merged).execute();
    await db.updateTable('profiles').set({ merged_into: survivor, updated_at: now }).where('id', '=', merged).execute();
    await db.updateTable('profiles').set({ merged_into: survivor, updated_at: now }).where('merged_into', '=', merged).execute();
    await db
      .insertInto('identity_merges')
      .values({
        id: newId('mrg'),
        survivor_id: survivor,
        merged_id: merged,
        survivor_anchor: anchors.get(survivor) ?? '',
        merged_anchor: anchors.get(merged) ?? '',
        event_id: event.id,
        via,
        reason: 'linked_by_event',
        created_at: now,
        reverted_at: null,
        reverted_by: null,
      })
      .execute();
  }
  await mergeConsents(db, survivor, merging.slice(1), now);
  // New identifiers join the profile of their component; a new one left out by the rules gets its own.
  for (const identifier of event.identifiers) {
    const key = identifierKey(identifier);
    const root = graph.find(key)!;
    let profileId = root === ownerRoot ? survivor : (profileOfRoot.get(root) ?? owners.get(key));
    if (!profileId) {
      profileId = await createProfile(db, key, now);
      profileOfRoot.set(root, profileId);
    }
    await db
      .insertInto('profile_identities')
      .values({ type: identifier.type, value: identifier.value, profile_id: profileId, first_seen_at: event.timestamp, last_seen_at: event.timestamp })
      .onConflict((oc) =>
        oc.columns(['type', 'value']).doUpdateSet((eb) => ({
          last_seen_at: greatest(db, eb.ref('profile_identities.last_seen_at'), eb.ref('excluded.last_seen_at')),
          first_seen_at: least(db, eb.ref('profile_identities.first_seen_at'), eb.ref('excluded.first_seen_at')),
        })),
      )
      .execute();
  }
  for (const skip of outcome.skipped) {
    await db.insertInto('identity_skips').values({ identifier: skip.identifier, event_id: event.id, reason: `${skip.reason}:${skip.detail}` }).onConflict((oc) => oc.doNothing()).execute();
  }
  // Every profile the event named moves its order mark, so an older event touching it later is resolved again.
  const touchedProfiles = new Set<string>([survivor]);
  for (const key of event.identifiers.map(identifierKey)) {
    const root = graph.find(key)!;
    const profileId = root === ownerRoot ? survivor : (profileOfRoot.get(root) ?? owners.get(key));
    if (profileId) touchedProfiles.add(profileId);
  }
  await db
    .updateTable('profiles')
    .set({ last_order_key: event.orderKey, updated_at: now })
    .where('id', 'in', [...touchedProfiles])
    .where('last_order_key', '<', event.orderKey)
    .execute();
  await db.updateTable('events').set({ profile_id: survivor }).where('id', '=', event.id).execute();
  return { profileId: survivor, touched: merging.length > 1 ? [survivor] : [], merges: Math.max(0, merging.length - 1) };
}

/**
 * Resolves again, from their events in canonical order, every profile a late event reaches: the
 * profiles of its identifiers, and of every identifier their events name, until nothing new comes in.
 */
export async function resolveNeighbourhood(db: Kysely<DB>, event: ResolvableEvent | null, startProfiles: string[], now: string): Promise<Resolution> {
  const profileSet = new Set(startProfiles);
  const eventRows = new Map<string, { id: string; order_key: string; timestamp: string; identifiers: string }>();
  let frontier = [...profileSet];
  while (frontier.length > 0) {
    const owned = await db.selectFrom('events').select(['id', 'order_key', 'timestamp', 'identifiers']).where('profile_id', 'in', frontier).execute();
    const identityRows = await db.selectFrom('profile_identities').select(['type', 'value']).where('profile_id', 'in', frontier).execute();
    const identityKeys = identityRows.map((r) => `${r.type}:${r.value}`);
    const skipped = identityKeys.length
      ? await db
          .selectFrom('identity_skips')
          .innerJoin('events', 'events.id', 'identity_skips.event_id')
          .select(['events.id', 'events.order_key', 'events.timestamp', 'events.identifiers'])
          .where('identity_skips.identifier', 'in', identityKeys)
          .execute()
      : [];
    const mentioned = new Set<string>();
    for (const row of [...owned, ...skipped]) {
      if (eventRows.has(row.id)) continue;
      eventRows.set(row.id, row);
      for (const key of JSON.parse(row.identifiers) as string[]) mentioned.add(key);
    }
    const owners = await ownersOf(db, [...mentioned]);
    frontier = [...new Set(owners.values())].filter((id) => !profileSet.has(id));
    for (const id of frontier) profileSet.add(id);
  }
  if (event) eventRows.set(event.id, { id: event.id, order_key: event.orderKey, timestamp: event.timestamp, identifiers: JSON.stringify(event.identifiers.map(identifierKey)) });

  const events = [...eventRows.values()].sort((a, b) => (a.order_key < b.order_key ? -1 : a.order_key > b.order_key ? 1 : 0));
  const allKeys = new Set<string>();
  for (const row of events) for (const key of JSON.parse(row.identifiers) as string[]) allKeys.add(key);
  const separations = await separationsFor(db, [...allKeys]);
  const graph = new IdentityGraph(DEFAULT_RULES, separations);
  const owner = new Map<string, string>();
  const skips: { identifier: string; eventId: string; reason: string }[] = [];
  const firstSeen = new Map<string, string>();
  const lastSeen = new Map<string, string>();
  const lastKeyOf = new Map<string, string>();
  for (const row of events) {
    const identifiers = (JSON.parse(row.identifiers) as string[]).map(parseIdentifierKey);
    const outcome = graph.apply({ key: row.order_key, identifiers } satisfies GraphEvent);
    // An event naming no identifier it can be owned by (rows written straight into the table, an
    // import) stays where it is: nothing here says where else it would belong.
    if (outcome.owner !== null) owner.set(row.id, outcome.owner);
    for (const skip of outcome.skipped) skips.push({ identifier: skip.identifier, eventId: row.id, reason: `${skip.reason}:${skip.detail}` });
    for (const identifier of identifiers) {
      const key = identifierKey(identifier);
      if (!firstSeen.has(key)) firstSeen.set(key, row.timestamp);
      lastSeen.set(key, row.timestamp);
      lastKeyOf.set(key, row.order_key);
    }
  }
  const components = graph.components();

  // Profile ids: each component keeps the oldest profile whose anchor it holds; the others merge into it.
  // Profiles merged into these earlier are candidates too: an unmerge revives them.
  const oldProfiles = profileSet.size
    ? await db
        .selectFrom('profiles')
        .select(['id', 'anchor', 'merged_into'])
        .where((eb) => eb.or([eb('id', 'in', [...profileSet]), eb('merged_into', 'in', [...profileSet])]))
        .orderBy('id')
        .execute()
    : [];
  const profileOfRoot = new Map<string, string>();
  const mergedInto = new Map<string, string>();
  for (const profile of oldProfiles) {
    const root = profile.anchor ? graph.find(profile.anchor) : undefined;
    if (root === undefined) continue;
    const kept = profileOfRoot.get(root);
    if (kept === undefined) profileOfRoot.set(root, profile.id);
    else mergedInto.set(profile.id, kept);
  }
  for (const [root, members] of components) {
    if (!profileOfRoot.has(root)) {
      const anchor = identifierKey(sortByStrength([...members].map(parseIdentifierKey))[0]!);
      profileOfRoot.set(root, await createProfile(db, anchor, now));
    }
  }

  const oldIds = [...profileSet];
  if (oldIds.length) await db.deleteFrom('profile_identities').where('profile_id', 'in', oldIds).execute();
  const eventIds = events.map((e) => e.id);
  for (let i = 0; i < eventIds.length; i += 500) await db.deleteFrom('identity_skips').where('event_id', 'in', eventIds.slice(i, i + 500)).execute();
  for (const [root, members] of components) {
    const profileId = profileOfRoot.get(root)!;
    const rows = [...members].map((key) => {
      const { type, value } = parseIdentifierKey(key);
      return { type, value, profile_id: profileId, first_seen_at: firstSeen.get(key) ?? now, last_seen_at: lastSeen.get(key) ?? now };
    });
    for (let i = 0; i < rows.length; i += 500) await db.insertInto('profile_identities').values(rows.slice(i, i + 500)).execute();
    let last = '';
    for (const key of members) {
      const k = lastKeyOf.get(key) ?? '';
      if (k > last) last = k;
    }
    await db.updateTable('profiles').set({ merged_into: null, last_order_key: last, updated_at: now }).where('id', '=', profileId).execute();
  }
  for (const skip of skips) await db.insertInto('identity_skips').values({ identifier: skip.identifier, event_id: skip.eventId, reason: skip.reason }).onConflict((oc) => oc.doNothing()).execute();
  // Events move to the profile of their owner component, grouped to keep statements few.
  const eventsByProfile = new Map<string, string[]>();
  for (const [eventId, root] of owner) {
    const component = graph.find(root);
    const profileId = component === undefined ? undefined : profileOfRoot.get(component);
    if (profileId === undefined) continue;
    const list = eventsByProfile.get(profileId) ?? [];
    list.push(eventId);
    eventsByProfile.set(profileId, list);
  }
  for (const [profileId, ids] of eventsByProfile) {
    for (let i = 0; i < ids.length; i += 500) await db.updateTable('events').set({ profile_id: profileId }).where('id', 'in', ids.slice(i, i + 500)).execute();
  }
  const anchors = new Map(oldProfiles.map((p) => [p.id, p.anchor ?? '']));
  for (const [merged, survivor] of mergedInto) {
    const wasLive = oldProfiles.find((p) => p.id === merged)?.merged_into === null;
    await db.updateTable('profiles').set({ merged_into: survivor, updated_at: now }).where((eb) => eb.or([eb('id', '=', merged), eb('merged_into', '=', merged)])).execute();
    if (wasLive) {
      await db
        .insertInto('identity_merges')
        .values({ id: newId('mrg'), survivor_id: survivor, merged_id: merged, survivor_anchor: anchors.get(survivor) ?? '', merged_anchor: anchors.get(merged) ?? '', event_id: event?.id ?? null, via: null, reason: 'resolved_again', created_at: now, reverted_at: null, reverted_by: null })
        .execute();
    }
  }
  const mergedBySurvivor = new Map<string, string[]>();
  for (const [merged, survivor] of mergedInto) mergedBySurvivor.set(survivor, [...(mergedBySurvivor.get(survivor) ?? []), merged]);
  for (const [survivor, merged] of mergedBySurvivor) await mergeConsents(db, survivor, merged, now);
  const ownerProfile = event ? profileOfRoot.get(graph.find(owner.get(event.id)!)!)! : '';
  return { profileId: ownerProfile, touched: [...new Set(profileOfRoot.values())], merges: mergedInto.size };
}
