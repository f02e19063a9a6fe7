import type { Kysely } from 'kysely';
import type { FastifyBaseLogger } from 'fastify';
import type { DB } from '../db-schema.js';
import type { Clock } from './clock.js';
import type { Config } from './config.js';
import type { Database } from './db/database.js';
import type { Principal } from './auth/principal.js';

/** What the process holds once: handed to every module when the app is composed. */
export interface Deps {
  database: Database;
  clock: Clock;
  config: Config;
  log: FastifyBaseLogger;
}

/** What one operation runs with: service functions take it first. `db` may be a transaction. */
export interface Ctx {
  db: Kysely<DB>;
  clock: Clock;
  principal: Principal;
  log: FastifyBaseLogger;
}

export function systemCtx(deps: Deps, principal: Principal = { kind: 'anonymous' }): Ctx {
  return { db: deps.database.kysely, clock: deps.clock, principal, log: deps.log };
}
