import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { AppError } from '../../platform/errors.js';
import { ctxOf } from '../../platform/http/request-ctx.js';
import { problemResponses, type RoutesOptions } from '../../platform/http/route-helpers.js';
import { IdParams } from '../../platform/http/common.schemas.js';
import {
  Category,
  CategoryList,
  CreateCategoryBody,
  CreateProductBody,
  ImportJob,
  ImportQuery,
  ImportResult,
  Product,
  ProductPage,
  ProductSearchQuery,
  Sku,
  UpdateCategoryBody,
  UpdateProductBody,
  VariantBody,
  VariantWithProduct,
} from './catalog.schemas.js';
import * as products from './products.service.js';
import * as categories from './categories.service.js';
import { importProducts } from './product-import.js';
import { createImportJobs } from './import-jobs.js';

const ADMIN = ['admin'] as const;
const IMPORT_BODY_LIMIT = 50 * 1024 * 1024;
const ProductVariantParams = Type.Object({ id: IdParams.properties.id, sku: Sku });

export const catalogRoutes: FastifyPluginAsyncTypebox<RoutesOptions> = async (app, { deps }) => {
  // Scoped to this plugin: only the catalog takes CSV. Its size limit is the routes' (1 MB by
  // default), raised for the import route alone.
  app.addContentTypeParser('text/csv', { parseAs: 'string' }, (_request, body, done) => done(null, body));
  const jobs = createImportJobs();
  app.addHook('onClose', async () => jobs.idle());

  app.get(
    '/v1/products',
    {
      config: { access: 'public' },
      schema: {
        tags: ['catalog'],
        summary: 'Search and browse products: words (accents and case ignored, the last word as a prefix), category, size, colour',
        querystring: ProductSearchQuery,
        response: { 200: ProductPage, ...problemResponses(400) },
      },
    },
    async (request) => products.searchProducts(ctxOf(request, deps), request.query),
  );

  app.get(
    '/v1/products/:id',
    {
      config: { access: 'public' },
      schema: { tags: ['catalog'], summary: 'A product by id or by ref, with its variants', params: IdParams, response: { 200: Product, ...problemResponses(404) } },
    },
    async (request) => products.getProduct(ctxOf(request, deps), request.params.id),
  );

  app.get(
    '/v1/variants/:sku',
    {
      config: { access: 'public' },
      schema: {
        tags: ['catalog'],
        summary: 'A variant by sku, with its product',
        params: Type.Object({ sku: Sku }),
        response: { 200: VariantWithProduct, ...problemResponses(400, 404) },
      },
    },
    async (request) => products.getVariant(ctxOf(request, deps), request.params.sku),
  );

  app.post(
    '/v1/products',
    {
      config: { access: [...ADMIN] },
      schema: { tags: ['catalog'], summary: 'Create a product with its variants', body: CreateProductBody, response: { 201: Product, ...problemResponses(400, 409) } },
    },
    async (request, reply) => reply.code(201).send(await products.createProduct(ctxOf(request, deps), request.body)),
  );

  app.patch(
    '/v1/products/:id',
    {
      config: { access: [...ADMIN] },
      schema: {
        tags: ['catalog'],
        summary: "Change a product's own fields (variants have their own routes)",
        params: IdParams,
        body: UpdateProductBody,
        response: { 200: Product, ...problemResponses(400, 404, 409) },
      },
    },
    async (request) => products.updateProduct(ctxOf(request, deps), request.params.id, request.body),
  );

  app.delete(
    '/v1/products/:id',
    {
      config: { access: [...ADMIN] },
      schema: { tags: ['catalog'], summary: 'Delete a product and its variants', params: IdParams, response: { 204: Type.Null(), ...problemResponses(404) } },
    },
    async (request, reply) => {
      await products.deleteProduct(ctxOf(request, deps), request.params.id);
      return reply.code(204).send(null);
    },
  );

  app.put(
    '/v1/products/:id/variants/:sku',
    {
      config: { access: [...ADMIN] },
      schema: {
        tags: ['catalog'],
        summary: 'Create or replace one variant of a product (201 when created)',
        params: ProductVariantParams,
        body: VariantBody,
        response: { 200: Product, 201: Product, ...problemResponses(400, 404, 409) },
      },
    },
    async (request, reply) => {
      const { product, created } = await products.upsertVariant(ctxOf(request, deps), request.params.id, request.params.sku, request.body);
      return reply.code(created ? 201 : 200).send(product);
    },
  );

  app.delete(
    '/v1/products/:id/variants/:sku',
    {
      config: { access: [...ADMIN] },
      schema: {
        tags: ['catalog'],
        summary: 'Delete one variant of a product (not its last one)',
        params: ProductVariantParams,
        response: { 200: Product, ...problemResponses(404, 409) },
      },
    },
    async (request) => products.removeVariant(ctxOf(request, deps), request.params.id, request.params.sku),
  );

  app.post(
    '/v1/products/import',
    {
      config: { access: [...ADMIN] },
      bodyLimit: IMPORT_BODY_LIMIT,
      // Refuse a caller without credentials before reading up to 50 MB of body; the auth hook,
      // which runs after body parsing, still decides for everyone else.
      onRequest: async (request) => {
        if (!request.headers.authorization) throw new AppError('platform.unauthenticated', 'Authentication required: send an admin bearer token');
      },
      preValidation: async (request) => {
        if (request.body !== undefined && !/^text\/csv\b/i.test(request.headers['content-type'] ?? '')) {
          throw new AppError('platform.unsupported_media_type', 'Send the file as the body with Content-Type: text/csv');
        }
      },
      schema: {
        tags: ['catalog'],
        summary: 'Import products from CSV (one row per variant); a file with errors imports nothing unless skipErrors=true; background=true answers a job to follow',
        description:
          'Columns: ref,name,name_en,description,description_en,brand,category,sku,size,color,price,currency,compare_at_price,barcode,images,attributes. ' +
          'Required: ref, name, sku, price. Prices in euros (29.99 or 29,99); images separated by |; attributes as key=value;key=value. ' +
          'Rows sharing a ref form one product; an existing ref is updated. Up to 50 MB.',
        consumes: ['text/csv'],
        querystring: ImportQuery,
        body: Type.String({ description: 'The CSV file, header row first' }),
        response: { 200: ImportResult, 202: ImportJob, ...problemResponses(400, 413, 415, 422) },
      },
    },
    async (request, reply) => {
      if (request.query.background) {
        const job = await jobs.start(ctxOf(request, deps), request.body, { skipErrors: request.query.skipErrors ?? false });
        return reply.code(202).header('location', `/v1/imports/${job.id}`).send(job);
      }
      const outcome = await importProducts(ctxOf(request, deps), request.body, { skipErrors: request.query.skipErrors ?? false });
      if (outcome.ok) return outcome.result;
      throw new AppError('catalog.import_invalid', `The file has ${outcome.errors.length} error(s); nothing was imported`, {
        errors: outcome.errors.map((e) => ({ path: `line ${e.line}, ${e.field}`, message: e.message, line: e.line, field: e.field })),
      });
    },
  );

  app.get(
    '/v1/imports/:id',
    {
      config: { access: [...ADMIN] },
      schema: {
        tags: ['catalog'],
        summary: 'A background product import: status, rows done out of the total, its report or its errors by line',
        params: IdParams,
        response: { 200: ImportJob, ...problemResponses(404) },
      },
    },
    async (request) => jobs.get(ctxOf(request, deps), request.params.id),
  );

  app.get(
    '/v1/categories',
    {
      config: { access: 'public' },
      schema: { tags: ['catalog'], summary: 'Every category, flat with parentId, parents before their children', response: { 200: CategoryList } },
    },
    async (request) => categories.listCategories(ctxOf(request, deps)),
  );

  app.post(
    '/v1/categories',
    {
      config: { access: [...ADMIN] },
      schema: { tags: ['catalog'], summary: 'Create a category', body: CreateCategoryBody, response: { 201: Category, ...problemResponses(400, 409) } },
    },
    async (request, reply) => reply.code(201).send(await categories.createCategory(ctxOf(request, deps), request.body)),
  );

  app.patch(
    '/v1/categories/:id',
    {
      config: { access: [...ADMIN] },
      schema: {
        tags: ['catalog'],
        summary: 'Rename, move or reorder a category (its products are found by the new names at once)',
        params: IdParams,
        body: UpdateCategoryBody,
        response: { 200: Category, ...problemResponses(400, 404, 409) },
      },
    },
    async (request) => categories.updateCategory(ctxOf(request, deps), request.params.id, request.body),
  );
};
