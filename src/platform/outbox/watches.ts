import { SqliteAdapter, type Kysely } from 'kysely';
import type { DB } from '../../db-schema.js';

/**
 * Which tracked events a module wants as domain events. Ingestion runs at tens of thousands of events
 * a second, so it publishes `identity.event_tracked` only for the names someone watches (the journey
 * engine: its active journeys' triggers, waits, exits and goals), read once per batch.
 *
 * On SQLite the answers are also kept between batches (the query was about 3 % of a tracking call):
 * one process is the only writer there, and `setWatchedEvents` forgets them before and after it
 * writes, so no batch sees an older answer than the database would give it. On PostgreSQL another
 * process may change the watches, so every batch asks.
 */
let generation = 0;
const kept = new WeakMap<object, { generation: number; watched: Map<string, boolean> }>();

export async function setWatchedEvents(db: Kysely<DB>, owner: string, names: Iterable<string>): Promise<void> {
  const unique = [...new Set(names)];
  generation += 1;
  await db.deleteFrom('outbox_watches').where('owner', '=', owner).execute();
  for (let i = 0; i < unique.length; i += 200) await db.insertInto('outbox_watches').values(unique.slice(i, i + 200).map((name) => ({ owner, name }))).execute();
  generation += 1;
}

export async function watchedAmong(db: Kysely<DB>, names: Iterable<string>): Promise<Set<string>> {
  const unique = [...new Set(names)];
  if (unique.length === 0) return new Set();
  // The adapter is one object per database, shared by its transactions.
  const adapter = db.getExecutor().adapter;
  let known: Map<string, boolean> | undefined;
  if (adapter instanceof SqliteAdapter) {
    let entry = kept.get(adapter);
    if (!entry || entry.generation !== generation || entry.watched.size > 10_000) kept.set(adapter, (entry = { generation, watched: new Map() }));
    known = entry.watched;
    if (unique.every((name) => known!.has(name))) return new Set(unique.filter((name) => known!.get(name)));
  }
  const asked = generation;
  const rows = await db.selectFrom('outbox_watches').select('name').distinct().where('name', 'in', unique.slice(0, 500)).execute();
  const watched = new Set(rows.map((r) => r.name));
  if (known && asked === generation) for (const name of unique.slice(0, 500)) known.set(name, watched.has(name));
  return watched;
}
