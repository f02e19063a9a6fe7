import assert from 'node:assert/strict';
import { PasserelleApiError, type ProblemDetails } from '../../sdk/index.js';
import type { CreateProductBody, VariantInput } from '../../src/modules/catalog/catalog.schemas.js';
import type { TestServer } from '../support/harness.js';

/** A variant body with a price in euro cents. */
export function variant(sku: string, overrides: Partial<VariantInput> = {}): VariantInput {
  return { sku, price: { amount: 2999, currency: 'EUR' }, ...overrides };
}

/** A product body with one variant (`<ref>-U`) unless variants are given. */
export function productBody(ref: string, overrides: Partial<CreateProductBody> = {}): CreateProductBody {
  return { ref, name: `Produit ${ref}`, variants: [variant(`${ref}-U`)], ...overrides };
}

/** Every catalog row, in a stable order: compare two snapshots to prove nothing was written. */
export async function catalogSnapshot(server: TestServer): Promise<string> {
  const db = server.deps.database.kysely;
  return JSON.stringify({
    categories: await db.selectFrom('categories').selectAll().orderBy('id').execute(),
    products: await db.selectFrom('products').selectAll().orderBy('id').execute(),
    variants: await db.selectFrom('product_variants').selectAll().orderBy('sku').execute(),
    terms: await db.selectFrom('product_search_terms').selectAll().orderBy('product_id').orderBy('term').execute(),
  });
}

/** Awaits a call that must fail with this status (and code), and returns the problem. */
export async function problemOf(call: Promise<unknown>, status: number, code?: string): Promise<ProblemDetails> {
  try {
    await call;
  } catch (error) {
    assert.ok(error instanceof PasserelleApiError, `expected an API error, got ${String(error)}`);
    assert.equal(error.status, status, `${error.status} ${JSON.stringify(error.problem)}`);
    if (code) assert.equal(error.problem.code, code);
    assert.match(error.headers.get('content-type') ?? '', /application\/problem\+json/);
    return error.problem;
  }
  assert.fail(`expected a ${status} answer, the call succeeded`);
}

/** The search terms stored for a product, sorted. */
export async function termsOf(server: TestServer, productId: string): Promise<string[]> {
  const rows = await server.deps.database.kysely.selectFrom('product_search_terms').select('term').where('product_id', '=', productId).orderBy('term').execute();
  return rows.map((row) => row.term);
}
