/**
 * Product import from CSV (see `product-csv.ts` for the format). The whole file is read and
 * checked before anything is written: a file with errors writes nothing, unless the caller asked
 * to skip errors, in which case the valid products are written and every row of an invalid
 * product is reported as skipped (a product is never imported with some of its rows missing).
 *
 * Upsert by ref: a ref already in the catalog updates that product. The file's product columns
 * replace the product's (an empty `name_en` clears it); the product's own images and attributes,
 * which the file does not carry (its `images` and `attributes` columns are the variant's), are
 * kept. Variants in the file are created or replaced by sku; variants the file does not list are
 * kept, since carts, orders and stock refer to them: delete them through the API.
 *
 * Categories are named by slug; a slug the catalog does not have is created with the slug as its
 * name, so a first import fills an empty catalog; the answer lists them so an admin can name them.
 *
 * Writing goes by batches of products, one transaction each, so a large file neither holds the
 * database for long nor keeps everything in one transaction; re-running a file after a failure is
 * harmless, as every write is an upsert.
 */
import type { Insertable } from 'kysely';
import type { Ctx } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import type { ProductTable, ProductVariantTable } from './catalog.tables.js';
import type { ImportError, ImportResult } from './catalog.schemas.js';
import { ensureCategorySlugs } from './categories.service.js';
import { productSortKey, variantFacetKey } from './product-index.js';
import { readProductCsv, type CsvIssue, type CsvProduct } from './product-csv.js';
import { categoryNameChains, chunks, inTransaction, refreshSearchTerms, uniqueViolation, upsertProductRows, upsertVariantRows } from './products.repo.js';

export type ImportOutcome = { ok: true; result: ImportResult } | { ok: false; errors: ImportError[]; rows: number };

export interface ImportProgress {
  phase: 'validating' | 'writing';
  rows: number;
  written: number;
  products: number;
  /** While writing: the rows (variants) of the products being written, and how many are written. */
  rowsToWrite?: number;
  rowsWritten?: number;
}

export interface ImportOptions {
  skipErrors: boolean;
  onProgress?: (progress: ImportProgress) => void;
  batchSize?: number;
}

interface Existing {
  id: string;
  attributes: string;
  images: string;
}

export async function importProducts(ctx: Ctx, source: AsyncIterable<string | Buffer> | string, options: ImportOptions): Promise<ImportOutcome> {
  const progress = (update: Partial<ImportProgress>) => options.onProgress?.({ phase: 'validating', rows: 0, written: 0, products: 0, ...update });
  const reading = await readProductCsv(source, (rows) => {
    if (rows % 1000 === 0) progress({ rows });
  });
  progress({ rows: reading.rows.length, products: reading.products.length });
  if (reading.fatal) return { ok: false, errors: sortIssues(reading.errors), rows: reading.rows.length };

  // What only the database knows: refs that exist (update) and skus owned by another product.
  const existing = new Map<string, Existing>();
  for (const refs of chunks(reading.products.map((p) => p.ref), 500)) {
    for (const row of await ctx.db.selectFrom('products').select(['id', 'ref', 'attributes', 'images']).where('ref', 'in', refs).execute()) existing.set(row.ref, row);
  }
  const errors = [...reading.errors];
  const variants = reading.products.flatMap((product) => product.variants.map((variant) => ({ product, variant })));
  for (const part of chunks(variants, 500)) {
    const owners = await ctx.db
      .selectFrom('product_variants as v')
      .innerJoin('products as p', 'p.id', 'v.product_id')
      .select(['v.sku', 'p.ref', 'p.id'])
      .where('v.sku', 'in', part.map(({ variant }) => variant.sku))
      .execute();
    const ownerOf = new Map(owners.map((owner) => [owner.sku, owner]));
    for (const { product, variant } of part) {
      const owner = ownerOf.get(variant.sku);
      if (owner && owner.ref !== product.ref) {
        errors.push({ line: variant.line, field: 'sku', message: `${variant.sku} already belongs to product ${owner.ref} (${owner.id}), not ${product.ref}` });
        if (!reading.badRefs.has(product.ref)) reading.badRefs.set(product.ref, variant.line);
      }
    }
  }
  const sorted = sortIssues(errors);
  if (sorted.length > 0 && !options.skipErrors) return { ok: false, errors: sorted, rows: reading.rows.length };

  const good = reading.products.filter((product) => !reading.badRefs.has(product.ref));
  const result: ImportResult = {
    imported: { products: 0, variants: 0 },
    created: 0,
    updated: 0,
    createdCategories: [],
    skipped: skippedRows(reading.rows, sorted, reading.badRefs),
    errors: sorted,
  };
  if (good.length === 0) return { ok: true, result };

  const slugs = good.flatMap((product) => (product.category ? [product.category] : []));
  const categories = await inTransaction(ctx.db, (db) => ensureCategorySlugs(db, slugs));
  result.createdCategories = categories.created;
  const chains = await categoryNameChains(ctx.db);
  const now = ctx.clock.now().toISOString();
  const rowsToWrite = good.reduce((n, product) => n + product.variants.length, 0);
  progress({ phase: 'writing', rows: reading.rows.length, products: good.length, rowsToWrite, rowsWritten: 0 });
  for (const batch of chunks(good, options.batchSize ?? 500)) {
    const products: Insertable<ProductTable>[] = [];
    const variantRows: Insertable<ProductVariantTable>[] = [];
    for (const product of batch) {
      const before = existing.get(product.ref);
      const id = before?.id ?? newId('prd');
      products.push(productRow(id, product, before, categories.ids, now));
      product.variants.forEach((variant, position) =>
        variantRows.push({
          sku: variant.sku,
          product_id: id,
          size: variant.size,
          color: variant.color,
          size_key: variantFacetKey(variant.size),
          color_key: variantFacetKey(variant.color),
          price_amount: variant.price.amount,
          currency: variant.price.currency,
          compare_at_amount: variant.compareAtPrice?.amount ?? null,
          barcode: variant.barcode,
          images: JSON.stringify(variant.images),
          attributes: JSON.stringify(variant.attributes),
          position,
        }),
      );
      if (before) result.updated += 1;
      else result.created += 1;
    }
    await inTransaction(ctx.db, async (db) => {
      await upsertProductRows(db, products);
      await upsertVariantRows(db, variantRows);
      await refreshSearchTerms(db, products.map((p) => p.id), chains);
    }).catch((error: unknown) => {
      // Another request created one of these refs since the file was checked.
      if (uniqueViolation(error) === 'ref') {
        throw new AppError('catalog.duplicate_ref', `A ref of this file was just created by another request; ${result.imported.products} products were imported before it: import the file again`);
      }
      throw error;
    });
    result.imported.products += products.length;
    result.imported.variants += variantRows.length;
    progress({ phase: 'writing', rows: reading.rows.length, written: result.imported.products, products: good.length, rowsToWrite, rowsWritten: result.imported.variants });
  }
  return { ok: true, result };
}

function productRow(id: string, product: CsvProduct, before: Existing | undefined, categoryIds: Map<string, string>, now: string): Insertable<ProductTable> {
  return {
    id,
    ref: product.ref,
    name: product.name,
    name_en: product.nameEn,
    description: product.description,
    description_en: product.descriptionEn,
    brand: product.brand,
    category_id: product.category ? (categoryIds.get(product.category) ?? null) : null,
    attributes: before?.attributes ?? '{}',
    images: before?.images ?? '[]',
    sort_key: productSortKey(product.name),
    // Kept on update by the upsert, which does not touch created_at.
    created_at: now,
    updated_at: now,
  };
}

function sortIssues(issues: CsvIssue[]): ImportError[] {
  return [...issues].sort((a, b) => a.line - b.line);
}

/** Every row not imported, with why: its own errors, or the bad row of its product. */
function skippedRows(rows: { line: number; ref: string | null; sku: string | null }[], errors: ImportError[], badRefs: Map<string, number>): ImportResult['skipped'] {
  const byLine = new Map<number, string[]>();
  for (const error of errors) byLine.set(error.line, [...(byLine.get(error.line) ?? []), `${error.field}: ${error.message}`]);
  return rows.flatMap((row) => {
    const own = byLine.get(row.line);
    if (own) return [{ ...row, reason: own.join('; ') }];
    const badLine = row.ref === null ? undefined : badRefs.get(row.ref);
    if (badLine !== undefined) return [{ ...row, reason: `product ${row.ref} has an invalid row (line ${badLine}), so none of its rows is imported` }];
    return [];
  });
}
