import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { DIALECTS, createTestDatabase, startTestServer, type TestServer } from '../support/harness.js';
import { seedDemo, isDemoLoaded, DemoSeedRefused, type SeedSummary } from '../../src/demo/seed.js';
import { DEMO_CUSTOMERS, DEMO_PASSWORD, DEMO_SOURCES, DEMO_STAFF, DEMO_STORES, DEMO_NOW, HISTORY_START } from '../../src/demo/stylenow.js';
import { CHANNELS } from '../../src/modules/identity/channels.js';
import { resolveWriteKey } from '../../src/modules/identity/sources.service.js';
import { rebuildDerived } from '../../src/modules/identity/profile-derived.js';
import { createClient } from '../../sdk/index.js';
import { facetKey, foldText } from '../../src/modules/catalog/search-text.js';
import type { Database, DialectName } from '../../src/platform/db/database.js';
import type { Deps } from '../../src/platform/context.js';
import { systemClock } from '../../src/platform/clock.js';
import { loadConfig } from '../../src/platform/config.js';
import { createLogger } from '../../src/platform/logging.js';

const CUSTOMERS = 400;

/** Which events each channel's source may plausibly send. */
const EVENTS_BY_CHANNEL: Record<string, string[]> = {
  web: ['page', 'identify', 'Products Searched', 'Product Viewed', 'Product Added', 'Order Completed'],
  app: ['screen', 'identify', 'Application Opened', 'Product Viewed', 'Product Added', 'Product Added to Wishlist', 'Order Completed', 'Store Entered'],
  store: ['identify', 'Store Entered', 'Order Completed'],
  kiosk: ['Product Scanned'],
  email: ['Email Opened', 'Email Link Clicked'],
  instagram: ['Message Sent'],
  chat: ['Message Sent'],
  call_centre: ['Call Completed'],
};

function depsFor(database: Database): Deps {
  return { database, clock: systemClock, config: loadConfig({}), log: createLogger('silent') };
}

/** One hash per table over every row (in a stable order), leaving out what is random by design. */
async function digest(database: Database): Promise<Record<string, string>> {
  // Salted password hashes, and the staff ids `createStaff` draws, differ from run to run on purpose.
  const skipped = new Set(['password_hash', 'staff_accounts.id']);
  // Migration bookkeeping holds run times; catalog_revisions is a change counter bumped by triggers,
  // per row on SQLite and per statement on PostgreSQL: neither is demo data.
  const tables = (await database.kysely.introspection.getTables()).map((table) => table.name).filter((name) => !/migration|catalog_revisions/.test(name));
  const result: Record<string, string> = {};
  for (const table of tables.sort()) {
    const rows = (await database.kysely.selectFrom(table as never).selectAll().execute()) as Record<string, unknown>[];
    const lines = rows.map((row) =>
      JSON.stringify(Object.keys(row).sort().filter((column) => !skipped.has(column) && !skipped.has(`${table}.${column}`)).map((column) => [column, row[column]])),
    );
    result[table] = createHash('sha256').update(lines.sort().join('\n')).digest('hex').slice(0, 16) + `:${rows.length}`;
  }
  return result;
}

async function count(database: Database, table: string, where?: (qb: any) => any): Promise<number> {
  let query = database.kysely.selectFrom(table as never).select((eb) => eb.fn.countAll<number>().as('n'));
  if (where) query = where(query);
  return Number(((await query.executeTakeFirstOrThrow()) as { n: number }).n);
}

describe('the demo is the same for the same seed', () => {
  test('two fresh databases seeded alike hold the same rows in every table; another seed differs', async () => {
    const digests: Record<string, string>[] = [];
    for (const [dialect, seed] of [...DIALECTS.map((d) => [d, 42] as [DialectName, number]), ['sqlite', 42], ['sqlite', 43]] as [DialectName, number][]) {
      const testDb = await createTestDatabase(dialect);
      try {
        await seedDemo(depsFor(testDb.database), { customers: 150, seed });
        digests.push(await digest(testDb.database));
      } finally {
        await testDb.destroy();
      }
    }
    const other = digests.pop()!;
    const reference = digests[0]!;
    // Same seed: identical everywhere, on SQLite twice and on PostgreSQL when it is tested.
    for (const found of digests.slice(1)) assert.deepEqual(found, reference);
    assert.ok(Object.keys(reference).length >= 9);
    for (const table of ['events', 'profiles', 'profile_identities', 'products', 'locations', 'sources', 'staff_accounts']) assert.ok(!reference[table]!.endsWith(':0'), `${table} is empty`);
    // Another seed: other customers, the same catalog and stores.
    assert.notEqual(other.profiles, reference.profiles);
    assert.notEqual(other.events, reference.events);
    assert.equal(other.products, reference.products);
    assert.equal(other.locations, reference.locations);
  });
});

describe('the SQLite bulk load leaves the database as the migrations made it', () => {
  test('same tables, indexes and triggers, WAL and the app’s pragmas back, every index consistent', async () => {
    const fresh = await createTestDatabase('sqlite');
    const seeded = await createTestDatabase('sqlite');
    try {
      const schema = (database: Database) =>
        database.sqlite!.prepare("SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_stat%' ORDER BY type, name").all();
      const pragmas = (database: Database) =>
        Object.fromEntries(['journal_mode', 'synchronous', 'secure_delete', 'cache_size', 'temp_store', 'foreign_keys'].map((name) => [name, database.sqlite!.pragma(name, { simple: true })]));
      const expected = { schema: schema(fresh.database), pragmas: pragmas(seeded.database) };
      await seedDemo(depsFor(seeded.database), { customers: 60, seed: 5 });
      assert.deepEqual(schema(seeded.database), expected.schema);
      assert.deepEqual(pragmas(seeded.database), expected.pragmas);
      assert.equal(expected.pragmas.journal_mode, 'wal');
      assert.equal(seeded.database.sqlite!.pragma('integrity_check', { simple: true }), 'ok');
    } finally {
      await fresh.destroy();
      await seeded.destroy();
    }
  });

  test('a load that fails midway puts the indexes and pragmas back too', async () => {
    const fresh = await createTestDatabase('sqlite');
    const failed = await createTestDatabase('sqlite');
    try {
      const schema = (database: Database) => database.sqlite!.prepare("SELECT type, name, sql FROM sqlite_master ORDER BY type, name").all();
      const journal = failed.database.sqlite!.pragma('journal_mode', { simple: true });
      const onProgress = (line: string) => {
        if (line.startsWith('customers')) throw new Error('stopped on purpose');
      };
      await assert.rejects(seedDemo(depsFor(failed.database), { customers: 30, seed: 5, onProgress }), /stopped on purpose/);
      assert.ok((await count(failed.database, 'events')) > 0);
      assert.deepEqual(schema(failed.database), schema(fresh.database));
      assert.equal(failed.database.sqlite!.pragma('journal_mode', { simple: true }), journal);
      assert.equal(failed.database.sqlite!.pragma('secure_delete', { simple: true }), 1);
      assert.equal(failed.database.sqlite!.pragma('integrity_check', { simple: true }), 'ok');
    } finally {
      await fresh.destroy();
      await failed.destroy();
    }
  });
});

for (const dialect of DIALECTS) {
  describe(`the StyleNow demo (${dialect})`, () => {
    let server: TestServer;
    let summary: SeedSummary;
    let db: Database;

    before(async () => {
      server = await startTestServer(dialect);
      db = server.deps.database;
      assert.equal(await isDemoLoaded(server.deps), false);
      summary = await seedDemo(server.deps, { customers: CUSTOMERS, seed: 7 });
    });
    after(() => server.close());

    test('holds the stores, warehouses, catalog, sources, staff and customers it reports', async () => {
      assert.equal(await isDemoLoaded(server.deps), true);
      assert.equal(await count(db, 'locations', (q) => q.where('kind', '=', 'store')), summary.stores);
      assert.ok(summary.stores >= 30);
      assert.equal(await count(db, 'locations', (q) => q.where('kind', '=', 'warehouse')), 2);
      assert.equal(await count(db, 'products'), summary.products);
      assert.ok(summary.products >= 1500);
      assert.equal(await count(db, 'product_variants'), summary.variants);
      assert.equal(await count(db, 'profiles'), CUSTOMERS + Object.keys(DEMO_CUSTOMERS).length);
      assert.equal(await count(db, 'profile_identities'), summary.identities);
      assert.equal(await count(db, 'events'), summary.events);
      const perCustomer = summary.events / summary.customers;
      assert.ok(perCustomer >= 4 && perCustomer <= 9, `${perCustomer} events per customer`);
      const sources = await db.kysely.selectFrom('sources').select(['id', 'channel', 'store_id']).execute();
      assert.deepEqual(sources.map((source) => source.channel).sort(), [...CHANNELS].sort());
      const staff = await db.kysely.selectFrom('staff_accounts').select(['email', 'role', 'store_id']).execute();
      assert.deepEqual(staff.map((member) => member.role).sort(), ['admin', 'agent', 'associate', 'marketer']);
      assert.equal(staff.find((member) => member.role === 'associate')?.store_id, DEMO_STORES.lyonPartDieu);
    });

    test('stores are real French places with hours, holidays, services and zones', async () => {
      const stores = await db.kysely.selectFrom('locations').selectAll().where('kind', '=', 'store').execute();
      const overseas = stores.filter((store) => store.timezone !== 'Europe/Paris');
      assert.deepEqual(overseas.map((store) => store.timezone), ['Indian/Reunion']);
      assert.ok(overseas[0]!.latitude < -20 && overseas[0]!.longitude > 55);
      assert.ok(stores.filter((store) => store.city === 'Paris').length >= 3);
      assert.ok(stores.some((store) => store.city === 'Lyon' && store.name.includes('Part-Dieu')));
      assert.ok(stores.some((store) => store.city === 'Lyon' && store.name.includes('République')));
      for (const store of stores) {
        if (store.timezone === 'Europe/Paris') assert.ok(store.latitude > 42 && store.latitude < 51.2 && store.longitude > -5 && store.longitude < 8.3, store.name);
        assert.match(store.postal_code, /^\d{5}$/);
        assert.match(store.id, /^sto_[a-z0-9]+$/);
        const hours = JSON.parse(store.opening_hours) as Record<string, [string, string][]>;
        assert.deepEqual(Object.keys(hours), ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']);
        for (const ranges of Object.values(hours)) for (const [open, close] of ranges) assert.ok(/^\d\d:\d\d$/.test(open) && open < close);
        assert.ok(hours.sat!.length > 0);
        const services = JSON.parse(store.services) as string[];
        assert.ok(services.includes('click_and_collect') && services.includes('returns'), store.name);
        const zones = JSON.parse(store.zones) as { code: string; name: string }[];
        assert.ok(zones.length >= 4 && zones.every((zone) => /^[A-Z]\d$/.test(zone.code) && zone.name.length > 0));
        const exceptions = JSON.parse(store.hours_exceptions) as { date: string; closed: boolean; hours?: [string, string][] }[];
        for (const date of ['2026-01-01', '2026-04-06', '2026-05-14', '2026-05-25', '2027-03-29', '2027-05-06', '2027-12-25']) {
          assert.equal(exceptions.find((exception) => exception.date === date)?.closed, true, `${store.name} ${date}`);
        }
        assert.deepEqual(exceptions.find((exception) => exception.date === '2026-12-24')?.closed, false);
        assert.ok(exceptions.find((exception) => exception.date === '2026-12-31')?.hours?.length);
      }
      assert.ok(stores.filter((store) => JSON.parse(store.services).includes('reserve_and_try')).length > stores.length / 2);
      assert.ok(stores.filter((store) => JSON.parse(store.services).includes('ship_to_store_pickup')).length > stores.length / 2);
      assert.ok(stores.some((store) => (JSON.parse(store.opening_hours) as { sun: unknown[] }).sun.length > 0));
    });

    test('products are findable by their analysed words, with facet and sort keys', async () => {
      const scarf = await db.kysely.selectFrom('products').select(['id', 'name', 'sort_key']).where('name', 'like', 'Écharpe%').executeTakeFirstOrThrow();
      assert.equal(scarf.sort_key, foldText(scarf.name));
      const found = await db.kysely.selectFrom('product_search_terms').select('product_id').where('term', '=', 'echarpe').execute();
      assert.ok(found.some((row) => row.product_id === scarf.id));
      const skirts = await db.kysely
        .selectFrom('product_search_terms as t')
        .innerJoin('product_variants as v', 'v.product_id', 't.product_id')
        .select(['v.product_id', 'v.size_key', 'v.color', 'v.color_key'])
        .where('t.term', '=', 'jupe')
        .where('v.size_key', '=', '38')
        .execute();
      assert.ok(skirts.length > 50);
      for (const variant of skirts) assert.equal(variant.color_key, facetKey(variant.color!));
      const rain = await db.kysely.selectFrom('product_search_terms').select('product_id').where('term', 'in', ['parapluie', 'impermeable', 'pluie']).execute();
      assert.ok(new Set(rain.map((row) => row.product_id)).size >= 40);
    });

    test('every identity belongs to an existing profile, normalised, and every profile has one', async () => {
      const orphans = await db.kysely
        .selectFrom('profile_identities as i')
        .leftJoin('profiles as p', 'p.id', 'i.profile_id')
        .select('i.value')
        .where('p.id', 'is', null)
        .execute();
      assert.deepEqual(orphans, []);
      const bare = await db.kysely
        .selectFrom('profiles as p')
        .leftJoin('profile_identities as i', 'i.profile_id', 'p.id')
        .select('p.id')
        .where('i.profile_id', 'is', null)
        .execute();
      assert.deepEqual(bare, []);
      const identities = await db.kysely.selectFrom('profile_identities').selectAll().execute();
      const byType = new Map<string, number>();
      for (const identity of identities) {
        byType.set(identity.type, (byType.get(identity.type) ?? 0) + 1);
        if (identity.type === 'email') assert.equal(identity.value, identity.value.toLowerCase());
        if (identity.type === 'phone') assert.match(identity.value, /^\+33[67]\d{8}$/);
        assert.ok(identity.first_seen_at <= identity.last_seen_at);
      }
      const profiles = CUSTOMERS + 3;
      const loyalty = (byType.get('loyalty_card') ?? 0) / profiles;
      const instagram = (byType.get('instagram') ?? 0) / profiles;
      assert.ok(loyalty > 0.5 && loyalty < 0.7, `loyalty ${loyalty}`);
      assert.ok(instagram > 0.08 && instagram < 0.22, `instagram ${instagram}`);
      for (const type of ['email', 'phone', 'userId', 'anonymousId', 'deviceId']) assert.ok((byType.get(type) ?? 0) > 0, type);
    });

    test('every event comes from its channel’s source, names what that channel sends and matches its payload', async () => {
      const sources = new Map((await db.kysely.selectFrom('sources').select(['id', 'channel']).execute()).map((source) => [source.id, source.channel]));
      const stores = new Set((await db.kysely.selectFrom('locations').select('id').where('kind', '=', 'store').execute()).map((row) => row.id));
      const profiles = new Set((await db.kysely.selectFrom('profiles').select('id').execute()).map((row) => row.id));
      const events = await db.kysely.selectFrom('events').selectAll().execute();
      const channels = new Set<string>();
      for (const event of events) {
        assert.equal(sources.get(event.source_id), event.channel, event.id);
        channels.add(event.channel);
        const label = event.type === 'track' ? event.name! : event.type;
        assert.ok(EVENTS_BY_CHANNEL[event.channel]!.includes(label), `${event.channel} sent ${label}`);
        assert.ok(profiles.has(event.profile_id!));
        const payload = JSON.parse(event.payload) as Record<string, any>;
        assert.equal(payload.type, event.type);
        assert.equal(payload.messageId, event.message_id);
        assert.equal(payload.timestamp, event.timestamp);
        if (event.type === 'track') assert.equal(payload.event, event.name);
        assert.ok(event.timestamp >= '2025-04-29' && event.timestamp < DEMO_NOW, event.timestamp);
        assert.ok(event.received_at > event.timestamp);
        const identified = payload.userId || payload.anonymousId || payload.context?.traits?.email || payload.context?.traits?.phone || payload.context?.externalIds?.length;
        assert.ok(identified, `${event.id} names nobody`);
        if (event.store_id !== null) {
          assert.ok(stores.has(event.store_id), event.store_id);
          assert.equal(payload.properties?.storeId ?? payload.context?.storeId, event.store_id);
        }
        assert.equal(event.order_key, `${event.timestamp}|${event.source_id}|${event.message_id}`);
        if (event.name === 'Order Completed') {
          const { products, total, revenue, tax, shipping, orderId } = payload.properties;
          assert.ok(orderId && products.length > 0 && products.every((line: any) => line.sku && line.price > 0 && line.quantity > 0));
          assert.ok(Math.abs(total - (revenue + tax + shipping)) < 0.011, `${orderId}: ${total} ≠ ${revenue} + ${tax} + ${shipping}`);
          if (event.channel === 'store') assert.ok(event.store_id);
        }
      }
      assert.deepEqual([...channels].sort(), [...CHANNELS].sort());
      assert.equal(new Set(events.map((event) => `${event.source_id} ${event.message_id}`)).size, events.length);
      assert.ok(HISTORY_START < DEMO_NOW);
    });

    test('identities, traits and channels say what the events say, as the identity module derives them', async () => {
      const events = await db.kysely.selectFrom('events').select(['profile_id', 'identifiers', 'timestamp']).execute();
      const sightings = new Map<string, { profile: string; first: string; last: string }>();
      for (const event of events) {
        for (const key of JSON.parse(event.identifiers) as string[]) {
          const seen = sightings.get(key);
          if (seen) {
            assert.equal(seen.profile, event.profile_id, `${key} is named by two people`);
            if (event.timestamp < seen.first) seen.first = event.timestamp;
            if (event.timestamp > seen.last) seen.last = event.timestamp;
          } else sightings.set(key, { profile: event.profile_id!, first: event.timestamp, last: event.timestamp });
        }
      }
      const identities = await db.kysely.selectFrom('profile_identities').selectAll().execute();
      assert.equal(identities.length, sightings.size);
      for (const identity of identities) {
        const seen = sightings.get(`${identity.type}:${identity.value}`);
        assert.deepEqual(seen && [seen.profile, seen.first, seen.last], [identity.profile_id, identity.first_seen_at, identity.last_seen_at], `${identity.type}:${identity.value}`);
      }
      // Rebuilding a profile's traits and channels from its events changes nothing.
      const sample = await db.kysely.selectFrom('profiles').select('id').orderBy('id').limit(40).execute();
      for (const { id } of [...sample, { id: DEMO_CUSTOMERS.julie.profileId }]) {
        const read = async () => ({
          traits: await db.kysely.selectFrom('profile_traits').selectAll().where('profile_id', '=', id).orderBy('name').execute(),
          channels: await db.kysely.selectFrom('profile_channels').selectAll().where('profile_id', '=', id).orderBy('channel').execute(),
          cache: JSON.parse((await db.kysely.selectFrom('profiles').select('traits').where('id', '=', id).executeTakeFirstOrThrow()).traits) as unknown,
        });
        const stored = await read();
        assert.ok(stored.traits.some((trait) => trait.name === 'firstName'), id);
        await rebuildDerived(db.kysely, id);
        assert.deepEqual(await read(), stored, id);
      }
      const julie = await db.kysely.selectFrom('consents').select(['purpose', 'granted']).where('profile_id', '=', DEMO_CUSTOMERS.julie.profileId).orderBy('purpose').execute();
      assert.deepEqual(julie.map((row) => [row.purpose, row.granted]), [['location', 1], ['marketing_email', 1], ['marketing_push', 1], ['personalization', 1]]);
      assert.ok((await count(db, 'consents')) > CUSTOMERS / 2);
    });

    test('a new event from a demo customer joins their profile through real ingestion', async () => {
      const julie = await db.kysely.selectFrom('profile_identities').select('value').where('profile_id', '=', DEMO_CUSTOMERS.julie.profileId).where('type', '=', 'userId').executeTakeFirstOrThrow();
      const generated = await db.kysely.selectFrom('profile_identities').select(['value', 'profile_id']).where('type', '=', 'loyalty_card').where('profile_id', 'like', 'cus_0%').limit(1).executeTakeFirstOrThrow();
      const web = createClient({ baseUrl: server.url, writeKey: DEMO_SOURCES.find((source) => source.channel === 'web')!.writeKey });
      const till = createClient({ baseUrl: server.url, writeKey: DEMO_SOURCES.find((source) => source.channel === 'store')!.writeKey });
      await web.tracking.track({ userId: julie.value, event: 'Product Viewed', properties: { sku: 'SN-JUP001-NOI-38' } });
      await till.tracking.track({ anonymousId: 'till-session-1', event: 'Store Entered', properties: { storeId: DEMO_STORES.lyonRepublique }, context: { externalIds: [{ id: generated.value, type: 'loyalty_card' }] } });
      const profiles = await count(db, 'profiles');
      assert.equal(profiles, CUSTOMERS + 3, 'no new profile was made');
      const latest = await db.kysely.selectFrom('events').select(['profile_id', 'name']).where('message_id', 'not like', 'demo-%').orderBy('name').execute();
      assert.deepEqual(latest.map((event) => [event.name, event.profile_id]), [['Product Viewed', DEMO_CUSTOMERS.julie.profileId], ['Store Entered', generated.profile_id]]);
    });

    test('the demo write keys are live and name their channel', async () => {
      for (const source of DEMO_SOURCES) {
        const principal = await resolveWriteKey(server.deps, source.writeKey);
        assert.deepEqual(principal && principal.kind === 'source' ? [principal.sourceId, principal.channel] : null, [source.id, source.channel]);
      }
    });

    test('staff and demo customers sign in over HTTP with the demo password', async () => {
      for (const staff of DEMO_STAFF) {
        const session = await server.client().auth.login({ email: staff.email, password: DEMO_PASSWORD });
        assert.equal(session.staff.role, staff.role);
        assert.equal(session.staff.storeId, staff.storeId ?? null);
        await assert.rejects(server.client().auth.login({ email: staff.email, password: 'not-the-password' }));
      }
      const julie = await server.client().customers.login({ email: DEMO_CUSTOMERS.julie.email, password: DEMO_PASSWORD });
      assert.equal(julie.profileId, DEMO_CUSTOMERS.julie.profileId);
      const me = await server.client(julie.token).me.get();
      assert.equal(me.traits.firstName, 'Julie');
      assert.equal(me.favouriteStoreId, DEMO_STORES.lyonPartDieu);
      const history = await db.kysely.selectFrom('events').select(['channel', 'name']).where('profile_id', '=', julie.profileId).execute();
      assert.ok(new Set(history.map((event) => event.channel)).size >= 5);
      assert.ok(history.filter((event) => event.name === 'Product Added to Wishlist').length >= 2);
    });

    test('seeding the same database again is refused and writes nothing', async () => {
      const before = { profiles: await count(db, 'profiles'), events: await count(db, 'events'), sources: await count(db, 'sources'), staff: await count(db, 'staff_accounts') };
      await assert.rejects(seedDemo(server.deps, { customers: 10, seed: 7 }), (error: unknown) => error instanceof DemoSeedRefused && /already holds stores/.test(error.message));
      const afterwards = { profiles: await count(db, 'profiles'), events: await count(db, 'events'), sources: await count(db, 'sources'), staff: await count(db, 'staff_accounts') };
      assert.deepEqual(afterwards, before);
      assert.equal(await isDemoLoaded(server.deps), true);
    });
  });
}
