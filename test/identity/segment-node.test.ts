import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Analytics } from '@segment/analytics-node';
import { DIALECTS, startTestServer, type TestServer } from '../support/harness.js';

/**
 * The official server-side library (`@segment/analytics-node`), unchanged, pointed at our server with
 * its `host` option: what a shop's backend does when it swaps api.segment.io for Passerelle.
 */

type Call =
  | ['identify', Parameters<Analytics['identify']>[0]]
  | ['track', Parameters<Analytics['track']>[0]]
  | ['page', Parameters<Analytics['page']>[0]]
  | ['screen', Parameters<Analytics['screen']>[0]]
  | ['group', Parameters<Analytics['group']>[0]]
  | ['alias', Parameters<Analytics['alias']>[0]];

interface SentEvent {
  type: string;
  messageId: string;
}

/** The library's own traffic, as it reports it through its emitter. */
interface Recorder {
  errors: unknown[];
  requests: { url: string; events: SentEvent[] }[];
  statuses: number[];
}

function newClient(server: TestServer, writeKey: string, flushAt: number): { analytics: Analytics; recorder: Recorder } {
  const analytics = new Analytics({
    writeKey,
    host: server.url,
    // Events a /v1/batch request carries. A full batch is sent at once, without waiting for the one before.
    flushAt,
    flushInterval: 250,
    // A failure must surface as an `error` now, not after ten backed-off retries.
    maxRetries: 0,
    httpRequestTimeout: 5000,
  });
  const recorder: Recorder = { errors: [], requests: [], statuses: [] };
  analytics.on('error', (error) => recorder.errors.push(error));
  analytics.on('http_request', ({ url, body }) => {
    const { batch } = JSON.parse(body) as { batch: SentEvent[] };
    recorder.requests.push({ url, events: batch });
  });
  analytics.on('http_response', ({ status }) => recorder.statuses.push(status));
  return { analytics, recorder };
}

function send(analytics: Analytics, [method, params]: Call): void {
  // One switch rather than `analytics[method](params)`: each method takes its own parameter type.
  switch (method) {
    case 'identify': return analytics.identify(params);
    case 'track': return analytics.track(params);
    case 'page': return analytics.page(params);
    case 'screen': return analytics.screen(params);
    case 'group': return analytics.group(params);
    case 'alias': return analytics.alias(params);
  }
}

/** Sends the calls, then waits until the library has had every answer (closeAndFlush resolves on its timeout too, so the recorder is checked after). */
async function sendAll(server: TestServer, writeKey: string, calls: Call[], flushAt = 20): Promise<Recorder> {
  const { analytics, recorder } = newClient(server, writeKey, flushAt);
  for (const call of calls) send(analytics, call);
  await analytics.closeAndFlush({ timeout: 10_000 });
  assert.deepEqual(recorder.errors, [], 'the library reports no error');
  assert.ok(recorder.statuses.length > 0 && recorder.statuses.every((status) => status === 200), `every request answered 200: ${recorder.statuses.join(', ')}`);
  return recorder;
}

for (const dialect of DIALECTS) {
  describe(`@segment/analytics-node against the tracking API (${dialect})`, () => {
    let server: TestServer;
    let writeKey: string;
    let sourceId: string;
    const eventsOfSource = () =>
      server.deps.database.kysely.selectFrom('events').select(['message_id', 'type', 'name', 'channel', 'timestamp', 'received_at', 'profile_id']).where('source_id', '=', sourceId).execute();

    before(async () => {
      server = await startTestServer(dialect);
      // A server-side source of the mobile app's backend: a channel the library could not guess.
      const source = await server.admin.sources.create({ name: 'App backend (analytics-node)', channel: 'app' });
      writeKey = source.writeKey;
      sourceId = source.id;
    });
    after(() => server.close());

    const loyaltyCard = { id: 'LC2026000451', type: 'loyalty_card', collection: 'users', encoding: 'none' };
    const calls: Call[] = [
      ['identify', { userId: 'julie-node', anonymousId: 'anon-node-1', traits: { email: 'Julie.Node@Example.fr', firstName: 'Julie' }, context: { externalIds: [loyaltyCard] } }],
      ['track', { userId: 'julie-node', event: 'Product Viewed', properties: { sku: 'SKU-NODE-1', price: 49.9 } }],
      ['page', { anonymousId: 'anon-node-1', name: 'Home', properties: { path: '/' } }],
      ['screen', { userId: 'julie-node', name: 'Wishlist' }],
      ['group', { userId: 'julie-node', groupId: 'club-lyon' }],
      ['alias', { userId: 'julie-node', previousId: 'anon-node-0' }],
    ];
    let sent: SentEvent[] = [];

    test('every call is stored, committed by the time the library has its 200, with the source\'s channel', async () => {
      const recorder = await sendAll(server, writeKey, calls);
      assert.deepEqual(new Set(recorder.requests.map((r) => r.url)), new Set([`${server.url}/v1/batch`]), 'the library posts batches to host + /v1/batch');
      assert.deepEqual(recorder.requests.map((r) => r.events.length), [calls.length], 'one batch, sent by closeAndFlush');
      sent = recorder.requests.flatMap((r) => r.events);
      assert.deepEqual(sent.map((e) => e.type), calls.map(([method]) => method));
      assert.ok(sent.every((e) => typeof e.messageId === 'string' && e.messageId.length > 0), 'the library sets a messageId on every event');

      // No polling: closeAndFlush resolved after the 200s, so the rows must already be there.
      const rows = await eventsOfSource();
      assert.deepEqual(rows.map((r) => r.message_id).sort(), sent.map((e) => e.messageId).sort());
      assert.deepEqual([...new Set(rows.map((r) => r.channel))], ['app']);
      assert.equal(rows.find((r) => r.type === 'track')?.name, 'Product Viewed');
      assert.equal(rows.find((r) => r.type === 'page')?.name, 'Home');
      for (const row of rows) {
        // The library stamps `timestamp` and `sentAt` from the same clock: the correction keeps it near receivedAt.
        const skew = Math.abs(Date.parse(row.timestamp) - Date.parse(row.received_at));
        assert.ok(skew < 10_000, `${row.type}: timestamp ${row.timestamp} is close to receivedAt ${row.received_at}`);
      }
    });

    test('the profile found by email holds the userId, both anonymousIds and the loyalty card', async () => {
      assert.ok(sent.length > 0, 'runs after the sending test');
      const profile = await server.admin.profiles.lookup('email', 'julie.node@example.fr');
      const identities = profile.identities.map((i) => `${i.type}:${i.value}`);
      for (const expected of ['userId:julie-node', 'anonymousId:anon-node-1', 'anonymousId:anon-node-0', 'loyalty_card:LC2026000451']) {
        assert.ok(identities.includes(expected), `${expected} in ${identities.join(', ')}`);
      }
      assert.equal(profile.traits.firstName, 'Julie');
      for (const row of await eventsOfSource()) assert.equal(row.profile_id, profile.id, `the ${row.type} event is on the person's profile`);
      assert.deepEqual(profile.channels.map((c) => [c.channel, c.events]), [['app', calls.length]]);
      for (const [type, value] of [['userId', 'julie-node'], ['anonymousId', 'anon-node-1'], ['loyalty_card', 'LC2026000451']] as const) {
        assert.equal((await server.admin.profiles.lookup(type, value)).id, profile.id, `${type} ${value} finds the same person`);
      }
    });

    test('the same events sent again (a restarted process re-sending with the library\'s messageIds) are stored once', async () => {
      assert.ok(sent.length === calls.length, 'runs after the sending test');
      const before = await eventsOfSource();
      const counted = (await server.admin.profiles.lookup('email', 'julie.node@example.fr')).channels;
      // Replayed through a new client, as a process would after a restart: same calls, explicit messageIds.
      const replay = calls.map(([method, params], index): Call => [method, { ...params, messageId: sent[index]!.messageId }] as Call);
      const recorder = await sendAll(server, writeKey, replay);
      assert.deepEqual(recorder.requests.flatMap((r) => r.events.map((e) => e.messageId)), sent.map((e) => e.messageId), 'the library sent our messageIds');
      const after = await eventsOfSource();
      assert.equal(after.length, before.length, 'nothing stored twice');
      const profile = await server.admin.profiles.lookup('email', 'julie.node@example.fr');
      assert.deepEqual(profile.channels, counted, 'the profile does not count them twice');
    });

    test('one person\'s events sent at once (flushAt 1: one request an event, all in flight together) make one profile', async () => {
      // What a busy backend does by default: full batches leave without waiting for the previous answer,
      // so the server handles several requests about the same new person at the same time.
      const person: Call[] = [
        ['identify', { userId: 'max-node', traits: { email: 'max.node@example.fr' } }],
        ...[1, 2, 3, 4, 5].map((n): Call => ['track', { userId: 'max-node', event: 'Product Viewed', properties: { sku: `SKU-MAX-${n}` } }]),
      ];
      const recorder = await sendAll(server, writeKey, person, 1);
      assert.equal(recorder.requests.length, person.length, 'one request an event');
      const messageIds = recorder.requests.flatMap((r) => r.events.map((e) => e.messageId));
      const rows = await server.deps.database.kysely.selectFrom('events').select(['type', 'profile_id']).where('message_id', 'in', messageIds).execute();
      assert.equal(rows.length, person.length);
      const profile = await server.admin.profiles.lookup('userId', 'max-node');
      for (const row of rows) assert.equal(row.profile_id, profile.id, `the ${row.type} event is on max-node's profile`);
      assert.deepEqual(profile.channels.map((c) => [c.channel, c.events]), [['app', person.length]]);
    });
  });
}
