import type { Kysely } from 'kysely';
import type { DB } from '../../../db-schema.js';
import { newId } from '../../../platform/ids.js';
import { createHash } from 'node:crypto';
import { identifierKey } from '../resolution/identifiers.js';
import { ownersOf, resolveEvent } from '../resolution/resolver.js';
import { refusedAnalytics, setConsents } from '../consent/consent.service.js';
import { consentFromEvent } from '../consent/purposes.js';
import { anonymisePayload } from './anonymise.js';
import { applyContribution, rebuildDerived, refreshTraitCache, traitEntries } from '../profile-derived.js';
import { normaliseSegmentEvent, type NormalisedEvent, type SourceInfo } from './segment-event.js';

export interface StoredEvent {
  eventId: string;
  /** Empty when the event was kept without identity or refused. */
  profileId: string;
  duplicate: boolean;
  /** Kept without identity: the person refused analytics. */
  anonymized?: boolean;
  /** Not kept: it names an erased identity and happened before the erasure. */
  suppressed?: boolean;
}

export function identifierHash(key: string): string {
  return createHash('sha256').update(key).digest('hex');
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
  const keys = event.identifiers.map(identifierKey);
  const suppressed = await db
    .selectFrom('suppressed_identifiers')
    .select('erased_at')
    .where('hash', 'in', keys.map(identifierHash))
    .where('erased_at', '>', event.timestamp)
    .executeTakeFirst();
  if (suppressed) return { eventId: '', profileId: '', duplicate: false, suppressed: true };
  const eventId = newId('evt');
  const consent = consentFromEvent(event.context);
  const owners = [...new Set((await ownersOf(db, keys)).values())];
  if (consent.analytics === false || (consent.analytics !== true && (await refusedAnalytics(db, owners)))) {
    for (const profileId of owners) await setConsents(db, profileId, consent, { channel: event.channel, source: `event:${eventId}`, at: event.timestamp });
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
        payload: JSON.stringify(anonymisePayload(event.payload)),
        identifiers: '[]',
        order_key: event.orderKey,
        anonymized: 1,
      })
      .execute();
    return { eventId, profileId: '', duplicate: false, anonymized: true };
  }
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
  if (Object.keys(consent).length > 0) await setConsents(db, resolution.profileId, consent, { channel: event.channel, source: `event:${eventId}`, at: event.timestamp });
  return { eventId, profileId: resolution.profileId, duplicate: false };
}

/** The source of events Passerelle records itself (sign-ups, consent changes made by staff, orders). */
export const SYSTEM_SOURCE_ID = 'system';

/**
 * Records an interaction that did not come through a tracking call, so the timeline, the identity
 * graph and the traits see it like any other event.
 */
export async function recordSystemEvent(
  db: Kysely<DB>,
  input: { channel: string; storeId?: string | null; raw: Record<string, unknown> },
  at: Date,
): Promise<StoredEvent> {
  const source: SourceInfo = { id: SYSTEM_SOURCE_ID, channel: input.channel, storeId: input.storeId ?? null };
  const normalised = normaliseSegmentEvent({ messageId: newId('msg', at.getTime()), timestamp: at.toISOString(), ...input.raw }, source, at);
  if (!normalised.ok) throw new Error(`system event is invalid: ${normalised.field} ${normalised.message}`);
  return storeEvent(db, source, normalised.event, at.toISOString());
}
