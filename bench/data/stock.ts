import type SqliteDatabase from 'better-sqlite3';
import { seededRandom, type Random } from '../lib/random.js';

export interface StockLoad {
  /** Skus with stock levels. */
  skus: number;
  /** Rows of `stock_levels` (one per stocked sku and location). */
  rows: number;
  /** Mean and largest number of stores a sku is stocked in. */
  storesPerSku: { mean: number; max: number };
  ms: number;
  /** A sample of the stocked skus, drawn by how widely each is stocked: what the queries ask for. */
  sample: string[];
}

const SKUS_PER_STATEMENT = 20_000;
const SAMPLE = 20_000;

/**
 * Stock levels for the first `skus` variants (whole products, in ref order). Each product is
 * carried by a set of stores, all its sizes alike, from a couple of dozen for most lines to a few
 * hundred for the best sellers (12 × (400/12)^(u²) stores for u uniform: median 29, mean 70, one
 * in ten above 200), and by one to three warehouses. Quantities are a fashion store's: a few units
 * a size, often none left (the row stays), now and then one reserved or kept as safety stock;
 * warehouses hold up to a few hundred.
 *
 * About 14 million rows, so the work is split: which locations carry which product is drawn here
 * (a few million small rows into a temporary table), and SQLite expands that into the level rows
 * itself, with quantities from a hash of (sku, location), in key order. Only `stock_levels` is
 * written: the availability route reads nothing else of inventory, and a ledger behind every
 * level would double the load time for no figure.
 */
export async function loadStock(sqlite: SqliteDatabase.Database, options: { skus: number; seed: number }): Promise<StockLoad> {
  const started = performance.now();
  const random = seededRandom(options.seed);
  const locations = sqlite.prepare(`SELECT id, kind FROM locations ORDER BY id`).all() as { id: string; kind: 'store' | 'warehouse' }[];
  const stores = locations.flatMap((l, k) => (l.kind === 'store' ? [k] : []));
  const warehouses = locations.flatMap((l, k) => (l.kind === 'warehouse' ? [k] : []));
  if (stores.length === 0) throw new Error('stock: load the stores first');
  // Skus in key order, so the primary key (sku, location_id) is written in order; a product's skus
  // are contiguous in it, since each starts with its product's ref.
  const variants = sqlite.prepare('SELECT sku, product_id FROM product_variants ORDER BY sku LIMIT ?').raw().all(options.skus) as [string, string][];
  if (variants.length < options.skus) throw new Error(`stock: ${options.skus} skus asked for, the catalog has ${variants.length}`);

  sqlite.exec(`
    CREATE TEMP TABLE bench_stock_locations (k INTEGER PRIMARY KEY, id TEXT NOT NULL, warehouse INTEGER NOT NULL);
    CREATE TEMP TABLE bench_stock_skus (n INTEGER PRIMARY KEY, sku TEXT NOT NULL, product INTEGER NOT NULL);
    CREATE TEMP TABLE bench_stock_carried (product INTEGER NOT NULL, k INTEGER NOT NULL, PRIMARY KEY (product, k)) WITHOUT ROWID;
  `);
  const insertLocation = sqlite.prepare('INSERT INTO bench_stock_locations (k, id, warehouse) VALUES (?, ?, ?)');
  const insertSku = sqlite.prepare('INSERT INTO bench_stock_skus (n, sku, product) VALUES (?, ?, ?)');
  const insertCarried = sqlite.prepare('INSERT INTO bench_stock_carried (product, k) VALUES (?, ?)');
  const shuffled = [...stores];
  let storeRows = 0;
  let maxStores = 0;
  // Cumulative stores per sku, to draw the query sample by breadth with a binary search.
  const cumulative = new Float64Array(options.skus);
  sqlite.transaction(() => {
    locations.forEach((l, k) => insertLocation.run(k, l.id, l.kind === 'warehouse' ? 1 : 0));
    let product = -1;
    let last = '';
    let breadth = 0;
    variants.forEach(([sku, productId], n) => {
      if (productId !== last) {
        last = productId;
        product += 1;
        breadth = Math.min(stores.length, Math.round(12 * (400 / 12) ** (random.next() ** 2)));
        maxStores = Math.max(maxStores, breadth);
        for (const k of pick(shuffled, breadth, random)) insertCarried.run(product, k);
        for (const k of pick([...warehouses], random.int(1, Math.min(3, warehouses.length)), random)) insertCarried.run(product, k);
      }
      insertSku.run(n, sku, product);
      storeRows += breadth;
      cumulative[n] = storeRows;
    });
  })();

  // h: a hash of (sku, location) in [0, 1000003), the dice of each row's quantities. Stores: none
  // left one time in four, else 1 to 8; one reserved one time in twenty; a safety stock of one, one
  // time in ten. Warehouses: 1 to 400.
  const expand = sqlite.prepare(`
    INSERT INTO stock_levels (sku, location_id, on_hand, reserved, in_transit, safety_stock, low_stock_threshold, zone, updated_at)
    SELECT sku, id,
      CASE WHEN warehouse THEN 1 + h % 400 WHEN h % 4 = 0 THEN 0 ELSE 1 + h / 4 % 8 END,
      CASE WHEN (warehouse OR h % 4 <> 0) AND h / 32 % 20 = 0 THEN 1 ELSE 0 END,
      0,
      CASE WHEN NOT warehouse AND h / 640 % 10 = 0 THEN 1 ELSE 0 END,
      2, NULL, ?
    FROM (
      SELECT s.sku, l.id, l.warehouse, (s.n * 2654435761 + l.k * 40503 + 12345) % 1000003 AS h
      FROM bench_stock_skus s JOIN bench_stock_carried c ON c.product = s.product JOIN bench_stock_locations l ON l.k = c.k
      WHERE s.n >= ? AND s.n < ?
    )
    ORDER BY sku, id`);
  const now = new Date(Date.UTC(2026, 0, 1)).toISOString();

  // A bulk load into a fresh file: no journal (a crash leaves a temporary file to throw away), and
  // the secondary indexes built once at the end from their own definitions, rather than kept up
  // row by row out of order.
  const indexes = sqlite.prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'stock_levels' AND sql IS NOT NULL`).all() as { name: string; sql: string }[];
  const journal = sqlite.pragma('journal_mode', { simple: true }) as string;
  const synchronous = sqlite.pragma('synchronous', { simple: true }) as number;
  const cacheSize = sqlite.pragma('cache_size', { simple: true }) as number;
  let rows = 0;
  try {
    for (const index of indexes) sqlite.exec(`DROP INDEX ${index.name}`);
    sqlite.pragma('journal_mode = OFF');
    sqlite.pragma('synchronous = OFF');
    for (let from = 0; from < options.skus; from += SKUS_PER_STATEMENT) {
      rows += expand.run(now, from, Math.min(options.skus, from + SKUS_PER_STATEMENT)).changes;
      // Between statements, let the event loop run: Ctrl-C then stops the load.
      await new Promise((resolve) => setImmediate(resolve));
    }
    // The index sort stays in memory with a few hundred megabytes of cache (it spills to disk with the app's 64 MB).
    sqlite.pragma('cache_size = -300000');
    for (const index of indexes) sqlite.exec(index.sql);
  } finally {
    sqlite.pragma(`journal_mode = ${journal}`);
    sqlite.pragma(`synchronous = ${synchronous}`);
    sqlite.pragma(`cache_size = ${cacheSize}`);
    sqlite.exec('DROP TABLE temp.bench_stock_locations; DROP TABLE temp.bench_stock_skus; DROP TABLE temp.bench_stock_carried');
  }
  // The best sellers are both the most widely stocked and the most looked up.
  const sample = Array.from({ length: SAMPLE }, () => variants[upperBound(cumulative, random.next() * storeRows)]![0]);
  return { skus: options.skus, rows, storesPerSku: { mean: Math.round((storeRows / options.skus) * 10) / 10, max: maxStores }, ms: performance.now() - started, sample };
}

/** `count` distinct items of `from` (a partial Fisher–Yates over `from`, which it reorders). */
function pick(from: number[], count: number, random: Random): number[] {
  for (let i = 0; i < count; i++) {
    const j = random.int(i, from.length - 1);
    const t = from[i]!;
    from[i] = from[j]!;
    from[j] = t;
  }
  return from.slice(0, count);
}

/** The first index whose value is above `value`. */
function upperBound(sorted: Float64Array, value: number): number {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! > value) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
