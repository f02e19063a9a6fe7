import fs from 'node:fs';
import SqliteDatabase from 'better-sqlite3';

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

export const id = (prefix: string, i: number) => `${prefix}_0${i.toString(32).padStart(9, '0')}bench${(i * 2654435761 % 0xfffffff).toString(32).padStart(11, '0')}`;

/** The id of person `i`'s profile. */
export const profileIdOf = (i: number) => id('cus', i);

export interface PopulationFigures {
  people: number;
  events: number;
  seconds: number;
}

export interface PopulationOptions {
  /**
   * Events in each person's history (default 2: a page view and an identify). Above 2, the others
   * are drawn per person (product views, pages and screens, carts, orders on the web, in the app or
   * at a store till), their message ids padded so that inserts append to the unique index.
   */
  eventsPerPerson?: number;
}

const STORES = Array.from({ length: 30 }, (_, k) => `sto_bench_${String(k).padStart(2, '0')}`);
const SIZES = ['XS', 'S', 'M', 'L', 'XL', '36', '38', '40', '42'];
const COLOURS = ['noir', 'bordeaux', 'ecru', 'marine', 'kaki', 'rose'];

/** Writes `people` people with their history; `hashKey` hashes write keys as the app does. */
export function writePopulation(sqlite: SqliteDatabase.Database, people: number, hashKey: (key: string) => string, options: PopulationOptions = {}): PopulationFigures {
  const perPerson = Math.max(2, options.eventsPerPerson ?? 2);
  const scaled = perPerson > 2;
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
      'insert into events (id, source_id, message_id, profile_id, type, name, channel, store_id, timestamp, received_at, payload, identifiers, order_key, anonymized) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)',
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
      const m1 = scaled ? messageIdOf(i, 0) : `h1-${i}`;
      const m2 = scaled ? messageIdOf(i, 1) : `h2-${i}`;
      const order1 = `${t1}|${web.id}|${m1}`;
      const order2 = `${t2}|${second.id}|${m2}`;
      const extra = scaled ? history(i, perPerson - 2, Date.parse(t2), p) : [];
      const last = extra[extra.length - 1];
      const lastOrderKey = last ? `${last.at}|${last.source.id}|${messageIdOf(i, perPerson - 1)}` : order2;
      s.profile.run(profileId, JSON.stringify(traits), `${keys[0]![0]}:${keys[0]![1]}`, lastOrderKey, t1, last?.at ?? t2);
      for (const [type, value] of keys) s.identity.run(type, value, profileId, t1, t2);
      for (const [name, value] of Object.entries(traits)) s.trait.run(profileId, name, JSON.stringify(value), second.id, second.channel, t2, order2);
      const channels = new Map<string, { first: string; last: string; events: number }>([['web', { first: t1, last: t1, events: 1 }]]);
      const seen = (channel: string, at: string) => {
        const c = channels.get(channel);
        if (!c) channels.set(channel, { first: at, last: at, events: 1 });
        else {
          c.last = at > c.last ? at : c.last;
          c.events += 1;
        }
      };
      seen(second.channel, t2);
      for (const e of extra) seen(e.source.channel, e.at);
      for (const [channel, c] of channels) s.channel.run(profileId, channel, c.first, c.last, c.events);
      // Half the people chose analytics and personalisation in the web consent banner; 1 % refused analytics.
      if (i % 2 === 0) for (const purpose of ['analytics', 'personalization']) s.consent.run(profileId, purpose, 1, t1);
      else if (i % 100 === 1) s.consent.run(profileId, 'analytics', 0, t1);
      const anon = p.anonymousIds[0]!;
      const page = { type: 'page', name: 'Home', anonymousId: anon, context: { page: { path: '/' } }, messageId: m1, timestamp: t1, receivedAt: t1, channel: 'web' };
      s.event.run(id('evt', perPerson * i), web.id, m1, profileId, 'page', 'Home', 'web', null, t1, t1, JSON.stringify(page), JSON.stringify([`anonymousId:${anon}`]), order1);
      const identify = { type: 'identify', userId: p.userId, anonymousId: anon, traits, messageId: m2, timestamp: t2, receivedAt: t2, channel: second.channel };
      s.event.run(id('evt', perPerson * i + 1), second.id, m2, profileId, 'identify', null, second.channel, null, t2, t2, JSON.stringify(identify), JSON.stringify(keys.map(([t, v]) => `${t}:${v}`)), order2);
      events += 2;
      for (let k = 0; k < extra.length; k++) {
        const e = extra[k]!;
        const messageId = messageIdOf(i, k + 2);
        const payload = { ...e.body, messageId, timestamp: e.at, receivedAt: e.at, channel: e.source.channel };
        const identifiers = e.source.channel === 'store' ? (p.card ? [`loyalty_card:${p.card}`] : []) : p.userId && e.source.channel === 'app' ? [`userId:${p.userId}`] : [`anonymousId:${anon}`];
        s.event.run(id('evt', perPerson * i + 2 + k), e.source.id, messageId, profileId, e.body.type, e.name, e.source.channel, e.storeId, e.at, e.at, JSON.stringify(payload), JSON.stringify(identifiers), `${e.at}|${e.source.id}|${messageId}`);
      }
      events += extra.length;
    }
  });
  const chunk = scaled ? Math.max(500, Math.floor(100_000 / perPerson)) : 10_000;
  for (let i = 0; i < people; i += chunk) writeChunk(i, Math.min(people, i + chunk));
  sqlite.pragma('wal_checkpoint(TRUNCATE)');
  return { people, events, seconds: (performance.now() - started) / 1000 };
}

/** Message ids that sort in insertion order (person, then rank), so the unique index is appended to. */
const messageIdOf = (i: number, k: number) => `h${String(i).padStart(9, '0')}-${String(k).padStart(3, '0')}`;

interface HistoryEvent {
  source: (typeof SOURCES)[number];
  at: string;
  name: string | null;
  storeId: string | null;
  body: { type: string } & Record<string, unknown>;
}

/**
 * `count` more events for person `i` after `from` (ms), deterministic: mostly product views, pages
 * and screens, some carts; about one event in 25 an order (a third of them at a store till, with
 * the store and, when the person has one, the loyalty card).
 */
function history(i: number, count: number, from: number, p: Person): HistoryEvent[] {
  let seed = (i + 1) * 2654435761;
  const random = () => {
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    return (seed >>> 0) / 4294967296;
  };
  const out: HistoryEvent[] = [];
  let at = from;
  for (let k = 0; k < count; k++) {
    at += 60_000 + Math.floor(random() * 3 * 86_400_000);
    const when = new Date(at).toISOString();
    const r = random();
    const sku = `SN-P${String(Math.floor(random() * 100_000)).padStart(5, '0')}-${COLOURS[Math.floor(random() * COLOURS.length)]!.slice(0, 3).toUpperCase()}`;
    const app = p.userId !== null && random() < 0.4;
    const source = app ? SOURCES[1] : SOURCES[0];
    const ids = app ? { userId: p.userId, anonymousId: p.anonymousIds[0]! } : { anonymousId: p.anonymousIds[k % p.anonymousIds.length]! };
    if (r < 0.04) {
      const store = random() < 1 / 3;
      const products = Array.from({ length: 1 + Math.floor(random() * 3) }, () => ({
        sku,
        price: 19.99 + Math.floor(random() * 100),
        quantity: 1,
        size: SIZES[Math.floor(random() * SIZES.length)]!,
        color: COLOURS[Math.floor(random() * COLOURS.length)]!,
      }));
      const revenue = Math.round(products.reduce((sum, x) => sum + x.price, 0) * 100) / 100;
      const storeId = store ? STORES[i % STORES.length]! : null;
      const body = { type: 'track', event: 'Order Completed', ...(store ? {} : ids), properties: { order_id: `ord-${i}-${k}`, revenue, currency: 'EUR', products, ...(storeId ? { store_id: storeId } : {}) } };
      out.push({ source: store ? SOURCES[2] : source, at: when, name: 'Order Completed', storeId, body });
    } else if (r < 0.12) {
      out.push({ source, at: when, name: 'Product Added', storeId: null, body: { type: 'track', event: 'Product Added', ...ids, properties: { sku, quantity: 1, price: 39.99 } } });
    } else if (r < 0.7) {
      out.push({ source, at: when, name: 'Product Viewed', storeId: null, body: { type: 'track', event: 'Product Viewed', ...ids, properties: { sku, name: 'Robe portefeuille', category: 'robes' }, context: { page: { path: `/produits/${sku}` } } } });
    } else if (app) {
      out.push({ source, at: when, name: 'Catalogue', storeId: null, body: { type: 'screen', name: 'Catalogue', ...ids, properties: { tab: 'nouveautés' } } });
    } else {
      out.push({ source, at: when, name: 'Catégorie', storeId: null, body: { type: 'page', name: 'Catégorie', ...ids, properties: { path: '/femme/robes' }, context: { page: { path: '/femme/robes' } } } });
    }
  }
  return out;
}

export interface LargePopulationFigures extends PopulationFigures {
  writeSeconds: number;
  indexSeconds: number;
  fileBytes: number;
}

/**
 * A large population in a migrated SQLite file (closed): the events table's secondary indexes are
 * dropped, the rows written with the journal off, then each index is created again from its own
 * definition (one sort instead of millions of random inserts) and the file put back in WAL mode.
 */
export function writeLargePopulation(file: string, people: number, eventsPerPerson: number, hashKey: (key: string) => string, log: (line: string) => void = () => {}): LargePopulationFigures {
  const started = performance.now();
  const sqlite = new SqliteDatabase(file);
  try {
    // Out of WAL (the migrations left it there) to a journal in memory: a crash means building again.
    sqlite.pragma('journal_mode = DELETE');
    sqlite.pragma('journal_mode = MEMORY');
    sqlite.pragma('synchronous = OFF');
    sqlite.pragma('cache_size = -1048576');
    sqlite.pragma('temp_store = FILE');
    const indexes = sqlite.prepare("select name, sql from sqlite_master where type = 'index' and tbl_name = 'events' and sql is not null").all() as { name: string; sql: string }[];
    for (const index of indexes) sqlite.exec(`drop index ${index.name}`);
    const write = writePopulation(sqlite, people, hashKey, { eventsPerPerson });
    log(`population: ${people} people, ${write.events} events written in ${write.seconds.toFixed(0)} s; indexing`);
    const indexStarted = performance.now();
    // No ANALYZE: the app never runs it, so its planner works without statistics here too.
    for (const index of indexes) sqlite.exec(index.sql);
    const indexSeconds = (performance.now() - indexStarted) / 1000;
    sqlite.pragma('journal_mode = WAL');
    return { ...write, seconds: (performance.now() - started) / 1000, writeSeconds: write.seconds, indexSeconds, fileBytes: fs.statSync(file).size };
  } finally {
    sqlite.close();
  }
}
