import type SqliteDatabase from 'better-sqlite3';
import { preparedOnce } from '../../../platform/db/prepared.js';
import type { Separation } from '../resolution/identity-graph.js';
import type { Identifier } from '../resolution/identifiers.js';
import { messageKey, type ConsentRow, type IngestStore, type TraitRow } from './ingest-store.js';
import { traitSearchKey } from '../name-keys.js';

/**
 * The SQLite implementation of `IngestStore`: the same statements as the Kysely one, prepared once
 * per connection and run row by row on the raw better-sqlite3 handle. On SQLite a prepared
 * statement costs a few microseconds a row while Kysely compiles and SQLite re-prepares every
 * statement it is given, so the hot path avoids both. It runs inside the caller's Kysely
 * transaction: SQLite has one connection, and Kysely holds it (and its BEGIN) for the transaction.
 */
export function sqliteIngestStore(sqlite: SqliteDatabase.Database): IngestStore {
  const s = statementsFor(sqlite);
  return {
    async existingMessages(pairs) {
      const found = new Map<string, { id: string; profileId: string | null }>();
      for (const { sourceId, messageId } of pairs) {
        const row = s.message.get(sourceId, messageId) as { id: string; profile_id: string | null } | undefined;
        if (row) found.set(messageKey(sourceId, messageId), { id: row.id, profileId: row.profile_id });
      }
      return found;
    },

    async anySuppressed() {
      return s.anySuppressed.get() !== undefined;
    },

    async suppressions(hashes) {
      const found = new Map<string, string>();
      for (const hash of hashes) {
        const row = s.suppressed.get(hash) as { erased_at: string } | undefined;
        if (row) found.set(hash, row.erased_at);
      }
      return found;
    },

    async owners(identifiers) {
      const found = new Map<string, string>();
      for (const { type, value } of identifiers) {
        const key = `${type}:${value}`;
        if (found.has(key)) continue;
        const profileId = s.owner.get(type, value) as string | undefined;
        if (profileId !== undefined) found.set(key, profileId);
      }
      return found;
    },

    async orderMarks(profileIds) {
      const found = new Map<string, string>();
      for (const id of profileIds) {
        const mark = s.orderMark.get(id) as string | undefined;
        if (mark !== undefined) found.set(id, mark);
      }
      return found;
    },

    async consents(profileIds) {
      const found: ConsentRow[] = [];
      for (const id of profileIds) {
        for (const row of s.consents.all(id) as { purpose: string; granted: number; wording_version: string | null }[]) {
          found.push({ profileId: id, purpose: row.purpose, granted: row.granted, wordingVersion: row.wording_version });
        }
      }
      return found;
    },

    async members(profileIds) {
      const found = new Map<string, Identifier[]>();
      for (const id of profileIds) found.set(id, s.members.all(id) as Identifier[]);
      return found;
    },

    async anySeparation() {
      return s.anySeparation.get() !== undefined;
    },

    async separations(keys) {
      const found = new Map<string, Separation>();
      for (const key of new Set(keys)) {
        for (const row of s.separations.all(key, key) as { id: string; a: string; b: string }[]) found.set(row.id, { a: row.a, b: row.b });
      }
      return [...found.values()];
    },

    async traits(profileIds) {
      const found: TraitRow[] = [];
      for (const id of profileIds) {
        for (const row of s.traits.all(id) as { name: string; value: string; order_key: string }[]) found.push({ profileId: id, name: row.name, value: row.value, orderKey: row.order_key });
      }
      return found;
    },

    async write(w) {
      for (const p of w.profiles) s.insertProfile.run(p.id, p.traits, p.anchor, p.lastOrderKey, w.now, w.now);
      for (const e of w.events) {
        s.insertEvent.run(e.id, e.sourceId, e.messageId, e.profileId, e.type, e.name, e.channel, e.storeId, e.timestamp, e.receivedAt, e.payload, e.identifiers, e.orderKey, e.anonymized);
      }
      for (const i of w.identities) s.upsertIdentity.run(i.type, i.value, i.profileId, i.firstSeen, i.lastSeen);
      for (const k of w.skips) s.insertSkip.run(k.identifier, k.eventId, k.reason);
      for (const t of w.traits) s.upsertTrait.run(t.profileId, t.name, t.value, t.sourceId, t.channel, t.updatedAt, t.orderKey, traitSearchKey(t.name, t.value));
      for (const c of w.channels) s.upsertChannel.run(c.profileId, c.channel, c.firstSeen, c.lastSeen, c.events);
      for (const m of w.marks) s.mark.run(m.lastOrderKey, w.now, m.id, m.lastOrderKey);
      for (const c of w.traitCaches) s.traitCache.run(c.traits, c.id);
    },
  };
}

// The statements mirror the Kysely implementation's; `pluck` returns the one column without an object per row.
function prepare(db: SqliteDatabase.Database) {
  return {
    message: db.prepare('select id, profile_id from events where source_id = ? and message_id = ?'),
    anySuppressed: db.prepare('select 1 from suppressed_identifiers limit 1').pluck(),
    suppressed: db.prepare('select erased_at from suppressed_identifiers where hash = ?'),
    owner: db.prepare('select profile_id from profile_identities where type = ? and value = ?').pluck(),
    orderMark: db.prepare('select last_order_key from profiles where id = ?').pluck(),
    consents: db.prepare('select purpose, granted, wording_version from consents where profile_id = ?'),
    members: db.prepare('select type, value from profile_identities where profile_id = ?'),
    anySeparation: db.prepare('select 1 from identity_separations limit 1').pluck(),
    separations: db.prepare('select id, a, b from identity_separations where a = ? or b = ?'),
    traits: db.prepare('select name, value, order_key from profile_traits where profile_id = ?'),
    insertProfile: db.prepare(
      'insert into profiles (id, traits, favourite_store_id, merged_into, anchor, last_order_key, created_at, updated_at) values (?, ?, null, null, ?, ?, ?, ?)',
    ),
    insertEvent: db.prepare(
      'insert into events (id, source_id, message_id, profile_id, type, name, channel, store_id, timestamp, received_at, payload, identifiers, order_key, anonymized) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    ),
    upsertIdentity: db.prepare(
      `insert into profile_identities (type, value, profile_id, first_seen_at, last_seen_at) values (?, ?, ?, ?, ?)
       on conflict (type, value) do update set last_seen_at = max(profile_identities.last_seen_at, excluded.last_seen_at),
         first_seen_at = min(profile_identities.first_seen_at, excluded.first_seen_at)`,
    ),
    insertSkip: db.prepare('insert into identity_skips (identifier, event_id, reason) values (?, ?, ?) on conflict do nothing'),
    upsertTrait: db.prepare(
      `insert into profile_traits (profile_id, name, value, source_id, channel, updated_at, order_key, search_key) values (?, ?, ?, ?, ?, ?, ?, ?)
       on conflict (profile_id, name) do update set value = excluded.value, source_id = excluded.source_id, channel = excluded.channel,
         updated_at = excluded.updated_at, order_key = excluded.order_key, search_key = excluded.search_key
       where profile_traits.order_key < excluded.order_key`,
    ),
    upsertChannel: db.prepare(
      `insert into profile_channels (profile_id, channel, first_seen, last_seen, events) values (?, ?, ?, ?, ?)
       on conflict (profile_id, channel) do update set first_seen = min(profile_channels.first_seen, excluded.first_seen),
         last_seen = max(profile_channels.last_seen, excluded.last_seen), events = profile_channels.events + excluded.events`,
    ),
    mark: db.prepare('update profiles set last_order_key = ?, updated_at = ? where id = ? and last_order_key < ?'),
    traitCache: db.prepare('update profiles set traits = ? where id = ?'),
  };
}

const statementsFor = preparedOnce(prepare);
