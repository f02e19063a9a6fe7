import type SqliteDatabase from 'better-sqlite3';

/**
 * Statements prepared once per SQLite handle, for the hot paths that run fixed SQL on the raw
 * handle (preparing costs more than running a short statement): `build` runs at the first call for
 * a handle, and later calls get what it made. Forgotten with the handle.
 */
export function preparedOnce<T>(build: (sqlite: SqliteDatabase.Database) => T): (sqlite: SqliteDatabase.Database) => T {
  const made = new WeakMap<SqliteDatabase.Database, T>();
  return (sqlite) => {
    let statements = made.get(sqlite);
    if (statements === undefined) {
      statements = build(sqlite);
      made.set(sqlite, statements);
    }
    return statements;
  };
}
