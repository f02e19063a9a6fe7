/**
 * Reading a product CSV: one row per variant, rows sharing a `ref` form one product. Everything a
 * file alone can tell is checked here, without a database, and every problem is reported with its
 * 1-based line (the header is line 1) and its column. What needs the database (a sku owned by
 * another product) is checked by `product-import.ts`.
 */
import { Readable } from 'node:stream';
import { parse, type CsvError, type Options } from 'csv-parse';
import { Type } from 'typebox';
import type { ErrorObject } from 'ajv';
import { validatorCompiler } from '../../platform/http/validation.js';
import { CATALOG_CURRENCIES, CategorySlug, CreateProductBody, ProductRef, VariantInput, type Attributes, type Price } from './catalog.schemas.js';
import { compareAtPriceProblem, parseDecimalPrice } from './product-rules.js';

export const CSV_COLUMNS = [
  'ref', 'name', 'name_en', 'description', 'description_en', 'brand', 'category',
  'sku', 'size', 'color', 'price', 'currency', 'compare_at_price', 'barcode', 'images', 'attributes',
] as const;
export type CsvColumn = (typeof CSV_COLUMNS)[number];
const REQUIRED: CsvColumn[] = ['ref', 'name', 'sku', 'price'];
/** Columns that describe the product: every row of one ref must agree on them. */
const PRODUCT_COLUMNS: CsvColumn[] = ['name', 'name_en', 'description', 'description_en', 'brand', 'category'];

export interface CsvIssue {
  line: number;
  /** A column name, or `csv` for the file's structure. */
  field: string;
  message: string;
}

export interface CsvVariant {
  line: number;
  sku: string;
  size: string | null;
  color: string | null;
  price: Price;
  compareAtPrice: Price | null;
  barcode: string | null;
  images: string[];
  attributes: Attributes;
}

export interface CsvProduct {
  ref: string;
  line: number;
  name: string;
  nameEn: string | null;
  description: string;
  descriptionEn: string | null;
  brand: string | null;
  category: string | null;
  variants: CsvVariant[];
}

/** A data row as read, for reporting: its line and what it names. */
export interface CsvRowRef {
  line: number;
  ref: string | null;
  sku: string | null;
}

export interface CsvReading {
  /** Valid products by ref, in file order (a product with a bad row is not here). */
  products: CsvProduct[];
  errors: CsvIssue[];
  rows: CsvRowRef[];
  /** Refs with at least one bad row: the whole product is left out. */
  badRefs: Map<string, number>;
  /** The file's structure is broken (header, quotes): nothing in it can be trusted. */
  fatal: boolean;
}

type Validate = { (data: unknown): boolean; errors?: ErrorObject[] | null };
const compile = (schema: object) => validatorCompiler({ schema, httpPart: 'body', method: 'POST', url: '/v1/products/import' }) as unknown as Validate;
const validateVariant = compile(VariantInput);
const validateProduct = compile(
  Type.Object({
    ref: ProductRef,
    name: CreateProductBody.properties.name,
    nameEn: CreateProductBody.properties.nameEn,
    description: CreateProductBody.properties.description,
    descriptionEn: CreateProductBody.properties.descriptionEn,
    brand: CreateProductBody.properties.brand,
    category: Type.Union([CategorySlug, Type.Null()]),
  }),
);

// JSON field of a validated object → the CSV column it came from.
const COLUMN_OF: Record<string, CsvColumn> = {
  ref: 'ref', name: 'name', nameEn: 'name_en', description: 'description', descriptionEn: 'description_en', brand: 'brand', category: 'category',
  sku: 'sku', size: 'size', color: 'color', price: 'price', compareAtPrice: 'compare_at_price', barcode: 'barcode', images: 'images', attributes: 'attributes',
};

function schemaIssues(errors: ErrorObject[] | null | undefined, line: number): CsvIssue[] {
  const issues = new Map<string, CsvIssue>();
  for (const error of errors ?? []) {
    const [first = '', second] = error.keyword === 'required' ? [String(error.params.missingProperty)] : error.instancePath.split('/').slice(1);
    let field: string = COLUMN_OF[first] ?? first;
    if (first === 'price' && second === 'currency') field = 'currency';
    let message = error.message ?? 'is invalid';
    if (field === 'currency') message = `must be ${CATALOG_CURRENCIES.join(' or ')}, the catalog currency`;
    else if (error.keyword === 'pattern' && (field === 'sku' || field === 'ref')) message = 'may only hold letters, digits, ".", "_" and "-", and must start with a letter or digit';
    else if (error.keyword === 'pattern' && field === 'category') message = 'must be a category slug: lower-case words joined by "-"';
    else if (field === 'attributes' && error.keyword === 'additionalProperties') message = `has the key "${String(error.params.additionalProperty)}": keys are a letter then letters, digits or _`;
    // Ajv reports a union's every branch; one message per field is enough to act on.
    if (!issues.has(field)) issues.set(field, { line, field, message });
  }
  return [...issues.values()];
}

/** `key=value;key=value` → an object; values stay text. */
export function parseAttributes(text: string): { value: Attributes } | { error: string } {
  const value: Attributes = {};
  for (const part of text.split(';')) {
    if (part.trim() === '') continue;
    const at = part.indexOf('=');
    if (at <= 0) return { error: `"${part.trim()}" is not key=value (pairs are separated by ";")` };
    const key = part.slice(0, at).trim();
    if (key in value) return { error: `the key "${key}" is given twice` };
    value[key] = part.slice(at + 1).trim();
  }
  return { value };
}

function emptyToNull(value: string): string | null {
  return value === '' ? null : value;
}

/** French exports from spreadsheets use `;`; a header with `;` and no `,` says which one this file uses. */
function delimiterOf(head: string): string {
  const firstLine = head.split(/\r?\n/, 1)[0] ?? '';
  return firstLine.includes(';') && !firstLine.includes(',') ? ';' : ',';
}

async function* textChunks(source: AsyncIterable<string | Buffer> | string): AsyncGenerator<string> {
  if (typeof source === 'string') {
    // Small pieces let other requests run while a large upload is parsed.
    for (let i = 0; i < source.length; i += 64 * 1024) yield source.slice(i, i + 64 * 1024);
    return;
  }
  const decoder = new TextDecoder('utf-8');
  for await (const chunk of source) yield typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
  const rest = decoder.decode();
  if (rest) yield rest;
}

/** Reads and checks a whole file. `onRow` is told each row's count, for progress. */
export async function readProductCsv(source: AsyncIterable<string | Buffer> | string, onRow?: (rows: number) => void): Promise<CsvReading> {
  const reading: CsvReading = { products: [], errors: [], rows: [], badRefs: new Map(), fatal: false };
  const products = new Map<string, CsvProduct & { values: Map<CsvColumn, { value: string; line: number }> }>();
  const skuLines = new Map<string, number>();
  const chunks = textChunks(source);
  const first = await chunks.next();
  const head = first.done ? '' : first.value;
  async function* all() {
    if (head) yield head;
    yield* chunks;
  }
  // Kept as the parser goes (it runs ahead of this loop): where the last record ended.
  let lastLine = 0;
  let emptyLines = 0;
  const options: Options<{ record: string[]; line: number }, string[]> = {
    bom: true,
    delimiter: delimiterOf(head),
    relax_column_count: true,
    skip_empty_lines: true,
    on_record: (record, context) => {
      // A record may span lines (quoted line breaks): it starts after the previous one and any blank lines.
      const line = lastLine + 1 + (context.empty_lines - emptyLines);
      lastLine = context.lines;
      emptyLines = context.empty_lines;
      return { record, line };
    },
  };
  // csv-parse's typings only let on_record change the record type together with `columns`.
  const parser = Readable.from(all()).pipe(parse(options as unknown as Options));
  let columns: (CsvColumn | null)[] | null = null;
  const fail = (line: number, field: string, message: string) => reading.errors.push({ line, field, message });
  try {
    for await (const { record, line } of parser as AsyncIterable<{ record: string[]; line: number }>) {
      if (!columns) {
        columns = readHeader(record, line, fail);
        if (reading.errors.length > 0) {
          reading.fatal = true;
          return reading;
        }
        continue;
      }
      onRow?.(reading.rows.length + 1);
      readRow(record, line, columns);
    }
  } catch (error) {
    const { code, lines, message } = error as Partial<CsvError> & { lines?: unknown };
    const line = lastLine + 1;
    if (code === 'CSV_QUOTE_NOT_CLOSED') {
      fail(line, 'csv', `a quoted field opened on line ${line} or after is never closed: the rest of the file would be one field`);
    } else {
      fail(typeof lines === 'number' ? lines : line, 'csv', `the CSV is malformed: ${message ?? String(error)}`);
    }
    reading.fatal = true;
    return reading;
  }
  if (!columns) {
    fail(1, 'csv', `the file is empty: the first line must name the columns (${REQUIRED.join(', ')}, …)`);
    reading.fatal = true;
    return reading;
  }
  reading.products = [...products.values()]
    .filter((product) => !reading.badRefs.has(product.ref))
    .map(({ values: _values, ...product }) => product);
  return reading;

  function readRow(record: string[], line: number, header: (CsvColumn | null)[]): void {
    const raw = (column: CsvColumn) => (record[header.indexOf(column)] ?? '').trim();
    const ref = raw('ref');
    const sku = raw('sku');
    reading.rows.push({ line, ref: emptyToNull(ref), sku: emptyToNull(sku) });
    const before = reading.errors.length;
    if (record.length !== header.length) fail(line, 'csv', `has ${record.length} fields where the header has ${header.length}`);
    for (const column of REQUIRED) if (raw(column) === '') fail(line, column, 'is required');

    const price = raw('price') === '' ? null : parseDecimalPrice(raw('price'));
    if (price && 'error' in price) fail(line, 'price', price.error);
    const compareAt = raw('compare_at_price') === '' ? null : parseDecimalPrice(raw('compare_at_price'));
    if (compareAt && 'error' in compareAt) fail(line, 'compare_at_price', compareAt.error);
    const attributes = parseAttributes(raw('attributes'));
    if ('error' in attributes) fail(line, 'attributes', attributes.error);
    const currency = raw('currency').toUpperCase() || 'EUR';

    const variant: CsvVariant = {
      line,
      sku,
      size: emptyToNull(raw('size')),
      color: emptyToNull(raw('color')),
      price: { amount: price && 'amount' in price ? price.amount : 0, currency: currency as Price['currency'] },
      compareAtPrice: compareAt && 'amount' in compareAt ? { amount: compareAt.amount, currency: currency as Price['currency'] } : null,
      barcode: emptyToNull(raw('barcode')),
      images: raw('images').split('|').map((s) => s.trim()).filter(Boolean),
      attributes: 'value' in attributes ? attributes.value : {},
    };
    const checked = Object.fromEntries(Object.entries(variant).filter(([key, value]) => key !== 'line' && value !== null && !(key === 'sku' && value === '')));
    if (!validateVariant(checked)) for (const issue of schemaIssues(validateVariant.errors, line)) if (!(issue.field === 'sku' && sku === '')) reading.errors.push(issue);
    const pricing = compareAtPriceProblem(variant.price, variant.compareAtPrice);
    if (pricing && variant.compareAtPrice && price && 'amount' in price) fail(line, 'compare_at_price', pricing);
    if (sku !== '') {
      const seen = skuLines.get(sku);
      if (seen !== undefined) fail(line, 'sku', `${sku} is already on line ${seen}: each variant has its own row and sku`);
      else skuLines.set(sku, line);
    }

    const fields = {
      ref,
      name: raw('name'),
      nameEn: emptyToNull(raw('name_en')),
      description: raw('description'),
      descriptionEn: emptyToNull(raw('description_en')),
      brand: emptyToNull(raw('brand')),
      category: emptyToNull(raw('category')),
    };
    if (ref !== '' && fields.name !== '' && !validateProduct(fields)) reading.errors.push(...schemaIssues(validateProduct.errors, line));

    let product = ref === '' ? undefined : products.get(ref);
    if (ref !== '' && !product) {
      product = { ...fields, line, variants: [], values: new Map(PRODUCT_COLUMNS.map((column) => [column, { value: raw(column), line }])) };
      products.set(ref, product);
    } else if (product) {
      for (const column of PRODUCT_COLUMNS) {
        const first = product.values.get(column)!;
        if (first.value !== raw(column)) fail(line, column, `differs from line ${first.line} ("${clip(raw(column))}" here, "${clip(first.value)}" there): rows of one ref describe one product`);
      }
    }
    if (reading.errors.length > before) {
      if (ref !== '' && !reading.badRefs.has(ref)) reading.badRefs.set(ref, line);
    } else {
      product?.variants.push(variant);
    }
  }
}

function clip(text: string): string {
  return text.length > 40 ? `${text.slice(0, 37)}…` : text;
}

function readHeader(record: string[], line: number, fail: (line: number, field: string, message: string) => void): (CsvColumn | null)[] {
  const names = record.map((name) => name.trim().toLowerCase());
  const columns = names.map((name) => ((CSV_COLUMNS as readonly string[]).includes(name) ? (name as CsvColumn) : null));
  names.forEach((name, index) => {
    // Spreadsheets often leave empty columns at the end of the header: nothing to read there.
    if (name === '') return;
    if (columns[index] === null) fail(line, name, `is not a known column (known: ${CSV_COLUMNS.join(', ')})`);
    else if (names.indexOf(name) !== index) fail(line, name, 'is named twice in the header');
  });
  for (const column of REQUIRED) if (!names.includes(column)) fail(line, column, 'column is missing from the header (the first line)');
  return columns;
}
