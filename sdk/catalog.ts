import type { Transport } from './http.js';
import { seg } from './http.js';
import type {
  Category,
  CategoryList,
  CreateCategoryBody,
  CreateProductBody,
  ImportJob,
  ImportResult,
  Product,
  ProductPage,
  ProductSearchQuery,
  UpdateCategoryBody,
  UpdateProductBody,
  VariantBody,
  VariantWithProduct,
} from '../src/modules/catalog/catalog.schemas.js';

export function catalogApi(call: Transport) {
  return {
    products: {
      /**
       * Search and browse; pass `nextCursor` back as `cursor` for the next page.
       * @example const { items, nextCursor } = await client.products.search({ q: 'robe lin', size: 'M', limit: 20 })
       */
      search: (query: ProductSearchQuery = {}) => call<ProductPage>('GET', '/v1/products', { query }),
      /** By id or by ref. `const product = await client.products.get('prd_…')` */
      get: (idOrRef: string) => call<Product>('GET', `/v1/products/${seg(idOrRef)}`),
      /** `await client.products.create({ ref: 'ROB-01', name: 'Robe plissée', variants: [{ sku: 'ROB-01-M', size: 'M', price: { amount: 4999, currency: 'EUR' } }] })` */
      create: (body: CreateProductBody) => call<Product>('POST', '/v1/products', { body }),
      update: (id: string, body: UpdateProductBody) => call<Product>('PATCH', `/v1/products/${seg(id)}`, { body }),
      remove: (id: string) => call<null>('DELETE', `/v1/products/${seg(id)}`),
      /** Creates or replaces one variant; answers the whole product. */
      upsertVariant: (id: string, sku: string, body: VariantBody) => call<Product>('PUT', `/v1/products/${seg(id)}/variants/${seg(sku)}`, { body }),
      removeVariant: (id: string, sku: string) => call<Product>('DELETE', `/v1/products/${seg(id)}/variants/${seg(sku)}`),
      /**
       * Imports a CSV file (one row per variant). A file with errors is refused with a 422 listing
       * every error by line, unless `skipErrors` is set.
       * @example const report = await client.products.importCsv(fs.readFileSync('catalog.csv', 'utf8'), { skipErrors: false })
       */
      importCsv: (csvText: string, options: { skipErrors?: boolean } = {}) =>
        call<ImportResult>('POST', '/v1/products/import', {
          query: { skipErrors: options.skipErrors ?? false },
          rawBody: { content: csvText, contentType: 'text/csv; charset=utf-8' },
        }),
      /**
       * Starts an import in the server and answers its job at once; follow it with `imports.get`.
       * @example
       * let job = await client.products.importInBackground(csvText);
       * while (job.status === 'checking' || job.status === 'writing') job = await client.imports.get(job.id);
       */
      importInBackground: (csvText: string, options: { skipErrors?: boolean } = {}) =>
        call<ImportJob>('POST', '/v1/products/import', {
          query: { skipErrors: options.skipErrors ?? false, background: true },
          rawBody: { content: csvText, contentType: 'text/csv; charset=utf-8' },
        }),
    },
    imports: {
      /** A background import: `const { status, rows } = await client.imports.get(job.id)` (rows.done of rows.total). */
      get: (id: string) => call<ImportJob>('GET', `/v1/imports/${seg(id)}`),
    },
    categories: {
      /** Flat, parents before children: rebuild the tree with `parentId`. */
      list: () => call<CategoryList>('GET', '/v1/categories'),
      create: (body: CreateCategoryBody) => call<Category>('POST', '/v1/categories', { body }),
      update: (id: string, body: UpdateCategoryBody) => call<Category>('PATCH', `/v1/categories/${seg(id)}`, { body }),
    },
    variants: {
      /** A sku with its product: `const { product, price } = await client.variants.get('ROB-01-M')` */
      get: (sku: string) => call<VariantWithProduct>('GET', `/v1/variants/${seg(sku)}`),
    },
  };
}
