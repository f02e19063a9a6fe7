import { sql, type Kysely } from 'kysely';
import type { DB } from '../../../db-schema.js';
import { greatest, least } from '../../../platform/db/sql-functions.js';
import type { Separation } from '../resolution/identity-graph.js';
import type { Identifier } from '../resolution/identifiers.js';
import { traitSearchKey } from '../name-keys.js';

/**
 * What batch ingestion reads and writes, as whole-batch operations. Two implementations: this one
 * (Kysely, multi-row statements: few round trips, which is what counts on PostgreSQL) and
 * `ingest-store.sqlite.ts` (prepared statements on the raw SQLite handle: there, Kysely's compile
 * and re-prepare of every statement costs more than the work itself). Both run inside the caller's
 * transaction and must give the same rows.
 */
export interface IngestStore {
  /** Already stored (source, message id) pairs, keyed by `messageKey`. */
  existingMessages(pairs: { sourceId: string; messageId: string }[]): Promise<Map<string, { id: string; profileId: string | null }>>;
  /** Whether any identifier was ever erased: most databases have none, and then nothing is hashed. */
  anySuppressed(): Promise<boolean>;
  /** Erasure time of these identifier hashes, for those that are suppressed. */
  suppressions(hashes: string[]): Promise<Map<string, string>>;
  /** Profile of each identifier key that has one. */
  owners(identifiers: Identifier[]): Promise<Map<string, string>>;
  /** `last_order_key` of each of these profiles. */
  orderMarks(profileIds: string[]): Promise<Map<string, string>>;
  /** Recorded consent choices of these profiles. */
  consents(profileIds: string[]): Promise<ConsentRow[]>;
  /** Every identifier of each of these profiles. */
  members(profileIds: string[]): Promise<Map<string, Identifier[]>>;
  /** Whether an admin ever separated identifiers (unmerge): most databases have none. */
  anySeparation(): Promise<boolean>;
  /** Admin separations naming any of these keys. */
  separations(keys: string[]): Promise<Separation[]>;
  /** Current trait rows of these profiles. */
  traits(profileIds: string[]): Promise<TraitRow[]>;
  write(writes: IngestWrites): Promise<void>;
}

export interface ConsentRow {
  profileId: string;
  purpose: string;
  granted: number;
  wordingVersion: string | null;
}

export const messageKey = (sourceId: string, messageId: string) => `${sourceId}\u0000${messageId}`;

export interface TraitRow {
  profileId: string;
  name: string;
  /** JSON text. */
  value: string;
  orderKey: string;
}

export interface EventRow {
  id: string;
  sourceId: string;
  messageId: string;
  profileId: string | null;
  type: string;
  name: string | null;
  channel: string;
  storeId: string | null;
  timestamp: string;
  receivedAt: string;
  payload: string;
  identifiers: string;
  orderKey: string;
  anonymized: number;
}

/** Everything one planned run writes; each list holds at most one row per primary key. */
export interface IngestWrites {
  now: string;
  /** Profiles made by this run, with their final order mark and trait cache. */
  profiles: { id: string; anchor: string; lastOrderKey: string; traits: string }[];
  events: EventRow[];
  /** Upserted: a known identifier keeps its profile and widens its first/last seen. */
  identities: { type: string; value: string; profileId: string; firstSeen: string; lastSeen: string }[];
  skips: { identifier: string; eventId: string; reason: string }[];
  /** Upserted, only over an older value (by order key). */
  traits: { profileId: string; name: string; value: string; sourceId: string; channel: string; updatedAt: string; orderKey: string }[];
  /** Upserted: first/last seen widened, counts added. */
  channels: { profileId: string; channel: string; firstSeen: string; lastSeen: string; events: number }[];
  /** Existing profiles whose order mark moves forward (and `updated_at` to now). */
  marks: { id: string; lastOrderKey: string }[];
  /** Existing profiles' new trait cache. */
  traitCaches: { id: string; traits: string }[];
}

// Below SQLite's 32,766 and PostgreSQL's 65,535 bound parameters per statement.
const CHUNK_PARAMS = 30_000;

function chunks<T>(rows: readonly T[], paramsPerRow: number): T[][] {
  const size = Math.max(1, Math.floor(CHUNK_PARAMS / paramsPerRow));
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

function groupBy<T>(rows: readonly T[], keyOf: (row: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const key = keyOf(row);
    const list = groups.get(key);
    if (list) list.push(row);
    else groups.set(key, [row]);
  }
  return groups;
}

/** The Kysely implementation: one statement per table and chunk. */
export function kyselyIngestStore(db: Kysely<DB>): IngestStore {
  return {
    async existingMessages(pairs) {
      const found = new Map<string, { id: string; profileId: string | null }>();
      for (const [sourceId, list] of groupBy(pairs, (p) => p.sourceId)) {
        for (const part of chunks([...new Set(list.map((p) => p.messageId))], 1)) {
          const rows = await db.selectFrom('events').select(['message_id', 'id', 'profile_id']).where('source_id', '=', sourceId).where('message_id', 'in', part).execute();
          for (const row of rows) found.set(messageKey(sourceId, row.message_id), { id: row.id, profileId: row.profile_id });
        }
      }
      return found;
    },

    async anySuppressed() {
      return (await db.selectFrom('suppressed_identifiers').select('hash').limit(1).executeTakeFirst()) !== undefined;
    },

    async suppressions(hashes) {
      const found = new Map<string, string>();
      for (const part of chunks([...new Set(hashes)], 1)) {
        const rows = await db.selectFrom('suppressed_identifiers').select(['hash', 'erased_at']).where('hash', 'in', part).execute();
        for (const row of rows) found.set(row.hash, row.erased_at);
      }
      return found;
    },

    async owners(identifiers) {
      const found = new Map<string, string>();
      const unique = [...new Map(identifiers.map((i) => [`${i.type}:${i.value}`, i])).values()];
      // One statement per chunk: `(type = ? and value in (…)) or …`, each branch an index range.
      for (const part of chunks(unique, 1)) {
        const byType = groupBy(part, (i) => i.type);
        const rows = await db
          .selectFrom('profile_identities')
          .select(['type', 'value', 'profile_id'])
          .where((eb) => eb.or([...byType].map(([type, list]) => eb.and([eb('type', '=', type), eb('value', 'in', list.map((i) => i.value))]))))
          .execute();
        for (const row of rows) found.set(`${row.type}:${row.value}`, row.profile_id);
      }
      return found;
    },

    async orderMarks(profileIds) {
      const found = new Map<string, string>();
      for (const part of chunks(profileIds, 1)) {
        const rows = await db.selectFrom('profiles').select(['id', 'last_order_key']).where('id', 'in', part).execute();
        for (const row of rows) found.set(row.id, row.last_order_key);
      }
      return found;
    },

    async consents(profileIds) {
      const found: ConsentRow[] = [];
      for (const part of chunks(profileIds, 1)) {
        const rows = await db.selectFrom('consents').select(['profile_id', 'purpose', 'granted', 'wording_version']).where('profile_id', 'in', part).execute();
        for (const row of rows) found.push({ profileId: row.profile_id, purpose: row.purpose, granted: row.granted, wordingVersion: row.wording_version });
      }
      return found;
    },

    async members(profileIds) {
      const found = new Map<string, Identifier[]>();
      for (const part of chunks(profileIds, 1)) {
        const rows = await db.selectFrom('profile_identities').select(['profile_id', 'type', 'value']).where('profile_id', 'in', part).execute();
        for (const row of rows) {
          const list = found.get(row.profile_id);
          if (list) list.push({ type: row.type, value: row.value });
          else found.set(row.profile_id, [{ type: row.type, value: row.value }]);
        }
      }
      return found;
    },

    async anySeparation() {
      return (await db.selectFrom('identity_separations').select('id').limit(1).executeTakeFirst()) !== undefined;
    },

    async separations(keys) {
      const found = new Map<string, Separation>();
      for (const part of chunks([...new Set(keys)], 2)) {
        const rows = await db.selectFrom('identity_separations').select(['id', 'a', 'b']).where((eb) => eb.or([eb('a', 'in', part), eb('b', 'in', part)])).execute();
        for (const row of rows) found.set(row.id, { a: row.a, b: row.b });
      }
      return [...found.values()];
    },

    async traits(profileIds) {
      const found: TraitRow[] = [];
      for (const part of chunks(profileIds, 1)) {
        const rows = await db.selectFrom('profile_traits').select(['profile_id', 'name', 'value', 'order_key']).where('profile_id', 'in', part).execute();
        for (const row of rows) found.push({ profileId: row.profile_id, name: row.name, value: row.value, orderKey: row.order_key });
      }
      return found;
    },

    async write(w) {
      for (const part of chunks(w.profiles, 8)) {
        await db
          .insertInto('profiles')
          .values(part.map((p) => ({ id: p.id, traits: p.traits, favourite_store_id: null, merged_into: null, anchor: p.anchor, last_order_key: p.lastOrderKey, created_at: w.now, updated_at: w.now })))
          .execute();
      }
      for (const part of chunks(w.events, 14)) {
        await db
          .insertInto('events')
          .values(
            part.map((e) => ({
              id: e.id,
              source_id: e.sourceId,
              message_id: e.messageId,
              profile_id: e.profileId,
              type: e.type,
              name: e.name,
              channel: e.channel,
              store_id: e.storeId,
              timestamp: e.timestamp,
              received_at: e.receivedAt,
              payload: e.payload,
              identifiers: e.identifiers,
              order_key: e.orderKey,
              anonymized: e.anonymized,
            })),
          )
          .execute();
      }
      for (const part of chunks(w.identities, 5)) {
        await db
          .insertInto('profile_identities')
          .values(part.map((i) => ({ type: i.type, value: i.value, profile_id: i.profileId, first_seen_at: i.firstSeen, last_seen_at: i.lastSeen })))
          .onConflict((oc) =>
            oc.columns(['type', 'value']).doUpdateSet((eb) => ({
              last_seen_at: greatest(db, eb.ref('profile_identities.last_seen_at'), eb.ref('excluded.last_seen_at')),
              first_seen_at: least(db, eb.ref('profile_identities.first_seen_at'), eb.ref('excluded.first_seen_at')),
            })),
          )
          .execute();
      }
      for (const part of chunks(w.skips, 3)) {
        await db.insertInto('identity_skips').values(part.map((s) => ({ identifier: s.identifier, event_id: s.eventId, reason: s.reason }))).onConflict((oc) => oc.doNothing()).execute();
      }
      for (const part of chunks(w.traits, 8)) {
        await db
          .insertInto('profile_traits')
          .values(part.map((t) => ({ profile_id: t.profileId, name: t.name, value: t.value, source_id: t.sourceId, channel: t.channel, updated_at: t.updatedAt, order_key: t.orderKey, search_key: traitSearchKey(t.name, t.value) })))
          .onConflict((oc) =>
            oc
              .columns(['profile_id', 'name'])
              .doUpdateSet((eb) => ({
                value: eb.ref('excluded.value'),
                source_id: eb.ref('excluded.source_id'),
                channel: eb.ref('excluded.channel'),
                updated_at: eb.ref('excluded.updated_at'),
                order_key: eb.ref('excluded.order_key'),
                search_key: eb.ref('excluded.search_key'),
              }))
              .whereRef('profile_traits.order_key', '<', 'excluded.order_key'),
          )
          .execute();
      }
      for (const part of chunks(w.channels, 5)) {
        await db
          .insertInto('profile_channels')
          .values(part.map((c) => ({ profile_id: c.profileId, channel: c.channel, first_seen: c.firstSeen, last_seen: c.lastSeen, events: c.events })))
          .onConflict((oc) =>
            oc.columns(['profile_id', 'channel']).doUpdateSet((eb) => ({
              first_seen: least(db, eb.ref('profile_channels.first_seen'), eb.ref('excluded.first_seen')),
              last_seen: greatest(db, eb.ref('profile_channels.last_seen'), eb.ref('excluded.last_seen')),
              events: eb('profile_channels.events', '+', eb.ref('excluded.events')),
            })),
          )
          .execute();
      }
      // One UPDATE … FROM a VALUES list per chunk (SQLite ≥ 3.33 and PostgreSQL both take it), not one per profile.
      for (const part of chunks(w.marks, 2)) {
        const values = sql.join(part.map((m) => sql`(${m.id}, ${m.lastOrderKey})`));
        await sql`with v(id, k) as (values ${values})
          update profiles set last_order_key = v.k, updated_at = ${w.now}
          from v where profiles.id = v.id and profiles.last_order_key < v.k`.execute(db);
      }
      for (const part of chunks(w.traitCaches, 2)) {
        const values = sql.join(part.map((c) => sql`(${c.id}, ${c.traits})`));
        await sql`with v(id, traits) as (values ${values}) update profiles set traits = v.traits from v where profiles.id = v.id`.execute(db);
      }
    },
  };
}
