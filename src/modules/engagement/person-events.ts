import type { Kysely } from 'kysely';
import type { DB } from '../../db-schema.js';
import type { Clock } from '../../platform/clock.js';
import { recordSystemEvent } from '../identity/ingest/ingest.service.js';

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
  await recordSystemEvent(db, { channel: event.channel, raw }, clock.now());
}
