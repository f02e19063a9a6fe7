import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { DIALECTS, createTestDatabase, type TestDatabase } from '../support/harness.js';
import { normaliseSegmentEvent, type SourceInfo } from '../../src/modules/identity/ingest/segment-event.js';
import { storeEvent } from '../../src/modules/identity/ingest/ingest.service.js';
import { resolveAll } from '../../src/modules/identity/resolution/identity-graph.js';

interface RawSpec {
  minute: number;
  userId?: string;
  anonymousId?: string;
  email?: string;
  deviceId?: string;
  city: string;
}

const specArb: fc.Arbitrary<RawSpec> = fc
  .record({
    userId: fc.option(fc.constantFrom('u1', 'u2', 'u3'), { nil: undefined }),
    anonymousId: fc.option(fc.constantFrom('an1', 'an2', 'an3', 'an4'), { nil: undefined }),
    email: fc.option(fc.constantFrom('a@x.fr', 'b@x.fr'), { nil: undefined }),
    deviceId: fc.option(fc.constantFrom('dev1', 'dev2'), { nil: undefined }),
    city: fc.constantFrom('Lyon', 'Paris', 'Nantes'),
    minute: fc.integer({ min: 0, max: 10_000 }),
  })
  .filter((s) => Boolean(s.userId || s.anonymousId));

const scenarioArb = fc
  .uniqueArray(specArb, { minLength: 1, maxLength: 14, selector: (s) => s.minute })
  .chain((specs) => fc.tuple(fc.constant(specs), fc.shuffledSubarray(specs, { minLength: specs.length, maxLength: specs.length }), fc.shuffledSubarray(specs, { minLength: specs.length, maxLength: specs.length })));

let run = 0;

function toRaw(spec: RawSpec, ns: string) {
  const v = (value: string | undefined) => (value ? `${ns}-${value}` : undefined);
  return {
    type: 'identify',
    messageId: `m-${spec.minute}`,
    timestamp: new Date(Date.UTC(2026, 0, 1) + spec.minute * 60_000).toISOString(),
    userId: v(spec.userId),
    anonymousId: v(spec.anonymousId),
    traits: { ...(spec.email ? { email: `${ns}.${spec.email}` } : {}), city: spec.city },
    context: spec.deviceId ? { device: { id: v(spec.deviceId) } } : {},
  };
}

async function ingestInOrder(db: TestDatabase, specs: RawSpec[], ns: string) {
  const source: SourceInfo = { id: `src_${ns}`, channel: 'app', storeId: null };
  const received = new Date(Date.UTC(2026, 5, 1));
  for (const spec of specs) {
    const normalised = normaliseSegmentEvent(toRaw(spec, ns), source, received);
    assert.ok(normalised.ok);
    await db.database.kysely.transaction().execute((trx) => storeEvent(trx, source, normalised.event, received.toISOString()));
  }
  return snapshot(db, ns);
}

/** The final people: each as its identifiers, its events' message ids and its traits, in a comparable form. */
async function snapshot(db: TestDatabase, ns: string) {
  const kysely = db.database.kysely;
  const identities = await kysely.selectFrom('profile_identities').select(['type', 'value', 'profile_id']).where('value', 'like', `%${ns}%`).execute();
  const events = await kysely.selectFrom('events').select(['message_id', 'profile_id']).where('source_id', '=', `src_${ns}`).execute();
  const profileIds = [...new Set([...identities.map((i) => i.profile_id), ...events.map((e) => e.profile_id!)])];
  const traits = profileIds.length ? await kysely.selectFrom('profile_traits').select(['profile_id', 'name', 'value']).where('profile_id', 'in', profileIds).execute() : [];
  const live = profileIds.length ? await kysely.selectFrom('profiles').select(['id', 'merged_into']).where('id', 'in', profileIds).execute() : [];
  for (const profile of live) assert.equal(profile.merged_into, null, 'identities and events point only at live profiles');
  const people = profileIds.map((id) => ({
    identifiers: identities.filter((i) => i.profile_id === id).map((i) => `${i.type}:${i.value.replace(ns, 'ns')}`).sort().join(' '),
    events: events.filter((e) => e.profile_id === id).map((e) => e.message_id).sort().join(' '),
    traits: traits.filter((t) => t.profile_id === id).map((t) => `${t.name}=${t.value.replace(ns, 'ns')}`).sort().join(' '),
  }));
  return people.map((p) => JSON.stringify(p)).sort();
}

for (const dialect of DIALECTS) {
  describe(`identity resolution does not depend on arrival order (${dialect})`, () => {
    let db: TestDatabase;
    before(async () => {
      db = await createTestDatabase(dialect);
    });
    after(() => db.destroy());

    test('property: the same events in two random orders give the same people as resolving them in time order', async () => {
      await fc.assert(
        fc.asyncProperty(scenarioArb, async ([specs, orderA, orderB]) => {
          const base = `r${run++}`;
          const a = await ingestInOrder(db, orderA, `${base}a`);
          const b = await ingestInOrder(db, orderB, `${base}b`);
          assert.deepEqual(a, b);
          // And both equal the from-scratch resolution of the graph alone.
          const sorted = [...specs].sort((x, y) => x.minute - y.minute);
          const c = await ingestInOrder(db, sorted, `${base}c`);
          assert.deepEqual(a, c);
          const graphEvents = specs.map((spec) => {
            const n = normaliseSegmentEvent(toRaw(spec, 'ns'), { id: 's', channel: 'app', storeId: null }, new Date());
            assert.ok(n.ok);
            return { key: n.event.timestamp, identifiers: n.event.identifiers };
          });
          const expected = [...resolveAll(graphEvents).graph.components().values()].map((m) => [...m].sort().join(' ')).sort();
          assert.deepEqual(a.map((p) => JSON.parse(p).identifiers).sort(), expected);
        }),
        { numRuns: dialect === 'sqlite' ? 120 : 15 },
      );
    });
  });
}
