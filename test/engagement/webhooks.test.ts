import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ManualClock } from '../../src/platform/clock.js';
import { verifySignature } from '../../src/modules/engagement/webhooks.js';
import { DIALECTS, startTestServer, type TestServer } from '../support/harness.js';
import { principals } from '../support/fixtures.js';
import { problemOf, productBody, variant } from '../catalog/catalog-fixtures.js';

for (const dialect of DIALECTS) {
  describe(`signed webhooks (${dialect})`, () => {
    let server: TestServer;
    let receiver: http.Server;
    let receiverUrl = '';
    const received: { path: string; signature: string; body: string; answered: number }[] = [];
    let failNext = 0;
    const clock = new ManualClock('2026-11-22T11:00:00Z');

    before(async () => {
      receiver = http.createServer((req, res) => {
        let body = '';
        req.on('data', (c) => (body += c));
        req.on('end', () => {
          const answered = failNext > 0 ? (failNext--, 500) : 200;
          received.push({ path: req.url!, signature: String(req.headers['passerelle-signature']), body, answered });
          res.writeHead(answered).end();
        });
      });
      await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
      receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
      server = await startTestServer(dialect, { clock, config: { workerPollMs: 0 } });
    });
    after(async () => {
      await server?.close();
      await new Promise((resolve) => receiver?.close(resolve));
    });

    test('domain events reach subscribed endpoints signed with their secret; failures are retried with backoff', async () => {
      const who = await principals(server);
      const endpoint = await server.admin.request<{ id: string; secret: string }>('POST', '/v1/webhooks', { body: { url: `${receiverUrl}/hooks/carts`, events: ['commerce.cart_updated'] } });
      assert.match(endpoint.secret, /^whsec_/);
      const listed = await server.admin.request<{ items: { secretHint: string }[] }>('GET', '/v1/webhooks');
      assert.ok(!JSON.stringify(listed).includes(endpoint.secret), 'the secret is shown once');
      await problemOf(server.admin.request('POST', '/v1/webhooks', { body: { url: 'ftp://nope', events: ['x.y'] } }), 400);
      await problemOf(server.client(who.marketer).request('POST', '/v1/webhooks', { body: { url: receiverUrl, events: ['*'] } }), 403);

      await server.admin.products.create(productBody('WHK-1', { variants: [variant('WHK-1-U')] }));
      const shop = server.client();
      const cart = await shop.carts.create({ anonymousId: 'hook-anon', channel: 'web' });
      failNext = 1;
      await shop.carts.addItem(cart.id, { sku: 'WHK-1-U', quantity: 2 });
      await server.app.backgroundWork.drain();
      assert.deepEqual(received.map((r) => r.answered), [500]);
      clock.advance(29_000);
      await server.app.backgroundWork.drain();
      assert.equal(received.length, 1, 'not before its backoff');
      clock.advance(2_000);
      await server.app.backgroundWork.drain();
      assert.deepEqual(received.map((r) => r.answered), [500, 200]);

      const delivered = received[1]!;
      assert.ok(verifySignature(endpoint.secret, delivered.body, delivered.signature, clock.now()));
      assert.equal(verifySignature('whsec_wrong', delivered.body, delivered.signature, clock.now()), false);
      assert.equal(verifySignature(endpoint.secret, delivered.body, delivered.signature, new Date(clock.now().getTime() + 3600_000)), false, 'an old signature is a replay');
      const payload = JSON.parse(delivered.body);
      assert.equal(payload.type, 'commerce.cart_updated');
      assert.equal(payload.data.cartId, cart.id);
      assert.equal(payload.data.quantity, 2);
      const deliveries = await server.admin.request<{ items: { status: string; attempts: number; lastStatus: number }[] }>('GET', `/v1/webhooks/${endpoint.id}/deliveries`);
      assert.deepEqual(deliveries.items.map((d) => [d.status, d.attempts, d.lastStatus]), [['delivered', 2, 200]]);
    });

    test('a journey webhook step posts once per run, signed with the installation secret', async () => {
      const who = await principals(server);
      const marketer = server.client(who.marketer);
      const journey = await marketer.request<{ id: string }>('POST', '/v1/journeys', {
        body: { definition: { name: 'CRM', trigger: { event: 'commerce.wishlist_item_added' }, steps: [{ id: 'crm', type: 'webhook', url: `${receiverUrl}/hooks/crm` }] } },
      });
      await marketer.request('POST', `/v1/journeys/${journey.id}/activate`, { body: {} });
      const session = await server.client().customers.signup({ email: 'hook.person@example.fr', password: 'correct horse battery' });
      await server.client(session.token).wishlists.addMine('WHK-1-U');
      await server.app.backgroundWork.drain();
      await server.app.backgroundWork.drain();
      const crm = received.filter((r) => r.path === '/hooks/crm');
      assert.equal(crm.length, 1);
      assert.equal(JSON.parse(crm[0]!.body).profileId, session.profileId);
    });
  });
}
