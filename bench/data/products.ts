import type SqliteDatabase from 'better-sqlite3';
import { productSearchTerms, productSortKey, variantFacetKey } from '../../src/modules/catalog/product-index.js';
import { idMaker, seededRandom, type Random } from '../lib/random.js';
import { BRANDS, CATEGORY_NAMES, COLOURS, DEPARTMENTS, MATERIALS, SIZE_CHARTS, STYLES, TYPES, type GarmentType } from './words.js';

export interface ProductLoad {
  categories: number;
  products: number;
  variants: number;
  searchTerms: number;
  ms: number;
}

interface Category {
  id: string;
  /** The category and its department, French and English: they feed the search terms. */
  names: string[];
}

const BATCH = 5_000;
// Built once: `weighted` takes [item, weight] pairs.
const TYPE_WEIGHTS = TYPES.map((t) => [t, t.weight] as const);
const STYLE_WEIGHTS = STYLES.map((s) => [s, s.weight] as const);
const MATERIAL_WEIGHTS = MATERIALS.map((m) => [m, m.weight] as const);
const COLOUR_WEIGHTS = COLOURS.map((c) => [c, c.weight] as const);
const ORIGINS = ['Portugal', 'France', 'Italie', 'Maroc', 'Tunisie', 'Turquie', 'Inde', 'Bangladesh'];

/**
 * Writes `count` products with 3 to 6 variants each, their categories and their search terms,
 * straight into the tables with prepared statements, in transactions of a few thousand products.
 * The rows are shaped as the catalog module writes them, through its own indexing functions
 * (product-index.ts): search terms from `productSearchTerms` (name, English name, brand, category
 * names, colours, material), facet keys from `variantFacetKey`, `sort_key` from `productSortKey`.
 */
export async function loadProducts(sqlite: SqliteDatabase.Database, options: { count: number; seed: number }): Promise<ProductLoad> {
  const started = performance.now();
  const random = seededRandom(options.seed);
  const categories = insertCategories(sqlite, random);
  const productId = idMaker('prd', random);
  const insertProduct = sqlite.prepare(
    `INSERT INTO products (id, ref, name, name_en, description, description_en, brand, category_id, attributes, images, sort_key, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertVariant = sqlite.prepare(
    `INSERT INTO product_variants (sku, product_id, size, color, size_key, color_key, price_amount, currency, compare_at_amount, barcode, images, attributes, position)
     VALUES (?, ?, ?, ?, ?, ?, ?, 'EUR', ?, ?, '[]', '{}', ?)`,
  );
  const insertTerm = sqlite.prepare('INSERT INTO product_search_terms (term, product_id, sort_key) VALUES (?, ?, ?)');
  let variants = 0;
  let searchTerms = 0;
  const epoch = Date.UTC(2024, 0, 1);
  const span = Date.UTC(2026, 0, 1) - epoch;

  const writeBatch = sqlite.transaction((from: number, to: number) => {
    for (let n = from; n < to; n++) {
      const type = random.weighted(TYPE_WEIGHTS);
      const department = random.pick(type.departments);
      const category = categories.get(`${department}-${type.category}`);
      if (!category) throw new Error(`no category ${department}-${type.category}`);
      const style = random.chance(0.8) ? random.weighted(STYLE_WEIGHTS) : undefined;
      const material = random.weighted(MATERIAL_WEIGHTS);
      const brand = BRANDS[Math.min(BRANDS.length - 1, Math.floor(BRANDS.length * random.next() ** 2))] as string;
      const name = [type.fr, style?.[type.gender], 'en', material.fr].filter(Boolean).join(' ');
      const nameEn = capitalise([style?.en, material.en, type.en].filter(Boolean).join(' '));
      const ref = `SN-${String(n + 1).padStart(6, '0')}`;
      const id = productId();
      const createdAt = new Date(epoch + Math.floor(random.next() * span)).toISOString();
      const sortKey = productSortKey(name);
      insertProduct.run(
        id,
        ref,
        name,
        nameEn,
        `${name}, ${style ? `coupe ${style.m}` : 'coupe classique'}. Fabriqué en ${random.pick(ORIGINS)}.`,
        `${nameEn}, ${style ? `${style.en} cut` : 'classic cut'}.`,
        brand,
        category.id,
        JSON.stringify({ material: material.fr }),
        JSON.stringify([`https://images.stylenow.example/products/${ref}.jpg`]),
        sortKey,
        createdAt,
        createdAt,
      );
      const pairs = variantPairs(type, random);
      const price = random.int(12, 250) * 100 - random.pick([1, 10, 100]);
      const compareAt = random.chance(0.15) ? Math.round((price * 1.3) / 100) * 100 - 1 : null;
      pairs.forEach(([colour, size], position) => {
        insertVariant.run(`${ref}-${colour.code}-${size.replace(/\s+/g, '')}`, id, size, colour.m, variantFacetKey(size), variantFacetKey(colour.m), price, compareAt, ean13(n * 8 + position), position);
      });
      variants += pairs.length;
      const terms = productSearchTerms({
        name,
        nameEn,
        brand,
        attributes: { material: material.fr },
        categoryNames: category.names,
        variants: pairs.map(([colour]) => ({ color: colour.m, attributes: {} })),
      });
      for (const term of terms) {
        insertTerm.run(term, id, sortKey);
        searchTerms += 1;
      }
    }
  });
  for (let from = 0; from < options.count; from += BATCH) {
    writeBatch(from, Math.min(options.count, from + BATCH));
    // Between transactions, let the event loop run: Ctrl-C then stops a run within a batch.
    await new Promise((resolve) => setImmediate(resolve));
  }
  return { categories: categories.size + DEPARTMENTS.length, products: options.count, variants, searchTerms, ms: performance.now() - started };
}

/** 3 to 6 (colour, size) pairs: one colour in a run of sizes, two colours in fewer sizes, or one-size items in several colours. */
function variantPairs(type: GarmentType, random: Random): [(typeof COLOURS)[number], string][] {
  const count = random.int(3, 6);
  const chart = SIZE_CHARTS[type.sizes];
  const colourCount = chart.length === 1 ? count : count <= 3 || random.chance(0.5) ? 1 : 2;
  const colours: (typeof COLOURS)[number][] = [];
  while (colours.length < colourCount) {
    const colour = random.weighted(COLOUR_WEIGHTS);
    if (!colours.includes(colour)) colours.push(colour);
  }
  const sizesPerColour = Math.min(chart.length, Math.ceil(count / colourCount));
  const first = random.int(0, chart.length - sizesPerColour);
  const pairs: [(typeof COLOURS)[number], string][] = [];
  for (const colour of colours) {
    for (const size of chart.slice(first, first + sizesPerColour)) if (pairs.length < count) pairs.push([colour, size]);
  }
  return pairs;
}

function insertCategories(sqlite: SqliteDatabase.Database, random: Random): Map<string, Category> {
  const categoryId = idMaker('cat', random);
  const insert = sqlite.prepare('INSERT INTO categories (id, slug, name, name_en, parent_id, position) VALUES (?, ?, ?, ?, ?, ?)');
  const bySlug = new Map<string, Category>();
  sqlite.transaction(() => {
    DEPARTMENTS.forEach((department, position) => {
      const parentId = categoryId();
      insert.run(parentId, department.slug, department.fr, department.en, null, position);
      Object.entries(CATEGORY_NAMES).forEach(([slug, names], childPosition) => {
        if (!TYPES.some((t) => t.category === slug && t.departments.includes(department.slug))) return;
        const id = categoryId();
        insert.run(id, `${department.slug}-${slug}`, names.fr, names.en, parentId, childPosition);
        bySlug.set(`${department.slug}-${slug}`, { id, names: [names.fr, names.en, department.fr, department.en] });
      });
    });
  })();
  return bySlug;
}

/** A valid EAN-13 in the French GS1 range, so barcodes look like the ones tills scan. */
function ean13(serial: number): string {
  const body = `300${String(serial).padStart(9, '0')}`;
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(body[i]) * (i % 2 === 0 ? 1 : 3);
  return `${body}${(10 - (sum % 10)) % 10}`;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
