import type { Kysely } from 'kysely';
import type { DB } from '../../db-schema.js';
import { greatest, least } from '../../platform/db/sql-functions.js';
import { traitSearchKey } from './name-keys.js';

/** What one stored event contributes to its profile's traits and channels. */
export interface EventContribution {
  sourceId: string;
  channel: string;
  timestamp: string;
  orderKey: string;
  traits: Record<string, unknown>;
}

// Traits that are identifiers or bookkeeping, not facts about the person to show as traits.
const IGNORED_TRAITS = new Set(['id', 'userId', 'anonymousId']);

export function traitEntries(traits: Record<string, unknown>): [string, unknown][] {
  return Object.entries(traits).filter(([name, value]) => !IGNORED_TRAITS.has(name) && value !== undefined && name.length <= 100);
}

/**
 * Adds one event, newer than the profile's others or not, to the profile's traits (latest wins by
 * event time, each with its source and time) and channels (first and last seen, count).
 */
export async function applyContribution(db: Kysely<DB>, profileId: string, event: EventContribution): Promise<void> {
  for (const [name, raw] of traitEntries(event.traits)) {
    const value = JSON.stringify(raw);
    await db
      .insertInto('profile_traits')
      .values({ profile_id: profileId, name, value, source_id: event.sourceId, channel: event.channel, updated_at: event.timestamp, order_key: event.orderKey, search_key: traitSearchKey(name, value) })
      .onConflict((oc) =>
        oc.columns(['profile_id', 'name']).doUpdateSet((eb) => ({
          value: eb.ref('excluded.value'),
          source_id: eb.ref('excluded.source_id'),
          channel: eb.ref('excluded.channel'),
          updated_at: eb.ref('excluded.updated_at'),
          order_key: eb.ref('excluded.order_key'),
          search_key: eb.ref('excluded.search_key'),
        })).where('profile_traits.order_key', '<', event.orderKey),
      )
      .execute();
  }
  await db
    .insertInto('profile_channels')
    .values({ profile_id: profileId, channel: event.channel, first_seen: event.timestamp, last_seen: event.timestamp, events: 1 })
    .onConflict((oc) =>
      oc.columns(['profile_id', 'channel']).doUpdateSet((eb) => ({
        first_seen: least(db, eb.ref('profile_channels.first_seen'), eb.ref('excluded.first_seen')),
        last_seen: greatest(db, eb.ref('profile_channels.last_seen'), eb.ref('excluded.last_seen')),
        events: eb('profile_channels.events', '+', 1),
      })),
    )
    .execute();
}

/** Recomputes a profile's traits, channels and current-trait cache from its events, after a merge or split. */
export async function rebuildDerived(db: Kysely<DB>, profileId: string): Promise<void> {
  await db.deleteFrom('profile_traits').where('profile_id', '=', profileId).execute();
  await db.deleteFrom('profile_channels').where('profile_id', '=', profileId).execute();
  const events = await db
    .selectFrom('events')
    .select(['source_id', 'channel', 'timestamp', 'order_key', 'payload'])
    .where('profile_id', '=', profileId)
    .orderBy('order_key')
    .execute();
  const traits = new Map<string, { value: unknown; sourceId: string; channel: string; at: string; orderKey: string }>();
  const channels = new Map<string, { first: string; last: string; count: number }>();
  let lastOrderKey = '';
  for (const event of events) {
    const payload = JSON.parse(event.payload) as { traits?: Record<string, unknown>; context?: { traits?: Record<string, unknown> } };
    const eventTraits = { ...(payload.context?.traits ?? {}), ...(payload.traits ?? {}) };
    for (const [name, value] of traitEntries(eventTraits)) traits.set(name, { value, sourceId: event.source_id, channel: event.channel, at: event.timestamp, orderKey: event.order_key });
    const seen = channels.get(event.channel);
    if (seen) {
      seen.first = seen.first < event.timestamp ? seen.first : event.timestamp;
      seen.last = seen.last > event.timestamp ? seen.last : event.timestamp;
      seen.count += 1;
    } else channels.set(event.channel, { first: event.timestamp, last: event.timestamp, count: 1 });
    if (event.order_key > lastOrderKey) lastOrderKey = event.order_key;
  }
  if (traits.size > 0) {
    await db
      .insertInto('profile_traits')
      .values(
        [...traits].map(([name, t]) => {
          const value = JSON.stringify(t.value);
          return { profile_id: profileId, name, value, source_id: t.sourceId, channel: t.channel, updated_at: t.at, order_key: t.orderKey, search_key: traitSearchKey(name, value) };
        }),
      )
      .execute();
  }
  if (channels.size > 0) {
    await db
      .insertInto('profile_channels')
      .values([...channels].map(([channel, c]) => ({ profile_id: profileId, channel, first_seen: c.first, last_seen: c.last, events: c.count })))
      .execute();
  }
  await refreshTraitCache(db, profileId);
}

/** `profiles.traits` holds the current values as one JSON object, for reads that need only those. */
export async function refreshTraitCache(db: Kysely<DB>, profileId: string): Promise<void> {
  const rows = await db.selectFrom('profile_traits').select(['name', 'value']).where('profile_id', '=', profileId).execute();
  const traits: Record<string, unknown> = {};
  for (const row of rows) traits[row.name] = JSON.parse(row.value);
  await db.updateTable('profiles').set({ traits: JSON.stringify(traits) }).where('id', '=', profileId).execute();
}
