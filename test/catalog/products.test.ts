import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ADMIN_TOKEN, DIALECTS, startTestServer, type TestServer } from '../support/harness.js';
import { principals } from '../support/fixtures.js';
import { createClient } from '../../sdk/index.js';
import { AppError } from '../../src/platform/errors.js';
import { upsertVariantRows } from '../../src/modules/catalog/products.repo.js';
import { catalogSnapshot, problemOf, productBody, termsOf, variant } from './catalog-fixtures.js';

for (const dialect of DIALECTS) {
  describe(`products (${dialect})`, () => {
    let server: TestServer;

    before(async () => {
      server = await startTestServer(dialect);
      await server.admin.categories.create({ slug: 'femme', name: 'Femme', nameEn: 'Women' });
      await server.admin.categories.create({ slug: 'robes', name: 'Robes', nameEn: 'Dresses', parentId: 'femme' });
    });
    after(() => server.close());

    test('a product is created with its variants and read back whole, by id or by ref', async () => {
      const created = await server.admin.products.create({
        ref: 'ROB-PL-01',
        name: 'Robe plissée',
        nameEn: 'Pleated dress',
        description: 'Robe mi-longue, plis fins.',
        descriptionEn: 'Midi dress, fine pleats.',
        brand: 'StyleNow',
        category: 'robes',
        attributes: { material: 'Viscose', organic: false },
        images: ['https://cdn.example/rob-pl-01.jpg'],
        variants: [
          variant('ROB-PL-01-S', { size: 'S', color: 'Bleu marine', price: { amount: 4999, currency: 'EUR' }, compareAtPrice: { amount: 6999, currency: 'EUR' }, barcode: '3760000000011' }),
          variant('ROB-PL-01-M', { size: 'M', color: 'Bleu marine', price: { amount: 4999, currency: 'EUR' }, images: ['https://cdn.example/m.jpg'], attributes: { length: '110 cm' } }),
        ],
      });
      assert.match(created.id, /^prd_[0-9a-z]{20}$/);
      assert.match(created.category!.id, /^cat_/);
      assert.deepEqual(
        { ...created, id: undefined, category: { ...created.category, id: undefined }, createdAt: undefined, updatedAt: undefined },
        {
          id: undefined,
          ref: 'ROB-PL-01',
          name: 'Robe plissée',
          nameEn: 'Pleated dress',
          description: 'Robe mi-longue, plis fins.',
          descriptionEn: 'Midi dress, fine pleats.',
          brand: 'StyleNow',
          category: { id: undefined, slug: 'robes', name: 'Robes', nameEn: 'Dresses' },
          attributes: { material: 'Viscose', organic: false },
          images: ['https://cdn.example/rob-pl-01.jpg'],
          variants: [
            { sku: 'ROB-PL-01-S', size: 'S', color: 'Bleu marine', price: { amount: 4999, currency: 'EUR' }, compareAtPrice: { amount: 6999, currency: 'EUR' }, barcode: '3760000000011', images: [], attributes: {} },
            { sku: 'ROB-PL-01-M', size: 'M', color: 'Bleu marine', price: { amount: 4999, currency: 'EUR' }, compareAtPrice: null, barcode: null, images: ['https://cdn.example/m.jpg'], attributes: { length: '110 cm' } },
          ],
          createdAt: undefined,
          updatedAt: undefined,
        },
      );
      assert.ok(!Number.isNaN(Date.parse(created.createdAt)), created.createdAt);
      // Customers browse without signing in.
      const anonymous = server.client();
      assert.deepEqual(await anonymous.products.get(created.id), created);
      assert.deepEqual(await anonymous.products.get('ROB-PL-01'), created);
      const sku = await anonymous.variants.get('ROB-PL-01-M');
      assert.equal(sku.price.amount, 4999);
      assert.deepEqual(sku.product, { id: created.id, ref: 'ROB-PL-01', name: 'Robe plissée', nameEn: 'Pleated dress', brand: 'StyleNow', images: ['https://cdn.example/rob-pl-01.jpg'] });
      // The derived columns, as the demo seed writes them too.
      const rows = await server.deps.database.kysely.selectFrom('product_variants').select(['sku', 'size_key', 'color_key']).where('product_id', '=', created.id).orderBy('position').execute();
      assert.deepEqual(rows, [
        { sku: 'ROB-PL-01-S', size_key: 's', color_key: 'bleu marine' },
        { sku: 'ROB-PL-01-M', size_key: 'm', color_key: 'bleu marine' },
      ]);
      const product = await server.deps.database.kysely.selectFrom('products').select('sort_key').where('id', '=', created.id).executeTakeFirstOrThrow();
      assert.equal(product.sort_key, 'robe plissee');
      assert.deepEqual(await termsOf(server, created.id), ['bleu', 'dress', 'femme', 'marine', 'pleated', 'robe', 'plissee', 'stylenow', 'viscose', 'women'].sort());
    });

    test('a ref is optional: the id stands in for it', async () => {
      const { ref: _ref, ...body } = productBody('NOREF');
      const created = await server.admin.products.create(body);
      assert.equal(created.ref, created.id);
    });

    test('unknown products and skus are 404 problems', async () => {
      await problemOf(server.client().products.get('prd_nope'), 404, 'catalog.product_not_found');
      await problemOf(server.client().variants.get('NOPE-1'), 404, 'catalog.variant_not_found');
      await problemOf(server.admin.products.update('prd_nope', { name: 'x' }), 404, 'catalog.product_not_found');
      await problemOf(server.admin.products.remove('prd_nope'), 404, 'catalog.product_not_found');
      await problemOf(server.admin.products.upsertVariant('prd_nope', 'X-1', { price: { amount: 1, currency: 'EUR' } }), 404, 'catalog.product_not_found');
    });

    test('a duplicate sku or ref is a 409 that says which, and writes nothing', async () => {
      const first = await server.admin.products.create(productBody('DUP-1', { variants: [variant('DUP-1-S'), variant('DUP-1-M')] }));
      const snapshot = await catalogSnapshot(server);
      const sku = await problemOf(server.admin.products.create(productBody('DUP-2', { variants: [variant('DUP-2-S'), variant('DUP-1-M')] })), 409, 'catalog.duplicate_sku');
      assert.match(sku.detail, /DUP-1-M/);
      assert.match(sku.detail, new RegExp(first.id));
      assert.deepEqual(sku.errors, [{ path: 'body/variants/1/sku', message: `already belongs to product ${first.id}` }]);
      const twice = await problemOf(server.admin.products.create(productBody('DUP-3', { variants: [variant('DUP-3-S'), variant('DUP-3-S')] })), 409, 'catalog.duplicate_sku');
      assert.deepEqual(twice.errors, [{ path: 'body/variants/1/sku', message: 'repeats variants/0/sku' }]);
      const ref = await problemOf(server.admin.products.create(productBody('DUP-1', { variants: [variant('DUP-4-S')] })), 409, 'catalog.duplicate_ref');
      assert.match(ref.detail, /DUP-1/);
      const other = await server.admin.products.create(productBody('DUP-5'));
      await problemOf(server.admin.products.update(other.id, { ref: 'DUP-1' }), 409, 'catalog.duplicate_ref');
      await problemOf(server.admin.products.upsertVariant(other.id, 'DUP-1-S', { price: { amount: 100, currency: 'EUR' } }), 409, 'catalog.duplicate_sku');
      const after = JSON.parse(await catalogSnapshot(server)) as { products: { id: string }[] };
      // Only DUP-5 was added since the snapshot.
      const before = JSON.parse(snapshot) as { products: { id: string }[] };
      assert.deepEqual(after.products.map((p) => p.id).sort(), [...before.products.map((p) => p.id), other.id].sort());
      assert.deepEqual((await server.admin.products.get(first.id)).variants.map((v) => v.sku), ['DUP-1-S', 'DUP-1-M']);
    });

    test('a sku taken by another product between check and write is refused, never moved', async () => {
      const owner = await server.admin.products.create(productBody('RACE-1', { variants: [variant('RACE-1-U')] }));
      const other = await server.admin.products.create(productBody('RACE-2'));
      // What a concurrent request would write after our ownership check passed.
      const row = { sku: 'RACE-1-U', product_id: other.id, size: null, color: null, size_key: null, color_key: null, price_amount: 1, currency: 'EUR', compare_at_amount: null, barcode: null, images: '[]', attributes: '{}', position: 9 };
      await assert.rejects(upsertVariantRows(server.deps.database.kysely, [row]), (error: unknown) => error instanceof AppError && error.code === 'catalog.duplicate_sku');
      assert.deepEqual((await server.client().variants.get('RACE-1-U')).product.id, owner.id);
      assert.equal((await server.client().variants.get('RACE-1-U')).price.amount, 2999);
    });

    test('bad input is a 400 that names the field, and nothing is written', async () => {
      const good = productBody('BAD-0');
      const cases: [string, unknown, string][] = [
        ['unknown field', { ...good, colour: 'red' }, 'body/colour'],
        ['unknown variant field', { ...good, variants: [{ ...variant('BAD-1'), stock: 3 }] }, 'body/variants/0/stock'],
        ['name of the wrong type', { ...good, name: 42 }, 'body/name'],
        ['price as a decimal', { ...good, variants: [variant('BAD-2', { price: { amount: 29.99, currency: 'EUR' } })] }, 'body/variants/0/price/amount'],
        ['price as a string', { ...good, variants: [{ sku: 'BAD-3', price: { amount: '2999', currency: 'EUR' } }] }, 'body/variants/0/price/amount'],
        ['negative price', { ...good, variants: [variant('BAD-4', { price: { amount: -1, currency: 'EUR' } })] }, 'body/variants/0/price/amount'],
        ['other currency', { ...good, variants: [variant('BAD-5', { price: { amount: 100, currency: 'USD' as 'EUR' } })] }, 'body/variants/0/price/currency'],
        ['empty sku', { ...good, variants: [variant('')] }, 'body/variants/0/sku'],
        ['sku with a slash', { ...good, variants: [variant('A/B')] }, 'body/variants/0/sku'],
        ['no variant', { ...good, variants: [] }, 'body/variants'],
        ['no name', { ref: 'BAD-6', variants: [variant('BAD-6')] }, 'body/name'],
        ['empty name', { ...good, name: '' }, 'body/name'],
        ['compare-at below price', { ...good, variants: [variant('BAD-7', { compareAtPrice: { amount: 1000, currency: 'EUR' } })] }, 'body/variants/0/compareAtPrice'],
        ['bad attribute key', { ...good, attributes: { 'made in': 'France' } }, 'body/attributes'],
        ['image with spaces', { ...good, images: ['not a url'] }, 'body/images/0'],
      ];
      const snapshot = await catalogSnapshot(server);
      for (const [label, body, path] of cases) {
        const problem = await problemOf(server.admin.request('POST', '/v1/products', { body }), 400);
        assert.ok(problem.errors?.some((e) => e.path.startsWith(path)), `${label}: ${JSON.stringify(problem.errors)} should name ${path}`);
        assert.ok(problem.detail.length > 0, label);
      }
      const unknown = await problemOf(server.admin.products.create({ ...good, category: 'no-such-category' }), 400, 'catalog.unknown_category');
      assert.deepEqual(unknown.errors, [{ path: 'body/category', message: 'is not a known category id or slug' }]);
      await problemOf(server.admin.request('PATCH', `/v1/products/prd_x`, { body: {} }), 400);
      await problemOf(server.admin.request('GET', '/v1/products', { query: { limit: 0 } }), 400, 'platform.validation_failed');
      await problemOf(server.admin.request('GET', '/v1/products', { query: { cursor: 'not-a-cursor' } }), 400, 'platform.validation_failed');
      await problemOf(server.admin.request('GET', '/v1/products', { query: { sort: 'price' } }), 400, 'platform.validation_failed');
      await problemOf(server.client().variants.get('BAD SKU'), 400, 'platform.validation_failed');
      assert.equal(await catalogSnapshot(server), snapshot);
    });

    test('an oversized body is a 413 and writes nothing', async () => {
      const snapshot = await catalogSnapshot(server);
      const huge = productBody('HUGE', { description: 'x'.repeat(1_100_000) });
      await problemOf(server.admin.products.create(huge), 413, 'platform.payload_too_large');
      assert.equal(await catalogSnapshot(server), snapshot);
    });

    test('only admins write; customers, sources and other staff may only read', async () => {
      const tokens = await principals(server);
      const body = productBody('ACL-1');
      for (const token of [tokens.marketer, tokens.agent, tokens.associate, tokens.customer]) {
        await problemOf(createClient({ baseUrl: server.url, token }).products.create(body), 403, 'platform.forbidden');
      }
      await problemOf(server.client().products.create(body), 401, 'platform.unauthenticated');
      await problemOf(server.client().categories.create({ slug: 'x', name: 'X' }), 401, 'platform.unauthenticated');
      const created = await createClient({ baseUrl: server.url, token: tokens.admin }).products.create(body);
      assert.equal((await createClient({ baseUrl: server.url, token: tokens.customer }).products.get(created.id)).ref, 'ACL-1');
    });

    test('PATCH changes fields, clears nullable ones, and keeps search in step', async () => {
      const created = await server.admin.products.create(productBody('UPD-1', { name: 'Chemise oxford', nameEn: 'Oxford shirt', brand: 'Maison', category: 'femme' }));
      const updated = await server.admin.products.update(created.id, { name: 'Blouse fluide', nameEn: null, brand: null, category: null });
      assert.equal(updated.name, 'Blouse fluide');
      assert.equal(updated.nameEn, null);
      assert.equal(updated.brand, null);
      assert.equal(updated.category, null);
      assert.equal(updated.createdAt, created.createdAt);
      assert.deepEqual(updated.variants, created.variants);
      assert.deepEqual(await termsOf(server, created.id), ['blouse', 'fluide']);
      const search = server.client().products;
      assert.deepEqual((await search.search({ q: 'blouse' })).items.map((p) => p.id), [created.id]);
      assert.deepEqual((await search.search({ q: 'oxford' })).items, []);
      await problemOf(server.admin.products.update(created.id, { category: 'nowhere' }), 400, 'catalog.unknown_category');
      assert.equal((await server.admin.products.get(created.id)).name, 'Blouse fluide');
    });

    test('PUT a variant creates it (201) then replaces it (200); DELETE removes it but never the last one', async () => {
      const created = await server.admin.products.create(productBody('VAR-1', { name: 'Pull marin' }));
      const put = await fetch(`${server.url}/v1/products/${created.id}/variants/VAR-1-L`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify({ size: 'L', color: 'Vert sapin', price: { amount: 3999, currency: 'EUR' } }),
      });
      assert.equal(put.status, 201);
      const replaced = await server.admin.products.upsertVariant(created.id, 'VAR-1-L', { size: 'XL', price: { amount: 4999, currency: 'EUR' } });
      assert.deepEqual(replaced.variants.map((v) => [v.sku, v.size, v.color, v.price.amount]), [
        ['VAR-1-U', null, null, 2999],
        ['VAR-1-L', 'XL', null, 4999],
      ]);
      assert.equal((await server.client().products.search({ q: 'VAR', size: 'xl' })).items.length, 0, 'the ref is not a search word');
      assert.deepEqual((await server.client().products.search({ size: 'xl' })).items.map((p) => p.id), [created.id]);
      assert.deepEqual((await server.client().products.search({ color: 'vert sapin' })).items, []);
      await problemOf(server.admin.products.upsertVariant(created.id, 'VAR-1-L', { price: { amount: 100, currency: 'EUR' }, compareAtPrice: { amount: 50, currency: 'EUR' } }), 400);
      const removed = await server.admin.products.removeVariant(created.id, 'VAR-1-U');
      assert.deepEqual(removed.variants.map((v) => v.sku), ['VAR-1-L']);
      await problemOf(server.admin.products.removeVariant(created.id, 'VAR-1-L'), 409, 'catalog.last_variant');
      await problemOf(server.admin.products.removeVariant(created.id, 'VAR-1-U'), 404, 'catalog.variant_not_found');
      await problemOf(server.client().variants.get('VAR-1-U'), 404);
    });

    test('DELETE removes the product, its variants and its search terms', async () => {
      const created = await server.admin.products.create(productBody('DEL-1', { name: 'Gilet unique', variants: [variant('DEL-1-S'), variant('DEL-1-M')] }));
      assert.equal((await server.client().products.search({ q: 'gilet' })).items.length, 1);
      await server.admin.products.remove(created.id);
      await problemOf(server.client().products.get(created.id), 404);
      const db = server.deps.database.kysely;
      assert.equal((await db.selectFrom('product_variants').select('sku').where('product_id', '=', created.id).execute()).length, 0);
      assert.deepEqual(await termsOf(server, created.id), []);
      assert.equal((await server.client().products.search({ q: 'gilet' })).items.length, 0);
      // The skus are free again.
      await server.admin.products.create(productBody('DEL-2', { variants: [variant('DEL-1-S')] }));
    });
  });
}
