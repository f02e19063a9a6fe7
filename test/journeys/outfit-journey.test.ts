/**
 * J1 step 5: after a purchase (here a till sale in Lyon), the person receives outfit suggestions
 * chosen from her history: items that go with what she bought (the store mirror's look rules), in
 * stock, in her size for each kind of item, never one she already owns; nothing without her
 * personalisation consent.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock } from '../../src/platform/clock.js';
import { DIALECTS, startTestServer, type TestServer } from '../support/harness.js';
import { productBody, variant } from '../catalog/catalog-fixtures.js';

const HOUR = 3_600_000;

for (const dialect of DIALECTS) {
  describe(`J1: outfit suggestions after a purchase (${dialect})`, () => {
    const clock = new ManualClock('2026-12-08T10:00:00Z');
    let server: TestServer;
    const ids: Record<string, string> = {};
    const drain = async () => {
      await server.app.backgroundWork.drain();
      await server.app.backgroundWork.drain();
    };

    before(async () => {
      server = await startTestServer(dialect, { clock, config: { workerPollMs: 0 } });
      const admin = server.admin;
      const category = async (slug: string, name: string, parentId?: string) => (await admin.categories.create({ slug, name, ...(parentId ? { parentId } : {}) })).id;
      const femme = await category('femme', 'Femme');
      const homme = await category('homme', 'Homme');
      const hauts = await category('femme-hauts', 'Hauts', femme);
      const jupes = await category('femme-jupes', 'Jupes', femme);
      const vestes = await category('femme-vestes', 'Vestes et manteaux', femme);
      const vestesHomme = await category('homme-vestes', 'Vestes et manteaux', homme);
      const warehouse = (await admin.locations.create({ kind: 'warehouse', code: 'WH', name: 'Entrepôt', timezone: 'Europe/Paris', address: { line1: '1 rue', postalCode: '69000', city: 'Lyon', country: 'FR' }, location: { latitude: 45.7, longitude: 4.9 } })).id;
      const chic = (material: string, season = 'all-season') => ({ style: 'chic', season, material });
      const product = async (ref: string, name: string, categoryId: string, attributes: Record<string, string>, sizes: string[]) => {
        const created = await admin.products.create(productBody(ref, { name, category: categoryId, attributes, variants: sizes.map((size) => variant(`${ref}-${size}`, { size, price: { amount: 4990, currency: 'EUR' } })) }));
        for (const size of sizes) await admin.inventory.set(`${ref}-${size}`, warehouse, { onHand: 5 });
        ids[ref] = created.id;
      };
      await product('TOP', 'Top en soie', hauts, chic('soie'), ['S', 'M', 'L']);
      await product('JUPE-PLISSEE', 'Jupe plissée', jupes, chic('lin'), ['36', '38', '40']);
      await product('JUPE-CRAYON', 'Jupe crayon', jupes, chic('laine'), ['38', '40']);
      await product('BLAZER', 'Blazer ajusté', vestes, chic('laine'), ['38', '40']);
      await product('BLAZER-H', 'Blazer homme', vestesHomme, chic('laine'), ['48', '50']);
    });
    after(() => server?.close());

    test('a till sale brings, two hours later, items that go with it, in her size, none she owns', async () => {
      const till = server.tracker((await server.admin.sources.create({ name: 'Till Lyon', channel: 'store' })).writeKey).tracking;
      const app = server.tracker((await server.admin.sources.create({ name: 'App', channel: 'app' })).writeKey).tracking;
      const session = await server.client().customers.signup({ email: 'julie.outfit@example.fr', password: 'correct horse battery' });
      const julie = server.client(session.token);
      await julie.myPrivacy.setConsents({ purposes: { personalization: true }, wordingVersion: 'v1' });
      await app.identify({ userId: 'u-julie-outfit', traits: { email: 'julie.outfit@example.fr', firstName: 'Julie' } });
      // Her history, before the journey: the crayon skirt, in 38.
      await app.track({ userId: 'u-julie-outfit', event: 'Order Completed', timestamp: '2026-11-02T10:00:00Z', properties: { products: [{ product_id: ids['JUPE-CRAYON'], sku: 'JUPE-CRAYON-38', size: '38' }] } });
      const journey = await server.admin.request<{ id: string }>('POST', '/v1/journeys', { body: { template: 'outfit_suggestions', params: { delay: 'PT2H', channel: 'inbox' } } });
      await server.admin.request('POST', `/v1/journeys/${journey.id}/activate`, { body: {} });

      await till.track({ userId: 'u-julie-outfit', event: 'Order Completed', properties: { storeId: 'sto_lyon', products: [{ product_id: ids.TOP, sku: 'TOP-M', size: 'M' }] } });
      await drain();
      const inbox = async () => (await julie.request<{ items: { subject: string | null; body: string }[] }>('GET', '/v1/me/inbox')).items;
      assert.deepEqual(await inbox(), [], 'nothing before the delay');
      clock.advance(2 * HOUR + 1000);
      await drain();
      const [message, ...more] = await inbox();
      assert.equal(more.length, 0);
      assert.equal(message?.subject, 'Pour compléter votre tenue');
      assert.match(message!.body, /^Bonjour Julie, avec votre achat, nous vous proposons :/);
      // Her 38, learnt from the skirt she bought, for the skirt and the blazer of the same department.
      assert.match(message!.body, /Jupe plissée en 38 \(49,90 €\)/);
      assert.match(message!.body, /Blazer ajusté en 38 \(49,90 €\)/);
      // Not what she owns, not the men's department, not the top itself.
      assert.doesNotMatch(message!.body, /Jupe crayon|Blazer homme|Top en soie/);
    });

    test('without the personalisation consent, no suggestion', async () => {
      const till = server.tracker((await server.admin.sources.create({ name: 'Till 2', channel: 'store' })).writeKey).tracking;
      const session = await server.client().customers.signup({ email: 'no.perso@example.fr', password: 'correct horse battery' });
      await till.track({ userId: 'u-no-perso', event: 'Order Completed', properties: { products: [{ product_id: ids.TOP, sku: 'TOP-S', size: 'S' }] }, context: { traits: { email: 'no.perso@example.fr' } } });
      clock.advance(3 * HOUR);
      await drain();
      const messages = await server.admin.request<{ items: unknown[] }>('GET', '/v1/messages', { query: { profileId: session.profileId } });
      assert.deepEqual(messages.items, []);
    });
  });
}
