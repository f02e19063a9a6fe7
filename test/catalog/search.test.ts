import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DIALECTS, startTestServer, type TestServer } from '../support/harness.js';
import { analyse, facetKey, foldText } from '../../src/modules/catalog/search-text.js';
import type { Product, ProductSearchQuery } from '../../src/modules/catalog/catalog.schemas.js';
import { problemOf, productBody, termsOf, variant } from './catalog-fixtures.js';

for (const dialect of DIALECTS) {
  describe(`product search (${dialect})`, () => {
    let server: TestServer;
    const ids = new Map<string, string>();
    const refsOf = (products: Product[]) => products.map((p) => p.ref).sort();
    const search = async (query: ProductSearchQuery) => refsOf((await server.client().products.search({ limit: 100, ...query })).items);

    before(async () => {
      server = await startTestServer(dialect);
      const admin = server.admin;
      await admin.categories.create({ slug: 'femme', name: 'Femme', nameEn: 'Women' });
      await admin.categories.create({ slug: 'robes', name: 'Robes', nameEn: 'Dresses', parentId: 'femme' });
      await admin.categories.create({ slug: 'accessoires', name: 'Accessoires', nameEn: 'Accessories' });
      const create = async (ref: string, body: Parameters<typeof productBody>[1]) => ids.set(ref, (await admin.products.create(productBody(ref, body))).id);
      await create('ECH', { name: 'Écharpe en laine', nameEn: 'Wool scarf', category: 'accessoires', variants: [variant('ECH-TU', { size: 'TU', color: 'Écru' })] });
      await create('ROB', {
        name: 'Robe plissée',
        nameEn: 'Pleated dress',
        category: 'robes',
        variants: [variant('ROB-S', { size: 'S', color: 'Bleu marine' }), variant('ROB-M', { size: 'M', color: 'Bleu marine' }), variant('ROB-L', { size: 'L', color: 'Rouge' })],
      });
      await create('ROB2', { name: 'Robe longue fleurie', nameEn: 'Long floral dress', category: 'robes', variants: [variant('ROB2-M', { size: 'M', color: 'Noir' })] });
      await create('TS', { name: 'T-shirt col rond', nameEn: 'Crew-neck T-shirt', category: 'femme', attributes: { material: 'Coton bio' }, variants: [variant('TS-M', { size: 'M', color: 'Blanc' })] });
      await create('JEAN', { name: 'Jean droit', nameEn: 'Straight jeans', variants: [variant('JEAN-38', { size: '38', color: 'Bleu' })] });
      await create('SAC', { name: 'Sac Jeanne', nameEn: 'Jeanne bag', category: 'accessoires', variants: [variant('SAC-U', { color: 'Camel' })] });
    });
    after(() => server.close());

    test('words match without accents or case, in French and English, every word required', async () => {
      const cases: [string, string[]][] = [
        ['echarpe', ['ECH']],
        ['ÉCHARPE', ['ECH']],
        ['Écharpe laine', ['ECH']],
        ['ROBE PLISSEE', ['ROB']],
        ['robes', ['ROB', 'ROB2']],
        ['robe', ['ROB', 'ROB2']],
        ['tshirt', ['TS']],
        ['t-shirt', ['TS']],
        ['T shirt', ['TS']],
        ['scarf', ['ECH']],
        ['WOOL', ['ECH']],
        ['dresses', ['ROB', 'ROB2']],
        ['robe rouge', ['ROB']], // a variant colour
        ['robe noir', ['ROB2']],
        ['robe blanc', []], // every word must match
        ['femme', ['ROB', 'ROB2', 'TS']], // the category and the parent of "robes"
        ['women', ['ROB', 'ROB2', 'TS']],
        ['coton', ['TS']], // material
        ['accessories', ['ECH', 'SAC']],
        ['jean droit', ['JEAN']],
        ['jean ', ['JEAN']], // a finished word is whole: not "Jeanne"
        ['zzz', []],
        ['', ['ECH', 'JEAN', 'ROB', 'ROB2', 'SAC', 'TS']],
      ];
      for (const [q, expected] of cases) assert.deepEqual(await search({ q }), expected, `q=${q}`);
    });

    test('the last word matches as a prefix, as people type', async () => {
      const cases: [string, string[]][] = [
        ['r', ['ROB', 'ROB2', 'TS']], // robe, rouge, rond ("col rond")
        ['rob', ['ROB', 'ROB2']],
        ['robe pl', ['ROB']],
        ['ech', ['ECH']],
        ['jean', ['JEAN', 'SAC']], // "jean" so far may become "Jeanne"
        ['t-sh', ['TS']],
        ['pleated dr', ['ROB']],
      ];
      for (const [q, expected] of cases) assert.deepEqual(await search({ q }), expected, `q=${q}`);
    });

    test('filters by size, colour (any spelling) and category (with sub-categories), alone or with words', async () => {
      const cases: [ProductSearchQuery, string[]][] = [
        [{ size: 'm' }, ['ROB', 'ROB2', 'TS']],
        [{ size: 'M' }, ['ROB', 'ROB2', 'TS']],
        [{ size: '38' }, ['JEAN']],
        [{ color: 'bleu-marine' }, ['ROB']],
        [{ color: 'BLEU MARINE' }, ['ROB']],
        [{ color: 'ecru' }, ['ECH']],
        [{ color: 'Écru' }, ['ECH']],
        [{ color: 'bleu' }, ['JEAN']], // a colour is compared whole: "bleu" is not "bleu marine"
        [{ q: 'robe', color: 'rouge' }, ['ROB']],
        [{ q: 'robe', size: 'L' }, ['ROB']],
        [{ q: 'robe', size: 'XS' }, []],
        [{ size: 'M', color: 'noir' }, ['ROB2']],
        [{ size: 'L', color: 'bleu marine' }, ['ROB']], // per product, not per variant: documented
        [{ category: 'femme' }, ['ROB', 'ROB2', 'TS']],
        [{ category: 'robes' }, ['ROB', 'ROB2']],
        [{ category: 'femme', q: 'shirt' }, ['TS']],
        [{ category: 'accessoires', color: 'camel' }, ['SAC']],
        [{ size: '---' }, []],
      ];
      for (const [query, expected] of cases) assert.deepEqual(await search(query), expected, JSON.stringify(query));
      const categories = await server.client().categories.list();
      const robes = categories.items.find((c) => c.slug === 'robes')!;
      assert.deepEqual(await search({ category: robes.id }), ['ROB', 'ROB2']);
      const problem = await problemOf(server.client().products.search({ category: 'nope' }), 400, 'catalog.unknown_category');
      assert.deepEqual(problem.errors, [{ path: 'querystring/category', message: 'is not a known category id or slug' }]);
      await problemOf(server.client().products.search({ q: 'robe pull jean sac veste manteau jupe short botte gant bonnet echarpe' }), 400, 'platform.validation_failed');
    });

    test('pages follow each other without duplicates or gaps, ties broken by id', async () => {
      const made: string[] = [];
      // Same names on purpose: only the id orders them.
      for (let i = 0; i < 23; i++) made.push((await server.admin.products.create(productBody(`PULL-${i}`, { name: i % 3 === 0 ? 'Pull côtelé' : 'Pull marin', variants: [variant(`PULL-${i}-M`, { size: 'M' })] }))).id);
      const db = server.deps.database.kysely;
      const order = (await db.selectFrom('products').select('id').where('id', 'in', made).orderBy('sort_key').orderBy('id').execute()).map((r) => r.id);
      for (const query of [{ q: 'pull' }, { q: 'pull ', size: 'm' }, { q: 'pul' }]) {
        const seen: string[] = [];
        let cursor: string | undefined;
        let pages = 0;
        do {
          const page = await server.client().products.search({ ...query, limit: 5, ...(cursor ? { cursor } : {}) });
          assert.ok(page.items.length <= 5, `${page.items.length} items`);
          seen.push(...page.items.map((p) => p.id));
          cursor = page.nextCursor ?? undefined;
          pages += 1;
        } while (cursor);
        assert.deepEqual(seen, order, JSON.stringify(query));
        assert.equal(pages, 5);
      }
      // Listing everything pages the same way.
      const all: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await server.client().products.search({ limit: 4, ...(cursor ? { cursor } : {}) });
        all.push(...page.items.map((p) => p.id));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      const everything = (await db.selectFrom('products').select('id').orderBy('sort_key').orderBy('id').execute()).map((r) => r.id);
      assert.deepEqual(all, everything);
      // A product created behind the cursor does not shift the pages ahead of it.
      const first = await server.client().products.search({ q: 'pull', limit: 10 });
      await server.admin.products.create(productBody('PULL-A', { name: 'Pull a', variants: [variant('PULL-A-M')] }));
      const second = await server.client().products.search({ q: 'pull', limit: 10, cursor: first.nextCursor! });
      assert.deepEqual(second.items.map((p) => p.id), order.slice(10, 20));
    });

    test('renaming or moving a category changes the words its products are found by', async () => {
      const accessoires = (await server.client().categories.list()).items.find((c) => c.slug === 'accessoires')!;
      await server.admin.categories.update(accessoires.id, { name: 'Maroquinerie', nameEn: 'Leather goods' });
      assert.deepEqual(await search({ q: 'maroquinerie' }), ['ECH', 'SAC']);
      assert.deepEqual(await search({ q: 'leather goods' }), ['ECH', 'SAC']);
      assert.deepEqual(await search({ q: 'accessories' }), []);
      await server.admin.categories.update(accessoires.id, { parentId: 'femme' });
      assert.deepEqual(await search({ q: 'femme' }), ['ECH', 'ROB', 'ROB2', 'SAC', 'TS']);
      assert.deepEqual(await search({ category: 'femme' }), ['ECH', 'ROB', 'ROB2', 'SAC', 'TS']);
    });

    test('a product written straight into the tables, as the demo seed does, is found and filtered alike', async () => {
      const db = server.deps.database.kysely;
      const now = new Date().toISOString();
      const name = 'Blouson aviateur';
      await db.insertInto('products').values({ id: 'prd_seeded1', ref: 'SEED-1', name, name_en: 'Aviator jacket', description: '', description_en: null, brand: 'StyleNow', category_id: null, attributes: JSON.stringify({ material: 'Cuir', organic: true }), images: '[]', sort_key: foldText(name), created_at: now, updated_at: now }).execute();
      await db.insertInto('product_variants').values({ sku: 'SEED-1-M', product_id: 'prd_seeded1', size: 'M', color: 'Marron glacé', size_key: facetKey('M'), color_key: facetKey('Marron glacé'), price_amount: 19900, currency: 'EUR', compare_at_amount: null, barcode: null, images: '[]', attributes: '{}', position: 0 }).execute();
      const seededTerms = analyse([name, 'Aviator jacket', 'StyleNow', 'Marron glacé', 'Cuir'].join(' '));
      await db.insertInto('product_search_terms').values(seededTerms.map((term) => ({ term, product_id: 'prd_seeded1', sort_key: foldText(name) }))).execute();
      assert.deepEqual(await search({ q: 'blouson cuir' }), ['SEED-1']);
      assert.deepEqual(await search({ q: 'aviator', color: 'marron-glace', size: 'm' }), ['SEED-1']);
      // The API computes the same terms when it rewrites them.
      const before = await termsOf(server, 'prd_seeded1');
      await server.admin.products.update('prd_seeded1', { description: 'Col mouton.' });
      assert.deepEqual(await termsOf(server, 'prd_seeded1'), before);
      assert.equal((await server.client().products.get('SEED-1')).attributes.organic, true);
    });
  });
}
