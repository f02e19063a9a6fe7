import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createECDH, randomBytes } from 'node:crypto';
import { ManualClock } from '../../src/platform/clock.js';
import { DIALECTS, startTestServer, type TestServer } from '../support/harness.js';
import { principals } from '../support/fixtures.js';
import { productBody, variant } from '../catalog/catalog-fixtures.js';
import { decryptWebPush, startPushService, type ReceivedPush } from '../support/channels.js';

// Push services are HTTPS; this file's own process trusts the local one's self-signed certificate.
process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';
for (const dialect of DIALECTS) {
  describe(`web push (${dialect})`, () => {
    let server: TestServer;
    let pushService: Awaited<ReturnType<typeof startPushService>>;
    let received: ReceivedPush[] = [];
    let pushUrl = '';
    const clock = new ManualClock('2026-11-22T11:00:00Z');

    before(async () => {
      pushService = await startPushService();
      received = pushService.received;
      pushUrl = pushService.url;
      server = await startTestServer(dialect, { clock, config: { workerPollMs: 0 } });
    });
    after(async () => {
      await server?.close();
      await pushService?.close();
    });

    test('a journey push reaches every device of the person, encrypted (RFC 8291) and VAPID-signed; gone devices are forgotten', async () => {
      const who = await principals(server);
      await server.admin.products.create(productBody('PSH-1', { variants: [variant('PSH-1-U')] }));
      const { publicKey } = await server.client().request<{ publicKey: string }>('GET', '/v1/push/vapid-public-key');
      assert.equal(Buffer.from(publicKey, 'base64url').length, 65);

      const session = await server.client().customers.signup({ email: 'julie.push@example.fr', password: 'correct horse battery' });
      const me = server.client(session.token);
      await me.myPrivacy.setConsents({ purposes: { marketing_push: true }, wordingVersion: 'v1' });
      const phone = createECDH('prime256v1');
      phone.generateKeys();
      const auth = randomBytes(16);
      const keys = { p256dh: phone.getPublicKey().toString('base64url'), auth: auth.toString('base64url') };
      await me.request('POST', '/v1/me/push-subscriptions', { body: { endpoint: `${pushUrl}/device/phone-1`, keys, device: 'Pixel' } });
      await me.request('POST', '/v1/me/push-subscriptions', { body: { endpoint: `${pushUrl}/gone/old-tablet`, keys } });
      const bad = await fetch(`${server.url}/v1/me/push-subscriptions`, { method: 'POST', headers: { authorization: `Bearer ${session.token}`, 'content-type': 'application/json' }, body: JSON.stringify({ endpoint: `${pushUrl}/x`, keys: { p256dh: 'A'.repeat(87), auth: auth.toString('base64url') } }) });
      assert.equal(bad.status, 400);

      const marketer = server.client(who.marketer);
      const journey = await marketer.request<{ id: string }>('POST', '/v1/journeys', {
        body: {
          definition: {
            name: 'Push panier',
            trigger: { event: 'commerce.cart_updated' },
            steps: [{ id: 'push', type: 'send', channel: 'push', template: { subject: { fr: 'Bonjour {{ profile.email }}', en: 'Hi' }, body: { fr: 'Votre panier vous attend', en: 'Your cart is waiting' } } }],
          },
        },
      });
      await marketer.request('POST', `/v1/journeys/${journey.id}/activate`, { body: {} });
      const cart = await me.carts.create({ channel: 'app' });
      await me.carts.addItem(cart.id, { sku: 'PSH-1-U', quantity: 1 });
      await server.app.backgroundWork.drain();

      const delivered = received.find((r) => r.path === '/device/phone-1')!;
      assert.ok(delivered, 'the phone received a push');
      assert.equal(delivered.headers['content-encoding'], 'aes128gcm');
      assert.match(String(delivered.headers.authorization), new RegExp(`^vapid t=[\\w-]+\\.[\\w-]+\\.[\\w-]+, k=${publicKey}$`));
      const jwt = JSON.parse(Buffer.from(String(delivered.headers.authorization).split('t=')[1]!.split('.')[1]!, 'base64url').toString());
      assert.equal(jwt.aud, pushUrl);
      const payload = JSON.parse(decryptWebPush(delivered.body, phone, auth));
      assert.equal(payload.title, 'Bonjour julie.push@example.fr');
      assert.equal(payload.body, 'Votre panier vous attend');

      const devices = await server.deps.database.kysely.selectFrom('push_subscriptions').select('endpoint').execute();
      assert.deepEqual(devices.map((d) => d.endpoint), [`${pushUrl}/device/phone-1`], 'the gone device is forgotten');
    });
  });
}
