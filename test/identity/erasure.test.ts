import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { DIALECTS, startTestServer } from '../support/harness.js';
import { insertStore } from '../support/fixtures.js';
import { surveyToken } from '../../src/modules/insights/survey-token.js';

function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(full) : [full];
  });
}

for (const dialect of DIALECTS) {
  describe(`erasure (${dialect})`, () => {
    test('a person written through every path is gone from every file and table after erasure; coming back starts an empty profile', async () => {
      const server = await startTestServer(dialect);
      const marker = `erase-me-${Date.now().toString(36)}`;
      const email = `${marker}@example.fr`;
      const db = server.deps.database;
      try {
        const storeId = await insertStore(server);
        const web = (await server.admin.sources.create({ name: 'Web', channel: 'web' })).writeKey;
        const till = (await server.admin.sources.create({ name: 'Till', channel: 'store', storeId })).writeKey;
        const app = (await server.admin.sources.create({ name: 'App', channel: 'app' })).writeKey;
        // Every way a person gets in: signup, tracking on each channel with identifiers, traits and
        // consent, a till sale, staff consent changes, a merge, staff reads.
        const account = await server.client().customers.signup({ email, password: 'erase-me-password' });
        const me = server.client(account.token);
        await me.myPrivacy.setConsents({ purposes: { marketing_email: true }, wordingVersion: `${marker}-v1` });
        await me.me.setFavouriteStore(storeId);
        await server.tracker(web).tracking.identify({ anonymousId: `${marker}-anon`, traits: { email, firstName: marker, phone: '+33 6 11 22 33 44' }, context: { ip: '10.0.0.1' } });
        await server.tracker(web).tracking.track({ anonymousId: `${marker}-anon`, event: 'Product Viewed', properties: { note: marker } });
        await server.tracker(app).tracking.identify({ userId: `${marker}-user`, traits: { email }, context: { device: { id: `${marker}-device` }, consent: { categoryPreferences: { marketing_push: true } } } });
        await server.tracker(till).tracking.track({ anonymousId: `${marker}-till`, event: 'Order Completed', context: { externalIds: [{ id: `${marker}-card`, type: 'loyalty_card' }], traits: { email } }, properties: { orderId: `${marker}-order`, revenue: 10 } });
        await server.tracker(app).tracking.alias({ userId: `${marker}-user`, previousId: `${marker}-older-anon` });
        // A journey message that names her, and a push device.
        const journey = await server.admin.request<{ id: string }>('POST', '/v1/journeys', {
          body: { definition: { name: 'Bonjour', trigger: { event: 'commerce.cart_updated' }, steps: [{ id: 'mail', type: 'send', channel: 'email', template: { subject: { fr: 'Pour {{ profile.email }}', en: 'For {{ profile.email }}' }, body: { fr: 'Bonjour {{ profile.email }}', en: 'Hello {{ profile.email }}' } } }] } },
        });
        await server.admin.request('POST', `/v1/journeys/${journey.id}/activate`, { body: {} });
        // Carts (one started anonymously on the web, one in the app) and a wishlist.
        await server.admin.products.create({ ref: 'ER-1', name: 'Robe à effacer', variants: [{ sku: 'ER-1-U', price: { amount: 1000, currency: 'EUR' } }] });
        const anonCart = await server.client().carts.create({ anonymousId: `${marker}-anon`, channel: 'web' });
        await server.client().carts.addItem(anonCart.id, { sku: 'ER-1-U', quantity: 1 });
        await me.carts.addItem((await me.carts.create({ channel: 'app' })).id, { sku: 'ER-1-U', quantity: 2 });
        await me.wishlists.addMine('ER-1-U');
        await server.app.backgroundWork.drain();
        const person = await server.admin.profiles.lookup('email', email);
        const sent = await server.admin.request<{ items: { body: string }[] }>('GET', '/v1/messages', { query: { profileId: person.id } });
        assert.ok(sent.items.some((m) => m.body.includes(marker)), 'a message names her');
        const exported = (await server.admin.profiles.export(person.id)) as { commerce?: { carts: unknown[]; cartItems: { quantity: number }[]; wishlist: unknown[] } };
        // One cart per person: the app's "new cart" was the one the web device started.
        assert.equal(exported.commerce?.carts.length, 1);
        assert.equal(exported.commerce?.cartItems[0]?.quantity, 3);
        assert.equal(exported.commerce?.wishlist.length, 1);
        // An order delivered to her address: the order stays for the accounts, the address goes.
        const warehouse = await insertStore(server, { kind: 'warehouse' });
        await server.admin.inventory.set('ER-1-U', warehouse, { onHand: 5 });
        const mine = await me.carts.mine();
        const order = await me.orders.checkout(mine.id, { fulfillment: { method: 'home_delivery', address: { name: `${marker} Dupont`, line1: `${marker} rue`, postalCode: '69001', city: 'Lyon', country: 'FR' } }, payment: { method: 'online' } });
        // A survey answer in her own words, through her signed link.
        await server.client().surveys.answer(await surveyToken(db.kysely, person.id, order.id), { score: 8, comment: `${marker} avis`, keepOffers: true });
        await server.app.backgroundWork.drain();
        await server.admin.profiles.setConsents(person.id, { purposes: { marketing_sms: true }, wordingVersion: `${marker}-v2` });
        await server.admin.profiles.export(person.id);

        const result = await server.admin.profiles.erase(person.id);
        const kept = await server.admin.orders.get(order.id);
        assert.deepEqual([kept.profileId, kept.address, kept.total.amount], [null, null, order.total.amount]);
        assert.ok(result.events >= 5);
        assert.equal((await fetch(`${server.url}/v1/profiles/lookup?type=email&value=${email}`, { headers: { authorization: `Bearer ${'test-admin-token-0123456789'}` } })).status, 404);
        assert.equal((await fetch(`${server.url}/v1/me`, { headers: { authorization: `Bearer ${account.token}` } })).status, 401, 'the sessions are gone too');

        // A till uploading an old sale of hers later does not bring her back...
        await server.tracker(till).tracking.track({ anonymousId: `${marker}-till-2`, event: 'Order Completed', timestamp: '2020-01-01T00:00:00Z', context: { traits: { email } }, properties: { orderId: `${marker}-late` } });
        assert.equal((await fetch(`${server.url}/v1/profiles/lookup?type=email&value=${email}`, { headers: { authorization: `Bearer test-admin-token-0123456789` } })).status, 404);
        // ...but she may come back: a new, empty profile.
        await server.tracker(web).tracking.identify({ anonymousId: 'comeback-anon', traits: { email: `comeback-${email}` } });
        const comeback = await server.admin.profiles.lookup('email', `comeback-${email}`);
        assert.notEqual(comeback.id, person.id);
        assert.equal(comeback.computed.orders, 0);
        await server.admin.profiles.erase(comeback.id);

        if (dialect === 'sqlite') {
          const dir = path.dirname(db.file!);
          await server.stop();
          // The server has stopped: read every byte it left in its data folder.
          for (const file of filesUnder(dir)) {
            const bytes = fs.readFileSync(file);
            assert.equal(bytes.includes(marker), false, `${path.basename(file)} still holds the erased person`);
          }
        } else {
          const tables = await sql<{ table_name: string }>`select table_name from information_schema.tables where table_schema = ${db.schema!}`.execute(db.kysely);
          for (const { table_name } of tables.rows) {
            const rows = await sql<Record<string, unknown>>`select * from ${sql.table(table_name)}`.execute(db.kysely);
            assert.equal(JSON.stringify(rows.rows).includes(marker), false, `table ${table_name} still holds the erased person`);
          }
        }
      } finally {
        await server.close();
      }
    });
  });
}
