import { setImmediate as nextTurn } from 'node:timers/promises';
import { ManualClock } from '../platform/clock.js';
import type { Ctx, Deps } from '../platform/context.js';
import { createDemoCustomerAccounts, createDemoSources, createDemoStaff } from './accounts.js';
import { openBulkWriter, TABLE_COLUMNS, type BulkWriter, type RowValues } from './bulk-writer.js';
import { buildCatalog } from './catalog.js';
import { writeCustomer, type CustomerCounts } from './customer-rows.js';
import { storeRows, warehouseRows } from './locations.js';
import { PERSONAS, writePersona } from './personas.js';
import { DEMO_NOW } from './stylenow.js';
import { buildWorld } from './world.js';
import { writeStock } from './stock.js';

export interface SeedOptions {
  customers: number;
  seed: number;
  onProgress?: (line: string) => void;
}

export interface SeedSummary {
  stores: number;
  warehouses: number;
  products: number;
  variants: number;
  sources: number;
  staff: number;
  /** Generated customers plus the named demo customers (Julie, Sophie, Emma). */
  customers: number;
  identities: number;
  events: number;
}

/** Thrown when the database already holds data: the demo only loads into an empty database. */
export class DemoSeedRefused extends Error {
  constructor(what: string) {
    super(
      `This database already holds ${what}: the StyleNow demo loads only into an empty database, so nothing was written. ` +
        'Point PASSERELLE_DATA at a new folder (or DATABASE_URL at an empty database) to load it again.',
    );
    this.name = 'DemoSeedRefused';
  }
}

async function existingContent(deps: Deps): Promise<string | undefined> {
  const db = deps.database.kysely;
  if (await db.selectFrom('locations').select('id').limit(1).executeTakeFirst()) return 'stores';
  if (await db.selectFrom('products').select('id').limit(1).executeTakeFirst()) return 'products';
  if (await db.selectFrom('profiles').select('id').limit(1).executeTakeFirst()) return 'customer profiles';
  return undefined;
}

/**
 * True once the database holds stores, products or customers — the demo's or anyone's. `npm start`
 * loads the demo only when this is false, so it never mixes the demo into a retailer's own data.
 */
export async function isDemoLoaded(deps: Deps): Promise<boolean> {
  return (await existingContent(deps)) !== undefined;
}

/** Keyed rows (from the location builders) in the writer's column order. */
function ordered(table: keyof typeof TABLE_COLUMNS, row: Record<string, unknown>): RowValues {
  return TABLE_COLUMNS[table].map((column) => (row[column] ?? null) as string | number | null);
}

/**
 * Loads the StyleNow demo: stores and warehouses, the catalog, one source per channel, staff
 * logins, the named demo customers and `customers` generated ones with their history. The same
 * `seed` and `customers` give the same data. Not one transaction (a million customers would not
 * fit one sensibly): rows are committed in chunks, and a database left half-loaded by a crash is
 * refused by the next run like any non-empty one.
 */
export async function seedDemo(deps: Deps, options: SeedOptions): Promise<SeedSummary> {
  if (!Number.isInteger(options.customers) || options.customers < 0) throw new Error(`customers must be a whole number ≥ 0, got ${options.customers}`);
  if (!Number.isInteger(options.seed)) throw new Error(`seed must be a whole number, got ${options.seed}`);
  const found = await existingContent(deps);
  if (found) throw new DemoSeedRefused(found);

  const report = options.onProgress ?? (() => {});
  // Service calls see the demo's "today", so what they date (sources, staff) is the same every run.
  const ctx: Ctx = { db: deps.database.kysely, clock: new ManualClock(DEMO_NOW), principal: { kind: 'staff', role: 'admin', staffId: null, storeId: null, tokenId: null }, log: deps.log };
  const writer = openBulkWriter(deps.database);
  const started = performance.now();
  try {
    const stores = storeRows();
    const warehouses = warehouseRows();
    for (const row of [...stores, ...warehouses]) writer.add('locations', ordered('locations', row));
    report(`stores ${stores.length} · warehouses ${warehouses.length}`);
    const catalog = buildCatalog();
    addAll(writer, 'categories', catalog.categories);
    addAll(writer, 'products', catalog.productRows);
    addAll(writer, 'product_variants', catalog.variantRows);
    addAll(writer, 'product_search_terms', catalog.searchTermRows);
    await writer.flush();
    report(`catalog ${catalog.products.length} products · ${catalog.variantRows.length} variants`);
    const stock = writeStock(writer, [...stores, ...warehouses], catalog.products);
    await writer.flush();
    report(`stock ${stock.levels} levels · ${stock.units} units`);

    const sources = await createDemoSources(ctx);
    const staff = await createDemoStaff(ctx);
    const world = buildWorld(options.seed, catalog);
    const counts: CustomerCounts = { events: 0, identities: 0 };
    for (const persona of PERSONAS) writePersona(writer, world, persona, counts);
    await writer.flush();
    await createDemoCustomerAccounts(ctx);

    // About 100k rows per transaction on SQLite; PostgreSQL's batches are cut to 1,000 rows anyway.
    const chunkSize = deps.database.dialect === 'sqlite' ? 5000 : 250;
    const progress = progressReporter(report, options.customers, started, () => writer.rowsWritten);
    // Generated and written a chunk at a time, in this thread. (A worker thread generating ahead was
    // tried: handing the rows over cost about what it saved, and memory doubled. Tried again once the
    // SQLite writes no longer kept indexes row by row, generation then a third of the time: at 100,000
    // customers, 27-31 s of CPU instead of 18-20, 1.65 GB peak instead of 0.87, and no shorter wall
    // time on this shared 2-core machine, where the second core is rarely free.)
    for (let start = 0; start < options.customers; start += chunkSize) {
      const end = Math.min(options.customers, start + chunkSize);
      for (let index = start; index < end; index++) writeCustomer(writer, world, index, counts);
      await writer.flush();
      progress(end);
      // Let timers and I/O run between chunks (logs, signals, a server starting beside us).
      await nextTurn();
    }
    const indexing = performance.now();
    report(`customers ${options.customers}/${options.customers} · indexing`);
    await writer.finish();
    report(`indexed in ${((performance.now() - indexing) / 1000).toFixed(1)} s`);
    return {
      stores: stores.length,
      warehouses: warehouses.length,
      products: catalog.products.length,
      variants: catalog.variantRows.length,
      sources,
      staff,
      customers: options.customers + PERSONAS.length,
      identities: counts.identities,
      events: counts.events,
    };
  } catch (error) {
    await writer.abort();
    throw error;
  }
}

/** A progress line at most once a second, and at the end. */
function progressReporter(report: (line: string) => void, total: number, started: number, rows: () => number): (done: number) => void {
  let last = 0;
  return (done) => {
    const now = performance.now();
    if (now - last < 1000 && done !== total) return;
    last = now;
    const rate = Math.round(rows() / ((now - started) / 1000));
    report(`customers ${done}/${total} · ${rate.toLocaleString('en-US')} rows/s`);
  };
}

function addAll(writer: BulkWriter, table: keyof typeof TABLE_COLUMNS, rows: RowValues[]): void {
  for (const row of rows) writer.add(table, row);
}
