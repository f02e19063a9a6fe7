/**
 * Product search over a large catalog: loads N products (default 100,000) whose names start with
 * their type, as real names do (so matches cluster in name order), then times a mix of queries
 * through the service, pages loaded as the API answers them. Prints JSON, with a ceiling measured in
 * the same run: loading a page of 20 known products by id, the floor of any search answer.
 *
 *   node --import tsx test/catalog/search-scale.bench.ts [sqlite|postgres] [products]
 *   (postgres needs TEST_DATABASE_URL)
 */
import { pathToFileURL } from 'node:url';
import { sql, type Insertable } from 'kysely';
import { createTestDatabase } from '../support/harness.js';
import type { DialectName } from '../../src/platform/db/database.js';
import { systemClock } from '../../src/platform/clock.js';
import { createLogger } from '../../src/platform/logging.js';
import type { Ctx } from '../../src/platform/context.js';
import type { ProductSearchQuery } from '../../src/modules/catalog/catalog.schemas.js';
import type { ProductSearchTermTable, ProductTable, ProductVariantTable } from '../../src/modules/catalog/catalog.tables.js';
import { productSearchTerms, productSortKey, variantFacetKey } from '../../src/modules/catalog/product-index.js';
import { loadProducts } from '../../src/modules/catalog/products.repo.js';
import { searchProducts } from '../../src/modules/catalog/products.service.js';

const RUNS = 15;

// mulberry32: independent picks (a plain LCG ties consecutive picks together, which makes sizes
// and colours of one product correlated, unlike a real catalog).
let state = 42;
const random = () => {
  state = (state + 0x6d2b79f5) | 0;
  let t = Math.imul(state ^ (state >>> 15), 1 | state);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const pick = <T>(values: readonly T[]) => values[Math.floor(random() * values.length)]!;

const TYPES = [
  ['Robe', 'Dress'], ['Jean', 'Jeans'], ['T-shirt', 'T-shirt'], ['Écharpe', 'Scarf'], ['Pull', 'Sweater'], ['Chemise', 'Shirt'], ['Veste', 'Jacket'],
  ['Manteau', 'Coat'], ['Jupe', 'Skirt'], ['Pantalon', 'Trousers'], ['Short', 'Shorts'], ['Blouson', 'Bomber'], ['Sac', 'Bag'], ['Chapeau', 'Hat'],
  ['Basket', 'Sneaker'], ['Botte', 'Boot'], ['Ceinture', 'Belt'], ['Gilet', 'Cardigan'], ['Sweat', 'Sweatshirt'], ['Polo', 'Polo'], ['Blouse', 'Blouse'],
  ['Débardeur', 'Tank top'], ['Combinaison', 'Jumpsuit'], ['Parka', 'Parka'], ['Doudoune', 'Puffer jacket'], ['Chaussette', 'Sock'], ['Bonnet', 'Beanie'],
  ['Gant', 'Glove'], ['Sandale', 'Sandal'], ['Mocassin', 'Loafer'],
] as const;
const ADJECTIVES = ['plissée', 'fleurie', 'rayée', 'ajustée', 'ample', 'longue', 'courte', 'légère', 'chaude', 'élégante', 'sport', 'vintage', 'oversize', 'slim', 'droite', 'évasée', 'brodée', 'imprimée', 'unie', 'matelassée'];
const MATERIALS = ['coton', 'lin', 'laine', 'soie', 'cachemire', 'polyester', 'viscose', 'cuir', 'denim', 'velours', 'jersey', 'mérinos'];
const COLOURS = ['Bleu marine', 'Noir', 'Blanc', 'Écru', 'Rouge', 'Vert sapin', 'Beige', 'Gris chiné', 'Rose poudré', 'Jaune moutarde', 'Kaki', 'Bordeaux', 'Camel', 'Bleu ciel', 'Marron'];
const SIZES = ['XS', 'S', 'M', 'L', 'XL', '36', '38', '40', '42', '44'];
const BRANDS = Array.from({ length: 60 }, (_, i) => `Maison ${String.fromCharCode(65 + (i % 26))}${String.fromCharCode(97 + Math.floor(i / 26))}`);
// Model names make rare words, as real catalogs have (a collection, a cut, a designer's name).
const MODELS = Array.from({ length: 3000 }, (_, i) => `${'bdfgklmnprstvz'[i % 14]}${'aeiou'[Math.floor(i / 14) % 5]}${'lnrst'[Math.floor(i / 70) % 5]}${'aeiou'[Math.floor(i / 350) % 5]}${'bcdkmv'[Math.floor(i / 1750) % 6]}o`);
const DEPARTMENTS = [['femme', 'Femme', 'Women'], ['homme', 'Homme', 'Men'], ['enfant', 'Enfant', 'Kids'], ['accessoires', 'Accessoires', 'Accessories']] as const;

/** Fills the catalog tables with `total` generated products, as the demo seed would. */
export async function loadCatalog(ctx: Ctx, dialect: DialectName, total: number): Promise<{ seconds: number; variants: number; terms: number }> {
  const started = Date.now();
  const categories = DEPARTMENTS.flatMap(([slug, name, nameEn], d) => [
    { id: `cat_${slug}`, slug, name, name_en: nameEn, parent_id: null, position: d },
    ...Array.from({ length: 6 }, (_, i) => ({ id: `cat_${slug}_${i}`, slug: `${slug}-${i}`, name: `${name} ${i}`, name_en: null, parent_id: `cat_${slug}`, position: i })),
  ]);
  await ctx.db.insertInto('categories').values(categories).execute();
  const leaves = categories.filter((c) => c.parent_id);
  let variants = 0;
  let terms = 0;
  const batch = 1000;
  for (let start = 0; start < total; start += batch) {
    const products: Insertable<ProductTable>[] = [];
    const variantRows: Insertable<ProductVariantTable>[] = [];
    const termRows: Insertable<ProductSearchTermTable>[] = [];
    for (let i = start; i < Math.min(total, start + batch); i++) {
      const [fr, en] = pick(TYPES);
      const model = pick(MODELS);
      const material = pick(MATERIALS);
      const name = `${fr} ${pick(ADJECTIVES)} ${model}`;
      const nameEn = `${model} ${en}`;
      const brand = pick(BRANDS);
      const category = pick(leaves);
      const department = categories.find((c) => c.id === category.parent_id)!;
      const id = `prd_bench${String(i).padStart(7, '0')}`;
      const now = new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString();
      products.push({ id, ref: `B${i}`, name, name_en: nameEn, description: '', description_en: null, brand, category_id: category.id, attributes: JSON.stringify({ material }), images: '[]', sort_key: productSortKey(name), created_at: now, updated_at: now });
      const colours = [...new Set([pick(COLOURS), pick(COLOURS)])];
      let position = 0;
      for (const color of colours) {
        for (const size of new Set([pick(SIZES), pick(SIZES), pick(SIZES)])) {
          variantRows.push({ sku: `B${i}-${position}`, product_id: id, size, color, size_key: variantFacetKey(size), color_key: variantFacetKey(color), price_amount: 1999 + (i % 100) * 100, currency: 'EUR', compare_at_amount: null, barcode: null, images: '[]', attributes: '{}', position: position++ });
        }
      }
      variants += position;
      const categoryNames = [category.name, department.name, department.name_en ?? ''];
      for (const term of productSearchTerms({ name, nameEn, brand, attributes: { material }, categoryNames, variants: colours.map((color) => ({ color, attributes: {} })) })) termRows.push({ term, product_id: id, sort_key: productSortKey(name) });
    }
    terms += termRows.length;
    await ctx.db.transaction().execute(async (trx) => {
      for (let i = 0; i < products.length; i += 500) await trx.insertInto('products').values(products.slice(i, i + 500)).execute();
      for (let i = 0; i < variantRows.length; i += 1000) await trx.insertInto('product_variants').values(variantRows.slice(i, i + 1000)).execute();
      for (let i = 0; i < termRows.length; i += 5000) await trx.insertInto('product_search_terms').values(termRows.slice(i, i + 5000)).execute();
    });
    if (process.stderr.isTTY) process.stderr.write(`\rloaded ${Math.min(total, start + batch)} products`);
  }
  if (process.stderr.isTTY) process.stderr.write('\n');
  // What autovacuum does soon after a bulk load (statistics, visibility map for index-only scans);
  // SQLite runs without statistics, as the app does.
  if (dialect === 'postgres') {
    for (const table of ['products', 'product_variants', 'product_search_terms', 'categories']) await sql`VACUUM ANALYZE ${sql.table(table)}`.execute(ctx.db);
  }
  return { seconds: (Date.now() - started) / 1000, variants, terms };
}

export const QUERIES: ProductSearchQuery[] = [
  {},
  { q: 'r' }, { q: 'ro' }, { q: 'rob' }, { q: 'robe' }, { q: 'robes' }, { q: 'robe ' },
  { q: 'robe lin' }, { q: 'pull noir' }, { q: 'echarpe laine' }, { q: 'dress' }, { q: 'scarf' }, { q: 'tshirt' },
  { q: MODELS[1717]! }, { q: 'maison ab' }, { q: 'vintage cuir' }, { q: 'femme' }, { q: 'women chemise' },
  { q: 'zzzz' }, { q: 'femme homme' }, { q: 'jaune moutarde sweat' },
  { size: 'M' }, { color: 'bleu marine' }, { size: 'xl', color: 'noir' }, { category: 'femme' }, { category: 'homme-3' },
  { q: 'robe', size: 'M' }, { q: 'robe', color: 'rouge', category: 'femme' }, { q: 'sac', category: 'accessoires', color: 'camel' },
  { q: 'robe', limit: 100 },
];

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function timed(run: () => Promise<unknown>): Promise<number[]> {
  await run();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    await run();
    times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b);
}

const round = (ms: number) => Math.round(ms * 100) / 100;

async function main(dialect: DialectName, total: number) {
  const testDb = await createTestDatabase(dialect);
  try {
    const ctx: Ctx = { db: testDb.database.kysely, clock: systemClock, principal: { kind: 'anonymous' }, log: createLogger('silent') };
    const loaded = await loadCatalog(ctx, dialect, total);
    const ids = (await ctx.db.selectFrom('products').select('id').limit(20).execute()).map((r) => r.id);
    const ceiling = await timed(() => loadProducts(ctx.db, ids));
    const all: number[] = [];
    const queries = [];
    for (const query of QUERIES) {
      const times = await timed(() => searchProducts(ctx, query));
      all.push(...times);
      const page = await searchProducts(ctx, query);
      queries.push({ query, items: page.items.length, p50: round(percentile(times, 50)), max: round(times[times.length - 1]!) });
    }
    // A deep page: five pages in.
    let cursor: string | undefined;
    for (let i = 0; i < 5; i++) cursor = (await searchProducts(ctx, { q: 'robe', ...(cursor ? { cursor } : {}) })).nextCursor ?? undefined;
    const deep = await timed(() => searchProducts(ctx, { q: 'robe', ...(cursor ? { cursor } : {}) }));
    all.push(...deep);
    queries.push({ query: { q: 'robe', page: 6 }, items: 20, p50: round(percentile(deep, 50)), max: round(deep[deep.length - 1]!) });
    all.sort((a, b) => a - b);
    console.log(
      JSON.stringify(
        {
          dialect,
          products: total,
          variants: loaded.variants,
          searchTerms: loaded.terms,
          loadSeconds: loaded.seconds,
          ceilingLoadPageOf20Ms: { p50: round(percentile(ceiling, 50)), p99: round(percentile(ceiling, 99)) },
          searchMs: { runs: all.length, p50: round(percentile(all, 50)), p95: round(percentile(all, 95)), p99: round(percentile(all, 99)), max: round(all[all.length - 1]!) },
          queries,
        },
        null,
        1,
      ),
    );
  } finally {
    await testDb.destroy();
  }
}

// Run as a script; imported, it only lends `loadCatalog` and `QUERIES`.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main((process.argv[2] ?? 'sqlite') as DialectName, Number(process.argv[3] ?? 100_000));
}
