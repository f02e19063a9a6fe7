import type { Kysely } from 'kysely';
import type { DB } from '../../db-schema.js';
import type { Product } from './catalog.schemas.js';
import { revisionOf } from './revisions.js';
import { deepFreeze } from '../../platform/deep-freeze.js';

/**
 * What the catalog serves most, kept between requests of one process: products as answered (with
 * their variants and category), and what search learns about the catalog (prefixes resolved to
 * words, how many products each word or filter matches). Loading a page of 20 products costs two
 * statements and about a hundred scattered rows; counting a common word, a thousand index entries.
 *
 * Freshness: triggers raise the 'products' revision on every change to products, variants or
 * categories, whoever writes (the API, an import, the seed, a SQL fix; see the migration
 * `catalog_products_revision`). A request reads the revision once (one primary-key lookup) and
 * gets an empty memory when it moved. What a request keeps is at least as new as the revision it
 * read, so an answer is never older than the catalog as it was when the request began.
 */
export interface CatalogMemory {
  readonly revision: number;
  product(id: string): Product | undefined;
  keepProduct(product: Product): void;
  /** Search facts (counts, resolved prefixes) by key. */
  fact<T>(key: string): T | undefined;
  keepFact(key: string, value: unknown): void;
}

/** Bounds, so a crawler walking the whole catalog cannot grow the memory without end. */
const MAX_PRODUCTS = 20_000;
const MAX_FACTS = 50_000;

const memories = new WeakMap<Kysely<DB>, Memory>();

/**
 * The catalog's memory for this database at its current revision, or undefined inside a
 * transaction (whose reads may see its own uncommitted writes, which nobody else may be served).
 */
export async function catalogMemory(db: Kysely<DB>): Promise<CatalogMemory | undefined> {
  if (db.isTransaction) return undefined;
  const read = await revisionOf(db, 'products');
  if (read === undefined) return undefined;
  const revision = Number(read);
  let memory = memories.get(db);
  if (memory?.revision !== revision) {
    memory = new Memory(revision);
    memories.set(db, memory);
  }
  return memory;
}

class Memory implements CatalogMemory {
  readonly #products = new Map<string, Product>();
  readonly #facts = new Map<string, unknown>();

  constructor(readonly revision: number) {}

  product(id: string): Product | undefined {
    const product = this.#products.get(id);
    if (product) {
      // Least recently used first out: a hit moves to the end of the Map's order.
      this.#products.delete(id);
      this.#products.set(id, product);
    }
    return product;
  }

  keepProduct(product: Product): void {
    // Shared by every later answer: frozen, so a caller that edits what it got fails loudly.
    keep(this.#products, product.id, deepFreeze(product), MAX_PRODUCTS);
  }

  fact<T>(key: string): T | undefined {
    return this.#facts.get(key) as T | undefined;
  }

  keepFact(key: string, value: unknown): void {
    keep(this.#facts, key, value, MAX_FACTS);
  }
}

/** The first in the Map's order (insertion, or last use for products) goes first. */
function keep<T>(map: Map<string, T>, key: string, value: T, max: number): void {
  if (map.size >= max && !map.has(key)) map.delete(map.keys().next().value!);
  map.set(key, value);
}
