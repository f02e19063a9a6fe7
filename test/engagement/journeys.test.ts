import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock } from '../../src/platform/clock.js';
import { publishDomainEvent } from '../../src/platform/outbox/outbox.js';
import { DIALECTS, startTestServer, type TestServer } from '../support/harness.js';
import { principals } from '../support/fixtures.js';
import { problemOf, productBody, variant } from '../catalog/catalog-fixtures.js';

type Journey = { id: string; status: string; version: number };
type Message = { channel: string; status: string; reason: string | null; subject: string | null; body: string; recipient: string | null };

for (const dialect of DIALECTS) {
  describe(`journeys (${dialect})`, () => {
    let server: TestServer;
    let who: Awaited<ReturnType<typeof principals>>;
    const clock = new ManualClock('2026-11-22T11:00:00Z'); // noon in Paris
    const marketer = () => server.client(who.marketer);
    const post = <T>(path: string, body: unknown) => marketer().request<T>('POST', path, { body });
    const get = <T>(path: string, query?: Record<string, string>) => marketer().request<T>('GET', path, query ? { query } : {});
    const drain = () => server.app.backgroundWork.drain();

    before(async () => {
      server = await startTestServer(dialect, { clock, config: { workerPollMs: 0 } });
      who = await principals(server);
      await server.admin.products.create(productBody('SER-1', { name: 'Sérum bio', variants: [variant('SER-1-30', { price: { amount: 2490, currency: 'EUR' } })] }));
    });
    after(() => server?.close());

    const shopper = async (email: string, marketingEmail: boolean) => {
      const session = await server.client().customers.signup({ email, password: 'correct horse battery' });
      const me = server.client(session.token);
      await me.myPrivacy.setConsents({ purposes: { marketing_email: marketingEmail }, wordingVersion: 'v1' });
      const cart = await me.carts.create({ channel: 'web' });
      return { session, me, cart };
    };

    test('abandoned cart: after the delay, an email to those who consented; suppressed with its reason for the others; ordering exits', async () => {
      const journey = await post<Journey>('/v1/journeys', { template: 'abandoned_cart', params: { delay: 'PT2H' } });
      assert.equal(journey.status, 'draft');
      await post(`/v1/journeys/${journey.id}/activate`, {});

      const sophie = await shopper('sophie.bernard@example.fr', true);
      const refuser = await shopper('no.mail@example.fr', false);
      const buyer = await shopper('quick.buyer@example.fr', true);
      for (const s of [sophie, refuser, buyer]) await s.me.carts.addItem(s.cart.id, { sku: 'SER-1-30', quantity: 1 });
      await drain();
      // The buyer orders before the delay: their run ends, nothing is sent.
      await publishDomainEvent(server.deps.database.kysely, clock, { type: 'commerce.order_placed', payload: { profileId: buyer.session.profileId, cartId: buyer.cart.id, orderId: 'ord_test' } });
      await drain();
      assert.deepEqual((await get<{ items: Message[] }>('/v1/messages', { profileId: sophie.session.profileId })).items, [], 'nothing before the delay');

      clock.advance(2 * 3600_000);
      await drain();
      const [mail] = (await get<{ items: Message[] }>('/v1/messages', { profileId: sophie.session.profileId })).items;
      assert.equal(mail?.status, 'sent');
      assert.equal(mail?.channel, 'email');
      assert.equal(mail?.recipient, 'sophie.bernard@example.fr');
      assert.match(mail?.subject ?? '', /votre panier vous attend/);
      const [suppressed] = (await get<{ items: Message[] }>('/v1/messages', { profileId: refuser.session.profileId })).items;
      assert.equal(suppressed?.status, 'suppressed');
      assert.equal(suppressed?.reason, 'no_consent: marketing_email not given');
      assert.deepEqual((await get<{ items: Message[] }>('/v1/messages', { profileId: buyer.session.profileId })).items, []);
      // Every decision is on the person's timeline too.
      const sophieTimeline = (await server.admin.profiles.timeline(sophie.session.profileId)).items.map((e: { name: string | null; channel: string }) => `${e.name}/${e.channel}`);
      assert.ok(sophieTimeline.includes('Message Sent/email'), sophieTimeline.join(', '));
      const refuserTimeline = (await server.admin.profiles.timeline(refuser.session.profileId)).items.map((e: { name: string | null }) => e.name);
      assert.ok(refuserTimeline.includes('Message Suppressed'));

      // Adding to the cart again while a run is in progress does not start a second one.
      await sophie.me.carts.addItem(sophie.cart.id, { sku: 'SER-1-30', quantity: 1 });
      await drain();
      const stats = await get<{ entered: number; exited: number; completed: number; converted: number; steps: { stepId: string; sent: number; suppressed: Record<string, number> }[] }>(`/v1/journeys/${journey.id}/stats`);
      assert.equal(stats.exited, 1);
      assert.equal(stats.converted, 1, 'the buyer converted within the goal window');
      assert.equal(stats.steps.reduce((n, s) => n + s.sent, 0), 1);
      assert.equal(stats.steps.reduce((n, s) => n + (s.suppressed.no_consent ?? 0), 0), 1);
      assert.equal(stats.entered, 4, 'three carts, then Sophie again once her first run had ended');
    });

    test('bad definitions are refused with a message naming the faulty step, and nothing is saved', async () => {
      const before = (await get<{ items: Journey[] }>('/v1/journeys')).items.length;
      const base = { name: 'x', trigger: { event: 'Store Entered' } };
      const cases: [unknown, RegExp][] = [
        [{ ...base, steps: [{ id: 'a', type: 'branch', cases: [{ when: { path: 'x', op: 'exists' }, goto: 'a' }] }] }, /"a" can come back to itself without a wait/],
        [{ ...base, steps: [{ id: 'a', type: 'teleport' }] }, /steps\[0\]\.type step "a": one of wait/],
        [{ ...base, steps: [{ id: 'a', type: 'exit' }, { id: 'b', type: 'wait', duration: 'PT1H' }] }, /"b" cannot be reached/],
        [{ ...base, steps: [{ id: 'hello', type: 'send', channel: 'inbox', template: { body: { fr: '{{ profile.firstName | nope }}', en: 'Hi' } } }] }, /step "hello": invalid Liquid/],
        [{ ...base, steps: [{ id: 'a', type: 'wait', duration: '2 days' }] }, /steps\[0\]\.duration step "a": an ISO 8601 duration/],
      ];
      for (const [definition, message] of cases) {
        const problem = await problemOf(post('/v1/journeys', { definition }), 400, 'engagement.invalid_definition');
        assert.match(problem.detail ?? '', message);
      }
      await problemOf(post('/v1/journeys', { template: 'abandoned_cart', params: { delay: 'tomorrow' } }), 400);
      await problemOf(post('/v1/journeys', { template: 'no_such_template' }), 404, 'engagement.unknown_template');
      assert.equal((await get<{ items: Journey[] }>('/v1/journeys')).items.length, before);
      await problemOf(server.client(who.agent).request('POST', '/v1/journeys', { body: { template: 'abandoned_cart' } }), 403);
    });

    test('a tracked event triggers a journey: store check-in greets the customer by name in the app inbox', async () => {
      const app = (await server.admin.sources.create({ name: 'App', channel: 'app' })).writeKey;
      const journey = await post<Journey>('/v1/journeys', {
        definition: {
          name: 'Bienvenue en magasin',
          trigger: { event: 'Store Entered', channel: 'app' },
          steps: [{ id: 'hello', type: 'send', channel: 'inbox', template: { body: { fr: 'Bonjour {{ profile.traits.firstName }}, bienvenue à {{ event.properties.storeName }} !', en: 'Hello {{ profile.traits.firstName }}' } } }],
        },
      });
      await post(`/v1/journeys/${journey.id}/activate`, {});
      const session = await server.client().customers.signup({ email: 'julie.inbox@example.fr', password: 'correct horse battery' });
      const me = server.client(session.token);
      await me.myPrivacy.setConsents({ purposes: { personalization: true }, wordingVersion: 'v1' });
      const tracker = server.tracker(app).tracking;
      await tracker.identify({ anonymousId: 'app-device-j', traits: { email: 'julie.inbox@example.fr', firstName: 'Julie' } });
      await tracker.track({ anonymousId: 'app-device-j', event: 'Product Viewed', properties: { sku: 'SER-1-30' } });
      await tracker.track({ anonymousId: 'app-device-j', event: 'Store Entered', properties: { storeId: who.storeId, storeName: 'Lyon Part-Dieu' } });
      await drain();
      const inbox = await me.request<{ items: Message[] }>('GET', '/v1/me/inbox');
      assert.deepEqual(inbox.items.map((m) => m.body), ['Bonjour Julie, bienvenue à Lyon Part-Dieu !']);
      // Only watched names become domain events: nobody listens for Product Viewed.
      const published = await server.deps.database.kysely.selectFrom('domain_events').select('payload').where('type', '=', 'identity.event_tracked').execute();
      assert.deepEqual(published.map((p) => JSON.parse(p.payload).name), ['Store Entered']);
      await post(`/v1/journeys/${journey.id}/pause`, {});
    });

    test('a message previews with sample data or a real profile, in either language', async () => {
      const template = { subject: { fr: 'Pour {{ profile.firstName }}', en: 'For {{ profile.firstName }}' }, body: { fr: 'Code {{ vars.code }} à {{ event.properties.storeName }}', en: 'Code {{ vars.code }}' } };
      assert.deepEqual(await post('/v1/journeys/preview', { template }), { subject: 'Pour Julie', body: 'Code BIENVENUE-7Q2K à StyleNow Lyon Part-Dieu', locale: 'fr' });
      assert.deepEqual(await post('/v1/journeys/preview', { template, locale: 'en', event: { storeName: 'Paris' } }), { subject: 'For Julie', body: 'Code BIENVENUE-7Q2K', locale: 'en' });
      const real = await server.client().customers.signup({ email: 'preview.person@example.fr', password: 'correct horse battery' });
      const forReal = await post<{ subject: string }>('/v1/journeys/preview', { template: { ...template, subject: { fr: 'Pour {{ profile.email }}', en: '' } }, profileId: real.profileId });
      assert.equal(forReal.subject, 'Pour preview.person@example.fr');
      const bad = await problemOf(post('/v1/journeys/preview', { template: { body: { fr: '{% if %}', en: 'x' } } }), 400);
      assert.match(bad.detail ?? '', /body\.fr: invalid Liquid/);
    });

    test('templates list their parameters and defaults', async () => {
      const { items } = await get<{ items: { key: string; params: Record<string, { default: unknown }> }[] }>('/v1/journeys/templates');
      assert.ok(items.length >= 4);
      for (const t of items) assert.ok('delay' in t.params, `${t.key} has a delay`);
    });

    test('a control group gets nothing; the stats give each group its conversions (a till sale included) and the difference', async () => {
      const app = (await server.admin.sources.create({ name: 'App (split)', channel: 'app' })).writeKey;
      const till = (await server.admin.sources.create({ name: 'Till (split)', channel: 'store' })).writeKey;
      const journey = await post<Journey>('/v1/journeys', {
        definition: {
          name: 'Nouveautés',
          trigger: { event: 'Product Viewed', channel: 'app' },
          goal: { event: 'Order Completed', within: 'P7D' },
          steps: [
            { id: 'groupe', type: 'split', arms: [{ name: 'control', percent: 50, goto: 'fin' }, { name: 'offre', percent: 50 }] },
            { id: 'message', type: 'send', channel: 'email', template: { subject: { fr: 'Nouveautés', en: 'New in' }, body: { fr: 'Nos nouveautés vous attendent', en: 'New in for you' } } },
            { id: 'fin', type: 'exit' },
          ],
        },
      });
      await post(`/v1/journeys/${journey.id}/activate`, {});
      const people = Array.from({ length: 30 }, (_, i) => `split.${i}@example.fr`);
      const profileIds = new Map<string, string>();
      for (const email of people) profileIds.set(email, (await shopper(email, true)).session.profileId);
      const as = (email: string) => ({ anonymousId: `device-${email}`, context: { traits: { email } } });
      for (const email of people) await server.tracker(app).tracking.track({ ...as(email), event: 'Product Viewed', properties: { sku: 'SER-1-30' } });
      await drain();
      // One person in three buys at a till two days later; one buys after the goal's window.
      clock.advance(2 * 86_400_000);
      const buyers = people.filter((_, i) => i % 3 === 0);
      for (const email of buyers) await server.tracker(till).tracking.track({ ...as(email), event: 'Order Completed', properties: { orderId: `T-${email}`, total: 24.9, currency: 'EUR' } });
      await drain();
      clock.advance(6 * 86_400_000);
      await server.tracker(till).tracking.track({ ...as(people[1]!), event: 'Order Completed', properties: { orderId: 'T-late', total: 10, currency: 'EUR' } });
      await drain();

      type Group = { group: string; entered: number; converted: number; conversionRate: number };
      const stats = await get<{ entered: number; converted: number; groups: Group[]; upliftVsControl: number | null; steps: { stepId: string; sent: number }[] }>(`/v1/journeys/${journey.id}/stats`);
      assert.equal(stats.entered, 30);
      assert.equal(stats.converted, buyers.length, 'the till sales count, the late one does not');
      const group = (name: string) => stats.groups.find((g) => g.group === name)!;
      const [control, offer] = [group('control'), group('offre')];
      assert.equal(control.entered + offer.entered, 30);
      assert.ok(control.entered > 0 && offer.entered > 0, JSON.stringify(stats.groups));
      assert.equal(control.converted + offer.converted, buyers.length);
      assert.equal(control.conversionRate, control.converted / control.entered);
      assert.equal(stats.upliftVsControl, offer.converted / offer.entered - control.converted / control.entered);
      assert.equal(stats.steps.find((s) => s.stepId === 'message')!.sent, offer.entered, 'one message per person outside the control group');

      // Who was in the control group got nothing; the others got the message.
      let withMessage = 0;
      for (const email of people) {
        const messages = (await get<{ items: Message[] }>('/v1/messages', { profileId: profileIds.get(email)! })).items.filter((m) => m.body === 'Nos nouveautés vous attendent');
        withMessage += messages.length;
      }
      assert.equal(withMessage, offer.entered);
    });
  });
}
