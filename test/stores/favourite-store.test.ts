import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DIALECTS, startTestServer, type TestServer } from '../support/harness.js';
import { expectProblem, storeBody } from './location-bodies.js';

for (const dialect of DIALECTS) {
  describe(`a customer's favourite store (${dialect})`, () => {
    let server: TestServer;
    let lyon = '';
    let villeurbanne = '';
    let warehouse = '';

    before(async () => {
      server = await startTestServer(dialect);
      lyon = (await server.admin.locations.create(storeBody({ code: 'FAV-LYON' }))).id;
      villeurbanne = (await server.admin.locations.create(storeBody({ code: 'FAV-VBN', location: { latitude: 45.7719, longitude: 4.8902 } }))).id;
      warehouse = (await server.admin.locations.create(storeBody({ code: 'FAV-WH', kind: 'warehouse' }))).id;
    });
    after(() => server.close());

    const signup = async (email: string) => server.client((await server.client().customers.signup({ email, password: 'correct horse battery' })).token);
    const storedFavourite = async (customer: Awaited<ReturnType<typeof signup>>) => {
      const { profileId } = await customer.me.get();
      const row = await server.deps.database.kysely.selectFrom('profiles').select('favourite_store_id').where('id', '=', profileId).executeTakeFirstOrThrow();
      return row.favourite_store_id;
    };

    test('set, change and clear', async () => {
      const customer = await signup('camille@example.fr');
      assert.equal((await customer.me.get()).favouriteStoreId, null);
      assert.equal((await customer.me.setFavouriteStore(lyon)).favouriteStoreId, lyon);
      assert.equal((await customer.me.get()).favouriteStoreId, lyon);
      assert.equal((await customer.me.setFavouriteStore(villeurbanne)).favouriteStoreId, villeurbanne);
      assert.equal(await storedFavourite(customer), villeurbanne);
      assert.equal((await customer.me.clearFavouriteStore()).favouriteStoreId, null);
      assert.equal(await storedFavourite(customer), null);
    });

    test('each customer has their own', async () => {
      const a = await signup('a@example.fr');
      const b = await signup('b@example.fr');
      await a.me.setFavouriteStore(lyon);
      await b.me.setFavouriteStore(villeurbanne);
      assert.equal((await a.me.get()).favouriteStoreId, lyon);
      assert.equal((await b.me.get()).favouriteStoreId, villeurbanne);
    });

    test('an unknown store or a warehouse is a 400 naming storeId, and the favourite stays', async () => {
      const customer = await signup('louise@example.fr');
      await customer.me.setFavouriteStore(lyon);
      await expectProblem(customer.me.setFavouriteStore('sto_does_not_exist'), { status: 400, code: 'platform.validation_failed', path: 'body/storeId' });
      await expectProblem(customer.me.setFavouriteStore(warehouse), { status: 400, code: 'platform.validation_failed', path: 'body/storeId' });
      await expectProblem(customer.request('PUT', '/v1/me/favourite-store', { body: { storeId: lyon, extra: 1 } }), { status: 400, code: 'platform.validation_failed', path: 'body/extra' });
      await expectProblem(customer.request('PUT', '/v1/me/favourite-store', { body: {} }), { status: 400, code: 'platform.validation_failed', path: 'body/storeId' });
      assert.equal(await storedFavourite(customer), lyon);
    });

    test('anonymous callers get 401; staff tokens are not customers', async () => {
      await expectProblem(server.client().me.setFavouriteStore(lyon), { status: 401, code: 'platform.unauthenticated' });
      await expectProblem(server.client().me.clearFavouriteStore(), { status: 401, code: 'platform.unauthenticated' });
      await expectProblem(server.client('not-a-token').me.setFavouriteStore(lyon), { status: 401, code: 'platform.unauthenticated' });
      await expectProblem(server.admin.me.setFavouriteStore(lyon), { status: 403, code: 'platform.forbidden' });
    });
  });
}
