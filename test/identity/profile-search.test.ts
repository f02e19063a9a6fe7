import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { CompiledQuery } from 'kysely';
import { DIALECTS, startTestServer, type TestServer } from '../support/harness.js';
import { principals } from '../support/fixtures.js';
import { identityRangeQuery, nameRangeQuery, recentProfilesQuery } from '../../src/modules/identity/profiles/profile-search.js';
import { nameKeyEnds } from '../../src/modules/identity/name-keys.js';
import { PasserelleApiError, type PasserelleClient } from '../../sdk/index.js';

type Page = Awaited<ReturnType<PasserelleClient['customers']['search']>>;

async function status(promise: Promise<unknown>): Promise<number> {
  try {
    await promise;
    return 200;
  } catch (error) {
    assert.ok(error instanceof PasserelleApiError, String(error));
    return error.status;
  }
}

/** Every page of a search, following `nextCursor` to the end. */
async function walk(client: PasserelleClient, q: string | undefined, limit: number): Promise<Page['items']> {
  const items: Page['items'] = [];
  let cursor: string | undefined;
  for (let pages = 0; pages < 500; pages++) {
    const page = await client.customers.search({ ...(q === undefined ? {} : { q }), ...(cursor ? { cursor } : {}), limit });
    assert.ok(page.items.length <= limit);
    items.push(...page.items);
    if (!page.nextCursor) return items;
    cursor = page.nextCursor;
  }
  throw new Error('the walk does not end');
}

for (const dialect of DIALECTS) {
  describe(`customer search for staff (${dialect})`, () => {
    let server: TestServer;
    let tokens: Awaited<ReturnType<typeof principals>>;
    let mergedAway = '';
    let survivor = '';

    before(async () => {
      server = await startTestServer(dialect);
      tokens = await principals(server);
      const key = (await server.admin.sources.create({ name: 'App', channel: 'app' })).writeKey;
      const app = server.tracker(key).tracking;
      const people = [
        { userId: 'u-alice', email: 'Search.Alice@example.fr', phone: '+33612345678', card: 'SN-7701', firstName: 'Alice', lastName: 'Aubert' },
        { userId: 'u-bob', email: 'search.bob@example.fr', phone: '06 12 34 99 99', card: 'SN-7702', firstName: 'Bob', lastName: 'Bonnet' },
        { userId: 'u-chloe', email: 'search.chloe@example.fr', phone: '07 00 00 00 01', card: 'SN-8801', firstName: 'Chloé', lastName: 'Carré' },
        // Three identifiers that all begin with "search.": still one person in the results.
        { userId: 'search.dan', email: 'search.dan@example.fr', phone: null, card: null, firstName: 'Dan', lastName: 'Durand' },
        { userId: 'u-emma', email: 'search.emma@example.fr', phone: null, card: null, firstName: 'Emma', lastName: 'Evrard' },
        { userId: 'u-other', email: 'someone.else@example.fr', phone: '01 23 45 67 89', card: null, firstName: 'Other', lastName: 'Person' },
      ];
      for (const p of people) {
        await app.identify({
          userId: p.userId,
          traits: { email: p.email, ...(p.phone ? { phone: p.phone } : {}), firstName: p.firstName, lastName: p.lastName },
          ...(p.card ? { context: { externalIds: [{ id: p.card, type: 'loyalty_card' }] } } : {}),
        });
      }
      await app.identify({ userId: 'u-dan-2', traits: { email: 'search.dan.work@example.fr' } });
      // Names: two people share a last name, and one of them is also found by an email beginning with it.
      await app.identify({ userId: 'u-jp', traits: { firstName: 'Jean-Pierre', lastName: 'Dupont' } });
      await app.identify({ userId: 'u-marie', traits: { email: 'dupont.marie@example.fr', firstName: 'Marie', lastName: 'DUPONT' } });
      await app.identify({ userId: 'u-helene', traits: { name: 'Hélène Lefèvre' } });
      // A last name that also ends the full name: two names of one person end alike.
      await app.identify({ userId: 'u-roux', traits: { firstName: 'Pierre', lastName: 'Roux', name: 'Pierre Roux' } });
      for (const firstName of ['Léa', 'Luc', 'Lou']) await app.identify({ userId: `u-martin-${firstName}`, traits: { firstName, lastName: 'Martin' } });
      await app.identify({ anonymousId: 'name-merge-anon', traits: { firstName: 'Zoé', lastName: 'Zidane' } });
      await app.identify({ userId: 'u-name-merge', traits: { lastName: 'Zidane' } });
      await app.identify({ userId: 'u-name-merge', anonymousId: 'name-merge-anon' });
      // Two people, then one event that shows they are the same: one of them is merged away.
      await app.identify({ anonymousId: 'merge-anon', traits: { email: 'search.merge.a@example.fr' } });
      await app.identify({ userId: 'u-merge', traits: { email: 'search.merge.b@example.fr' } });
      await app.identify({ userId: 'u-merge', anonymousId: 'merge-anon' });
      const merged = await server.deps.database.kysely
        .selectFrom('profiles')
        .innerJoin('profile_identities', 'profile_identities.profile_id', 'profiles.merged_into')
        .select(['profiles.id', 'profiles.merged_into'])
        .where('profile_identities.value', '=', 'u-merge')
        .execute();
      assert.equal(merged.length, 1, 'one profile merged away');
      mergedAway = merged[0]!.id;
      survivor = merged[0]!.merged_into!;
    });
    after(() => server.close());

    test('by the beginning of an email, whatever its case, each person once, names from traits', async () => {
      const page = await server.admin.customers.search({ q: 'search.' });
      const names = page.items.map((i) => i.name);
      // In byte order of the emails: "search.dan.work@" comes before "search.dan@".
      assert.deepEqual(names, ['Alice Aubert', 'Bob Bonnet', 'Chloé Carré', null, 'Dan Durand', 'Emma Evrard', null]);
      assert.equal(page.nextCursor, null);
      const alice = page.items[0]!;
      assert.equal(alice.email, 'search.alice@example.fr');
      assert.equal(alice.phone, '+33612345678');
      assert.equal(alice.loyaltyCard, 'SN7701');
      assert.equal(alice.userId, 'u-alice');
      assert.deepEqual(alice.channels, ['app']);
      assert.ok(alice.lastSeenAt);
      assert.deepEqual(alice.matched, { type: 'email', value: 'search.alice@example.fr' });
      const dan = page.items.filter((i) => i.userId === 'search.dan');
      assert.equal(dan.length, 1, 'matched by email and by userId, listed once');
      // The merged pair is one person: the survivor, listed once, never the merged-away id.
      assert.equal(page.items.filter((i) => i.id === survivor).length, 1);
      assert.ok(!page.items.some((i) => i.id === mergedAway));
      assert.deepEqual((await server.admin.customers.search({ q: 'SEARCH.Alice@example.fr' })).items.map((i) => i.name), ['Alice Aubert']);
      assert.deepEqual((await server.admin.customers.search({ q: 'nobody.' })).items, []);
    });

    test('a phone typed in national format, in full or in part, and a loyalty card as printed', async () => {
      const partial = await server.admin.customers.search({ q: '06 12 34' });
      assert.deepEqual(partial.items.map((i) => [i.name, i.matched?.type]), [['Alice Aubert', 'phone'], ['Bob Bonnet', 'phone']]);
      assert.deepEqual((await server.admin.customers.search({ q: '06 12 34 56 78' })).items.map((i) => i.name), ['Alice Aubert']);
      assert.deepEqual((await server.admin.customers.search({ q: '+33 6 12 34 9' })).items.map((i) => i.name), ['Bob Bonnet']);
      assert.deepEqual((await server.admin.customers.search({ q: '0033 7' })).items.map((i) => i.name), ['Chloé Carré']);
      assert.deepEqual((await server.admin.customers.search({ q: 'sn-77' })).items.map((i) => [i.name, i.matched?.value]), [['Alice Aubert', 'SN7701'], ['Bob Bonnet', 'SN7702']]);
      assert.deepEqual((await server.admin.customers.search({ q: 'u-ch' })).items.map((i) => [i.name, i.matched?.type]), [['Chloé Carré', 'userId']]);
    });

    test('by the beginning of a first, last or full name, whatever its case and accents', async () => {
      const search = async (q: string) => (await server.admin.customers.search({ q })).items.map((i) => [i.name, i.matched?.type, i.matched?.value]);
      assert.deepEqual(await search('carre'), [['Chloé Carré', 'name', 'carre']]);
      assert.deepEqual(await search('CHLO'), [['Chloé Carré', 'name', 'chloe']]);
      assert.deepEqual(await search('hélène lef'), [['Hélène Lefèvre', 'name', 'helene lefevre']]);
      assert.deepEqual(await search('Helene'), [['Hélène Lefèvre', 'name', 'helene lefevre']]);
      // Marie is found first by her email, and listed once; Jean-Pierre by his last name.
      assert.deepEqual(await search('dupont'), [
        ['Marie DUPONT', 'email', 'dupont.marie@example.fr'],
        ['Jean-Pierre Dupont', 'name', 'dupont'],
      ]);
      assert.deepEqual(await search('Dupont J'), [['Jean-Pierre Dupont', 'name', 'dupont']]);
      assert.deepEqual(await search('marie dup'), [['Marie DUPONT', 'name', 'marie']]);
      assert.deepEqual(await search('jean-p'), [['Jean-Pierre Dupont', 'name', 'jean pierre']]);
      assert.deepEqual(await search('jean pierre dupont'), [['Jean-Pierre Dupont', 'name', 'jean pierre']]);
      assert.deepEqual(await search('marie durand'), []);
      // A word inside a name, by its beginning: within a compound first name, a full name's last name.
      assert.deepEqual(await search('Pierre'), [
        ['Jean-Pierre Dupont', 'name', 'pierre'],
        ['Pierre Roux', 'name', 'pierre'],
      ]);
      assert.deepEqual(await search('pierre dup'), [['Jean-Pierre Dupont', 'name', 'pierre']]);
      assert.deepEqual(await search('lefèvre'), [['Hélène Lefèvre', 'name', 'lefevre']]);
      assert.deepEqual(await search('lef h'), [['Hélène Lefèvre', 'name', 'lefevre']]);
      assert.deepEqual(await search('roux'), [['Pierre Roux', 'name', 'roux']]);
      // The people of one name in profile order, each once; the merged-away one is not listed.
      assert.deepEqual((await search('martin')).map(([name]) => name), ['Léa Martin', 'Luc Martin', 'Lou Martin']);
      const zidane = await server.admin.customers.search({ q: 'zidane' });
      assert.deepEqual(zidane.items.map((i) => i.name), ['Zoé Zidane']);
      const [survivorOfNames] = zidane.items;
      const gone = await server.deps.database.kysely.selectFrom('profiles').select('id').where('merged_into', '=', survivorOfNames!.id).execute();
      assert.equal(gone.length, 1, 'the other Zidane profile was merged into this one');
    });

    test('a name shared by several people pages through each of them once', async () => {
      const all = (await server.admin.customers.search({ q: 'martin', limit: 100 })).items.map((i) => i.id);
      assert.equal(all.length, 3);
      for (const limit of [1, 2]) assert.deepEqual((await walk(server.admin, 'martin', limit)).map((i) => i.id), all, `by ${limit}`);
      // With a further word, batches larger than the page: still each person once, in order.
      assert.deepEqual((await walk(server.admin, 'martin l', 1)).map((i) => i.id), all);
      assert.deepEqual((await walk(server.admin, 'martin lu', 1)).map((i) => i.name), ['Luc Martin']);
      const both = (await server.admin.customers.search({ q: 'dupont', limit: 100 })).items.map((i) => i.id);
      assert.deepEqual((await walk(server.admin, 'dupont', 1)).map((i) => i.id), both);
      // Whole names and inner words merged in one order, a person's like ends listed once.
      assert.deepEqual((await walk(server.admin, 'pierre', 1)).map((i) => i.name), ['Jean-Pierre Dupont', 'Pierre Roux']);
      assert.deepEqual((await walk(server.admin, 'roux', 1)).map((i) => i.name), ['Pierre Roux']);
    });

    test('inner words follow the names: renamed, merged, erased', async () => {
      const app = server.tracker((await server.admin.sources.create({ name: 'App 2', channel: 'app' })).writeKey).tracking;
      const names = async (q: string) => (await server.admin.customers.search({ q })).items.map((i) => i.name);
      await app.identify({ userId: 'u-rename', traits: { name: 'Anne-Sophie Leroy' } });
      assert.deepEqual(await names('sophie'), ['Anne-Sophie Leroy']);
      assert.deepEqual(await names('leroy'), ['Anne-Sophie Leroy']);
      await app.identify({ userId: 'u-rename', traits: { name: 'Anne-Sophie Petit' } });
      assert.deepEqual(await names('leroy'), []);
      assert.deepEqual(await names('sophie pet'), ['Anne-Sophie Petit']);
      // An anonymous visitor's full name goes with her when she logs in and is merged.
      await app.identify({ anonymousId: 'inner-merge-anon', traits: { name: 'Rose-Marie Vasseur' } });
      await app.identify({ userId: 'u-inner-merge', traits: { email: 'rose.vasseur@example.fr' } });
      await app.identify({ userId: 'u-inner-merge', anonymousId: 'inner-merge-anon' });
      const [rose] = (await server.admin.customers.search({ q: 'vasseur' })).items;
      assert.equal(rose?.email, 'rose.vasseur@example.fr');
      assert.deepEqual((await server.admin.customers.search({ q: 'marie vas' })).items.map((i) => i.id), [rose!.id]);
      // Erased: no name of hers is left to find.
      const erased = await server.admin.profiles.lookup('userId', 'u-rename');
      await server.admin.profiles.erase(erased.id);
      assert.deepEqual(await names('sophie'), []);
      // The triggers' rows are exactly the ends of every name key held, cut as name-keys.ts cuts them.
      const db = server.deps.database.kysely;
      const traits = await db.selectFrom('profile_traits').select(['profile_id', 'name', 'search_key']).where('search_key', 'is not', null).execute();
      const expected = traits.flatMap((t) => nameKeyEnds(t.search_key!).slice(1).map((key) => `${key}|${t.profile_id}|${t.name}`)).sort();
      const held = (await db.selectFrom('profile_name_words').select(['key', 'profile_id', 'name']).execute()).map((w) => `${w.key}|${w.profile_id}|${w.name}`).sort();
      assert.deepEqual(held, expected);
      assert.ok(held.some((row) => row.startsWith('vasseur|')) && !held.some((row) => row.startsWith('leroy|') || row.startsWith('sophie')));
    });

    test('an exact profile id, and a merged-away id answers with its survivor', async () => {
      const alice = (await server.admin.customers.search({ q: 'search.alice' })).items[0]!;
      assert.deepEqual((await server.admin.customers.search({ q: alice.id })).items.map((i) => i.id), [alice.id]);
      assert.deepEqual((await server.admin.customers.search({ q: mergedAway })).items.map((i) => i.id), [survivor]);
    });

    test('pages walk every result exactly once, with and without a query; merged-away profiles are never listed', async () => {
      const all = (await server.admin.customers.search({ q: 'search.', limit: 100 })).items.map((i) => i.id);
      assert.equal(new Set(all).size, all.length);
      assert.equal(all.length, 7);
      for (const limit of [1, 2, 3]) assert.deepEqual((await walk(server.admin, 'search.', limit)).map((i) => i.id), all, `search by ${limit}`);
      const live = await server.deps.database.kysely.selectFrom('profiles').select('id').where('merged_into', 'is', null).orderBy('id', 'desc').execute();
      assert.ok(live.length >= 9);
      for (const limit of [1, 4, 100]) {
        const ids = (await walk(server.admin, undefined, limit)).map((i) => i.id);
        assert.deepEqual(ids, live.map((r) => r.id), `newest first by ${limit}`);
        assert.ok(!ids.includes(mergedAway));
      }
    });

    test('admins, marketers and agents may search; associates, customers and anonymous callers may not', async () => {
      for (const role of ['admin', 'marketer', 'agent'] as const) assert.equal(await status(server.client(tokens[role]).customers.search({ q: 'search.' })), 200, role);
      assert.equal(await status(server.client(tokens.associate).customers.search({ q: 'search.' })), 403);
      assert.equal(await status(server.client(tokens.customer).customers.search({ q: 'search.' })), 403);
      assert.equal(await status(server.client().customers.search({ q: 'search.' })), 401);
      // Written down once per search, naming nobody: opening a row is the audited profile read.
      const audited = await server.deps.database.kysely.selectFrom('audit_log').select(['action', 'profile_id']).where('action', '=', 'profile.search').execute();
      assert.ok(audited.length >= 3);
      assert.ok(audited.every((a) => a.profile_id === null));
    });

    test('bad input is a 400 problem', async () => {
      const recentCursor = (await server.admin.customers.search({ limit: 1 })).nextCursor!;
      const searchCursor = (await server.admin.customers.search({ q: 'search.', limit: 1 })).nextCursor!;
      const cases: [string, Record<string, string>][] = [
        ['limit 0', { limit: '0' }],
        ['limit 101', { limit: '101' }],
        ['limit not a number', { limit: 'many' }],
        ['q too long', { q: 'x'.repeat(101) }],
        ['cursor not ours', { cursor: 'not-a-cursor!' }],
        ['cursor of another shape', { q: 'search.', cursor: Buffer.from(JSON.stringify({ m: 'prefix', t: 9, v: 'a' })).toString('base64url') }],
        ['cursor of the list used for a search', { q: 'search.', cursor: recentCursor }],
        ['cursor of a search used for the list', { cursor: searchCursor }],
        ['unknown parameter', { email: 'x' }],
      ];
      for (const [name, query] of cases) {
        const response = await fetch(`${server.url}/v1/profiles?${new URLSearchParams(query)}`, { headers: { authorization: `Bearer ${tokens.admin}` } });
        assert.equal(response.status, 400, name);
        assert.match(response.headers.get('content-type') ?? '', /application\/problem\+json/, name);
      }
    });

    if (dialect === 'sqlite') {
      test('on SQLite, both reads walk an index in order: no sort of the table', async () => {
        const db = server.deps.database.kysely;
        const plan = async (query: { compile(): CompiledQuery }) => {
          const compiled = query.compile();
          const rows = (await db.executeQuery(CompiledQuery.raw(`explain query plan ${compiled.sql}`, [...compiled.parameters]))).rows;
          return rows.map((r) => String((r as { detail: string }).detail)).join(' | ');
        };
        for (const before of [undefined, 'cus_z']) {
          const recent = await plan(recentProfilesQuery(db, before, 26));
          assert.doesNotMatch(recent, /TEMP B-TREE/, recent);
          assert.match(recent, /^(SCAN|SEARCH) profiles USING INDEX sqlite_autoindex_profiles_1/, recent);
        }
        for (const after of [null, 'julie']) {
          const range = await plan(identityRangeQuery(db, { type: 'email', prefix: 'jul', after, limit: 26 }));
          assert.doesNotMatch(range, /TEMP B-TREE/, range);
          assert.match(range, /^SEARCH profile_identities USING INDEX sqlite_autoindex_profile_identities_1 \(type=\? AND value>\? AND value<\?\)/, range);
        }
        for (const after of [null, { key: 'martin', profileId: 'cus_x' }]) {
          const range = await plan(nameRangeQuery(db, { prefix: 'mar', after, limit: 26 }));
          assert.doesNotMatch(range, /TEMP B-TREE/, range);
          const start = (key: string) => (after === null ? `${key}>\\?` : `\\(${key},profile_id\\)>\\(\\?,\\?\\)`);
          // The two ranges merged, each walked in its index's order.
          assert.match(range, /^MERGE \(UNION ALL\)/, range);
          assert.match(range, new RegExp(`SEARCH profile_traits USING (COVERING )?INDEX profile_traits_search_idx \\(${start('search_key')} AND search_key<\\?\\)`), range);
          assert.match(range, new RegExp(`SEARCH profile_name_words USING (COVERING )?INDEX sqlite_autoindex_profile_name_words_1 \\(${start('key')} AND key<\\?\\)`), range);
        }
      });
    }
  });
}
