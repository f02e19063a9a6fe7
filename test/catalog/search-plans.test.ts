/**
 * The search planner picks among several plans (enumerate a small constraint, walk the name order
 * in a window, fall back after the window): every plan must give the same pages, equal to a
 * brute-force reading of the index. Small tunings force each plan on a small catalog.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DIALECTS, createTestDatabase, type TestDatabase } from '../support/harness.js';
import { systemClock } from '../../src/platform/clock.js';
import { createLogger } from '../../src/platform/logging.js';
import type { Ctx } from '../../src/platform/context.js';
import type { ProductSearchQuery } from '../../src/modules/catalog/catalog.schemas.js';
import { createCategory } from '../../src/modules/catalog/categories.service.js';
import { createProduct, searchConstraints } from '../../src/modules/catalog/products.service.js';
import { POSTGRES_TUNING, SQLITE_TUNING, searchPositions, type SearchConstraint, type SearchTuning, type SortPosition } from '../../src/modules/catalog/product-search.js';

const TUNINGS: [string, SearchTuning][] = [
  ['sqlite default', SQLITE_TUNING],
  ['postgres default', POSTGRES_TUNING],
  ['always enumerate', { driverLimit: Number.POSITIVE_INFINITY, window: SQLITE_TUNING.window }],
  ['window then fallback', { driverLimit: 0, window: () => 7 }],
  ['one window over everything', { driverLimit: 0, window: () => 100_000 }],
  // A word among the constraints is walked in listing order unless told not to: keep the older plans covered.
  ['no word walk, always enumerate', { driverLimit: Number.POSITIVE_INFINITY, window: SQLITE_TUNING.window, termWalk: false }],
  ['no word walk, window then fallback', { driverLimit: 0, window: () => 7, termWalk: false }],
];

const QUERIES: ProductSearchQuery[] = [
  {},
  { q: 'robe' },
  { q: 'r' },
  { q: 'robe lin' },
  { q: 'pull noir' },
  { q: 'l' },
  { q: 'femme' },
  { q: 'e' },
  { q: 'veste bleu marine' },
  { q: 'zz' },
  { size: 'm' },
  { color: 'noir', size: 'l' },
  { category: 'femme' },
  { category: 'femme', q: 'ro' },
  { q: 'veste bleu', size: '38' },
  { q: 'ch', color: 'ecru', category: 'accessoires' },
  { q: 'modele' },
  { q: 'veste modele1' },
  { q: 'modele7' },
  { q: 'modele7 ' },
  { q: 'robe modele2', size: 'm' },
  // Several words walked together (a prefix resolved to a few words), with every kind of filter.
  { q: 'ch', size: 'l' },
  { q: 'lin ch', category: 'femme' },
  { q: 'noir ample', color: 'noir', size: 'm', category: 'homme' },
];

// A tiny deterministic generator, so a failure can be replayed.
function generator(seed: number) {
  let state = seed;
  const next = () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  return { pick: <T>(values: readonly T[]) => values[Math.floor(next() * values.length)]!, chance: (p: number) => next() < p };
}

for (const dialect of DIALECTS) {
  describe(`search plans agree with a brute-force reading of the index (${dialect})`, () => {
    let testDb: TestDatabase;
    let ctx: Ctx;

    before(async () => {
      testDb = await createTestDatabase(dialect);
      ctx = { db: testDb.database.kysely, clock: systemClock, principal: { kind: 'staff', role: 'admin', staffId: null, storeId: null, tokenId: null }, log: createLogger('silent') };
      await createCategory(ctx, { slug: 'femme', name: 'Femme', nameEn: 'Women' });
      await createCategory(ctx, { slug: 'robes', name: 'Robes', parentId: 'femme' });
      await createCategory(ctx, { slug: 'homme', name: 'Homme', nameEn: 'Men' });
      await createCategory(ctx, { slug: 'accessoires', name: 'Accessoires' });
      const random = generator(7);
      // Names start with the product type, so matches cluster in name order, as in real catalogs.
      const types = [['Robe', 'robes'], ['Pull', 'homme'], ['Jean', 'femme'], ['Chemise', 'homme'], ['Veste', 'femme'], ['Écharpe', 'accessoires']] as const;
      for (let i = 0; i < 150; i++) {
        const [type, category] = random.pick(types);
        const colours = [random.pick(['Bleu marine', 'Noir', 'Rouge', 'Écru', 'Vert'])];
        if (random.chance(0.4)) colours.push(random.pick(['Bleu', 'Noir', 'Camel']));
        await createProduct(ctx, {
          ref: `P${i}`,
          // Model numbers give prefixes that cover many terms (`modele1` → modele1, modele10…19).
          name: `${type} ${random.pick(['ample', 'ajustée', 'longue', 'courte'])}${random.chance(0.3) ? ' ligne' : ''} modele${i % 30}`,
          category: random.chance(0.9) ? category : null,
          attributes: { material: random.pick(['lin', 'laine', 'coton', 'soie']) },
          variants: [...new Set(colours)].map((color, c) => ({ sku: `P${i}-${c}`, color, size: random.pick(['S', 'M', 'L', '38', '40']), price: { amount: 1000 + i, currency: 'EUR' as const } })),
        });
      }
    });
    after(() => testDb.destroy());

    test('every plan pages through exactly the expected products', async () => {
      const db = ctx.db;
      const order = (await db.selectFrom('products').select(['id', 'category_id']).orderBy('sort_key').orderBy('id').execute());
      const terms = await db.selectFrom('product_search_terms').selectAll().execute();
      const variants = await db.selectFrom('product_variants').select(['product_id', 'size_key', 'color_key']).execute();
      const accepts = (constraint: SearchConstraint, product: { id: string; category_id: string | null }) => {
        switch (constraint.kind) {
          case 'term': {
            const own = terms.filter((t) => t.product_id === product.id).map((t) => t.term);
            return constraint.match.kind === 'exact' ? own.includes(constraint.match.term) : own.some((t) => t.startsWith((constraint.match as { prefix: string }).prefix));
          }
          case 'size':
            return variants.some((v) => v.product_id === product.id && v.size_key === constraint.key);
          case 'color':
            return variants.some((v) => v.product_id === product.id && v.color_key === constraint.key);
          case 'category':
            return product.category_id !== null && constraint.ids.includes(product.category_id);
        }
      };
      let nonEmpty = 0;
      for (const query of QUERIES) {
        const constraints = (await searchConstraints(db, query))!;
        const expected = order.filter((product) => constraints.every((c) => accepts(c, product))).map((p) => p.id);
        if (expected.length > 4) nonEmpty += 1;
        for (const [label, tuning] of TUNINGS) {
          const seen: string[] = [];
          let cursor: SortPosition | undefined;
          for (let page = 0; page < 100; page++) {
            const positions = await searchPositions(db, constraints, cursor, 5, tuning);
            seen.push(...positions.slice(0, 4).map((p) => p.id));
            if (positions.length <= 4) break;
            cursor = positions[3];
          }
          assert.deepEqual(seen, expected, `${label}: ${JSON.stringify(query)}`);
        }
      }
      // The queries must exercise pagination, not only empty answers.
      assert.ok(nonEmpty >= 10, `only ${nonEmpty} queries span several pages`);
    });
  });
}
