import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../../src/platform/db/database.js';
import { migrateToLatest } from '../../src/platform/db/migrate.js';
import { loadProducts, type ProductLoad } from './products.js';
import { loadStock, type StockLoad } from './stock.js';
import { loadStores, type StoreLoad } from './stores.js';

export interface DatasetOptions {
  stores: number;
  products: number;
  /** Skus given stock levels (0: none, the catalog benchmarks need none). */
  stockSkus: number;
  seed: number;
}

export interface Dataset {
  /** A data folder as `PASSERELLE_DATA` expects it: the SQLite file is `passerelle.db` inside. */
  dir: string;
  file: string;
  options: DatasetOptions;
  stores: StoreLoad;
  products: ProductLoad;
  stock: StockLoad | undefined;
  migrations: string[];
  fileBytes: number;
  ms: number;
}

/**
 * Creates a fresh data folder, runs the real migrations on it, then writes the benchmark stores,
 * products and (when asked) stock levels with raw prepared statements (the API would take minutes
 * for 100,000 products; what is measured is reading them back).
 */
export async function prepareDataset(dir: string, options: DatasetOptions): Promise<Dataset> {
  const started = performance.now();
  const file = path.join(dir, 'passerelle.db');
  const database = openDatabase({ sqliteFile: file });
  try {
    const migrations = await migrateToLatest(database);
    const sqlite = database.sqlite;
    if (!sqlite) throw new Error('the benchmark data loader needs the SQLite handle');
    const stores = loadStores(sqlite, { count: options.stores, seed: options.seed });
    const products = await loadProducts(sqlite, { count: options.products, seed: options.seed + 1 });
    const stock = options.stockSkus > 0 ? await loadStock(sqlite, { skus: options.stockSkus, seed: options.seed + 2 }) : undefined;
    // Leave a compact file behind: the server should start on a checkpointed database, as after an import.
    sqlite.pragma('wal_checkpoint(TRUNCATE)');
    return { dir, file, options, stores, products, stock, migrations, fileBytes: fs.statSync(file).size, ms: performance.now() - started };
  } finally {
    await database.close();
  }
}

/**
 * Builds the dataset the first time a benchmark asks for it, then hands the same folder to the
 * others. The folder is made up front so that an interrupted run can still remove it.
 */
export function datasetCache(options: DatasetOptions, onBuild: (dataset: Dataset) => void) {
  let dir: string | undefined;
  let empty: string | undefined;
  let pending: Promise<Dataset> | undefined;
  return {
    /** An empty data folder, for benchmarks that need no rows. */
    emptyDir(): string {
      empty ??= fs.mkdtempSync(path.join(os.tmpdir(), 'passerelle-bench-empty-'));
      return empty;
    },
    get(): Promise<Dataset> {
      dir ??= fs.mkdtempSync(path.join(os.tmpdir(), 'passerelle-bench-'));
      pending ??= prepareDataset(dir, options).then((dataset) => {
        onBuild(dataset);
        return dataset;
      });
      return pending;
    },
    /** Removes the folder (synchronous, so it can run in an exit handler); returns it when kept. */
    dispose(keep: boolean): string | undefined {
      if (empty) fs.rmSync(empty, { recursive: true, force: true });
      empty = undefined;
      if (!dir) return undefined;
      if (keep) return dir;
      fs.rmSync(dir, { recursive: true, force: true });
      dir = undefined;
      return undefined;
    },
  };
}
