import type SqliteDatabase from 'better-sqlite3';
import type { Kysely } from 'kysely';
import type { DB } from '../../db-schema.js';
import type { Clock } from '../../platform/clock.js';
import { newId } from '../../platform/ids.js';
import { recordSystemEvent, storeItems, SYSTEM_SOURCE_ID } from '../identity/ingest/ingest.service.js';
import { normaliseSegmentEvent, type SourceInfo } from '../identity/ingest/segment-event.js';

export interface PersonEventOptions {
  /**
   * The raw SQLite handle behind `db`, when there is one and `db` is a transaction on it: ingestion
   * then runs its prepared statements on it instead of building each query (see ingest-store.sqlite.ts).
   */
  sqlite?: SqliteDatabase.Database | undefined;
}

/**
 * Records an event about a known person (an email opened, a link clicked, a trait set by a journey)
 * through the identity module's own ingestion, as a source would, so it lands on the timeline and in
 * computed traits, and reaches the journeys that wait for it.
 */
export async function recordPersonEvent(
  db: Kysely<DB>,
  clock: Clock,
  profileId: string,
  event: { type: 'track' | 'identify'; name?: string; channel: string; properties?: Record<string, unknown>; traits?: Record<string, unknown> },
  options: PersonEventOptions = {},
): Promise<void> {
  const identity = await db
    .selectFrom('profile_identities')
    .select(['type', 'value'])
    .where('profile_id', '=', profileId)
    .orderBy('type')
    .orderBy('value')
    .executeTakeFirst();
  if (!identity) return;
  const raw: Record<string, unknown> = { type: event.type };
  const traits: Record<string, unknown> = { ...(event.traits ?? {}) };
  if (identity.type === 'userId') raw.userId = identity.value;
  else if (identity.type === 'anonymousId') raw.anonymousId = identity.value;
  else {
    raw.anonymousId = `person:${profileId}`;
    if (identity.type === 'email') raw.context = { traits: { email: identity.value } };
    else raw.context = { externalIds: [{ id: identity.value, type: identity.type }] };
  }
  if (event.type === 'track') {
    raw.event = event.name;
    raw.properties = event.properties ?? {};
  } else raw.traits = traits;
  // Ingestion publishes it to the journey engine when an active journey names it (tracked-events.ts).
  const at = clock.now();
  if (!options.sqlite) {
    await recordSystemEvent(db, { channel: event.channel, raw }, at);
    return;
  }
  // What recordSystemEvent does, with the store's prepared statements (a third of the cost).
  const source: SourceInfo = { id: SYSTEM_SOURCE_ID, channel: event.channel, storeId: null };
  const normalised = normaliseSegmentEvent({ messageId: newId('msg', at.getTime()), timestamp: at.toISOString(), ...raw }, source, at);
  if (!normalised.ok) throw new Error(`system event is invalid: ${normalised.field} ${normalised.message}`);
  await storeItems(db, [{ source, event: normalised.event }], at.toISOString(), { sqlite: options.sqlite });
}
