import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { IdentityGraph, resolveAll, sortByStrength, type GraphEvent } from './identity-graph.js';
import { DEFAULT_RULES, normaliseIdentifier, type Identifier } from './identifiers.js';

const id = (type: string, value: string): Identifier => ({ type, value });
const ev = (key: string, ...identifiers: Identifier[]): GraphEvent => ({ key, identifiers });
const partition = (graph: IdentityGraph) => [...graph.components().values()].map((set) => [...set].sort().join(' ')).sort();

test('an anonymous visitor who logs in becomes one person with the account', () => {
  const { graph } = resolveAll([ev('1', id('anonymousId', 'a1')), ev('2', id('anonymousId', 'a1'), id('userId', 'u1'))]);
  assert.deepEqual(partition(graph), ['anonymousId:a1 userId:u1']);
});

test('two userIds never merge, whichever arrives first', () => {
  const events = [ev('1', id('anonymousId', 'a1'), id('userId', 'u1')), ev('2', id('anonymousId', 'a1'), id('userId', 'u2'))];
  const { graph } = resolveAll(events);
  assert.deepEqual(partition(graph), ['anonymousId:a1 userId:u1', 'userId:u2']);
  const outcome = new IdentityGraph().apply(events[1]!);
  assert.equal(outcome.skipped.length, 0, 'a fresh graph has nothing to refuse');
});

test('a shared kiosk device does not glue two customers together', () => {
  const g = new IdentityGraph();
  g.apply(ev('1', id('deviceId', 'kiosk-1'), id('userId', 'julie')));
  const second = g.apply(ev('2', id('deviceId', 'kiosk-1'), id('userId', 'sophie')));
  assert.deepEqual(second.skipped, [{ identifier: 'deviceId:kiosk-1', reason: 'limit', detail: 'userId' }]);
  assert.deepEqual(partition(g), ['deviceId:kiosk-1 userId:julie', 'userId:sophie']);
});

test('a till sale with a loyalty card joins the card holder known from the app', () => {
  const { graph } = resolveAll([
    ev('1', id('userId', 'u1'), id('loyalty_card', 'SN123')),
    ev('2', id('loyalty_card', 'SN123')),
    ev('3', id('instagram', 'julie.m'), id('email', 'julie@example.fr')),
    ev('4', id('email', 'julie@example.fr'), id('userId', 'u1')),
  ]);
  assert.deepEqual(partition(graph), ['email:julie@example.fr instagram:julie.m loyalty_card:SN123 userId:u1']);
});

test('separated identifiers stay apart even when an event links them', () => {
  const { graph } = resolveAll([ev('1', id('email', 'a@x.fr'), id('anonymousId', 'shared'))], DEFAULT_RULES, []);
  assert.equal(partition(graph).length, 1);
  const separated = resolveAll([ev('1', id('email', 'a@x.fr')), ev('2', id('anonymousId', 'shared')), ev('3', id('email', 'a@x.fr'), id('anonymousId', 'shared'))], DEFAULT_RULES, [
    { a: 'email:a@x.fr', b: 'anonymousId:shared' },
  ]);
  assert.deepEqual(partition(separated.graph), ['anonymousId:shared', 'email:a@x.fr']);
});

test('identifiers are normalised and placeholder values refused', () => {
  assert.deepEqual(normaliseIdentifier('email', '  Julie.Martin@Example.FR '), id('email', 'julie.martin@example.fr'));
  assert.deepEqual(normaliseIdentifier('phone', '06 12 34 56 78'), id('phone', '+33612345678'));
  assert.deepEqual(normaliseIdentifier('phone', '+33 6 12 34 56 78'), id('phone', '+33612345678'));
  assert.deepEqual(normaliseIdentifier('instagram', '@Julie.M'), id('instagram', 'julie.m'));
  for (const junk of ['null', 'anonymous', '0', '', 'undefined', 'test@test.com']) assert.equal(normaliseIdentifier('userId', junk), null, junk);
  assert.equal(normaliseIdentifier('email', 'not-an-email'), null);
  assert.equal(normaliseIdentifier('phone', '12'), null);
});

const identifierArb = fc.oneof(
  fc.constantFrom('u1', 'u2', 'u3').map((v) => id('userId', v)),
  fc.constantFrom('a@x.fr', 'b@x.fr').map((v) => id('email', v)),
  fc.constantFrom('k1', 'k2').map((v) => id('deviceId', v)),
  fc.constantFrom('an1', 'an2', 'an3', 'an4').map((v) => id('anonymousId', v)),
);
const eventsArb = fc.array(fc.uniqueArray(identifierArb, { minLength: 1, maxLength: 3, selector: (i) => `${i.type}:${i.value}` }), { minLength: 1, maxLength: 25 }).map((lists) =>
  lists.map((identifiers, index) => ev(String(index).padStart(3, '0'), ...identifiers)),
);

test('property: no component ever holds more values of a type than its limit, and each event lands in the component of its strongest identifier', () => {
  fc.assert(
    fc.property(eventsArb, (events) => {
      const { graph, owners } = resolveAll(events);
      for (const members of graph.components().values()) {
        const counts = new Map<string, number>();
        for (const member of members) {
          const type = member.slice(0, member.indexOf(':'));
          counts.set(type, (counts.get(type) ?? 0) + 1);
        }
        for (const [type, count] of counts) assert.ok(count <= DEFAULT_RULES[type]!.limit, `${type} ×${count}`);
      }
      for (const event of events) {
        const strongest = sortByStrength(event.identifiers)[0]!;
        assert.equal(owners.get(event.key), graph.find(`${strongest.type}:${strongest.value}`));
      }
    }),
    { numRuns: 300 },
  );
});

test('property: the result depends on the set of events, not the order they are given in', () => {
  fc.assert(
    fc.property(eventsArb.chain((events) => fc.tuple(fc.constant(events), fc.shuffledSubarray(events, { minLength: events.length, maxLength: events.length }))), ([events, shuffled]) => {
      assert.deepEqual(partition(resolveAll(shuffled).graph), partition(resolveAll(events).graph));
    }),
    { numRuns: 200 },
  );
});
