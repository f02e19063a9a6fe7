/**
 * Kysely queries on the catalog's product tables.
 *
 * How a product is stored — the demo seed writes the same rows directly, so seeded and
 * API-created products search and filter alike:
 * - `products.sort_key` = `foldText(name)` (see `productSortKey`): listings order by (sort_key, id);
 * - `product_variants.size_key` / `color_key` = `facetKey(size)` / `facetKey(colour)`, null when
 *   there is none (see `variantFacetKey`): the size and colour filters compare these;
 * - `product_search_terms` holds one (term, product_id, sort_key) row per distinct `analyse()` term of the
 *   name, English name, brand, category names (with ancestors), variant colours and the `material`
 *   attribute of the product and its variants (see `productSearchTerms`); descriptions are not;
 *   its `sort_key` is the product's, so every write that changes the name rewrites the terms;
 * - `attributes` and `images` are JSON text; prices are integer minor units plus currency.
 * Every write below recomputes the derived columns and rows in the caller's transaction.
 */
import type { Insertable, Kysely, Selectable } from 'kysely';
import type { DB } from '../../db-schema.js';
import { AppError } from '../../platform/errors.js';
import type { CategoryTable, ProductTable, ProductVariantTable } from './catalog.tables.js';
import type { Attributes, CatalogCurrency, Product, Variant } from './catalog.schemas.js';
import type { CatalogMemory } from './catalog-memory.js';
import { productSearchTerms } from './product-index.js';

export type ProductRow = Selectable<ProductTable>;
export type VariantRow = Selectable<ProductVariantTable>;
export type CategoryRow = Selectable<CategoryTable>;
type Db = Kysely<DB>;

export { inTransaction } from '../../platform/db/transaction.js';

/** Splits rows so no statement carries more bound values than both engines accept. */
export function chunks<T>(rows: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

export function parseJsonObject(text: string): Attributes {
  const value: unknown = JSON.parse(text);
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Attributes) : {};
}

export function parseJsonArray(text: string): string[] {
  const value: unknown = JSON.parse(text);
  return Array.isArray(value) ? (value as string[]) : [];
}

export function toVariant(row: VariantRow): Variant {
  const currency = row.currency as CatalogCurrency;
  return {
    sku: row.sku,
    size: row.size,
    color: row.color,
    price: { amount: row.price_amount, currency },
    compareAtPrice: row.compare_at_amount === null ? null : { amount: row.compare_at_amount, currency },
    barcode: row.barcode,
    images: parseJsonArray(row.images),
    attributes: parseJsonObject(row.attributes),
  };
}

export function findProductRow(db: Db, idOrRef: string): Promise<ProductRow | undefined> {
  return db
    .selectFrom('products')
    .selectAll()
    .where((eb) => eb.or([eb('id', '=', idOrRef), eb('ref', '=', idOrRef)]))
    // An id wins over a ref that happens to spell the same.
    .orderBy((eb) => eb.case().when('id', '=', idOrRef).then(0).else(1).end())
    .executeTakeFirst();
}

export function findVariantRow(db: Db, sku: string): Promise<VariantRow | undefined> {
  return db.selectFrom('product_variants').selectAll().where('sku', '=', sku).executeTakeFirst();
}

export function variantsOf(db: Db, productIds: readonly string[]): Promise<VariantRow[]> {
  if (productIds.length === 0) return Promise.resolve([]);
  return db.selectFrom('product_variants').selectAll().where('product_id', 'in', productIds).orderBy('product_id').orderBy('position').orderBy('sku').execute();
}

/** Products with their category and variants, in the order of `ids`: three queries whatever the count. */
/** Products as served, in the order of `ids`; through the catalog's memory when given one (see catalog-memory.ts). */
export async function loadProducts(db: Db, ids: readonly string[], memory?: CatalogMemory): Promise<Product[]> {
  if (!memory) return readProducts(db, ids);
  const found = new Map<string, Product>();
  for (const id of ids) {
    const product = memory.product(id);
    if (product) found.set(id, product);
  }
  const missing = ids.filter((id) => !found.has(id));
  for (const product of await readProducts(db, missing)) {
    memory.keepProduct(product);
    found.set(product.id, product);
  }
  return ids.flatMap((id) => found.get(id) ?? []);
}

async function readProducts(db: Db, ids: readonly string[]): Promise<Product[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('products as p')
    .leftJoin('categories as c', 'c.id', 'p.category_id')
    .selectAll('p')
    .select(['c.slug as category_slug', 'c.name as category_name', 'c.name_en as category_name_en'])
    .where('p.id', 'in', ids)
    .execute();
  const variants = new Map<string, Variant[]>();
  for (const row of await variantsOf(db, ids)) {
    const list = variants.get(row.product_id) ?? [];
    list.push(toVariant(row));
    variants.set(row.product_id, list);
  }
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.flatMap((id) => {
    const row = byId.get(id);
    if (!row) return [];
    const category =
      row.category_id && row.category_slug !== null && row.category_name !== null
        ? { id: row.category_id, slug: row.category_slug, name: row.category_name, nameEn: row.category_name_en }
        : null;
    return [
      {
        id: row.id,
        ref: row.ref,
        name: row.name,
        nameEn: row.name_en,
        description: row.description,
        descriptionEn: row.description_en,
        brand: row.brand,
        category,
        attributes: parseJsonObject(row.attributes),
        images: parseJsonArray(row.images),
        variants: variants.get(row.id) ?? [],
        createdAt: row.created_at,
        updatedAt: row.updated_at,
      },
    ];
  });
}

/** Inserts or replaces products by id; `created_at` of an existing product is kept. */
export async function upsertProductRows(db: Db, rows: Insertable<ProductTable>[]): Promise<void> {
  for (const part of chunks(rows, 500)) {
    await db
      .insertInto('products')
      .values(part)
      .onConflict((oc) =>
        oc.column('id').doUpdateSet((eb) => ({
          ref: eb.ref('excluded.ref'),
          name: eb.ref('excluded.name'),
          name_en: eb.ref('excluded.name_en'),
          description: eb.ref('excluded.description'),
          description_en: eb.ref('excluded.description_en'),
          brand: eb.ref('excluded.brand'),
          category_id: eb.ref('excluded.category_id'),
          attributes: eb.ref('excluded.attributes'),
          images: eb.ref('excluded.images'),
          sort_key: eb.ref('excluded.sort_key'),
          updated_at: eb.ref('excluded.updated_at'),
        })),
      )
      .execute();
  }
}

/**
 * Inserts or replaces variants by sku. The update only applies to a sku of the same product, so a
 * race with another writer can never move a variant between products: callers check ownership
 * first, and a sku another product took in the meantime is a 409 that rolls their transaction back.
 */
export async function upsertVariantRows(db: Db, rows: Insertable<ProductVariantTable>[]): Promise<void> {
  for (const part of chunks(rows, 500)) {
    const written = await db
      .insertInto('product_variants')
      .values(part)
      .onConflict((oc) =>
        oc
          .column('sku')
          .doUpdateSet((eb) => ({
            size: eb.ref('excluded.size'),
            color: eb.ref('excluded.color'),
            size_key: eb.ref('excluded.size_key'),
            color_key: eb.ref('excluded.color_key'),
            price_amount: eb.ref('excluded.price_amount'),
            currency: eb.ref('excluded.currency'),
            compare_at_amount: eb.ref('excluded.compare_at_amount'),
            barcode: eb.ref('excluded.barcode'),
            images: eb.ref('excluded.images'),
            attributes: eb.ref('excluded.attributes'),
            position: eb.ref('excluded.position'),
          }))
          .where('product_variants.product_id', '=', (eb) => eb.ref('excluded.product_id')),
      )
      .returning('sku')
      .execute();
    if (written.length < part.length) {
      const done = new Set(written.map((row) => row.sku));
      const taken = part.filter((row) => !done.has(row.sku)).map((row) => row.sku);
      throw new AppError('catalog.duplicate_sku', `Sku ${taken.join(', ')} was just given to another product by a concurrent request`);
    }
  }
}

export async function deleteProductRows(db: Db, id: string): Promise<void> {
  await db.deleteFrom('product_search_terms').where('product_id', '=', id).execute();
  await db.deleteFrom('product_variants').where('product_id', '=', id).execute();
  await db.deleteFrom('products').where('id', '=', id).execute();
}

/** Every category's French and English names followed by those of its ancestors. */
export async function categoryNameChains(db: Db): Promise<Map<string, string[]>> {
  const rows = await db.selectFrom('categories').select(['id', 'parent_id', 'name', 'name_en']).execute();
  const byId = new Map(rows.map((row) => [row.id, row]));
  const chains = new Map<string, string[]>();
  for (const row of rows) {
    const names: string[] = [];
    const visited = new Set<string>();
    for (let at: typeof row | undefined = row; at && !visited.has(at.id); at = at.parent_id ? byId.get(at.parent_id) : undefined) {
      visited.add(at.id);
      names.push(at.name);
      if (at.name_en) names.push(at.name_en);
    }
    chains.set(row.id, names);
  }
  return chains;
}

/**
 * Rewrites the search terms of these products from what the tables now hold (product, variants,
 * category names). Called in the same transaction as every write that changes one of them.
 */
export async function refreshSearchTerms(db: Db, productIds: readonly string[], chains?: Map<string, string[]>): Promise<void> {
  if (productIds.length === 0) return;
  const names = chains ?? (await categoryNameChains(db));
  for (const ids of chunks(productIds, 500)) {
    const products = await db.selectFrom('products').select(['id', 'name', 'name_en', 'brand', 'attributes', 'category_id', 'sort_key']).where('id', 'in', ids).execute();
    const variants = await db.selectFrom('product_variants').select(['product_id', 'color', 'attributes']).where('product_id', 'in', ids).execute();
    const variantsByProduct = new Map<string, { color: string | null; attributes: Attributes }[]>();
    for (const v of variants) {
      const list = variantsByProduct.get(v.product_id) ?? [];
      list.push({ color: v.color, attributes: parseJsonObject(v.attributes) });
      variantsByProduct.set(v.product_id, list);
    }
    const rows: { term: string; product_id: string; sort_key: string }[] = [];
    for (const product of products) {
      const terms = productSearchTerms({
        name: product.name,
        nameEn: product.name_en,
        brand: product.brand,
        attributes: parseJsonObject(product.attributes),
        categoryNames: product.category_id ? (names.get(product.category_id) ?? []) : [],
        variants: variantsByProduct.get(product.id) ?? [],
      });
      for (const term of terms) rows.push({ term, product_id: product.id, sort_key: product.sort_key });
    }
    await db.deleteFrom('product_search_terms').where('product_id', 'in', ids).execute();
    for (const part of chunks(rows, 2000)) await db.insertInto('product_search_terms').values(part).execute();
  }
}

/**
 * The column a unique constraint refused, from either engine's error: SQLite says
 * `UNIQUE constraint failed: products.ref`, PostgreSQL `Key (ref)=(…) already exists`.
 */
export function uniqueViolation(error: unknown): string | null {
  if (!error || typeof error !== 'object') return null;
  const { code, message, detail } = error as { code?: unknown; message?: unknown; detail?: unknown };
  if (code === '23505' && typeof detail === 'string') return /^Key \(([^)]+)\)/.exec(detail)?.[1] ?? 'unknown';
  if (typeof code === 'string' && code.startsWith('SQLITE_CONSTRAINT') && typeof message === 'string') {
    return /constraint failed: \w+\.(\w+)/.exec(message)?.[1] ?? null;
  }
  return null;
}
