import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock } from '../../src/platform/clock.js';
import { DIALECTS, startTestServer, type TestServer } from '../support/harness.js';
import { principals } from '../support/fixtures.js';
import { startSmtp } from '../support/channels.js';
import { productBody, variant } from '../catalog/catalog-fixtures.js';

for (const dialect of DIALECTS) {
  describe(`email over SMTP (${dialect})`, () => {
    let server: TestServer;
    let smtp: Awaited<ReturnType<typeof startSmtp>>;
    let who: Awaited<ReturnType<typeof principals>>;
    const clock = new ManualClock('2026-11-22T11:00:00Z');

    before(async () => {
      smtp = await startSmtp();
      server = await startTestServer(dialect, { clock, config: { workerPollMs: 0, smtpUrl: smtp.url } });
      // Links in emails point at this server.
      server.deps.config.publicUrl = server.url;
      who = await principals(server);
      await server.admin.products.create(productBody('SER-2', { variants: [variant('SER-2-30')] }));
    });
    after(async () => {
      await server?.close();
      await smtp?.close();
    });

    test('a journey email arrives with HTML and text, one-click unsubscribe, an open pixel and tracked links that come back as events', async () => {
      const marketer = server.client(who.marketer);
      const journey = await marketer.request<{ id: string }>('POST', '/v1/journeys', { body: { template: 'abandoned_cart', params: { delay: 'PT1H', contentUrl: 'https://stylenow.example/guides/serum' } } });
      await marketer.request('POST', `/v1/journeys/${journey.id}/activate`, { body: {} });
      const session = await server.client().customers.signup({ email: 'sophie.smtp@example.fr', password: 'correct horse battery' });
      const me = server.client(session.token);
      await me.myPrivacy.setConsents({ purposes: { marketing_email: true }, wordingVersion: 'v1' });
      const cart = await me.carts.create({ channel: 'web' });
      await me.carts.addItem(cart.id, { sku: 'SER-2-30', quantity: 1 });
      await server.app.backgroundWork.drain();
      clock.advance(3600_000);
      await server.app.backgroundWork.drain();

      assert.equal(smtp.received.length, 1);
      const mail = smtp.received[0]!;
      assert.equal((mail.to as { text: string }).text, 'sophie.smtp@example.fr');
      assert.match(mail.subject ?? '', /votre panier vous attend/);
      assert.match(mail.text ?? '', /https:\/\/stylenow\.example\/guides\/serum/);
      const header = (key: string) => mail.headerLines.find((h) => h.key === key)?.line ?? '';
      const unsubscribe = header('list-unsubscribe');
      assert.match(unsubscribe, /^List-Unsubscribe:\s+<http:\/\/127\.0\.0\.1:\d+\/v1\/email\/unsubscribe\/[\w-]+>/);
      assert.equal(header('list-unsubscribe-post'), 'List-Unsubscribe-Post: List-Unsubscribe=One-Click');
      const html = String(mail.html);
      const pixel = /<img src="([^"]+\.gif)"/.exec(html)![1]!;
      const link = /<a href="([^"]+\/v1\/email\/click\/[^"]+)"/.exec(html)![1]!.replace(/&amp;/g, '&');

      assert.equal((await fetch(pixel)).headers.get('content-type'), 'image/gif');
      const click = await fetch(link, { redirect: 'manual' });
      assert.equal(click.status, 302);
      assert.equal(click.headers.get('location'), 'https://stylenow.example/guides/serum');
      const tampered = await fetch(link.replace(/u=[^&]+/, `u=${encodeURIComponent('https://evil.example/')}`), { redirect: 'manual' });
      assert.equal(tampered.status, 404, 'no open redirect');

      const timeline = await server.admin.profiles.timeline(session.profileId);
      const names = timeline.items.map((e: { name: string | null }) => e.name);
      assert.ok(names.includes('Email Opened') && names.includes('Email Link Clicked'), names.join(', '));
      await server.app.backgroundWork.drain();
      const stats = await marketer.request<{ steps: { opened: number; clicked: number }[] }>('GET', `/v1/journeys/${journey.id}/stats`);
      assert.deepEqual(stats.steps.map((s) => [s.opened, s.clicked]), [[1, 1]]);

      // One-click unsubscribe, as mailbox providers do it; the GET only shows a page.
      const unsubscribeUrl = /<(http[^>]+)>/.exec(unsubscribe)![1]!;
      assert.equal((await fetch(unsubscribeUrl)).status, 200);
      assert.equal((await me.myPrivacy.consents()).marketing_email.granted, true, 'a GET changes nothing');
      const post = await fetch(unsubscribeUrl, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
      assert.equal(post.status, 200);
      const consents = await me.myPrivacy.consents();
      assert.equal(consents.marketing_email.granted, false);
      assert.equal(consents.marketing_email.source, 'unsubscribe_link');
    });
  });
}
