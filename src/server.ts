import path from 'node:path';
import type { Logger } from 'pino';
import { buildApp, type App } from './app.js';
import { loadConfig, type Config } from './platform/config.js';
import { systemClock, type Clock } from './platform/clock.js';
import { openDatabase, type Database } from './platform/db/database.js';
import { migrateToLatest } from './platform/db/migrate.js';
import { createLogger } from './platform/logging.js';
import type { Deps } from './platform/context.js';

/** Opens the database named by the configuration: PostgreSQL with DATABASE_URL, else SQLite under the data folder. */
export function openConfiguredDatabase(config: Config): Database {
  return openDatabase({ url: config.databaseUrl, sqliteFile: path.join(config.dataDir, 'passerelle.db') });
}

export interface Runtime {
  deps: Deps;
  close(): Promise<void>;
}

/** Database open and migrated, ready for the app or a CLI command. */
export async function openRuntime(options: { config?: Config; clock?: Clock; log?: Logger } = {}): Promise<Runtime> {
  const config = options.config ?? loadConfig();
  const log = options.log ?? createLogger(config.logLevel);
  const database = openConfiguredDatabase(config);
  try {
    const applied = await migrateToLatest(database);
    if (applied.length > 0) log.info({ applied }, 'database migrated');
  } catch (error) {
    await database.close();
    throw error;
  }
  const deps: Deps = { database, clock: options.clock ?? systemClock, config, log };
  return { deps, close: () => database.close() };
}

export interface RunningServer {
  app: App;
  deps: Deps;
  url: string;
  /** Stops taking requests, lets those in flight finish, then closes the database. */
  stop(): Promise<void>;
}

export async function startServer(runtime: Runtime): Promise<RunningServer> {
  const { deps } = runtime;
  const app = await buildApp(deps);
  const address = await app.listen({ port: deps.config.port, host: deps.config.host });
  let stopping: Promise<void> | undefined;
  return {
    app,
    deps,
    url: address,
    stop() {
      stopping ??= (async () => {
        await app.close();
        await runtime.close();
      })();
      return stopping;
    },
  };
}
