import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DIALECTS, startTestServer, type TestServer } from '../support/harness.js';
import { insertStore } from '../support/fixtures.js';
import { PasserelleApiError } from '../../sdk/index.js';

async function status(promise: Promise<unknown>): Promise<number> {
  try {
    await promise;
    return 200;
  } catch (error) {
    assert.ok(error instanceof PasserelleApiError, String(error));
    return error.status;
  }
}

for (const dialect of DIALECTS) {
  describe(`one customer across channels (${dialect})`, () => {
    let server: TestServer;
    let keys: Record<'web' | 'app' | 'store' | 'instagram' | 'kiosk', string>;
    let storeId: string;

    before(async () => {
      server = await startTestServer(dialect);
      storeId = await insertStore(server);
      keys = {
        web: (await server.admin.sources.create({ name: 'Web', channel: 'web' })).writeKey,
        app: (await server.admin.sources.create({ name: 'App', channel: 'app' })).writeKey,
        store: (await server.admin.sources.create({ name: 'Till Lyon', channel: 'store', storeId })).writeKey,
        instagram: (await server.admin.sources.create({ name: 'Instagram', channel: 'instagram' })).writeKey,
        kiosk: (await server.admin.sources.create({ name: 'Kiosk Lyon', channel: 'kiosk', storeId })).writeKey,
      };
    });
    after(() => server.close());

    test('web visitor, app login, till sale with a loyalty card and an Instagram message become one profile', async () => {
      const t = (channel: keyof typeof keys) => server.tracker(keys[channel]).tracking;
      await t('web').page({ anonymousId: 'web-anon-1', name: 'Robes', timestamp: '2026-10-01T09:00:00Z' });
      await t('web').track({ anonymousId: 'web-anon-1', event: 'Product Viewed', properties: { sku: 'ROBE-38' }, timestamp: '2026-10-01T09:01:00Z' });
      await t('app').identify({ userId: 'julie-1', anonymousId: 'web-anon-1', traits: { email: 'julie@example.fr', firstName: 'Julie', loyaltyCard: 'SN-0001' }, context: { externalIds: [{ id: 'SN-0001', type: 'loyalty_card' }] }, timestamp: '2026-10-02T10:00:00Z' });
      await t('store').track({ anonymousId: 'till-tx-99', event: 'Order Completed', context: { externalIds: [{ id: 'sn-0001', type: 'loyalty_card' }] }, properties: { orderId: 'T-1', revenue: 79.9, currency: 'EUR', products: [{ sku: 'ROBE-38', size: '38', color: 'rouge', quantity: 1 }] }, timestamp: '2026-10-05T15:00:00Z' });
      await t('instagram').track({ anonymousId: 'ig-thread-5', event: 'Message Received', context: { externalIds: [{ id: '@Julie.M', type: 'instagram' }], traits: { email: 'JULIE@example.fr' } }, timestamp: '2026-10-06T08:00:00Z' });

      const byEmail = await server.admin.profiles.lookup('email', 'Julie@Example.fr');
      for (const [type, value] of [['userId', 'julie-1'], ['anonymousId', 'web-anon-1'], ['loyalty_card', 'SN-0001'], ['instagram', 'julie.m'], ['anonymousId', 'till-tx-99']] as const) {
        assert.equal((await server.admin.profiles.lookup(type, value)).id, byEmail.id, `${type} ${value}`);
      }
      assert.deepEqual(byEmail.channels.map((c) => c.channel).sort(), ['app', 'instagram', 'store', 'web']);
      assert.equal(byEmail.traits.firstName, 'Julie');
      assert.equal(byEmail.traitSources.firstName?.channel, 'app');
      assert.equal(byEmail.computed.orders, 1);
      assert.deepEqual(byEmail.computed.revenue, { amount: 7990, currency: 'EUR' });
      assert.deepEqual(byEmail.computed.lastPurchaseByChannel, { store: '2026-10-05T15:00:00.000Z' });
      assert.deepEqual(byEmail.computed.preferredSizes, ['38']);
      assert.equal(byEmail.computed.favouriteStoreId, storeId);

      const timeline = await server.admin.profiles.timeline(byEmail.id, { limit: 2 });
      assert.equal(timeline.items.length, 2);
      assert.equal(timeline.items[0]!.channel, 'instagram', 'newest first');
      const rest = await server.admin.profiles.timeline(byEmail.id, { cursor: timeline.nextCursor!, limit: 10 });
      assert.equal(rest.items.length, 3);
      assert.equal(rest.nextCursor, null);
      const storeOnly = await server.admin.profiles.timeline(byEmail.id, { channel: 'store' });
      assert.deepEqual(storeOnly.items.map((i) => i.name), ['Order Completed']);
      assert.equal(storeOnly.items[0]!.storeId, storeId);
    });

    test('two userIds never merge, and a shared kiosk device glues nobody together', async () => {
      const kiosk = server.tracker(keys.kiosk).tracking;
      await kiosk.track({ userId: 'kiosk-user-a', event: 'Product Scanned', context: { device: { id: 'kiosk-device-1' } } });
      await kiosk.track({ userId: 'kiosk-user-b', event: 'Product Scanned', context: { device: { id: 'kiosk-device-1' } } });
      const a = await server.admin.profiles.lookup('userId', 'kiosk-user-a');
      const b = await server.admin.profiles.lookup('userId', 'kiosk-user-b');
      assert.notEqual(a.id, b.id);
      assert.equal(await status(server.admin.profiles.lookup('deviceId', 'kiosk-device-1')), 404, 'kiosk device ids are not identifiers');
      const app = server.tracker(keys.app).tracking;
      await app.identify({ userId: 'app-user-a', anonymousId: 'phone-shared' });
      await app.identify({ userId: 'app-user-b', anonymousId: 'phone-shared' });
      assert.notEqual((await server.admin.profiles.lookup('userId', 'app-user-a')).id, (await server.admin.profiles.lookup('userId', 'app-user-b')).id);
    });

    test('merges are recorded and reversible: events and traits go back to each person, and the merged-away id answers with the survivor', async () => {
      const web = server.tracker(keys.web).tracking;
      await web.identify({ anonymousId: 'family-laptop', traits: { email: 'marc@example.fr', firstName: 'Marc' }, timestamp: '2026-09-01T10:00:00Z' });
      await web.track({ anonymousId: 'family-laptop', event: 'Product Viewed', properties: { sku: 'MARC-1' }, timestamp: '2026-09-01T10:05:00Z' });
      const marc = await server.admin.profiles.lookup('email', 'marc@example.fr');
      await web.identify({ userId: 'lea-7', traits: { email: 'lea@example.fr', firstName: 'Léa' }, timestamp: '2026-09-02T10:00:00Z' });
      const lea = await server.admin.profiles.lookup('userId', 'lea-7');
      // Léa logs in on the family laptop: the laptop's history joins her.
      await web.identify({ userId: 'lea-7', anonymousId: 'family-laptop', timestamp: '2026-09-03T10:00:00Z' });
      const merged = await server.admin.profiles.lookup('email', 'marc@example.fr');
      assert.equal(merged.id, (await server.admin.profiles.lookup('userId', 'lea-7')).id);
      const survivorId = merged.id;
      const mergedAwayId = survivorId === marc.id ? lea.id : marc.id;
      assert.equal((await server.admin.profiles.get(mergedAwayId)).id, survivorId, 'a merged-away id answers with the survivor');
      const merges = await server.admin.profiles.merges(survivorId);
      assert.equal(merges.items.length, 1);
      assert.ok(merges.items[0]!.eventId);

      await server.admin.profiles.unmerge(merges.items[0]!.id);
      const marcAgain = await server.admin.profiles.lookup('email', 'marc@example.fr');
      const leaAgain = await server.admin.profiles.lookup('userId', 'lea-7');
      assert.notEqual(marcAgain.id, leaAgain.id);
      assert.deepEqual(new Set([marcAgain.id, leaAgain.id]), new Set([marc.id, lea.id]), 'the original profiles come back');
      assert.equal(marcAgain.traits.firstName, 'Marc');
      assert.equal(leaAgain.traits.firstName, 'Léa');
      const marcEvents = (await server.admin.profiles.timeline(marcAgain.id)).items.map((i) => i.name ?? i.type);
      assert.deepEqual(marcEvents.sort(), ['Product Viewed', 'identify']);
      assert.equal(await status(server.admin.profiles.unmerge(merges.items[0]!.id)), 409, 'a merge is undone once');
      // The separation holds: the same link does not merge them again.
      await web.identify({ userId: 'lea-7', anonymousId: 'family-laptop', timestamp: '2026-09-04T10:00:00Z' });
      assert.notEqual((await server.admin.profiles.lookup('email', 'marc@example.fr')).id, (await server.admin.profiles.lookup('userId', 'lea-7')).id);
    });

    test('consent per purpose from any channel, kept as history; the most restrictive wins on a merge', async () => {
      const app = server.tracker(keys.app).tracking;
      await app.identify({ userId: 'nina-1', traits: { email: 'nina@example.fr' }, context: { consent: { categoryPreferences: { marketing_push: true, personalization: true } } } });
      const nina = await server.admin.profiles.lookup('userId', 'nina-1');
      assert.equal(nina.consents.marketing_push.granted, true);
      assert.equal(nina.consents.marketing_push.channel, 'app');
      assert.equal(nina.consents.marketing_email.granted, false, 'marketing needs an opt-in');
      assert.equal(nina.consents.marketing_email.recorded, false);
      const signup = await server.client().customers.signup({ email: 'nina.web@example.fr', password: 'nina-password' });
      await server.client(signup.token).myPrivacy.setConsents({ purposes: { marketing_email: true }, wordingVersion: 'cgv-2026-03' });
      // The till records a refusal of push for the same person under her web email.
      const till = server.tracker(keys.store).tracking;
      await till.identify({ anonymousId: 'till-nina', traits: { email: 'nina.web@example.fr' }, context: { consent: { categoryPreferences: { marketing_push: false } } } });
      // She links both emails in the app: one person, and the refusal wins.
      await app.identify({ userId: 'nina-1', traits: { email: 'nina.web@example.fr' } });
      const merged = await server.admin.profiles.lookup('userId', 'nina-1');
      assert.equal(merged.id, (await server.admin.profiles.lookup('email', 'nina.web@example.fr')).id);
      assert.equal(merged.consents.marketing_push.granted, false);
      assert.equal(merged.consents.marketing_email.granted, true);
      assert.equal(merged.consents.marketing_email.wordingVersion, 'cgv-2026-03');
      const updated = await server.admin.profiles.setConsents(merged.id, { purposes: { marketing_sms: true }, channel: 'call_centre' });
      assert.equal(updated.marketing_sms.channel, 'call_centre');
      const exported = (await server.admin.profiles.export(merged.id)) as { consentHistory: unknown[] };
      assert.ok(exported.consentHistory.length >= 4, 'every change is in the history');
      assert.equal(await status(server.admin.profiles.setConsents(merged.id, { purposes: { marketing_fax: true } as never })), 400);
    });

    test('without analytics consent, events are kept without anything that identifies the person', async () => {
      const web = server.tracker(keys.web).tracking;
      await web.identify({ userId: 'private-1', traits: { email: 'private@example.fr' } });
      const person = await server.admin.profiles.lookup('userId', 'private-1');
      await server.admin.profiles.setConsents(person.id, { purposes: { analytics: false } });
      await web.track({ userId: 'private-1', event: 'Product Viewed', messageId: 'private-view-1', properties: { sku: 'S-1', email: 'private@example.fr' } });
      const row = await server.deps.database.kysely.selectFrom('events').selectAll().where('message_id', '=', 'private-view-1').executeTakeFirstOrThrow();
      assert.equal(row.profile_id, null);
      assert.equal(row.anonymized, 1);
      assert.ok(!row.payload.includes('private@example.fr') && !row.payload.includes('private-1'), row.payload);
      assert.equal((await server.admin.profiles.timeline(person.id)).items.length, 1, 'only the identify before the refusal');
    });

    test('staff reads of a profile are audited', async () => {
      const person = await server.admin.profiles.lookup('userId', 'julie-1');
      await server.admin.profiles.get(person.id);
      const log = await server.admin.profiles.audit(person.id);
      assert.ok(log.items.some((entry) => entry.action === 'profile.read' && entry.actor === 'bootstrap' && entry.role === 'admin'));
      assert.ok(log.items.some((entry) => entry.action === 'profile.lookup'));
    });

    test('unknown profiles, bad lookups and bad timeline cursors are clean 4xx', async () => {
      assert.equal(await status(server.admin.profiles.get('cus_nobody')), 404);
      assert.equal(await status(server.admin.profiles.lookup('email', 'not-an-email')), 400);
      assert.equal(await status(server.admin.profiles.lookup('shoe_size' as never, '38')), 400);
      const person = await server.admin.profiles.lookup('userId', 'julie-1');
      assert.equal(await status(server.admin.profiles.timeline(person.id, { cursor: '!!!' })), 400);
    });
  });
}
