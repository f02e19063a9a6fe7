import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { buildApp, type App } from '../../src/app.js';
import { loadConfig, type Config } from '../../src/platform/config.js';
import { systemClock, type Clock } from '../../src/platform/clock.js';
import { openDatabase, type Database, type DialectName } from '../../src/platform/db/database.js';
import { migrateToLatest } from '../../src/platform/db/migrate.js';
import { createLogger } from '../../src/platform/logging.js';
import type { Deps } from '../../src/platform/context.js';
import { createClient, type PasserelleClient } from '../../sdk/index.js';

/** SQLite always; PostgreSQL too when TEST_DATABASE_URL is set (as `.ci/run` does). */
export const DIALECTS: DialectName[] = process.env.TEST_DATABASE_URL ? ['sqlite', 'postgres'] : ['sqlite'];

export const ADMIN_TOKEN = 'test-admin-token-0123456789';

export interface TestDatabase {
  database: Database;
  /** Drops the database (SQLite folder or PostgreSQL schema). */
  destroy(): Promise<void>;
}

/** Closes once, however many times it is asked. */
function once(fn: () => Promise<void>): () => Promise<void> {
  let done: Promise<void> | undefined;
  return () => (done ??= fn());
}

/** A fresh, migrated database of the given engine: a temporary SQLite file, or a new PostgreSQL schema. */
export async function createTestDatabase(dialect: DialectName): Promise<TestDatabase> {
  if (dialect === 'sqlite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'passerelle-test-'));
    const database = openDatabase({ sqliteFile: path.join(dir, 'passerelle.db') });
    await migrateToLatest(database);
    return {
      database,
      async destroy() {
        await database.close();
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error('TEST_DATABASE_URL is not set');
  const schema = `t_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  await admin.end();
  const database = openDatabase({ url, pgSchema: schema, pgPoolSize: 5 });
  await migrateToLatest(database);
  return {
    database,
    async destroy() {
      await database.close();
      const cleanup = new pg.Client({ connectionString: url });
      await cleanup.connect();
      await cleanup.query(`DROP SCHEMA ${schema} CASCADE`);
      await cleanup.end();
    },
  };
}

export interface TestServer {
  app: App;
  deps: Deps;
  url: string;
  /** A client with the admin token. */
  admin: PasserelleClient;
  /** A client with the given bearer token (or none). */
  client(token?: string): PasserelleClient;
  /** A client that sends events with a source's write key. */
  tracker(writeKey: string): PasserelleClient;
  /** Stops the server and closes the database, leaving its files for inspection. */
  stop(): Promise<void>;
  /** Stops and removes the database. */
  close(): Promise<void>;
}

export interface TestServerOptions {
  clock?: Clock;
  config?: Partial<Config>;
}

/** A real server on a loopback port over a fresh database, driven through the SDK like any client. */
export async function startTestServer(dialect: DialectName, options: TestServerOptions = {}): Promise<TestServer> {
  const testDb = await createTestDatabase(dialect);
  const config: Config = {
    ...loadConfig({}),
    port: 0,
    host: '127.0.0.1',
    adminToken: ADMIN_TOKEN,
    logLevel: process.env.TEST_LOG_LEVEL ?? 'silent',
    loginRateLimit: 1000,
    ...options.config,
  };
  const deps: Deps = { database: testDb.database, clock: options.clock ?? systemClock, config, log: createLogger(config.logLevel) };
  const app = await buildApp(deps);
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  const stop = once(async () => {
    await app.close();
    await testDb.database.close();
  });
  return {
    app,
    deps,
    url: address,
    admin: createClient({ baseUrl: address, token: ADMIN_TOKEN }),
    client: (token?: string) => createClient({ baseUrl: address, ...(token ? { token } : {}) }),
    tracker: (writeKey: string) => createClient({ baseUrl: address, writeKey }),
    stop,
    async close() {
      await stop();
      await testDb.destroy();
    },
  };
}
