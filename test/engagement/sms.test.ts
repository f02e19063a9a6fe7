import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ManualClock } from '../../src/platform/clock.js';
import { DIALECTS, startTestServer, type TestServer } from '../support/harness.js';
import { principals } from '../support/fixtures.js';

for (const dialect of DIALECTS) {
  describe(`SMS through the provider interface (${dialect})`, () => {
    let server: TestServer;
    let gateway: http.Server;
    const received: { to: string; body: string; reference: string }[] = [];
    let down = true;
    const clock = new ManualClock('2026-11-22T11:00:00Z');

    before(async () => {
      gateway = http.createServer((req, res) => {
        let body = '';
        req.on('data', (c) => (body += c));
        req.on('end', () => {
          if (down) return res.writeHead(503).end();
          received.push(JSON.parse(body));
          res.writeHead(202).end();
        });
      });
      await new Promise<void>((resolve) => gateway.listen(0, '127.0.0.1', resolve));
      server = await startTestServer(dialect, { clock, config: { workerPollMs: 0, smsGatewayUrl: `http://127.0.0.1:${(gateway.address() as AddressInfo).port}/sms` } });
    });
    after(async () => {
      await server?.close();
      await new Promise((resolve) => gateway?.close(resolve));
    });

    test('an SMS goes to the gateway with the person’s phone, after the gateway comes back', async () => {
      const who = await principals(server);
      const web = (await server.admin.sources.create({ name: 'Web', channel: 'web' })).writeKey;
      const marketer = server.client(who.marketer);
      const journey = await marketer.request<{ id: string }>('POST', '/v1/journeys', {
        body: { definition: { name: 'SMS', trigger: { event: 'Newsletter Joined' }, steps: [{ id: 'sms', type: 'send', channel: 'sms', template: { body: { fr: 'Bienvenue {{ profile.traits.firstName }}', en: 'Welcome' } } }] } },
      });
      await marketer.request('POST', `/v1/journeys/${journey.id}/activate`, { body: {} });
      const tracker = server.tracker(web).tracking;
      await tracker.identify({ anonymousId: 'sms-anon', traits: { firstName: 'Léa', phone: '06 12 34 56 78' }, context: { consent: { categoryPreferences: { marketing_sms: true } } } });
      await tracker.track({ anonymousId: 'sms-anon', event: 'Newsletter Joined' });
      await server.app.backgroundWork.drain();
      assert.equal(received.length, 0, 'the gateway is down');
      down = false;
      clock.advance(2 * 60_000);
      await server.app.backgroundWork.drain();
      assert.equal(received.length, 1);
      assert.equal(received[0]!.body, 'Bienvenue Léa');
      assert.equal(received[0]!.to, '+33612345678', 'E.164, from the identity graph');
      const { items } = await marketer.request<{ items: { status: string; channel: string }[] }>('GET', '/v1/messages', { query: { journeyId: journey.id } });
      assert.deepEqual(items.map((m) => [m.channel, m.status]), [['sms', 'sent']]);
    });
  });
}
