import type SqliteDatabase from 'better-sqlite3';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../../db-schema.js';
import { preparedOnce } from '../../../platform/db/prepared.js';
import type { ConsentRow } from '../consent/consent.service.js';
import { liveProfileId } from '../resolution/resolver.js';

/**
 * The rows a 360° profile is made of, read in one go: the profile, its identities, traits, channels,
 * consents, account, the profiles merged into it, and the events its computed traits come from.
 *
 * Two readers with the same statements: Kysely's (PostgreSQL, or SQLite inside a transaction), and
 * on SQLite prepared statements run back to back while the connection is held, because building
 * nine queries with Kysely cost more CPU than SQLite took to run them (the profile read is the
 * console's customer 360 and the associate app's greeting; issue 3 wants it under 10 ms at 500/s).
 */
export interface ProfileRows {
  profile: { id: string; favourite_store_id: string | null; created_at: string; updated_at: string };
  identities: { type: string; value: string; first_seen_at: string; last_seen_at: string }[];
  traits: { name: string; value: string; source_id: string | null; channel: string | null; updated_at: string }[];
  channels: { channel: string; first_seen: string; last_seen: string; events: number }[];
  consents: ConsentRow[];
  /** Orders and store events only (`HISTORY_PREDICATE`); `payload` of orders only, null for the others. */
  history: { name: string | null; channel: string; store_id: string | null; timestamp: string; payload: string | null }[];
  account: { email: string; created_at: string } | undefined;
  mergedFrom: string[];
}

/**
 * The events computed traits need: orders (their payload) and anything at a store (its store).
 * The same text as the predicate of `events_profile_history_idx` (identity-graph.migrations.ts), a
 * literal rather than a parameter: both planners then see that the partial index holds every row
 * asked for, and read that small index instead of every event of the person.
 */
export const HISTORY_PREDICATE = "name = 'Order Completed' or store_id is not null";
const HISTORY_PAYLOAD = "case when name = 'Order Completed' then payload end";
/** SQLite's statement for the history: the payload, not in the index, is fetched for orders only. */
export const HISTORY_SQL = `select name, channel, store_id, timestamp, ${HISTORY_PAYLOAD} as payload from events where profile_id = ? and (${HISTORY_PREDICATE})`;

/** With Kysely, on either engine; undefined when there is no such profile. */
export async function readProfileRows(db: Kysely<DB>, id: string): Promise<ProfileRows | undefined> {
  const profileId = await liveProfileId(db, id);
  if (!profileId) return undefined;
  const [profile, identities, traits, channels, consents, history, account, merged] = await Promise.all([
    db.selectFrom('profiles').select(['id', 'favourite_store_id', 'created_at', 'updated_at']).where('id', '=', profileId).executeTakeFirstOrThrow(),
    db.selectFrom('profile_identities').select(['type', 'value', 'first_seen_at', 'last_seen_at']).where('profile_id', '=', profileId).orderBy('type').orderBy('value').execute(),
    db.selectFrom('profile_traits').select(['name', 'value', 'source_id', 'channel', 'updated_at']).where('profile_id', '=', profileId).orderBy('name').execute(),
    db.selectFrom('profile_channels').select(['channel', 'first_seen', 'last_seen', 'events']).where('profile_id', '=', profileId).orderBy('first_seen').execute(),
    db.selectFrom('consents').select(['purpose', 'granted', 'channel', 'source', 'wording_version', 'updated_at']).where('profile_id', '=', profileId).execute(),
    db
      .selectFrom('events')
      .select(['name', 'channel', 'store_id', 'timestamp', sql<string | null>`${sql.raw(HISTORY_PAYLOAD)}`.as('payload')])
      .where('profile_id', '=', profileId)
      .where(sql<boolean>`(${sql.raw(HISTORY_PREDICATE)})`)
      .execute(),
    db.selectFrom('customer_accounts').select(['email', 'created_at']).where('profile_id', '=', profileId).executeTakeFirst(),
    db.selectFrom('profiles').select('id').where('merged_into', '=', profileId).orderBy('id').execute(),
  ]);
  return { profile, identities, traits, channels, consents, history, account, mergedFrom: merged.map((m) => m.id) };
}

interface Statements {
  profile: SqliteDatabase.Statement<[string], { id: string; merged_into: string | null; favourite_store_id: string | null; created_at: string; updated_at: string }>;
  identities: SqliteDatabase.Statement<[string], ProfileRows['identities'][number]>;
  traits: SqliteDatabase.Statement<[string], ProfileRows['traits'][number]>;
  channels: SqliteDatabase.Statement<[string], ProfileRows['channels'][number]>;
  consents: SqliteDatabase.Statement<[string], ConsentRow>;
  history: SqliteDatabase.Statement<[string], ProfileRows['history'][number]>;
  account: SqliteDatabase.Statement<[string], { email: string; created_at: string }>;
  mergedFrom: SqliteDatabase.Statement<[string], string>;
}

// The same SQL as the Kysely reader's, so both give the same rows in the same order.
const statementsOf = preparedOnce(
  (sqlite): Statements =>
    ({
      profile: sqlite.prepare('select id, merged_into, favourite_store_id, created_at, updated_at from profiles where id = ?'),
      identities: sqlite.prepare('select type, value, first_seen_at, last_seen_at from profile_identities where profile_id = ? order by type, value'),
      traits: sqlite.prepare('select name, value, source_id, channel, updated_at from profile_traits where profile_id = ? order by name'),
      channels: sqlite.prepare('select channel, first_seen, last_seen, events from profile_channels where profile_id = ? order by first_seen'),
      consents: sqlite.prepare('select purpose, granted, channel, source, wording_version, updated_at from consents where profile_id = ?'),
      history: sqlite.prepare(HISTORY_SQL),
      account: sqlite.prepare('select email, created_at from customer_accounts where profile_id = ?'),
      mergedFrom: sqlite.prepare<[string], string>('select id from profiles where merged_into = ? order by id').pluck(),
    }) as Statements,
);

/**
 * On SQLite, with prepared statements. `db` must be the Kysely over `sqlite`: the statements run
 * while its one connection is held, so no transaction of another request is open on it meanwhile
 * (that request would see nothing, but we would see its uncommitted writes). All of them run in one
 * turn of the event loop: no write of this process comes between them.
 */
export async function readProfileRowsSqlite(db: Kysely<DB>, sqlite: SqliteDatabase.Database, id: string): Promise<ProfileRows | undefined> {
  // Inside the caller's transaction the connection is already ours.
  if (db.isTransaction) return sqlite.inTransaction ? readSync(statementsOf(sqlite), id) : readProfileRows(db, id);
  return db.connection().execute(async (connection) => (sqlite.inTransaction ? readProfileRows(connection, id) : readSync(statementsOf(sqlite), id)));
}

function readSync(s: Statements, id: string): ProfileRows | undefined {
  let row = s.profile.get(id);
  // As resolver.ts's liveProfileId: merges keep pointers one step deep (chains are re-pointed), a
  // further step is followed all the same; a chain this long could only be a loop.
  for (let steps = 0; row?.merged_into && steps < 64; steps++) row = s.profile.get(row.merged_into);
  if (!row || row.merged_into) return undefined;
  const profileId = row.id;
  return {
    profile: { id: profileId, favourite_store_id: row.favourite_store_id, created_at: row.created_at, updated_at: row.updated_at },
    identities: s.identities.all(profileId),
    traits: s.traits.all(profileId),
    channels: s.channels.all(profileId),
    consents: s.consents.all(profileId),
    history: s.history.all(profileId),
    account: s.account.get(profileId),
    mergedFrom: s.mergedFrom.all(profileId),
  };
}
