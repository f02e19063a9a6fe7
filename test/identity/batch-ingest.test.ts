import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { DIALECTS, createTestDatabase, type TestDatabase } from '../support/harness.js';
import { normaliseSegmentEvent, type NormalisedEvent, type SourceInfo } from '../../src/modules/identity/ingest/segment-event.js';
import { identifierHash, storeEventAlone, storeItems, type StoredEvent } from '../../src/modules/identity/ingest/ingest.service.js';

// Batch ingestion must give what the one-event-at-a-time path gives for the same events arriving in
// the same order: same people (identifiers, events, traits, channels, consents), same events kept
// without identity, same answers. Scenarios mix merges, limits (two userIds), a separation, an
// erased identifier, consent choices, repeated message ids, two sources and late events (the batches
// arrive in random order, and the events inside them too).

interface Spec {
  minute: number;
  /** Message id: a few specs repeat an earlier one. */
  message: number;
  source: 0 | 1;
  userId?: string | undefined;
  anonymousId?: string | undefined;
  email?: string | undefined;
  deviceId?: string | undefined;
  card?: string | undefined;
  city: string;
  consent?: 'refuse' | 'accept' | 'marketing' | undefined;
}

/** Present one time in three: events name few identifiers, so people start apart and merge later. */
const sometimes = <T>(values: T[]) => fc.oneof({ arbitrary: fc.constant(undefined), weight: 2 }, { arbitrary: fc.constantFrom(...values), weight: 1 });

const specArb: fc.Arbitrary<Spec> = fc
  .record({
    minute: fc.integer({ min: 0, max: 10_000 }),
    message: fc.integer({ min: 0, max: 40 }),
    source: fc.constantFrom<0 | 1>(0, 0, 1),
    userId: sometimes(['u1', 'u2', 'u3']),
    anonymousId: sometimes(['an1', 'an2', 'an3', 'an4', 'an5', 'an6', 'an7']),
    email: sometimes(['a@x.fr', 'b@x.fr', 'c@x.fr']),
    deviceId: sometimes(['dev1', 'dev2']),
    card: sometimes(['c1', 'c2']),
    city: fc.constantFrom('Lyon', 'Paris', 'Nantes'),
    // Consent tools repeat the same choices on every event: most change nothing already recorded.
    consent: fc.oneof(
      { arbitrary: fc.constant(undefined), weight: 5 },
      { arbitrary: fc.constantFrom<'refuse' | 'accept' | 'marketing'>('refuse', 'accept', 'accept', 'marketing'), weight: 2 },
    ),
  })
  .filter((s) => Boolean(s.userId || s.anonymousId));

/** Events in arrival order (in time order, or shuffled: late events), cut into batches. */
const scenarioArb = fc
  .tuple(fc.array(specArb, { minLength: 1, maxLength: 30 }), fc.boolean())
  .chain(([specs, inTimeOrder]) =>
    fc.tuple(
      inTimeOrder ? fc.constant([...specs].sort((a, b) => a.minute - b.minute)) : fc.shuffledSubarray(specs, { minLength: specs.length, maxLength: specs.length }),
      fc.array(fc.integer({ min: 1, max: 12 }), { minLength: 30, maxLength: 30 }),
    ),
  );

const CONSENTS = { refuse: { analytics: false }, accept: { analytics: true, marketing_email: true }, marketing: { marketing_sms: true } };

let run = 0;

function normalise(spec: Spec, ns: string): { source: SourceInfo; event: NormalisedEvent } {
  const v = (value: string | undefined) => (value ? `${ns}-${value}` : undefined);
  const source: SourceInfo = { id: `src_${ns}_${spec.source}`, channel: spec.source === 0 ? 'app' : 'store', storeId: null };
  const raw = {
    type: 'identify',
    messageId: `m-${spec.message}`,
    timestamp: new Date(Date.UTC(2026, 0, 1) + spec.minute * 60_000).toISOString(),
    userId: v(spec.userId),
    anonymousId: v(spec.anonymousId),
    traits: { ...(spec.email ? { email: `${ns}.${spec.email}` } : {}), city: spec.city, [`seen_${spec.minute % 3}`]: spec.minute },
    context: {
      ...(spec.deviceId ? { device: { id: v(spec.deviceId) } } : {}),
      ...(spec.card ? { externalIds: [{ id: v(spec.card), type: 'loyalty_card' }] } : {}),
      ...(spec.consent ? { consent: { categoryPreferences: CONSENTS[spec.consent] } } : {}),
    },
  };
  const normalised = normaliseSegmentEvent(raw, source, new Date(Date.UTC(2026, 5, 1)));
  assert.ok(normalised.ok);
  return { source, event: normalised.event };
}

/** An erased identifier (events about it from before minute 5,000 are dropped) and an admin separation. */
async function prepareNamespace(db: TestDatabase, ns: string) {
  const kysely = db.database.kysely;
  await kysely.insertInto('suppressed_identifiers').values({ hash: identifierHash(`email:${ns}.c@x.fr`), erased_at: new Date(Date.UTC(2026, 0, 1) + 5000 * 60_000).toISOString() }).execute();
  await kysely.insertInto('identity_separations').values({ id: `sep_${ns}`, a: `userId:${ns}-u3`, b: `anonymousId:${ns}-an5`, merge_id: null, created_at: '2026-01-01T00:00:00.000Z' }).execute();
}

type Mode = 'sequential' | 'kysely' | 'sqlite';

async function ingest(db: TestDatabase, mode: Mode, specs: Spec[], sizes: number[], ns: string): Promise<string[]> {
  await prepareNamespace(db, ns);
  const items = specs.map((spec) => normalise(spec, ns));
  const now = '2026-06-01T00:00:00.000Z';
  const answers: StoredEvent[] = [];
  let at = 0;
  for (let b = 0; at < items.length; b++) {
    const batch = items.slice(at, at + (sizes[b % sizes.length] ?? 1));
    at += batch.length;
    const stored = await db.database.kysely.transaction().execute(async (trx) => {
      if (mode !== 'sequential') return storeItems(trx, batch, now, mode === 'sqlite' ? { sqlite: db.database.sqlite } : {});
      const out: StoredEvent[] = [];
      for (const { source, event } of batch) out.push(await storeEventAlone(trx, source, event, now));
      return out;
    });
    answers.push(...stored);
  }
  return answers.map((a) => [a.duplicate ? 'duplicate' : '', a.anonymized ? 'anonymized' : '', a.suppressed ? 'suppressed' : '', a.profileId || a.suppressed ? '' : 'no-profile'].join('|'));
}

/** The people of a namespace, in a form that does not depend on profile ids. */
async function snapshot(db: TestDatabase, ns: string) {
  const kysely = db.database.kysely;
  const sources = [`src_${ns}_0`, `src_${ns}_1`];
  // Loyalty cards are upper-cased by normalisation, and PostgreSQL's LIKE is case-sensitive.
  const identities = await kysely
    .selectFrom('profile_identities')
    .selectAll()
    .where((eb) => eb.or([eb('value', 'like', `%${ns}%`), eb('value', 'like', `%${ns.toUpperCase()}%`)]))
    .execute();
  const events = await kysely.selectFrom('events').select(['source_id', 'message_id', 'profile_id', 'anonymized', 'payload']).where('source_id', 'in', sources).execute();
  const ids = [...new Set([...identities.map((i) => i.profile_id), ...events.flatMap((e) => (e.profile_id ? [e.profile_id] : []))])];
  const some = ids.length > 0 ? ids : ['none'];
  const traits = await kysely.selectFrom('profile_traits').selectAll().where('profile_id', 'in', some).execute();
  const channels = await kysely.selectFrom('profile_channels').selectAll().where('profile_id', 'in', some).execute();
  const consents = await kysely.selectFrom('consents').selectAll().where('profile_id', 'in', some).execute();
  const profiles = await kysely.selectFrom('profiles').selectAll().where('id', 'in', some).execute();
  const clean = (text: string) => text.replaceAll(ns, 'ns').replaceAll(ns.toUpperCase(), 'NS');
  const people = profiles.map((profile) => {
    assert.equal(profile.merged_into, null, 'identities and events point only at live profiles');
    const mine = <T extends { profile_id: string | null }>(rows: T[]) => rows.filter((r) => r.profile_id === profile.id);
    const cache = JSON.parse(profile.traits) as Record<string, unknown>;
    const rows = Object.fromEntries(mine(traits).map((t) => [t.name, JSON.parse(t.value) as unknown]));
    assert.deepEqual(cache, rows, 'the trait cache holds the trait rows');
    return clean(
      JSON.stringify({
        identifiers: mine(identities).map((i) => `${i.type}:${i.value}@${i.first_seen_at}..${i.last_seen_at}`).sort(),
        events: mine(events).map((e) => `${e.source_id}/${e.message_id}`).sort(),
        traits: mine(traits).map((t) => `${t.name}=${t.value}@${t.order_key}/${t.channel}`).sort(),
        channels: mine(channels).map((c) => `${c.channel}:${c.events}:${c.first_seen}..${c.last_seen}`).sort(),
        consents: mine(consents).map((c) => `${c.purpose}=${c.granted}`).sort(),
        mark: profile.last_order_key,
      }),
    );
  });
  const withoutIdentity = events.filter((e) => e.profile_id === null).map((e) => clean(`${e.source_id}/${e.message_id}/${e.anonymized}/${e.payload.length}`));
  return { people: people.sort(), withoutIdentity: withoutIdentity.sort(), stored: events.length };
}

for (const dialect of DIALECTS) {
  describe(`batch ingestion gives what one event at a time gives (${dialect})`, () => {
    let db: TestDatabase;
    before(async () => {
      db = await createTestDatabase(dialect);
    });
    after(() => db.destroy());

    const modes: Mode[] = dialect === 'sqlite' ? ['kysely', 'sqlite'] : ['kysely'];
    for (const mode of modes) {
      test(`property: batches through the ${mode} store, in any order and cut, match the sequential path`, async () => {
        await fc.assert(
          fc.asyncProperty(scenarioArb, async ([specs, sizes]) => {
            const base = `b${run++}`;
            const expectedAnswers = await ingest(db, 'sequential', specs, sizes, `${base}s`);
            const answers = await ingest(db, mode, specs, sizes, `${base}b`);
            assert.deepEqual(answers, expectedAnswers);
            assert.deepEqual(await snapshot(db, `${base}b`), await snapshot(db, `${base}s`));
          }),
          { numRuns: dialect === 'sqlite' ? 200 : 30 },
        );
      });
    }
  });
}
