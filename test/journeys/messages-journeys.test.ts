/**
 * The message journeys of JOURNEYS.md end to end over HTTP, with email received by a real SMTP
 * server and push by a local push service: J1 (check-in welcome), J2 (scan → personal offer →
 * ship to store → ready email → pay at pickup → survey), J3 (abandoned cart → email with a code,
 * free delivery and a guide → order with the code → conversion), J6 (reservation reminder and
 * end), J7 (rain near an open store).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { ManualClock } from '../../src/platform/clock.js';
import { DIALECTS, startTestServer, type TestServer } from '../support/harness.js';
import { pushDevice, startPushService, startSmtp } from '../support/channels.js';
import { productBody, variant } from '../catalog/catalog-fixtures.js';
import type { PasserelleClient } from '../../sdk/index.js';

// The push service is HTTPS with the test certificate.
process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';

const HOURS = { mon: [{ open: '10:00', close: '19:00' }], tue: [{ open: '10:00', close: '19:00' }], wed: [{ open: '10:00', close: '19:00' }], thu: [{ open: '10:00', close: '19:00' }], fri: [{ open: '10:00', close: '19:00' }], sat: [{ open: '10:00', close: '19:00' }] };
const HOUR = 3_600_000;

interface MessageView {
  journeyId: string | null;
  channel: string;
  status: string;
  reason: string | null;
  subject: string | null;
  body: string;
}

for (const dialect of DIALECTS) {
  describe(`message journeys J1, J2, J3, J6, J7 (${dialect})`, () => {
    let server: TestServer;
    let smtp: Awaited<ReturnType<typeof startSmtp>>;
    let push: Awaited<ReturnType<typeof startPushService>>;
    let admin: PasserelleClient;
    let keys: { app: string; web: string; till: string };
    let lyon: string;
    let partDieu: string;
    // Tuesday 11:00 in Lyon.
    const clock = new ManualClock('2026-12-08T10:00:00Z');

    const drain = async () => {
      await server.app.backgroundWork.drain();
      await server.app.backgroundWork.drain();
    };
    const messagesOf = async (profileId: string) => (await admin.request<{ items: MessageView[] }>('GET', '/v1/messages', { query: { profileId } })).items;
    const journey = async (template: string, params: Record<string, string | number>) => {
      const created = await admin.request<{ id: string }>('POST', '/v1/journeys', { body: { template, params } });
      await admin.request('POST', `/v1/journeys/${created.id}/activate`, { body: {} });
      return created.id;
    };
    /** A customer account, known to the app under a userId with her first name. */
    const customer = async (email: string, firstName: string, consents: Record<string, boolean>) => {
      const session = await server.client().customers.signup({ email, password: 'correct horse battery' });
      const me = server.client(session.token);
      await me.myPrivacy.setConsents({ purposes: consents, wordingVersion: 'v1' });
      await server.tracker(keys.app).tracking.identify({ userId: `app-${session.profileId}`, traits: { email, firstName, language: 'fr' } });
      await drain();
      return { me, profileId: session.profileId, userId: `app-${session.profileId}` };
    };

    before(async () => {
      smtp = await startSmtp();
      push = await startPushService();
      server = await startTestServer(dialect, { clock, config: { workerPollMs: 0, smtpUrl: smtp.url } });
      server.deps.config.publicUrl = server.url;
      admin = server.admin;
      const place = async (code: string, kind: 'store' | 'warehouse', at: [number, number], services: string[]) =>
        (
          await admin.locations.create({
            kind,
            code,
            name: code === 'LYON' ? 'Lyon République' : code === 'PART-DIEU' ? 'Lyon Part-Dieu' : code,
            timezone: 'Europe/Paris',
            address: { line1: '1 rue de la République', postalCode: '69002', city: 'Lyon', country: 'FR' },
            location: { latitude: at[0], longitude: at[1] },
            ...(kind === 'store'
              ? { services: services as never, openingHours: HOURS, zones: [{ code: 'A3', name: 'Allée 3 — Hauts' }, { code: 'C1', name: 'Caisse — accessoires' }] }
              : {}),
          })
        ).id;
      lyon = await place('LYON', 'store', [45.7640, 4.8357], ['click_and_collect', 'reserve_and_try', 'returns']);
      partDieu = await place('PART-DIEU', 'store', [45.7606, 4.8590], ['click_and_collect', 'ship_to_store_pickup']);
      const warehouse = await place('WH-RHONE', 'warehouse', [45.70, 4.90], []);
      const umbrellas = await admin.categories.create({ slug: 'accessoires-parapluies', name: 'Parapluies' });
      await admin.products.create(productBody('TSH-BIO', { name: 'T-shirt en coton bio', variants: [variant('TSH-BIO-M', { size: 'M', price: { amount: 2500, currency: 'EUR' } })] }));
      await admin.products.create(productBody('TRENCH', { name: 'Trench imperméable', variants: [variant('TRENCH-38', { size: '38', price: { amount: 12900, currency: 'EUR' } })] }));
      await admin.products.create(productBody('ROBE-LIN', { name: 'Robe plissée en lin', variants: [variant('ROBE-LIN-38', { size: '38', price: { amount: 9000, currency: 'EUR' } })] }));
      await admin.products.create(productBody('SERUM', { name: 'Sérum éclat à la vitamine C', variants: [variant('SERUM-30', { price: { amount: 3200, currency: 'EUR' } })] }));
      await admin.products.create(productBody('PARAPLUIE', { name: 'Parapluie pliant', category: umbrellas.id, variants: [variant('PARAPLUIE-U', { price: { amount: 2900, currency: 'EUR' } })] }));
      await admin.inventory.set('TSH-BIO-M', lyon, { onHand: 4, zone: 'A3' });
      await admin.inventory.set('TRENCH-38', lyon, { onHand: 0 });
      await admin.inventory.set('ROBE-LIN-38', lyon, { onHand: 2 });
      await admin.inventory.set('ROBE-LIN-38', warehouse, { onHand: 10 });
      await admin.inventory.set('SERUM-30', warehouse, { onHand: 50 });
      await admin.inventory.set('PARAPLUIE-U', lyon, { onHand: 6, zone: 'C1' });
      keys = {
        app: (await admin.sources.create({ name: 'App', channel: 'app' })).writeKey,
        web: (await admin.sources.create({ name: 'Web', channel: 'web' })).writeKey,
        till: (await admin.sources.create({ name: 'Till Lyon', channel: 'store', storeId: lyon })).writeKey,
      };
    });
    after(async () => {
      await server?.close();
      await smtp?.close();
      await push?.close();
    });

    test('J1: checking in at the Lyon store greets Julie by name with her favourites in stock here and their aisle, by push', async () => {
      const id = await journey('store_welcome', { delay: 'PT0S', channel: 'push' });
      const julie = await customer('julie@example.fr', 'Julie', { personalization: true, marketing_push: true });
      await julie.me.wishlists.addMine('TSH-BIO-M', 'app');
      await julie.me.wishlists.addMine('TRENCH-38', 'app');
      const phone = pushDevice();
      await julie.me.request('POST', '/v1/me/push-subscriptions', { body: { endpoint: `${push.url}/device/julie-phone`, keys: phone.keys, device: 'iPhone' } });

      await server.tracker(keys.app).tracking.track({ userId: julie.userId, event: 'Store Entered', properties: { storeId: lyon } });
      await drain();
      const received = push.received.filter((r) => r.path === '/device/julie-phone');
      assert.equal(received.length, 1, 'one push, right away');
      const payload = JSON.parse(phone.read(received[0]!.body)) as { title: string; body: string };
      assert.equal(payload.title, 'Bienvenue chez StyleNow Lyon République');
      assert.match(payload.body, /^Bonjour Julie !/);
      assert.match(payload.body, /T-shirt en coton bio \(M\), Allée 3 — Hauts/);
      assert.doesNotMatch(payload.body, /Trench/, 'the trench is not in stock here');
      const sent = (await messagesOf(julie.profileId)).filter((m) => m.journeyId === id);
      assert.deepEqual(sent.map((m) => [m.channel, m.status]), [['push', 'sent']]);
    });

    test('J2: a scanned dress not bought becomes a personal 30 % offer for that dress; shipped to another store, ready email, paid at pickup, survey', async () => {
      const offer = await admin.promotions.create({ name: 'Offre personnelle -30 %', kind: 'percent_off', value: 30, requiresCode: true, stackable: false });
      const scanJourney = await journey('scan_offer', { delay: 'PT4H', promotionId: offer.id, offerValidFor: 'P3D' });
      await journey('order_ready', { delay: 'PT0S' });
      const survey = await journey('post_purchase_survey', { delay: 'P1D' });
      const lea = await customer('lea@example.fr', 'Léa', { marketing_email: true });

      await server.tracker(keys.app).tracking.track({ userId: lea.userId, event: 'Product Scanned', properties: { sku: 'ROBE-LIN-38', storeId: lyon } });
      await server.tracker(keys.app).tracking.track({ userId: lea.userId, event: 'Product Shared', properties: { sku: 'ROBE-LIN-38', share_via: 'whatsapp' } });
      await drain();
      clock.advance(3 * HOUR);
      await drain();
      assert.equal(smtp.received.filter((m) => (m.to as { text: string }).text === 'lea@example.fr').length, 0, 'nothing before the delay');
      clock.advance(HOUR + 1000);
      await drain();
      const offerMail = smtp.received.find((m) => (m.to as { text: string }).text === 'lea@example.fr');
      assert.ok(offerMail, 'the offer email arrived');
      assert.match(offerMail.subject ?? '', /Robe plissée en lin : une offre rien que pour vous/);
      const code = /code (P[A-Z0-9]{10})/.exec(offerMail.text ?? '')?.[1];
      assert.ok(code, offerMail.text);

      // The code is hers and for that dress only.
      const cart = await lea.me.carts.create({ channel: 'app' });
      await lea.me.carts.addItem(cart.id, { sku: 'TSH-BIO-M', quantity: 1 });
      await lea.me.carts.addItem(cart.id, { sku: 'ROBE-LIN-38', quantity: 1 });
      await lea.me.carts.removeItem(cart.id, 'TSH-BIO-M');
      const order = await lea.me.orders.checkout(cart.id, { fulfillment: { method: 'ship_to_store', storeId: partDieu }, payment: { method: 'at_pickup' }, promoCode: code });
      assert.equal(order.total.amount, 9000 * 0.7);
      assert.equal(order.deliveryFee.amount, 0);
      assert.equal(order.status, 'in_transit_to_store');
      await drain();
      const scanRuns = await admin.request<{ converted: number }>('GET', `/v1/journeys/${scanJourney}/stats`);
      assert.equal(scanRuns.converted, 1, 'the order of the dress counts for the offer');

      // It arrives: the ready email.
      await admin.transfers.receive(order.transfers[0]!.id);
      await drain();
      const ready = smtp.received.find((m) => (m.to as { text: string }).text === 'lea@example.fr' && /vous attend en magasin/.test(m.subject ?? ''));
      assert.ok(ready, smtp.received.map((m) => m.subject).join(' | '));
      assert.match(ready.text ?? '', new RegExp(order.id));

      // She tries it and pays there.
      const associate = server.client((await admin.apiTokens.create({ name: 'Part-Dieu', role: 'associate', storeId: partDieu })).token);
      const collected = await associate.orders.transition(order.id, { to: 'collected' });
      assert.deepEqual([collected.payment.method, collected.payment.status, collected.payment.paid.amount], ['at_pickup', 'captured', 6300]);
      await drain();
      clock.advance(24 * HOUR + 1000);
      await drain();
      const surveyMessages = (await messagesOf(lea.profileId)).filter((m) => m.journeyId === survey);
      assert.deepEqual(surveyMessages.map((m) => [m.channel, m.status]), [['email', 'sent']], 'the survey follows the purchase');

      // She answers through the emailed link: the page, then the form posted.
      const surveyMail = smtp.received.find((m) => (m.to as { text: string }).text === 'lea@example.fr' && m.subject === 'Votre avis compte');
      assert.ok(surveyMail, smtp.received.map((m) => m.subject).join(' | '));
      const pageUrl = /(http:\/\/\S+\/v1\/surveys\/[A-Za-z0-9_.-]+\/page\?lang=fr)/.exec(surveyMail.text ?? '')?.[1];
      assert.ok(pageUrl, surveyMail.text);
      const token = /\/v1\/surveys\/([^/]+)\/page/.exec(pageUrl)![1]!;
      const form = await fetch(pageUrl);
      assert.equal(form.status, 200);
      const formHtml = await form.text();
      assert.match(formHtml, /<html lang="fr">/);
      assert.match(formHtml, /Lyon Part-Dieu/);
      assert.match(formHtml, /<legend>Recommanderiez-vous StyleNow/);
      assert.match(formHtml, /<input type="checkbox" id="keepOffers" name="keepOffers" value="yes"[^>]*> <label for="keepOffers">Je souhaite continuer à recevoir/);
      const posted = await fetch(pageUrl, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ score: '9', comment: 'Essayage parfait', keepOffers: 'yes' }).toString() });
      assert.equal(posted.status, 200);
      assert.match(await posted.text(), /Merci/);
      await drain();

      // Recorded against the order, the store where she collected it and the channel she ordered on.
      const view = await server.client().surveys.get(token);
      assert.deepEqual(
        [view.answer?.orderId, view.answer?.storeId, view.answer?.orderChannel, view.answer?.answerChannel, view.answer?.score, view.answer?.comment],
        [order.id, partDieu, 'app', 'web', 9, 'Essayage parfait'],
      );
      const answeredOnTimeline = await admin.profiles.timeline(lea.profileId, { name: 'Survey Answered' });
      assert.equal(answeredOnTimeline.items.length, 1);
      assert.deepEqual([answeredOnTimeline.items[0]!.properties.orderId, answeredOnTimeline.items[0]!.properties.score], [order.id, 9]);
      const report = await admin.surveys.report({ storeId: partDieu });
      assert.deepEqual([report.total.answers, report.total.averageScore, report.total.nps], [1, 9, 100]);
      assert.deepEqual(report.byStore.map((s) => [s.storeId, s.storeName, s.answers]), [[partDieu, 'Lyon Part-Dieu', 1]]);
      assert.deepEqual(report.byChannel.map((c) => [c.channel, c.answers]), [['app', 1]]);
      assert.equal((await associate.surveys.report()).total.answers, 1, "Part-Dieu's associate sees her store's answers");
      const consent = (await admin.profiles.consents(lea.profileId)).marketing_email;
      assert.deepEqual([consent.granted, consent.source, consent.channel, consent.wordingVersion], [true, 'survey', 'email', 'survey-offers-2026-12']);

      // She keeps receiving new-product offers; someone who never consented does not get them.
      const marc = await customer('marc@example.fr', 'Marc', { personalization: true });
      const newProducts = await admin.request<{ id: string }>('POST', '/v1/journeys', {
        body: {
          definition: {
            name: 'Nouveautés',
            priority: 1,
            trigger: { event: 'New Arrivals Announced' },
            steps: [{ id: 'nouveautes', type: 'send', channel: 'email', template: { subject: { fr: 'Nos nouveautés', en: 'New in' }, body: { fr: 'Bonjour {{ profile.firstName }}, la collection de printemps est arrivée.', en: 'Hello {{ profile.firstName }}, the spring collection is here.' } } }],
          },
        },
      });
      await admin.request('POST', `/v1/journeys/${newProducts.id}/activate`, { body: {} });
      for (const person of [lea, marc]) await server.tracker(keys.app).tracking.track({ userId: person.userId, event: 'New Arrivals Announced' });
      await drain();
      assert.deepEqual((await messagesOf(lea.profileId)).filter((m) => m.journeyId === newProducts.id).map((m) => m.status), ['sent']);
      assert.ok(smtp.received.some((m) => (m.to as { text: string }).text === 'lea@example.fr' && m.subject === 'Nos nouveautés'));
      assert.deepEqual((await messagesOf(marc.profileId)).filter((m) => m.journeyId === newProducts.id).map((m) => [m.status, m.reason?.split(':')[0]]), [['suppressed', 'no_consent']]);
    });

    test('J3: an abandoned web cart brings a personal email with a welcome code, free delivery and a guide; the order with the code converts', async () => {
      const welcome = await admin.promotions.create({ name: 'Bienvenue -10 %', kind: 'percent_off', value: 10, requiresCode: true });
      await admin.promotions.create({ name: 'Livraison offerte sur le web', kind: 'free_delivery', conditions: { channels: ['web'], minSubtotal: 2000 } });
      const abandoned = await journey('abandoned_cart', { delay: 'PT24H', promotionId: welcome.id, freeDelivery: 1, contentUrl: 'https://stylenow.example/guides/vitamine-c' });
      const session = await server.client().customers.signup({ email: 'sophie@example.fr', password: 'correct horse battery' });
      const sophie = server.client(session.token);
      await sophie.myPrivacy.setConsents({ purposes: { marketing_email: true }, wordingVersion: 'v1' });
      // From an Instagram ad to the web shop.
      await server.tracker(keys.web).tracking.page({ anonymousId: 'sophie-web', name: 'Sérum', context: { campaign: { source: 'instagram', medium: 'paid_social', name: 'vitamine-c' } } });
      await server.tracker(keys.web).tracking.identify({ anonymousId: 'sophie-web', traits: { email: 'sophie@example.fr', firstName: 'Sophie' } });
      const cart = await sophie.carts.create({ channel: 'web' });
      await sophie.carts.addItem(cart.id, { sku: 'SERUM-30', quantity: 1 });
      await drain();
      clock.advance(24 * HOUR + 1000);
      await drain();

      const mail = smtp.received.find((m) => (m.to as { text: string }).text === 'sophie@example.fr');
      assert.ok(mail, 'the email arrived the next day');
      assert.match(mail.text ?? '', /Sérum éclat à la vitamine C × 1 : 32,00 €/);
      assert.match(mail.text ?? '', /La livraison vous est offerte/);
      assert.match(mail.text ?? '', /https:\/\/stylenow\.example\/guides\/vitamine-c/);
      const code = /code de bienvenue : (P[A-Z0-9]{10})/.exec(mail.text ?? '')?.[1];
      assert.ok(code);
      const html = String(mail.html);
      await fetch(/<img src="([^"]+\.gif)"/.exec(html)![1]!);
      const link = /<a href="([^"]+\/v1\/email\/click\/[^"]+)"/.exec(html)![1]!.replace(/&amp;/g, '&');
      assert.equal((await fetch(link, { redirect: 'manual' })).status, 302);

      const order = await sophie.orders.checkout(cart.id, {
        fulfillment: { method: 'home_delivery', address: { name: 'Sophie Bernard', line1: '12 quai Saint-Antoine', postalCode: '69002', city: 'Lyon', country: 'FR' } },
        payment: { method: 'online' },
        promoCode: code,
        channel: 'web',
      });
      assert.equal(order.deliveryFee.amount, 0);
      assert.equal(order.discount.amount, 320);
      assert.equal(order.total.amount, 2880);
      await drain();
      const stats = await admin.request<{ converted: number; steps: { stepId: string; sent: number; opened: number; clicked: number }[] }>('GET', `/v1/journeys/${abandoned}/stats`);
      assert.equal(stats.converted, 1);
      const email = stats.steps.find((s) => s.stepId === 'email')!;
      assert.deepEqual([email.sent, email.opened, email.clicked], [1, 1, 1]);
      const timeline = await admin.profiles.timeline(session.profileId, {});
      const names = timeline.items.map((e) => e.name);
      assert.ok(names.includes('Email Opened') && names.includes('Email Link Clicked') && names.includes('Order Placed'), names.join(', '));

      // The order's path: the Instagram ad (seen before she was known) first, the email's link last; the journey credited.
      const path = await admin.attribution.ofOrder(order.id);
      assert.deepEqual([path.firstTouch?.channel, path.firstTouch?.source, path.firstTouch?.medium, path.firstTouch?.campaign], ['web', 'instagram', 'paid_social', 'vitamine-c']);
      assert.deepEqual([path.lastTouch?.kind, path.lastTouch?.channel, path.lastTouch?.journeyId], ['email_click', 'email', abandoned]);
      assert.deepEqual([path.creditedJourney?.id, path.creditedJourney?.name], [abandoned, 'Panier abandonné']);
      assert.deepEqual(path.total, { amount: 2880, currency: 'EUR' });
      const since = new Date(clock.now().getTime() - HOUR).toISOString();
      const firstTouch = await admin.attribution.report({ model: 'first_touch', from: since });
      assert.deepEqual(firstTouch.bySource.map((r) => [r.source, r.medium, r.campaign, r.orders, r.revenue, r.currency]), [['instagram', 'paid_social', 'vitamine-c', 1, 2880, 'EUR']]);
      const lastTouch = await admin.attribution.report({ model: 'last_touch', from: since });
      assert.deepEqual(lastTouch.bySource.map((r) => [r.source, r.medium, r.campaign, r.orders, r.revenue]), [['email', 'email', abandoned, 1, 2880]]);
      assert.deepEqual(lastTouch.byJourney.map((j) => [j.journeyId, j.journeyName, j.orders, j.revenue]), [[abandoned, 'Panier abandonné', 1, 2880]]);
      assert.deepEqual(lastTouch.totals, [{ currency: 'EUR', orders: 1, revenue: 2880 }]);
    });

    test('J6: a reservation is reminded before its window ends, and its end is told when nobody came', async () => {
      await journey('reservation_reminder', { delay: 'PT24H', channel: 'email' });
      const session = await server.client().customers.signup({ email: 'emma@example.fr', password: 'correct horse battery' });
      const emma = server.client(session.token);
      const cart = await emma.carts.create({ channel: 'instagram' });
      await emma.carts.addItem(cart.id, { sku: 'TSH-BIO-M', quantity: 1 });
      const reserved = await emma.orders.checkout(cart.id, { fulfillment: { method: 'reserve_and_try', storeId: lyon } });
      await drain();
      const mails = () => smtp.received.filter((m) => (m.to as { text: string }).text === 'emma@example.fr');
      clock.advance(24 * HOUR + 1000);
      await drain();
      assert.deepEqual(mails().map((m) => m.subject), ['Votre réservation vous attend'], 'transactional: no marketing consent needed');
      assert.match(mails()[0]!.text ?? '', new RegExp(reserved.id));
      clock.advance(24 * HOUR);
      await drain();
      assert.equal((await emma.orders.get(reserved.id)).status, 'released');
      assert.deepEqual(mails().map((m) => m.subject), ['Votre réservation vous attend', 'Votre réservation est terminée']);
    });

    test('J7: near an open store while it rains, one push for umbrellas in stock there — with location consent, once a day, not in quiet hours', async () => {
      const id = await journey('rainy_day', { delay: 'PT0S', radiusM: 300, category: 'accessoires-parapluies' });
      const nina = await customer('nina@example.fr', 'Nina', { marketing_push: true, location: true });
      const phone = pushDevice();
      await nina.me.request('POST', '/v1/me/push-subscriptions', { body: { endpoint: `${push.url}/device/nina-phone`, keys: phone.keys } });
      const noConsent = await customer('paul@example.fr', 'Paul', { marketing_push: true, location: false });
      await noConsent.me.request('POST', '/v1/me/push-subscriptions', { body: { endpoint: `${push.url}/device/paul-phone`, keys: pushDevice().keys } });

      // 150 m from the Lyon store, raining in Lyon (the demo's weather), 11:00 on a Tuesday.
      const near = { latitude: 45.7653, longitude: 4.8368 };
      await server.tracker(keys.app).tracking.track({ userId: nina.userId, messageId: randomUUID(), event: 'Location Updated', properties: near });
      await server.tracker(keys.app).tracking.track({ userId: noConsent.userId, messageId: randomUUID(), event: 'Location Updated', properties: near });
      await drain();
      const toNina = push.received.filter((r) => r.path === '/device/nina-phone');
      assert.equal(toNina.length, 1);
      const payload = JSON.parse(phone.read(toNina[0]!.body)) as { title: string; body: string };
      assert.equal(payload.title, 'Il pleut à Lyon');
      assert.match(payload.body, /Parapluie pliant \(Caisse — accessoires\)/);
      assert.equal(push.received.filter((r) => r.path === '/device/paul-phone').length, 0, 'no location consent, no push');

      // Still near an hour later: at most one a day.
      clock.advance(HOUR);
      await server.tracker(keys.app).tracking.track({ userId: nina.userId, messageId: randomUUID(), event: 'Location Updated', properties: near });
      await drain();
      assert.equal(push.received.filter((r) => r.path === '/device/nina-phone').length, 1);
      const decisions = (await messagesOf(nina.profileId)).filter((m) => m.journeyId === id);
      assert.deepEqual(decisions.map((m) => [m.status, m.reason?.split(':')[0] ?? null]).sort(), [['sent', null], ['suppressed', 'frequency_cap']]);

      // Far from any store (Paris): nothing.
      clock.advance(24 * HOUR);
      await server.tracker(keys.app).tracking.track({ userId: nina.userId, messageId: randomUUID(), event: 'Location Updated', properties: { latitude: 48.8566, longitude: 2.3522 } });
      await drain();
      assert.equal((await messagesOf(nina.profileId)).filter((m) => m.journeyId === id).length, 2);

      // Near the store at 22:30, the store closed: nothing either.
      clock.set('2026-12-09T21:30:00Z');
      await server.tracker(keys.app).tracking.track({ userId: nina.userId, messageId: randomUUID(), event: 'Location Updated', properties: near });
      await drain();
      assert.equal((await messagesOf(nina.profileId)).filter((m) => m.journeyId === id).length, 2);
    });
  });
}
