import { Type, type Static } from 'typebox';
import { CursorQuery, Timestamp } from '../../platform/http/common.schemas.js';

/**
 * The catalog sells in one currency. Carts and orders add prices together, so mixing currencies
 * in one catalog would need exchange rules that do not exist yet; the list grows when they do.
 */
export const CATALOG_CURRENCIES = ['EUR'] as const;
export type CatalogCurrency = (typeof CATALOG_CURRENCIES)[number];

/** 999,999.99 in minor units: well inside PostgreSQL's 32-bit `integer` column. */
export const MAX_PRICE_MINOR = 99_999_999;

// Skus and refs travel in URL paths (`/v1/variants/{sku}`) and CSV files: no spaces, no slashes.
const CODE_PATTERN = '^[A-Za-z0-9][A-Za-z0-9._-]*$';
export const Sku = Type.String({ minLength: 1, maxLength: 64, pattern: CODE_PATTERN, description: 'Stock-keeping unit: letters, digits, `.`, `_`, `-`' });
export const ProductRef = Type.String({ minLength: 1, maxLength: 64, pattern: CODE_PATTERN, description: "The retailer's own product reference, unique" });
export const CategorySlug = Type.String({ minLength: 1, maxLength: 80, pattern: '^[a-z0-9]+(?:-[a-z0-9]+)*$', description: 'Lower-case words joined by `-`' });
export const ATTRIBUTE_KEY_PATTERN = '^[A-Za-z][A-Za-z0-9_]{0,49}$';

export const Price = Type.Object(
  {
    amount: Type.Integer({ minimum: 0, maximum: MAX_PRICE_MINOR, description: 'Integer minor units (cents): 2999 is 29.99' }),
    currency: Type.Enum(CATALOG_CURRENCIES, { description: 'ISO 4217 code' }),
  },
  { additionalProperties: false },
);
export type Price = Static<typeof Price>;

const Text = (maxLength: number) => Type.String({ minLength: 1, maxLength });
const Nullable = <T extends ReturnType<typeof Type.String>>(schema: T) => Type.Union([schema, Type.Null()]);

export const Images = Type.Array(Type.String({ minLength: 1, maxLength: 2000, pattern: '^\\S+$' }), { maxItems: 20, description: 'Image URLs' });
export const AttributeValue = Type.Union([Type.String({ maxLength: 500 }), Type.Number(), Type.Boolean(), Type.Null()]);
export const Attributes = Type.Record(Type.String({ pattern: ATTRIBUTE_KEY_PATTERN }), AttributeValue, {
  additionalProperties: false,
  maxProperties: 50,
  description: 'Free attributes (`material`, `fit`, `organic`…); the words of `material` are searchable',
});
export type Attributes = Static<typeof Attributes>;
const AttributesOut = Type.Record(Type.String(), AttributeValue);

// Shared by the variant inside a product body and the body of PUT …/variants/{sku}.
const variantFields = {
  size: Type.Optional(Nullable(Text(50))),
  color: Type.Optional(Nullable(Text(50))),
  price: Price,
  compareAtPrice: Type.Optional(Type.Union([Price, Type.Null()], { description: 'The former or reference price, higher than `price`' })),
  barcode: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 64, pattern: '^[0-9A-Za-z-]+$' }))),
  images: Type.Optional(Images),
  attributes: Type.Optional(Attributes),
};

export const VariantInput = Type.Object({ sku: Sku, ...variantFields }, { additionalProperties: false });
export type VariantInput = Static<typeof VariantInput>;

export const VariantBody = Type.Object(variantFields, { additionalProperties: false });
export type VariantBody = Static<typeof VariantBody>;

const productFields = {
  name: Text(200),
  nameEn: Type.Optional(Nullable(Text(200))),
  description: Type.Optional(Type.String({ maxLength: 10_000 })),
  descriptionEn: Type.Optional(Nullable(Type.String({ maxLength: 10_000 }))),
  brand: Type.Optional(Nullable(Text(100))),
  category: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 100, description: 'Category slug or id' }))),
  attributes: Type.Optional(Attributes),
  images: Type.Optional(Images),
};

export const CreateProductBody = Type.Object(
  {
    ref: Type.Optional(ProductRef),
    ...productFields,
    variants: Type.Array(VariantInput, { minItems: 1, maxItems: 250, description: 'At least one: a product is sold through its variants' }),
  },
  { additionalProperties: false },
);
export type CreateProductBody = Static<typeof CreateProductBody>;

export const UpdateProductBody = Type.Object(
  { ref: Type.Optional(ProductRef), ...productFields, name: Type.Optional(Text(200)) },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateProductBody = Static<typeof UpdateProductBody>;

export const Variant = Type.Object({
  sku: Type.String(),
  size: Type.Union([Type.String(), Type.Null()]),
  color: Type.Union([Type.String(), Type.Null()]),
  price: Price,
  compareAtPrice: Type.Union([Price, Type.Null()]),
  barcode: Type.Union([Type.String(), Type.Null()]),
  images: Type.Array(Type.String()),
  attributes: AttributesOut,
});
export type Variant = Static<typeof Variant>;

export const CategoryRef = Type.Object({ id: Type.String(), slug: Type.String(), name: Type.String(), nameEn: Type.Union([Type.String(), Type.Null()]) });
export type CategoryRef = Static<typeof CategoryRef>;

export const Product = Type.Object({
  id: Type.String(),
  ref: Type.String(),
  name: Type.String(),
  nameEn: Type.Union([Type.String(), Type.Null()]),
  description: Type.String(),
  descriptionEn: Type.Union([Type.String(), Type.Null()]),
  brand: Type.Union([Type.String(), Type.Null()]),
  category: Type.Union([CategoryRef, Type.Null()]),
  attributes: AttributesOut,
  images: Type.Array(Type.String()),
  variants: Type.Array(Variant),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type Product = Static<typeof Product>;

export const ProductPage = Type.Object({ items: Type.Array(Product), nextCursor: Type.Union([Type.String(), Type.Null()]) });
export type ProductPage = Static<typeof ProductPage>;

export const ProductSearchQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: 200, description: 'Words, accents and case ignored; every word must match, the last one as a prefix' })),
    category: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'Category slug or id; its sub-categories are included' })),
    size: Type.Optional(Type.String({ minLength: 1, maxLength: 50 })),
    color: Type.Optional(Type.String({ minLength: 1, maxLength: 50 })),
    inStockAt: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'A store id: only products with a variant available there' })),
    ...CursorQuery,
  },
  { additionalProperties: false },
);
export type ProductSearchQuery = Static<typeof ProductSearchQuery>;

export const VariantWithProduct = Type.Object({
  ...Variant.properties,
  product: Type.Object({
    id: Type.String(),
    ref: Type.String(),
    name: Type.String(),
    nameEn: Type.Union([Type.String(), Type.Null()]),
    brand: Type.Union([Type.String(), Type.Null()]),
    images: Type.Array(Type.String()),
  }),
});
export type VariantWithProduct = Static<typeof VariantWithProduct>;

export const Category = Type.Object({
  id: Type.String(),
  slug: Type.String(),
  name: Type.String(),
  nameEn: Type.Union([Type.String(), Type.Null()]),
  parentId: Type.Union([Type.String(), Type.Null()]),
  position: Type.Integer(),
});
export type Category = Static<typeof Category>;

export const CategoryList = Type.Object({ items: Type.Array(Category, { description: 'Flat, parents before their children, siblings by position then name' }) });
export type CategoryList = Static<typeof CategoryList>;

export const CreateCategoryBody = Type.Object(
  {
    slug: CategorySlug,
    name: Text(100),
    nameEn: Type.Optional(Nullable(Text(100))),
    parentId: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 100, description: 'Parent category id or slug' }))),
    position: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000 })),
  },
  { additionalProperties: false },
);
export type CreateCategoryBody = Static<typeof CreateCategoryBody>;

export const UpdateCategoryBody = Type.Object(
  {
    slug: Type.Optional(CategorySlug),
    name: Type.Optional(Text(100)),
    nameEn: Type.Optional(Nullable(Text(100))),
    parentId: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 100 }))),
    position: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000 })),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateCategoryBody = Static<typeof UpdateCategoryBody>;

export const ImportQuery = Type.Object(
  {
    skipErrors: Type.Optional(Type.Boolean({ default: false, description: 'Import the valid products and report the invalid rows as skipped' })),
    background: Type.Optional(
      Type.Boolean({ default: false, description: 'Answer 202 with an import job at once and import in the server; follow it with GET /v1/imports/{id}' }),
    ),
  },
  { additionalProperties: false },
);

export const ImportError = Type.Object({ line: Type.Integer(), field: Type.String(), message: Type.String() });
export type ImportError = Static<typeof ImportError>;

export const ImportResult = Type.Object({
  imported: Type.Object({ products: Type.Integer(), variants: Type.Integer() }),
  created: Type.Integer({ description: 'Products new to the catalog' }),
  updated: Type.Integer({ description: 'Products whose ref existed: their fields replaced, their variants upserted' }),
  createdCategories: Type.Array(Type.String(), { description: 'Slugs of categories the file named and the catalog did not have' }),
  skipped: Type.Array(Type.Object({ line: Type.Integer(), ref: Type.Union([Type.String(), Type.Null()]), sku: Type.Union([Type.String(), Type.Null()]), reason: Type.String() })),
  errors: Type.Array(ImportError),
});
export type ImportResult = Static<typeof ImportResult>;

export const ImportJob = Type.Object({
  id: Type.String({ description: 'imp_…' }),
  status: Type.Enum(['checking', 'writing', 'succeeded', 'failed'] as const, {
    description: 'checking: the rows are read and checked (nothing written yet); writing: the valid products are written; then succeeded or failed',
  }),
  skipErrors: Type.Boolean(),
  rows: Type.Object(
    { done: Type.Integer(), total: Type.Integer() },
    { description: 'While checking: rows checked out of the rows of the file; while writing: rows written out of the rows to write' },
  ),
  result: Type.Union([ImportResult, Type.Null()], { description: 'The report of the synchronous import, once succeeded' }),
  errors: Type.Array(ImportError, { description: "The file's errors by line: why it failed, or the rows skipped" }),
  detail: Type.Union([Type.String(), Type.Null()]),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  finishedAt: Type.Union([Timestamp, Type.Null()]),
});
export type ImportJob = Static<typeof ImportJob>;
