import assert from 'node:assert/strict';
import type { PasserelleClient } from '../../sdk/index.js';
import { ADMIN_TOKEN, type TestServer } from '../support/harness.js';
import { createClient } from '../../sdk/index.js';
import { buildApp } from '../../src/app.js';
import type { Clock } from '../../src/platform/clock.js';
import { loadConfig, type Config } from '../../src/platform/config.js';
import type { Deps } from '../../src/platform/context.js';
import { openDatabase, type Database } from '../../src/platform/db/database.js';
import { createLogger } from '../../src/platform/logging.js';
import { productBody, variant } from '../catalog/catalog-fixtures.js';

let counter = 0;
/** A short unique tag, so each test works on its own skus and locations. */
export function tag(): string {
  counter += 1;
  return `${counter.toString(36)}${Math.random().toString(36).slice(2, 6)}`.toUpperCase();
}

export interface Place {
  id: string;
  latitude: number;
  longitude: number;
}

/** Creates a store or warehouse through the API. */
export async function createLocation(
  admin: PasserelleClient,
  kind: 'store' | 'warehouse',
  options: { code?: string; latitude?: number; longitude?: number; zones?: { code: string; name: string }[] } = {},
): Promise<Place> {
  const code = options.code ?? `${kind === 'store' ? 'STO' : 'WHS'}-${tag()}`;
  const latitude = options.latitude ?? 45.764;
  const longitude = options.longitude ?? 4.8357;
  const location = await admin.locations.create({
    kind,
    code,
    name: `${kind} ${code}`,
    timezone: 'Europe/Paris',
    address: { line1: '1 rue de la République', postalCode: '69001', city: 'Lyon', country: 'FR' },
    location: { latitude, longitude },
    ...(options.zones ? { zones: options.zones } : {}),
  });
  return { id: location.id, latitude, longitude };
}

/** Creates one product whose variants are the given skus. */
export async function createSkus(admin: PasserelleClient, ...skus: string[]): Promise<void> {
  const ref = `REF-${tag()}`;
  await admin.products.create(productBody(ref, { variants: skus.map((sku) => variant(sku)) }));
}

/** Every inventory row, in a stable order: compare two snapshots to prove nothing was written. */
export async function inventorySnapshot(server: TestServer): Promise<string> {
  const db = server.deps.database.kysely;
  return JSON.stringify({
    levels: await db.selectFrom('stock_levels').selectAll().orderBy('sku').orderBy('location_id').execute(),
    movements: await db.selectFrom('stock_movements').selectAll().orderBy('id').execute(),
    holds: await db.selectFrom('stock_holds').selectAll().orderBy('id').execute(),
    transfers: await db.selectFrom('stock_transfers').selectAll().orderBy('id').execute(),
    lines: await db.selectFrom('stock_transfer_lines').selectAll().orderBy('transfer_id').orderBy('sku').execute(),
    tillSales: await db.selectFrom('till_sales').selectAll().orderBy('event_id').execute(),
  });
}

/** The ledger of every item sums to its on hand. */
export async function assertLedgerBalanced(server: TestServer): Promise<void> {
  const db = server.deps.database.kysely;
  const levels = await db.selectFrom('stock_levels').select(['sku', 'location_id', 'on_hand']).execute();
  const sums = await db.selectFrom('stock_movements').select(['sku', 'location_id']).select((eb) => eb.fn.sum<number>('delta').as('total')).groupBy(['sku', 'location_id']).execute();
  const byItem = new Map(sums.map((s) => [`${s.sku}|${s.location_id}`, Number(s.total)]));
  for (const level of levels) assert.equal(byItem.get(`${level.sku}|${level.location_id}`) ?? 0, level.on_hand, `ledger of ${level.sku} at ${level.location_id}`);
}

/** An app listening on loopback over an existing database (for restarts and several processes). */
export async function serveOn(database: Database, clock: Clock, config: Partial<Config> = {}) {
  const full: Config = { ...loadConfig({}), port: 0, host: '127.0.0.1', adminToken: ADMIN_TOKEN, logLevel: 'silent', workerPollMs: 0, ...config };
  const deps: Deps = { database, clock, config: full, log: createLogger(full.logLevel) };
  const app = await buildApp(deps);
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  return { app, deps, url, admin: createClient({ baseUrl: url, token: ADMIN_TOKEN }), close: () => app.close() };
}

/** A second handle on the same database: the same SQLite file, or the same PostgreSQL schema. */
export function reopen(database: Database): Database {
  if (database.dialect === 'sqlite') return openDatabase({ sqliteFile: database.file! });
  return openDatabase({ url: process.env.TEST_DATABASE_URL!, pgSchema: database.schema!, pgPoolSize: 5 });
}
