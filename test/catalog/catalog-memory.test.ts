/**
 * The catalog keeps products as served and search statistics in memory between requests; whoever
 * changes the catalog, through the API or straight in the database from another connection (another
 * process, the seed, a SQL fix), the next answer must show the change.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { DIALECTS, startTestServer, type TestServer } from '../support/harness.js';
import { openDatabase, type Database } from '../../src/platform/db/database.js';
import { catalogMemory } from '../../src/modules/catalog/catalog-memory.js';
import { productBody, variant } from './catalog-fixtures.js';

for (const dialect of DIALECTS) {
  describe(`the catalog's memory follows every change (${dialect})`, () => {
    let server: TestServer;
    let other: Database;

    before(async () => {
      server = await startTestServer(dialect);
      const own = server.deps.database;
      other = own.dialect === 'sqlite' ? openDatabase({ sqliteFile: own.file! }) : openDatabase({ url: process.env.TEST_DATABASE_URL!, pgSchema: own.schema, pgPoolSize: 1 });
      await server.admin.categories.create({ slug: 'robes', name: 'Robes', nameEn: 'Dresses' });
      await server.admin.products.create(productBody('ROBE-1', { name: 'Robe portefeuille', category: 'robes', variants: [variant('ROBE-1-S', { size: 'S', price: { amount: 5900, currency: 'EUR' } })] }));
    });
    after(async () => {
      await other.close();
      await server.close();
    });

    const search = (q: string) => server.client().products.search({ q });

    test('a price, a name and a category changed from another connection show at the next read', async () => {
      const [before] = (await search('portefeuille')).items;
      assert.equal(before!.variants[0]!.price.amount, 5900);
      assert.equal((await server.client().products.get(before!.id)).variants[0]!.price.amount, 5900);

      await sql`update product_variants set price_amount = 4900 where sku = 'ROBE-1-S'`.execute(other.kysely);
      assert.equal((await search('portefeuille')).items[0]!.variants[0]!.price.amount, 4900);
      assert.equal((await server.client().products.get(before!.id)).variants[0]!.price.amount, 4900);

      await sql`update categories set name = 'Robes d''été' where slug = 'robes'`.execute(other.kysely);
      assert.equal((await search('portefeuille')).items[0]!.category!.name, "Robes d'été");

      await sql`update products set name = 'Robe chemise' where ref = 'ROBE-1'`.execute(other.kysely);
      assert.equal((await server.client().products.get(before!.id)).name, 'Robe chemise');
    });

    test('a product added or removed changes what a word finds, though its count was remembered', async () => {
      const robes = async () => (await search('robe')).items.map((p) => p.ref).sort();
      assert.deepEqual(await robes(), ['ROBE-1']);
      await server.admin.products.create(productBody('ROBE-2', { name: 'Robe longue', variants: [variant('ROBE-2-M', { size: 'M' })] }));
      assert.deepEqual(await robes(), ['ROBE-1', 'ROBE-2']);
      const second = (await search('longue')).items[0]!;
      await sql`delete from product_search_terms where product_id = ${second.id}`.execute(other.kysely);
      await sql`delete from product_variants where product_id = ${second.id}`.execute(other.kysely);
      await sql`delete from products where id = ${second.id}`.execute(other.kysely);
      assert.deepEqual(await robes(), ['ROBE-1']);
    });

    test('what the memory hands out cannot be edited by a caller', async () => {
      const memory = await catalogMemory(server.deps.database.kysely);
      assert.ok(memory);
      const [product] = (await search('robe')).items;
      const kept = memory.product(product!.id);
      assert.ok(kept, 'the product searched for is kept');
      assert.throws(() => {
        (kept.variants[0]!.price as { amount: number }).amount = 1;
      }, TypeError);
    });

    test('inside a transaction nothing is remembered', async () => {
      await server.deps.database.kysely.transaction().execute(async (trx) => {
        assert.equal(await catalogMemory(trx), undefined);
      });
    });
  });
}
