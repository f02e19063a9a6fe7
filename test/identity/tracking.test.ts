import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DIALECTS, startTestServer, type TestServer } from '../support/harness.js';
import { insertStore } from '../support/fixtures.js';
import { ManualClock } from '../../src/platform/clock.js';
import { PasserelleApiError } from '../../sdk/index.js';

const basic = (key: string) => `Basic ${Buffer.from(`${key}:`).toString('base64')}`;

for (const dialect of DIALECTS) {
  describe(`Segment HTTP Tracking API (${dialect})`, () => {
    let server: TestServer;
    let webKey: string;
    let tillKey: string;
    let storeId: string;
    const clock = new ManualClock('2026-11-20T10:00:00.000Z');
    const count = async () => Number((await server.deps.database.kysely.selectFrom('events').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

    before(async () => {
      server = await startTestServer(dialect, { clock, config: { trackingRateLimit: 1000 } });
      storeId = await insertStore(server);
      webKey = (await server.admin.sources.create({ name: 'Web shop', channel: 'web' })).writeKey;
      tillKey = (await server.admin.sources.create({ name: 'Lyon till', channel: 'store', storeId })).writeKey;
    });
    after(() => server.close());

    test('every call type, long and short path, is accepted with Segment\'s answer and stored with its source channel', async () => {
      const before = await count();
      const paths: [string, Record<string, unknown>][] = [
        ['/v1/identify', { userId: 'u-1', traits: { email: 'Julie@Example.fr', firstName: 'Julie' } }],
        ['/v1/track', { userId: 'u-1', event: 'Product Viewed', properties: { sku: 'SKU-1' } }],
        ['/v1/page', { anonymousId: 'anon-1', name: 'Home' }],
        ['/v1/screen', { userId: 'u-1', name: 'Wishlist' }],
        ['/v1/alias', { userId: 'u-1', previousId: 'anon-1' }],
        ['/v1/group', { userId: 'u-1', groupId: 'g-1' }],
        ['/v1/i', { userId: 'u-2' }],
        ['/v1/t', { userId: 'u-2', event: 'Product Added' }],
        ['/v1/p', { userId: 'u-2' }],
        ['/v1/s', { userId: 'u-2' }],
        ['/v1/a', { userId: 'u-2', previousId: 'anon-2' }],
        ['/v1/g', { userId: 'u-2', groupId: 'g' }],
      ];
      for (const [path, body] of paths) {
        const response = await fetch(server.url + path, { method: 'POST', headers: { authorization: basic(webKey), 'content-type': 'application/json' }, body: JSON.stringify(body) });
        assert.equal(response.status, 200, `${path}: ${await response.clone().text()}`);
        assert.equal(((await response.json()) as { success: boolean }).success, true);
      }
      assert.equal(await count(), before + paths.length);
      const row = await server.deps.database.kysely.selectFrom('events').select(['channel', 'type', 'name']).where('name', '=', 'Product Viewed').executeTakeFirstOrThrow();
      assert.deepEqual(row, { channel: 'web', type: 'track', name: 'Product Viewed' });
    });

    test('the write key works in the body too, and text/plain bodies (what analytics.js sends) are JSON', async () => {
      const response = await fetch(`${server.url}/v1/t`, {
        method: 'POST',
        headers: { 'content-type': 'text/plain' },
        body: JSON.stringify({ writeKey: webKey, anonymousId: 'browser-1', event: 'Page Scrolled', messageId: 'plain-1' }),
      });
      assert.equal(response.status, 200, await response.clone().text());
      const stored = await server.deps.database.kysely.selectFrom('events').select('payload').where('message_id', '=', 'plain-1').executeTakeFirstOrThrow();
      assert.ok(!stored.payload.includes(webKey), 'the write key is not kept in the stored event');
    });

    test('timestamps are corrected for the sender clock: timestamp = receivedAt − (sentAt − originalTimestamp)', async () => {
      // The till's clock is 2 hours fast: it says the sale happened at 11:55 and was sent at 12:00.
      await server.tracker(tillKey).tracking.track({ userId: 'u-till', event: 'Order Completed', messageId: 'skew-1', timestamp: '2026-11-20T11:55:00.000Z', sentAt: '2026-11-20T12:00:00.000Z', properties: { orderId: 'T1' } });
      const row = await server.deps.database.kysely.selectFrom('events').select(['timestamp', 'received_at', 'channel', 'store_id']).where('message_id', '=', 'skew-1').executeTakeFirstOrThrow();
      assert.equal(row.received_at, '2026-11-20T10:00:00.000Z');
      assert.equal(row.timestamp, '2026-11-20T09:55:00.000Z');
      assert.equal(row.channel, 'store');
      assert.equal(row.store_id, storeId, 'a till event carries its store');
    });

    test('the same messageId from the same source is stored once, even replayed much later', async () => {
      const tracker = server.tracker(tillKey);
      const first = await tracker.tracking.track({ userId: 'u-replay', event: 'Order Completed', messageId: 'till-msg-1' });
      assert.equal(first.stored, 1);
      clock.advance(45 * 24 * 3600 * 1000); // a till uploading a backlog 45 days later
      const again = await tracker.tracking.track({ userId: 'u-replay', event: 'Order Completed', messageId: 'till-msg-1' });
      assert.deepEqual([again.stored, again.duplicates], [0, 1]);
      const rows = await server.deps.database.kysely.selectFrom('events').select('id').where('message_id', '=', 'till-msg-1').execute();
      assert.equal(rows.length, 1);
    });

    test('bad calls get Segment\'s answers and store nothing', async () => {
      const before = await count();
      const post = (path: string, body: string, headers: Record<string, string> = {}) =>
        fetch(server.url + path, { method: 'POST', headers: { authorization: basic(webKey), 'content-type': 'application/json', ...headers }, body });
      assert.equal((await post('/v1/track', '{"userId": "x",')).status, 400, 'invalid JSON');
      assert.equal((await post('/v1/track', JSON.stringify({ event: 'No one' }))).status, 400, 'no identifier');
      assert.equal((await post('/v1/track', JSON.stringify({ userId: 'null', event: 'Placeholder' }))).status, 400, 'placeholder identifier');
      assert.equal((await post('/v1/track', JSON.stringify({ userId: 'u', event: 'Big', properties: { blob: 'x'.repeat(33 * 1024) } }))).status, 413, 'event over 32 KB');
      assert.equal((await post('/v1/track', JSON.stringify({ userId: 'u' }))).status, 400, 'track without event name');
      assert.equal((await post('/v1/track', JSON.stringify({ userId: 'u', event: 'X', timestamp: 'yesterday' }))).status, 400, 'bad timestamp');
      assert.equal((await post('/v1/track', JSON.stringify({ userId: 'u', event: 'X' }), { authorization: basic('pwk_unknown_key_1234') })).status, 401, 'unknown write key');
      const big = { batch: Array.from({ length: 2501 }, (_, i) => ({ type: 'track', userId: 'u', event: 'E', messageId: `b${i}` })) };
      assert.equal((await post('/v1/batch', JSON.stringify(big))).status, 413, 'more than 2,500 events');
      const heavy = { batch: Array.from({ length: 40 }, (_, i) => ({ type: 'track', userId: 'u', event: 'E', properties: { blob: 'x'.repeat(15_000) }, messageId: `h${i}` })) };
      assert.equal((await post('/v1/batch', JSON.stringify(heavy))).status, 413, 'batch over 500 KB');
      assert.equal((await post('/v1/batch', JSON.stringify({ batch: [{ type: 'track', event: 'no id' }] }))).status, 400, 'batch with no valid event');
      assert.equal(await count(), before);
    });

    test('inside a batch, one bad event does not sink the others', async () => {
      const answer = await server.tracker(webKey).tracking.batch([
        { type: 'track', userId: 'u-batch', event: 'Product Viewed', messageId: 'ok-1' },
        { type: 'track', event: 'Missing identifier', messageId: 'bad-1' },
        { type: 'teleport', userId: 'u-batch', messageId: 'bad-2' },
        { type: 'identify', userId: 'u-batch', traits: { city: 'Lyon' }, messageId: 'ok-2' },
      ]);
      assert.equal(answer.stored, 2);
      assert.deepEqual(answer.rejected.map((r) => [r.index, r.messageId]), [[1, 'bad-1'], [2, 'bad-2']]);
    });

    test('too many calls from one write key get 429 with Retry-After', async () => {
      const limited = await startTestServer(dialect, { config: { trackingRateLimit: 5 } });
      try {
        const key = (await limited.admin.sources.create({ name: 'Burst', channel: 'app' })).writeKey;
        const statuses: number[] = [];
        let retryAfter: string | null = null;
        for (let i = 0; i < 8; i++) {
          try {
            await limited.tracker(key).tracking.track({ userId: 'u', event: 'Tap', messageId: `burst-${i}` });
            statuses.push(200);
          } catch (error) {
            assert.ok(error instanceof PasserelleApiError);
            statuses.push(error.status);
            retryAfter ??= error.headers.get('retry-after');
          }
        }
        assert.equal(statuses.filter((s) => s === 200).length, 5);
        assert.ok(statuses.includes(429));
        assert.ok(Number(retryAfter) >= 1);
      } finally {
        await limited.close();
      }
    });
  });
}

describe('group calls describe a company, not the person', () => {
  test('group traits neither become the person\'s traits nor link people by the company email', async () => {
    const server = await startTestServer('sqlite');
    try {
      const key = (await server.admin.sources.create({ name: 'Web', channel: 'web' })).writeKey;
      const tracker = server.tracker(key).tracking;
      await tracker.identify({ userId: 'employee-1', traits: { email: 'one@example.fr', name: 'Anne' } });
      await tracker.identify({ userId: 'employee-2', traits: { email: 'two@example.fr' } });
      await tracker.group({ userId: 'employee-1', groupId: 'acme', traits: { name: 'Acme SAS', email: 'contact@acme.fr' } });
      await tracker.group({ userId: 'employee-2', groupId: 'acme', traits: { name: 'Acme SAS', email: 'contact@acme.fr' } });
      const one = await server.admin.profiles.lookup('userId', 'employee-1');
      assert.equal(one.traits.name, 'Anne');
      assert.ok(!one.identities.some((i) => i.value === 'contact@acme.fr'));
      assert.notEqual(one.id, (await server.admin.profiles.lookup('userId', 'employee-2')).id);
    } finally {
      await server.close();
    }
  });
});
