import type { Kysely } from 'kysely';
import type { DB } from '../../db-schema.js';

/**
 * Which tracked events a module wants as domain events. Ingestion runs at tens of thousands of events
 * a second, so it publishes `identity.event_tracked` only for the names someone watches (the journey
 * engine: its active journeys' triggers, waits, exits and goals), read once per batch.
 */
export async function setWatchedEvents(db: Kysely<DB>, owner: string, names: Iterable<string>): Promise<void> {
  const unique = [...new Set(names)];
  await db.deleteFrom('outbox_watches').where('owner', '=', owner).execute();
  for (let i = 0; i < unique.length; i += 200) await db.insertInto('outbox_watches').values(unique.slice(i, i + 200).map((name) => ({ owner, name }))).execute();
}

export async function watchedAmong(db: Kysely<DB>, names: Iterable<string>): Promise<Set<string>> {
  const unique = [...new Set(names)];
  if (unique.length === 0) return new Set();
  const rows = await db.selectFrom('outbox_watches').select('name').distinct().where('name', 'in', unique.slice(0, 500)).execute();
  return new Set(rows.map((r) => r.name));
}
