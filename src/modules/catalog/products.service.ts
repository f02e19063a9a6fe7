import type { Insertable, Kysely } from 'kysely';
import type { DB } from '../../db-schema.js';
import type { Ctx } from '../../platform/context.js';
import { AppError, type FieldError } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { decodeCursor, encodeCursor } from '../../platform/http/common.schemas.js';
import type { ProductVariantTable } from './catalog.tables.js';
import type {
  CreateProductBody,
  Product,
  ProductPage,
  ProductSearchQuery,
  UpdateProductBody,
  VariantBody,
  VariantInput,
  VariantWithProduct,
} from './catalog.schemas.js';
import { MAX_QUERY_TERMS, parseQuery, productSortKey, variantFacetKey } from './product-index.js';
import { compareAtPriceProblem, firstDuplicate } from './product-rules.js';
import { searchPositions, type SearchConstraint, type SortPosition } from './product-search.js';
import { catalogMemory } from './catalog-memory.js';
import { categorySubtree, findCategory } from './categories.service.js';
import {
  deleteProductRows,
  findProductRow,
  findVariantRow,
  inTransaction,
  loadProducts,
  parseJsonArray,
  refreshSearchTerms,
  toVariant,
  uniqueViolation,
  upsertProductRows,
  upsertVariantRows,
  type ProductRow,
} from './products.repo.js';

function invalid(path: string, message: string, detail?: string): AppError {
  return new AppError('platform.validation_failed', detail ?? `${path} ${message}`, { errors: [{ path, message }] });
}

/** A search query as constraints on products; null when no product can match (a size of only punctuation). */
export async function searchConstraints(db: Kysely<DB>, query: ProductSearchQuery): Promise<SearchConstraint[] | null> {
  const constraints: SearchConstraint[] = [];
  if (query.q) {
    const matches = parseQuery(query.q);
    if (matches.length > MAX_QUERY_TERMS) throw invalid('querystring/q', `has more than ${MAX_QUERY_TERMS} words`);
    for (const match of matches) constraints.push({ kind: 'term', match });
  }
  if (query.category) {
    const category = await findCategory(db, query.category);
    if (!category) {
      throw new AppError('catalog.unknown_category', `No category ${query.category}`, { errors: [{ path: 'querystring/category', message: 'is not a known category id or slug' }] });
    }
    constraints.push({ kind: 'category', ids: await categorySubtree(db, category.id) });
  }
  for (const kind of ['size', 'color'] as const) {
    const value = query[kind];
    if (value === undefined) continue;
    const key = variantFacetKey(value);
    // Only punctuation: no variant can have that size or colour.
    if (key === null) return null;
    constraints.push({ kind, key });
  }
  if (query.inStockAt) {
    const store = await db.selectFrom('locations').select('id').where('id', '=', query.inStockAt).executeTakeFirst();
    if (!store) throw new AppError('stores.location_not_found', `No store ${query.inStockAt}`, { errors: [{ path: 'querystring/inStockAt', message: 'is not a known store id' }] });
    const facet = (kind: 'size' | 'color') => constraints.find((c): c is Extract<SearchConstraint, { kind: typeof kind }> => c.kind === kind)?.key;
    constraints.push({ kind: 'stock', filter: { locationId: store.id, sizeKey: facet('size'), colorKey: facet('color') } });
  }
  return constraints;
}

function decodePosition(cursor: string | undefined): SortPosition | undefined {
  const value = decodeCursor<unknown>(cursor);
  if (value === undefined) return undefined;
  if (Array.isArray(value) && value.length === 2 && typeof value[0] === 'string' && typeof value[1] === 'string') {
    return { sort_key: value[0], id: value[1] };
  }
  throw invalid('querystring/cursor', 'is not a valid cursor', 'The cursor is not one this API gave out');
}

/** A page of products matching the query, in name order; the cursor resumes after the last one. */
export async function searchProducts(ctx: Pick<Ctx, 'db'>, query: ProductSearchQuery): Promise<ProductPage> {
  const limit = query.limit ?? 20;
  const after = decodePosition(query.cursor);
  const constraints = await searchConstraints(ctx.db, query);
  if (constraints === null) return { items: [], nextCursor: null };
  const memory = await catalogMemory(ctx.db);
  const positions = await searchPositions(ctx.db, constraints, after, limit + 1, undefined, memory);
  const page = positions.slice(0, limit);
  const last = page[page.length - 1];
  return {
    items: await loadProducts(ctx.db, page.map((p) => p.id), memory),
    nextCursor: positions.length > limit && last ? encodeCursor([last.sort_key, last.id]) : null,
  };
}

/** A product by id, or by its ref. */
export async function getProduct(ctx: Pick<Ctx, 'db'>, idOrRef: string): Promise<Product> {
  const memory = await catalogMemory(ctx.db);
  const cached = memory?.product(idOrRef);
  if (cached) return cached;
  const row = await findProductRow(ctx.db, idOrRef);
  const [product] = row ? await loadProducts(ctx.db, [row.id], memory) : [];
  if (!product) throw new AppError('catalog.product_not_found', `No product with id or ref ${idOrRef}`);
  return product;
}

export async function getVariant(ctx: Pick<Ctx, 'db'>, sku: string): Promise<VariantWithProduct> {
  const variant = await findVariantRow(ctx.db, sku);
  const product = variant && (await ctx.db.selectFrom('products').select(['id', 'ref', 'name', 'name_en', 'brand', 'images']).where('id', '=', variant.product_id).executeTakeFirst());
  if (!variant || !product) throw new AppError('catalog.variant_not_found', `No variant with sku ${sku}`);
  return {
    ...toVariant(variant),
    product: { id: product.id, ref: product.ref, name: product.name, nameEn: product.name_en, brand: product.brand, images: parseJsonArray(product.images) },
  };
}

function variantRow(productId: string, sku: string, input: VariantBody, position: number): Insertable<ProductVariantTable> {
  return {
    sku,
    product_id: productId,
    size: input.size ?? null,
    color: input.color ?? null,
    size_key: variantFacetKey(input.size),
    color_key: variantFacetKey(input.color),
    price_amount: input.price.amount,
    currency: input.price.currency,
    compare_at_amount: input.compareAtPrice?.amount ?? null,
    barcode: input.barcode ?? null,
    images: JSON.stringify(input.images ?? []),
    attributes: JSON.stringify(input.attributes ?? {}),
    position,
  };
}

function checkPrices(variant: VariantBody, path: string): void {
  const problem = compareAtPriceProblem(variant.price, variant.compareAtPrice);
  if (problem) throw invalid(`${path}/compareAtPrice`, problem);
}

async function resolveCategoryField(db: Kysely<DB>, value: string | null | undefined): Promise<string | null> {
  if (!value) return null;
  const category = await findCategory(db, value);
  if (!category) {
    throw new AppError('catalog.unknown_category', `No category ${value}: create it first (POST /v1/categories)`, {
      errors: [{ path: 'body/category', message: 'is not a known category id or slug' }],
    });
  }
  return category.id;
}

function refTaken(ref: string, owner: string): AppError {
  return new AppError('catalog.duplicate_ref', `The ref ${ref} is already used by product ${owner}`, { errors: [{ path: 'body/ref', message: 'is already used' }] });
}

/** Skus that already belong to a product other than `productId`: a 409 naming each and its owner. */
async function assertSkusFree(db: Kysely<DB>, skus: string[], productId: string | null, paths: string[]): Promise<void> {
  const taken = await db.selectFrom('product_variants').select(['sku', 'product_id']).where('sku', 'in', skus).execute();
  const foreign = taken.filter((row) => row.product_id !== productId);
  if (foreign.length === 0) return;
  const errors: FieldError[] = foreign.map((row) => ({ path: paths[skus.indexOf(row.sku)] ?? 'body/sku', message: `already belongs to product ${row.product_id}` }));
  throw new AppError('catalog.duplicate_sku', `Sku ${foreign.map((row) => `${row.sku} (product ${row.product_id})`).join(', ')} already exists`, { errors });
}

/** Maps a unique-index refusal (a concurrent writer won the race) to the same 409 as the checks. */
function conflictFrom(error: unknown, what: { ref?: string; skus?: string[] }): unknown {
  const column = uniqueViolation(error);
  if (column === 'ref' && what.ref) return refTaken(what.ref, 'another product');
  if (column === 'sku' && what.skus) return new AppError('catalog.duplicate_sku', `One of the skus ${what.skus.join(', ')} was just created by another request`);
  return error;
}

export async function createProduct(ctx: Ctx, input: CreateProductBody): Promise<Product> {
  const skus = input.variants.map((v) => v.sku);
  const duplicate = firstDuplicate(skus);
  if (duplicate) {
    throw new AppError('catalog.duplicate_sku', `Sku ${duplicate.value} is given twice (variants ${duplicate.first} and ${duplicate.again})`, {
      errors: [{ path: `body/variants/${duplicate.again}/sku`, message: `repeats variants/${duplicate.first}/sku` }],
    });
  }
  input.variants.forEach((variant, index) => checkPrices(variant, `body/variants/${index}`));
  const id = newId('prd');
  const ref = input.ref ?? id;
  const now = ctx.clock.now().toISOString();
  try {
    await inTransaction(ctx.db, async (db) => {
      const categoryId = await resolveCategoryField(db, input.category);
      const sameRef = await db.selectFrom('products').select('id').where('ref', '=', ref).executeTakeFirst();
      if (sameRef) throw refTaken(ref, sameRef.id);
      await assertSkusFree(db, skus, null, skus.map((_, i) => `body/variants/${i}/sku`));
      await upsertProductRows(db, [
        {
          id,
          ref,
          name: input.name,
          name_en: input.nameEn ?? null,
          description: input.description ?? '',
          description_en: input.descriptionEn ?? null,
          brand: input.brand ?? null,
          category_id: categoryId,
          attributes: JSON.stringify(input.attributes ?? {}),
          images: JSON.stringify(input.images ?? []),
          sort_key: productSortKey(input.name),
          created_at: now,
          updated_at: now,
        },
      ]);
      await upsertVariantRows(db, input.variants.map((variant: VariantInput, position) => variantRow(id, variant.sku, variant, position)));
      await refreshSearchTerms(db, [id]);
    });
  } catch (error) {
    throw conflictFrom(error, { ref, skus });
  }
  return getProduct(ctx, id);
}

async function productOrThrow(db: Kysely<DB>, id: string): Promise<ProductRow> {
  const row = await db.selectFrom('products').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new AppError('catalog.product_not_found', `No product ${id}`);
  return row;
}

export async function updateProduct(ctx: Ctx, id: string, input: UpdateProductBody): Promise<Product> {
  try {
    await inTransaction(ctx.db, async (db) => {
      const row = await productOrThrow(db, id);
      if (input.ref !== undefined && input.ref !== row.ref) {
        const sameRef = await db.selectFrom('products').select('id').where('ref', '=', input.ref).executeTakeFirst();
        if (sameRef) throw refTaken(input.ref, sameRef.id);
      }
      const name = input.name ?? row.name;
      await db
        .updateTable('products')
        .set({
          ref: input.ref ?? row.ref,
          name,
          name_en: input.nameEn === undefined ? row.name_en : input.nameEn,
          description: input.description ?? row.description,
          description_en: input.descriptionEn === undefined ? row.description_en : input.descriptionEn,
          brand: input.brand === undefined ? row.brand : input.brand,
          category_id: input.category === undefined ? row.category_id : await resolveCategoryField(db, input.category),
          attributes: input.attributes === undefined ? row.attributes : JSON.stringify(input.attributes),
          images: input.images === undefined ? row.images : JSON.stringify(input.images),
          sort_key: productSortKey(name),
          updated_at: ctx.clock.now().toISOString(),
        })
        .where('id', '=', id)
        .execute();
      await refreshSearchTerms(db, [id]);
    });
  } catch (error) {
    throw conflictFrom(error, input.ref ? { ref: input.ref } : {});
  }
  return getProduct(ctx, id);
}

/** Removes a product, its variants and its search terms. */
export async function deleteProduct(ctx: Ctx, id: string): Promise<void> {
  await inTransaction(ctx.db, async (db) => {
    await productOrThrow(db, id);
    await deleteProductRows(db, id);
  });
}

/** Creates or replaces one variant of a product (PUT semantics: omitted fields are cleared). */
export async function upsertVariant(ctx: Ctx, productId: string, sku: string, input: VariantBody): Promise<{ product: Product; created: boolean }> {
  checkPrices(input, 'body');
  let created = false;
  try {
    await inTransaction(ctx.db, async (db) => {
      await productOrThrow(db, productId);
      const existing = await findVariantRow(db, sku);
      if (existing && existing.product_id !== productId) {
        throw new AppError('catalog.duplicate_sku', `Sku ${sku} belongs to product ${existing.product_id}, not ${productId}`, {
          errors: [{ path: 'params/sku', message: `already belongs to product ${existing.product_id}` }],
        });
      }
      created = !existing;
      const last = await db.selectFrom('product_variants').select((eb) => eb.fn.max('position').as('position')).where('product_id', '=', productId).executeTakeFirst();
      const position = existing?.position ?? Number(last?.position ?? -1) + 1;
      await upsertVariantRows(db, [variantRow(productId, sku, input, position)]);
      await db.updateTable('products').set({ updated_at: ctx.clock.now().toISOString() }).where('id', '=', productId).execute();
      await refreshSearchTerms(db, [productId]);
    });
  } catch (error) {
    throw conflictFrom(error, { skus: [sku] });
  }
  return { product: await getProduct(ctx, productId), created };
}

export async function removeVariant(ctx: Ctx, productId: string, sku: string): Promise<Product> {
  await inTransaction(ctx.db, async (db) => {
    await productOrThrow(db, productId);
    const variants = await db.selectFrom('product_variants').select('sku').where('product_id', '=', productId).execute();
    if (!variants.some((v) => v.sku === sku)) throw new AppError('catalog.variant_not_found', `Product ${productId} has no variant ${sku}`);
    if (variants.length === 1) {
      throw new AppError('catalog.last_variant', `${sku} is the only variant of product ${productId}: delete the product instead`);
    }
    await db.deleteFrom('product_variants').where('sku', '=', sku).execute();
    await db.updateTable('products').set({ updated_at: ctx.clock.now().toISOString() }).where('id', '=', productId).execute();
    await refreshSearchTerms(db, [productId]);
  });
  return getProduct(ctx, productId);
}
