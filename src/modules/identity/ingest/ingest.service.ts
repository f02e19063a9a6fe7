import type { Kysely } from 'kysely';
import type { DB } from '../../../db-schema.js';
import { newId } from '../../../platform/ids.js';
import { identifierKey } from '../resolution/identifiers.js';
import { resolveEvent } from '../resolution/resolver.js';
import { applyContribution, rebuildDerived, refreshTraitCache, traitEntries } from '../profile-derived.js';
import type { NormalisedEvent, SourceInfo } from './segment-event.js';

export interface StoredEvent {
  eventId: string;
  profileId: string;
  duplicate: boolean;
}

/**
 * Stores one normalised event and resolves its person, inside the caller's transaction. A message id
 * already stored for this source is a duplicate: acknowledged again, stored once.
 */
export async function storeEvent(db: Kysely<DB>, source: SourceInfo, event: NormalisedEvent, now: string): Promise<StoredEvent> {
  const existing = await db
    .selectFrom('events')
    .select(['id', 'profile_id'])
    .where('source_id', '=', source.id)
    .where('message_id', '=', event.messageId)
    .executeTakeFirst();
  if (existing) return { eventId: existing.id, profileId: existing.profile_id ?? '', duplicate: true };
  const eventId = newId('evt');
  await db
    .insertInto('events')
    .values({
      id: eventId,
      source_id: source.id,
      message_id: event.messageId,
      profile_id: null,
      type: event.type,
      name: event.name,
      channel: event.channel,
      store_id: event.storeId,
      timestamp: event.timestamp,
      received_at: event.receivedAt,
      payload: JSON.stringify(event.payload),
      identifiers: JSON.stringify(event.identifiers.map(identifierKey)),
      order_key: event.orderKey,
      anonymized: 0,
    })
    .execute();
  const resolution = await resolveEvent(db, { id: eventId, orderKey: event.orderKey, timestamp: event.timestamp, identifiers: event.identifiers }, now);
  if (resolution.touched.length > 0) {
    for (const profileId of resolution.touched) await rebuildDerived(db, profileId);
  } else {
    await applyContribution(db, resolution.profileId, {
      sourceId: source.id,
      channel: event.channel,
      timestamp: event.timestamp,
      orderKey: event.orderKey,
      traits: event.traits,
    });
    if (traitEntries(event.traits).length > 0) await refreshTraitCache(db, resolution.profileId);
  }
  return { eventId, profileId: resolution.profileId, duplicate: false };
}
