import type SqliteDatabase from 'better-sqlite3';

/**
 * The people the benchmark's events are about, written straight into a migrated database with
 * prepared statements (as ingestion would have left them: identities, traits with their cache,
 * channels, order marks, a short history of events), so that most benchmark events resolve to
 * existing profiles. Person `i` is deterministic: the load generator derives the same identifiers.
 */
export interface Person {
  index: number;
  userId: string | null;
  email: string | null;
  /** E.164, as ingestion stores it. */
  phone: string | null;
  card: string | null;
  deviceId: string | null;
  anonymousIds: string[];
}

export function person(i: number): Person {
  return {
    index: i,
    userId: i % 10 < 6 ? `user-${i}` : null,
    email: i % 10 < 7 ? `p${i}@example.fr` : null,
    phone: i % 4 === 0 ? `+336${String(i).padStart(8, '0')}` : null,
    card: i % 10 >= 7 ? `SN${String(i).padStart(8, '0')}` : null,
    deviceId: i % 5 === 0 ? `dev-${i}` : null,
    anonymousIds: Array.from({ length: 1 + (i % 3) }, (_, k) => `anon-${i}-${k}`),
  };
}

/** Sources of the benchmark: one per channel the events come from. */
export const SOURCES = [
  { id: 'src_bench_web', channel: 'web', key: 'pwk_bench_web_0123456789abcdef' },
  { id: 'src_bench_app', channel: 'app', key: 'pwk_bench_app_0123456789abcdef' },
  { id: 'src_bench_store', channel: 'store', key: 'pwk_bench_store_0123456789abcdef' },
] as const;

const FIRST_NAMES = ['Julie', 'Léa', 'Marc', 'Nina', 'Paul', 'Sophie', 'Hugo', 'Emma', 'Louis', 'Chloé'];
const CITIES = ['Lyon', 'Paris', 'Nantes', 'Lille', 'Bordeaux', 'Marseille', 'Toulouse', 'Rennes'];
const HISTORY_START = Date.UTC(2026, 0, 1);

const id = (prefix: string, i: number) => `${prefix}_0${i.toString(32).padStart(9, '0')}bench${(i * 2654435761 % 0xfffffff).toString(32).padStart(11, '0')}`;

export interface PopulationFigures {
  people: number;
  events: number;
  seconds: number;
}

/** Writes `people` people with two history events each; `hashKey` hashes write keys as the app does. */
export function writePopulation(sqlite: SqliteDatabase.Database, people: number, hashKey: (key: string) => string): PopulationFigures {
  const started = performance.now();
  const now = new Date().toISOString();
  const s = {
    source: sqlite.prepare('insert into sources (id, name, channel, store_id, write_key_hash, write_key_hint, created_at, disabled_at) values (?, ?, ?, null, ?, ?, ?, null)'),
    profile: sqlite.prepare('insert into profiles (id, traits, favourite_store_id, merged_into, anchor, last_order_key, created_at, updated_at) values (?, ?, null, null, ?, ?, ?, ?)'),
    identity: sqlite.prepare('insert into profile_identities (type, value, profile_id, first_seen_at, last_seen_at) values (?, ?, ?, ?, ?)'),
    trait: sqlite.prepare('insert into profile_traits (profile_id, name, value, source_id, channel, updated_at, order_key) values (?, ?, ?, ?, ?, ?, ?)'),
    channel: sqlite.prepare('insert into profile_channels (profile_id, channel, first_seen, last_seen, events) values (?, ?, ?, ?, ?)'),
    consent: sqlite.prepare("insert into consents (profile_id, purpose, granted, channel, source, wording_version, updated_at) values (?, ?, ?, 'web', 'event:bench', null, ?)"),
    event: sqlite.prepare(
      'insert into events (id, source_id, message_id, profile_id, type, name, channel, store_id, timestamp, received_at, payload, identifiers, order_key, anonymized) values (?, ?, ?, ?, ?, ?, ?, null, ?, ?, ?, ?, ?, 0)',
    ),
  };
  for (const source of SOURCES) s.source.run(source.id, `Bench ${source.channel}`, source.channel, hashKey(source.key), source.key.slice(0, 10), now);
  let events = 0;
  const writeChunk = sqlite.transaction((from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const p = person(i);
      const profileId = id('cus', i);
      const web = SOURCES[0];
      const app = SOURCES[1];
      // Two past events: a page view on the web, then an identify in the app (or the web).
      const t1 = new Date(HISTORY_START + ((i * 7919) % 20_000_000) * 1000).toISOString();
      const t2 = new Date(Date.parse(t1) + 3_600_000).toISOString();
      const keys = [
        ...(p.userId ? [['userId', p.userId]] : []),
        ...(p.email ? [['email', p.email]] : []),
        ...(p.phone ? [['phone', p.phone]] : []),
        ...(p.card ? [['loyalty_card', p.card]] : []),
        ...(p.deviceId ? [['deviceId', p.deviceId]] : []),
        ...p.anonymousIds.map((a) => ['anonymousId', a]),
      ] as [string, string][];
      const second = p.userId ? app : web;
      const traits = { ...(p.email ? { email: p.email } : {}), firstName: FIRST_NAMES[i % FIRST_NAMES.length]!, city: CITIES[i % CITIES.length]! };
      const order1 = `${t1}|${web.id}|h1-${i}`;
      const order2 = `${t2}|${second.id}|h2-${i}`;
      s.profile.run(profileId, JSON.stringify(traits), `${keys[0]![0]}:${keys[0]![1]}`, order2, t1, t2);
      for (const [type, value] of keys) s.identity.run(type, value, profileId, t1, t2);
      for (const [name, value] of Object.entries(traits)) s.trait.run(profileId, name, JSON.stringify(value), second.id, second.channel, t2, order2);
      s.channel.run(profileId, 'web', t1, second === web ? t2 : t1, second === web ? 2 : 1);
      if (second === app) s.channel.run(profileId, 'app', t2, t2, 1);
      // Half the people chose analytics and personalisation in the web consent banner; 1 % refused analytics.
      if (i % 2 === 0) for (const purpose of ['analytics', 'personalization']) s.consent.run(profileId, purpose, 1, t1);
      else if (i % 100 === 1) s.consent.run(profileId, 'analytics', 0, t1);
      const anon = p.anonymousIds[0]!;
      const page = { type: 'page', name: 'Home', anonymousId: anon, context: { page: { path: '/' } }, messageId: `h1-${i}`, timestamp: t1, receivedAt: t1, channel: 'web' };
      s.event.run(id('evt', 2 * i), web.id, `h1-${i}`, profileId, 'page', 'Home', 'web', t1, t1, JSON.stringify(page), JSON.stringify([`anonymousId:${anon}`]), order1);
      const identify = { type: 'identify', userId: p.userId, anonymousId: anon, traits, messageId: `h2-${i}`, timestamp: t2, receivedAt: t2, channel: second.channel };
      s.event.run(id('evt', 2 * i + 1), second.id, `h2-${i}`, profileId, 'identify', null, second.channel, t2, t2, JSON.stringify(identify), JSON.stringify(keys.map(([t, v]) => `${t}:${v}`)), order2);
      events += 2;
    }
  });
  for (let i = 0; i < people; i += 10_000) writeChunk(i, Math.min(people, i + 10_000));
  sqlite.pragma('wal_checkpoint(TRUNCATE)');
  return { people, events, seconds: (performance.now() - started) / 1000 };
}
