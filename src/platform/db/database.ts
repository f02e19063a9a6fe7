import fs from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import pg from 'pg';
import { Kysely, SqliteDialect, type KyselyPlugin } from 'kysely';
import { OwnSchemaPostgresDialect } from './own-schema-introspector.js';
import type { DB } from '../../db-schema.js';

export type DialectName = 'sqlite' | 'postgres';

export interface PoolStats {
  total: number;
  idle: number;
  waiting: number;
}

/** The database handle every module receives: Kysely plus what only the engine knows. */
export interface Database {
  readonly kysely: Kysely<DB>;
  readonly dialect: DialectName;
  /** The raw SQLite handle, for the few bulk paths (seeding) where Kysely's per-statement cost shows. */
  readonly sqlite: SqliteDatabase.Database | undefined;
  /** The file that holds the data, for SQLite. */
  readonly file: string | undefined;
  /**
   * A read-only descriptor of that file, open exactly as long as the connection, so that the WAL
   * checkpointer's worker can flush the file's written pages (wal-checkpointer.ts). Never closed
   * before the connection: closing any descriptor of a file drops every POSIX lock the process holds
   * on it, SQLite's included.
   */
  readonly fileDescriptor: number | undefined;
  /** The PostgreSQL schema the tables live in. */
  readonly schema: string | undefined;
  poolStats(): PoolStats;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** postgres://… for PostgreSQL; otherwise SQLite at `sqliteFile`. */
  url?: string | undefined;
  sqliteFile?: string;
  /** PostgreSQL schema to use (tests give each run its own). */
  pgSchema?: string;
  pgPoolSize?: number;
  plugins?: KyselyPlugin[];
}

export function openDatabase(options: DatabaseOptions): Database {
  if (options.url && /^postgres(ql)?:\/\//.test(options.url)) return openPostgres(options.url, options);
  const file = options.sqliteFile ?? options.url ?? ':memory:';
  return openSqlite(file, options);
}

function openSqlite(file: string, options: DatabaseOptions): Database {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new SqliteDatabase(file);
  // WAL lets readers run beside the writer; NORMAL sync is durable across process crashes.
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('busy_timeout = 10000');
  sqlite.pragma('foreign_keys = ON');
  // Erased data must not linger in free pages (privacy): SQLite zeroes what it frees.
  sqlite.pragma('secure_delete = ON');
  sqlite.pragma('cache_size = -65536');
  sqlite.pragma('temp_store = MEMORY');
  const kysely = new Kysely<DB>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }), plugins: options.plugins ?? [] });
  const fileDescriptor = file === ':memory:' ? undefined : fs.openSync(file, 'r');
  let closed = false;
  return {
    kysely,
    dialect: 'sqlite',
    sqlite,
    file: file === ':memory:' ? undefined : file,
    fileDescriptor,
    schema: undefined,
    poolStats: () => ({ total: 1, idle: 1, waiting: 0 }),
    async close() {
      if (closed) return;
      closed = true;
      await kysely.destroy();
      if (fileDescriptor !== undefined) fs.closeSync(fileDescriptor);
    },
  };
}

const STATEMENT_CACHE_SIZE = 500;

/**
 * Kysely's SQLite driver prepares every query anew (~0.1 ms each); the same SQL text gets the same
 * prepared statement here. Safe because Kysely runs one query at a time on the connection.
 */
function withStatementCache(sqlite: SqliteDatabase.Database) {
  const cache = new Map<string, SqliteDatabase.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(sql: string) {
      let statement = cache.get(sql);
      if (statement) {
        // Refresh its place: the least recently used statement is the one dropped.
        cache.delete(sql);
      } else {
        try {
          statement = sqlite.prepare(sql);
        } catch (error) {
          // SQLite's message names a token, not the statement: the log gets the statement too.
          if (error instanceof Error) Object.assign(error, { sql: sql.slice(0, 2_000) });
          throw error;
        }
        if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value!);
      }
      cache.set(sql, statement);
      return statement;
    },
  };
}

function openPostgres(url: string, options: DatabaseOptions): Database {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.pgPoolSize ?? 10,
    ...(options.pgSchema ? { options: `-c search_path=${options.pgSchema}` } : {}),
    types: {
      getTypeParser(oid: number, format?: 'text' | 'binary') {
        // COUNT(*) and BIGINT come back as numbers, as they do from SQLite; our values stay below 2^53.
        if (oid === 20) return (value: string) => Number(value);
        return pg.types.getTypeParser(oid, format as 'text');
      },
    } as pg.CustomTypesConfig,
  });
  const kysely = new Kysely<DB>({ dialect: new OwnSchemaPostgresDialect({ pool }, options.pgSchema ?? 'public'), plugins: options.plugins ?? [] });
  let closed = false;
  return {
    kysely,
    dialect: 'postgres',
    sqlite: undefined,
    file: undefined,
    fileDescriptor: undefined,
    schema: options.pgSchema ?? 'public',
    poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
    async close() {
      if (closed) return;
      closed = true;
      await kysely.destroy();
    },
  };
}
